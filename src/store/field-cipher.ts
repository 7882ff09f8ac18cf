// Encrypting and decrypting the confidential fields of a protected database (issue 17) with its data key, and
// the keys of other databases it holds (a team lead's members'): each field becomes ciphertext text —
// `ducha-enc:1:` ‖ base64url(key id (16) ‖ the suite's sealed format) with the field's name as AAD — and
// clear text read from older events passes through unchanged.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Aead } from '../crypto/types.js';
import type { EventType, RecordsImported } from './events.js';
import {
  CIPHERTEXT_PREFIX,
  DETERMINISTIC_FIELDS,
  gatherTexts,
  isCiphertext,
  mapPayload,
  openMapped,
  TEXTS_FIELD,
  mapRegisterValue,
  wellFormedCiphertext,
} from './confidential.js';

/** A data key: its id (16 bytes, dataKeyId in key-locks.ts) and the key (32 bytes). */
export interface DataKey {
  id: Buffer;
  key: Buffer;
}

const KEY_ID = 16;
/** Opened texts kept for reuse (FieldCipher.opened) before they are all let go: tens of MB at most. */
export const OPENED_LIMIT = 65_536;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** What a foreign data key's lock under this database's own data key authenticates: a label and its id. */
const foreignAad = (id: string) => utf8(`ducha-foreign-data-key/1\0${id}`);
/** What a secret of this database sealed with its own data key authenticates: a label naming the secret. */
const ownSecretAad = (label: string) => utf8(`ducha-own-secret/1\0${label}`);

/** `secret` sealed with the data key `aead` under `label` (e.g. 'encryption': the bundle-opening private key). */
export const lockOwnSecret = (aead: Aead, label: string, secret: Uint8Array): Buffer =>
  aead.seal(secret, ownSecretAad(label));

/** Texts kept by field then key, `limit` in all; past it every one is let go (a command's reuse, in memory only). */
export class TextMemo {
  private readonly byField = new Map<string, Map<string, string>>();
  private count = 0;

  constructor(private readonly limit: number) {}

  /** The text kept for (field, key), else `make()`'s, kept. */
  get(field: string, key: string, make: () => string): string {
    let memo = this.byField.get(field);
    const known = memo?.get(key);
    if (known !== undefined) return known;
    const made = make();
    if (this.count >= this.limit) {
      this.byField.clear();
      this.count = 0;
      memo = undefined;
    }
    if (!memo) this.byField.set(field, (memo = new Map()));
    memo.set(key, made);
    this.count++;
    return made;
  }
}

export class FieldCipher {
  private readonly byId = new Map<string, { key: Buffer; aead: Aead }>();
  private readonly own: { id: Buffer; aead: Aead };
  /** Each field name's AAD bytes, made once (a bulk import seals hundreds of thousands of fields). */
  private readonly aads = new Map<string, Buffer>();
  /** base64url of own id ‖ the sealed format's two header bytes (18 bytes: exactly 24 characters), and those bytes. */
  private head?: { version: number; alg: number; text: string };
  /**
   * Text already opened, by field then ciphertext: a command reads the same fields several times (a report's
   * problems: the readiness check, the settling check, the document), and each ciphertext text is authenticated
   * the first time only — the same text for the same field opens to the same clear text. In memory only, bounded.
   */
  private readonly opened: TextMemo;
  /** Deterministically sealed texts by field then clear text (the same bound as `opened`; in memory only). */
  private readonly sealedNames: TextMemo;

  /** `own` seals new writes; `others` (other databases' keys: a lead's members') and `own` open what they sealed. */
  constructor(
    private readonly makeAead: (key: Uint8Array) => Aead,
    own: DataKey,
    others: readonly DataKey[] = [],
    openedLimit = OPENED_LIMIT,
  ) {
    if (own.id.length !== KEY_ID) throw new Error('FieldCipher: a data key id is 16 bytes');
    this.opened = new TextMemo(openedLimit);
    this.sealedNames = new TextMemo(openedLimit);
    this.own = { id: own.id, aead: makeAead(own.key) };
    for (const key of [own, ...others]) this.add(key.id.toString('hex'), key.key);
  }

  /** Hold one more data key (another database's) for opening. */
  add(id: string, key: Buffer): void {
    if (!this.byId.has(id)) this.byId.set(id, { key, aead: this.makeAead(key) });
  }

  /** The id (hex) of the key new writes are sealed with. */
  get ownId(): string {
    return this.own.id.toString('hex');
  }

  /** Every data key held (own first): what an encrypted bundle carries to its recipients. */
  keys(): Array<{ id: string; key: Buffer }> {
    return [...this.byId].map(([id, k]) => ({ id, key: k.key }));
  }

  /** Another database's data key locked under this one's own (stored in device_keys, key-locks.ts). */
  lockForeign(id: string, key: Buffer): Buffer {
    return this.own.aead.seal(key, foreignAad(id));
  }

  openForeign(id: string, lock: Buffer): Buffer {
    return this.own.aead.open(lock, foreignAad(id));
  }

  /** A secret of this database kept sealed with its own data key (lockOwnSecret), e.g. the encryption private key. */
  lockOwn(label: string, secret: Uint8Array): Buffer {
    return lockOwnSecret(this.own.aead, label, secret);
  }

  openOwn(label: string, lock: Buffer): Buffer {
    return this.own.aead.open(lock, ownSecretAad(label));
  }

  /**
   * Ciphertext text of `text` for `field`; ciphertext this cipher opens for `field` (a value read back as stored)
   * is kept. Interviewee names (DETERMINISTIC_FIELDS) are sealed deterministically: the same name under this key
   * is the same ciphertext text, so the distinct names a redaction needs are distinct stored values.
   */
  seal(field: string, text: string): string {
    if (isCiphertext(text) && this.opens(field, text)) return text;
    if (DETERMINISTIC_FIELDS.has(field)) {
      // The same name seals to the same text: an import of many rows naming a few people seals each name once.
      return this.sealedNames.get(field, text, () =>
        this.text(this.own.aead.sealDeterministic(utf8(text), this.aad(field))),
      );
    }
    return this.text(this.own.aead.seal(utf8(text), this.aad(field)));
  }

  /** The ciphertext text of bytes sealed with the own key: base64url(id ‖ sealed) after the prefix. */
  private text(sealed: Buffer): string {
    // The same text as base64url(id ‖ sealed): id and header are 18 bytes, a whole number of base64 groups.
    let head = this.head;
    if (!head || head.version !== sealed[0] || head.alg !== sealed[1])
      head = this.head = {
        version: sealed[0]!,
        alg: sealed[1]!,
        text: Buffer.concat([this.own.id, sealed.subarray(0, 2)]).toString('base64url'),
      };
    return CIPHERTEXT_PREFIX + head.text + sealed.subarray(2).toString('base64url');
  }

  private aad(field: string): Buffer {
    let aad = this.aads.get(field);
    if (!aad) this.aads.set(field, (aad = utf8(field)));
    return aad;
  }

  /** The clear text of `value` (clear text passes through); refused when it is malformed, altered or another key's. */
  open(field: string, value: string): string {
    if (!isCiphertext(value)) return value;
    return this.opened.get(field, value, () => this.openOnce(field, value));
  }

  /** As `open`, but the clear text is not kept (an import's texts: long, and read once per event). */
  openUnkept(field: string, value: string): string {
    return isCiphertext(value) ? this.openOnce(field, value) : value;
  }

  private openOnce(field: string, value: string): string {
    if (!wellFormedCiphertext(value))
      throw new InputError(t('store.badCiphertext', { field }), {
        hint: t('store.badCiphertext.hint'),
        code: 'crypto-bad-ciphertext',
      });
    const bytes = Buffer.from(value.slice(CIPHERTEXT_PREFIX.length), 'base64url');
    const id = bytes.toString('hex', 0, KEY_ID);
    const aead = this.byId.get(id)?.aead;
    if (!aead) throw unknownDataKey(id);
    return aead.open(bytes.subarray(KEY_ID), this.aad(field)).toString('utf8');
  }

  private opens(field: string, value: string): boolean {
    try {
      this.open(field, value);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * `payload` with its confidential members sealed. An import in clear (its records with notes) has every
   * record's note and subject sealed together as its `texts` (docs/format.md §21.1), the names one by one.
   */
  sealPayload<P>(type: EventType, payload: P): P {
    const seal = (field: string, value: string) => this.seal(field, value);
    if (type === 'records.imported') {
      const p = payload as RecordsImported;
      // Records already sealed one field at a time (as ducha did before §21.1) are kept as they are.
      const inClear = (r: (typeof p.records)[number]) =>
        r.note !== undefined && !isCiphertext(r.note) && !isCiphertext(r.subject);
      if (p.texts === undefined && p.records.length > 0 && p.records.every(inClear)) {
        const { payload: rest, clear } = gatherTexts(p);
        return mapPayload(type, { ...rest, texts: this.seal(TEXTS_FIELD, clear) }, seal) as P;
      }
    }
    return mapPayload(type, payload, seal) as P;
  }

  openPayload<P>(type: EventType | string, payload: P): P {
    return openMapped(type, payload, (field, value) => this.open(field, value)) as P;
  }

  openRegisterValue(entity: string, value: unknown): unknown {
    return mapRegisterValue(entity, value, (field, text) => this.open(field, text));
  }

  // ---- Evidence files (blob-cipher.ts): each chunk sealed with the own key, AAD binding it to its blob and place.

  /** True when this cipher holds the data key `id` (hex): its own or another database's. */
  holds(id: string): boolean {
    return this.byId.has(id);
  }

  /** `data` sealed with this database's own data key. */
  sealBytes(data: Uint8Array, aad: Uint8Array): Buffer {
    return this.own.aead.seal(data, aad);
  }

  /** Bytes sealed with the data key `id`; data-key-unknown when it is not held, crypto-tampered when altered or moved. */
  openBytes(id: string, sealed: Uint8Array, aad: Uint8Array): Buffer {
    const aead = this.byId.get(id)?.aead;
    if (!aead) throw unknownDataKey(id);
    return aead.open(sealed, aad);
  }
}

/** The refusal of a read of text sealed with a data key this database does not hold. */
export const unknownDataKey = (id: string) =>
  new InputError(t('store.unknownDataKey', { id }), { hint: t('store.unknownDataKey.hint'), code: 'data-key-unknown' });

/** The refusal of a read that needs confidential text on a protected database nobody unlocked. */
export const dataLocked = () =>
  new InputError(t('store.dataLocked'), { hint: t('store.dataLocked.hint'), code: 'key-locked' });
