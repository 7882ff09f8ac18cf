// An open database: appends events to this device's hash chain (format 2) and applies their projections,
// always inside one write transaction per command, which ends with this device's signature of its new head.
import type Database from 'better-sqlite3';
import { loadSuite } from '../crypto/index.js';
import type { Suite, SuiteId } from '../crypto/types.js';
import { applyEvent } from './apply.js';
import { canonicalJson } from './canonical.js';
import { ImportTexts } from './record-texts.js';
import { ciphertextKeyId, isCiphertext, mapRegisterValue, openMapped, wellFormedCiphertext } from './confidential.js';
import { privateKeyText, signingKeyRecord } from './device-key.js';
import { inspectionOf, type EventPayloads, type EventType, type StoredEvent } from './events.js';
import { GENESIS, eventDigest, eventHash, hashName, linkHash } from './hash.js';
import { OPENED_LIMIT, TextMemo, dataLocked, unknownDataKey, type FieldCipher } from './field-cipher.js';
import { prepared } from './prepared.js';
import { openSealed } from './sealed.js';
import { signHead, staticSuite } from './signing.js';

export interface StoreServices {
  clock: () => Date;
  newId: () => string;
  /** A short id that people type (6 characters, 30 bits): unique only once checked against the table. */
  shortId: () => string;
  /** Run after the connection is closed (a read-only opening tidies the -wal/-shm files it made). */
  afterClose?: () => void;
}

export class Store {
  readonly device: string;
  /** The crypto suite chosen when the database was made (meta `suite`); format-1 databases are `default`. */
  readonly suite: SuiteId;
  /** Node's name of the suite's hash (sha256, sm3): event hashes, digests and signed parts use it. */
  readonly hashAlgorithm: string;
  /** 2, or 1 for a database whose migrations stop before format 2 (tests make such files, as earlier versions did). */
  readonly format: 1 | 2;
  /** Objects found in the schema that the migrations do not make (open.ts, when asked to report, not refuse). */
  schemaProblems: string[] = [];
  private inWrite = false;
  /** This write transaction appended to this device's chain: its new head is signed before it commits. */
  private appended = false;
  private loaded?: Suite;
  private privateKey?: string;
  /** Write transactions committed through this Store: an error message must not say nothing was saved. */
  commits = 0;
  /** This device's chain head, read once per write transaction and advanced in memory. */
  private head?: { seq: number; hash: string };
  /**
   * The id (hex) of this database's data key once `ducha protect` made one (issue 17): the confidential fields
   * of every event appended from then on are encrypted with it (confidential.ts names them).
   */
  readonly dataKeyId?: string;
  /** Gives the field cipher when first needed (the command layer unlocks the data key); throws key-locked when it cannot. */
  private cipherSource?: () => FieldCipher;
  private cipher?: FieldCipher;
  /**
   * Register values read decrypted (ducha_dec_value), by the register's kind and field then stored text: a
   * report reads every problem's registers three times (readiness, settling, the document), and each value is
   * parsed, opened and written back as canonical JSON the first time only. An altered value is another text,
   * opened (and refused) anew. In memory, for this Store's life; let go with the field cipher.
   */
  private openedRegisters = new TextMemo(OPENED_LIMIT);

  constructor(
    readonly db: Database.Database,
    readonly file: string,
    readonly services: StoreServices,
  ) {
    this.device = (db.prepare("SELECT value FROM meta WHERE key = 'device'").get() as { value: string }).value;
    const suite = (db.prepare("SELECT value FROM meta WHERE key = 'suite'").get() as { value: string } | undefined)
      ?.value;
    this.suite = suite === 'gm' ? 'gm' : 'default';
    this.hashAlgorithm = hashName(this.suite);
    this.loaded = staticSuite(this.suite);
    this.format = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signatures'").get() ? 2 : 1;
    if (this.format === 2)
      this.dataKeyId = (
        db.prepare("SELECT public_key FROM device_keys WHERE purpose = 'data'").get() as
          { public_key: string } | undefined
      )?.public_key;
    // A protected database: freed pages are zeroed (no old row lingers in the file), and SQLite's temporary
    // tables and sorts — which may hold decrypted text (duplicates grouped by note) — stay in memory.
    if (this.dataKeyId !== undefined) {
      db.pragma('secure_delete = ON');
      db.pragma('temp_store = MEMORY');
    }
    // The reading queries wrap confidential columns in these: clear text passes through, ciphertext is decrypted
    // (or the read refused with key-locked); export, verify and hashing read the stored text as it is.
    db.function('ducha_dec', { deterministic: true }, (field, value) => this.openText(field as string, value));
    db.function('ducha_dec_value', { deterministic: true }, (entity, value) =>
      typeof value === 'string' && value.includes('ducha-enc:')
        ? this.openRegisterText(entity as string, value)
        : value,
    );
    // An event written before the data key, stored sealed as a whole (sealed.ts): its payload as its hash covers it.
    db.function('ducha_unseal', { deterministic: true }, (keyId, hash, payload) =>
      keyId === null ? payload : openSealed((f, v) => this.fieldCipher().open(f, v), hash as string, payload as string),
    );
    // ducha verify's: a sealed payload that does not open with the unlocked key (altered, another key's) is NULL.
    db.function('ducha_unseal_checked', { deterministic: true }, (keyId, hash, payload) => {
      try {
        return keyId === null
          ? payload
          : openSealed((f, v) => this.fieldCipher().open(f, v), hash as string, payload as string);
      } catch {
        return null;
      }
    });
    // An import's note or subject sealed in its event's texts (record-texts.ts, record-queries.ts storedNote):
    // the payload is read only for an event whose texts are not kept opened already.
    const texts = new ImportTexts((field, value) => {
      // As openText: a database without a data key of its own holds no key at all.
      if (this.dataKeyId === undefined && !this.cipherSource) throw unknownDataKey(ciphertextKeyId(value));
      return this.fieldCipher().openUnkept(field, value);
    });
    db.function('ducha_texts_held', { deterministic: false }, (hash) => (texts.holds(hash as string) ? 1 : 0));
    db.function('ducha_text', { deterministic: false }, (hash, position, member, payload) =>
      texts.member(hash as string, position as number, member as 'note' | 'subject', payload as string | null),
    );
    db.function('ducha_dec_payload', { deterministic: true }, (type, value) =>
      typeof value === 'string' && value.includes('ducha-enc:')
        ? canonicalJson(this.openPayload(type as string, JSON.parse(value)))
        : value,
    );
  }

  /** How this Store gets its field cipher (called once, at the first ciphertext read or protected write). */
  useFieldCipher(source: () => FieldCipher): void {
    this.cipherSource = source;
    this.cipher = undefined;
    this.openedRegisters = new TextMemo(OPENED_LIMIT);
  }

  /** The field cipher; key-locked when nobody unlocked the data key. */
  fieldCipher(): FieldCipher {
    if (this.cipher) return this.cipher;
    if (!this.cipherSource) throw dataLocked();
    return (this.cipher = this.cipherSource());
  }

  /** `payload` with its confidential fields encrypted on a protected database (as it is otherwise). */
  sealPayload<P>(type: EventType, payload: P): P {
    return this.dataKeyId === undefined ? payload : this.fieldCipher().sealPayload(type, payload);
  }

  /**
   * The clear text of a confidential value: clear text, null and numbers pass through, and so does text that
   * only starts like ciphertext (typed so on a database without a data key); well-formed ciphertext is opened.
   */
  openText<V>(field: string, value: V): V | string {
    if (!isCiphertext(value) || !wellFormedCiphertext(value)) return value;
    // A database without a data key of its own holds no key at all: another database's text (an --unencrypted bundle).
    if (this.dataKeyId === undefined && !this.cipherSource) throw unknownDataKey(ciphertextKeyId(value));
    return this.fieldCipher().open(field, value);
  }

  /** A payload as stored, with its confidential fields decrypted (for display; never for hashing or export). */
  openPayload<P>(type: string, payload: P): P {
    return openMapped(type, payload, (field, value) => this.openText(field, value)) as P;
  }

  /** A register's stored JSON text with its confidential members decrypted, as canonical JSON (kept: openedRegisters). */
  private openRegisterText(entity: string, text: string): string {
    // What decides the decryption (confidential.ts mapRegisterValue): the entity's kind and its last part.
    const kind = `${entity.slice(0, entity.indexOf('/') + 1)}${entity.slice(entity.lastIndexOf('/') + 1)}`;
    return this.openedRegisters.get(kind, text, () => canonicalJson(this.openRegisterValue(entity, JSON.parse(text))));
  }

  /** A register's value as stored, with its confidential members decrypted. */
  openRegisterValue(entity: string, value: unknown): unknown {
    return mapRegisterValue(entity, value, (field, text) => this.openText(field, text));
  }

  /** The suite's signatures, loaded on demand (the 国密 suite's SM2 library costs nothing until then). */
  async loadCrypto(): Promise<Suite> {
    return (this.loaded ??= await loadSuite(this.suite));
  }

  /** A suite already loaded by the caller (the one a database was created with). */
  useCrypto(suite: Suite | undefined): void {
    if (suite && suite.id === this.suite) this.loaded ??= suite;
  }

  /** The loaded suite; the default one always is, the 国密 one after loadCrypto(). */
  crypto(): Suite {
    if (!this.loaded) throw new Error(`Store: the ${this.suite} suite is not loaded (await store.loadCrypto() first)`);
    return this.loaded;
  }

  /** This device's private key (base64 PKCS#8), unlocked by the caller when the key record is passphrase-protected. */
  provideKey(privateKey: string): void {
    this.privateKey = privateKey;
  }

  /** This device's signature of `data` (a bundle's manifest, a pushed batch), by the suite's algorithm. */
  sign(data: Uint8Array): Buffer {
    this.privateKey ??= privateKeyText(signingKeyRecord(this.db)!);
    return this.crypto().sign(this.privateKey, data);
  }

  /** The signature of this device's current head, made before a write commits; a no-op when nothing was appended. */
  private sealHead(): void {
    if (!this.appended || !this.head || this.format === 1) return;
    const head = { device: this.device, seq: this.head.seq, hash: this.head.hash };
    this.privateKey ??= privateKeyText(signingKeyRecord(this.db)!);
    prepared(this.db, 'INSERT INTO signatures (device, seq, hash, signature) VALUES (?, ?, ?, ?)').run(
      head.device,
      head.seq,
      head.hash,
      signHead(this.crypto(), this.privateKey, head),
    );
  }

  /** Run `fn` as one IMMEDIATE transaction: everything it appends lands together or not at all. */
  write<T>(fn: () => T): T {
    if (this.inWrite) return fn();
    this.inWrite = true;
    this.head = undefined;
    this.appended = false;
    try {
      const result = this.db
        .transaction(() => {
          const value = fn();
          this.sealHead();
          return value;
        })
        .immediate();
      this.commits++;
      return result;
    } finally {
      this.inWrite = false;
      this.appended = false;
      this.head = undefined; // a rolled-back write must not leave a head that never was
    }
  }

  /**
   * As write(), for work that yields to the event loop between steps (an import, so that Ctrl+C is heard and
   * the transaction rolled back): the transaction stays open across the awaits, and nothing else uses this
   * connection meanwhile (each command has its own).
   */
  async writeAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inWrite) return fn();
    this.inWrite = true;
    this.head = undefined;
    this.appended = false;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.sealHead();
      this.db.exec('COMMIT');
      this.commits++;
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.inWrite = false;
      this.appended = false;
      this.head = undefined;
    }
  }

  /**
   * Append one event (format 2) to this device's chain and apply it; must run inside write(). On a protected
   * database the event is stored (and hashed) with its confidential fields encrypted; the event returned
   * carries the payload as given, for the command to show.
   */
  append<T extends EventType>(actor: string, type: T, clear: EventPayloads[T]): StoredEvent<T> {
    if (!this.inWrite) throw new Error('Store.append outside a write transaction');
    const payload = this.sealPayload(type, clear);
    const head = this.chainHead();
    const body = {
      id: this.services.newId(),
      device: this.device,
      seq: head.seq + 1,
      at: this.services.clock().toISOString(),
      actor,
      type,
      payload,
    };
    const payloadJson = canonicalJson(payload);
    const hash =
      this.format === 1
        ? eventHash(head.hash, body, payloadJson)
        : linkHash(this.hashAlgorithm, head.hash, eventDigest(this.hashAlgorithm, body, payloadJson));
    const event: StoredEvent<T> = { ...body, prevHash: head.hash, hash };
    const seqNo = insertEvent(this.db, event, payloadJson);
    applyEvent(this.db, event, seqNo);
    this.head = { seq: event.seq, hash: event.hash };
    this.appended = true;
    return payload === clear ? event : { ...event, payload: clear };
  }

  /** This device's chain head in the current write transaction (read once, then advanced in memory). */
  chainHead(): { seq: number; hash: string } {
    if (!this.inWrite) throw new Error('Store.chainHead outside a write transaction');
    return (this.head ??= (prepared(
      this.db,
      'SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1',
    ).get(this.device) as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS });
  }

  /** A bulk writer (bulk-records.ts) inserted this device's events up to `head`: later appends chain from it, and it is signed at commit. */
  advanceHead(head: { seq: number; hash: string }): void {
    if (!this.inWrite) throw new Error('Store.advanceHead outside a write transaction');
    this.head = head;
    this.appended = true;
  }

  newId(): string {
    return this.services.newId();
  }

  now(): Date {
    return this.services.clock();
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    this.services.afterClose?.();
  }
}

/** Insert an event into the log; returns its row (seq_no, its local position). */
export function insertEvent(db: Database.Database, e: StoredEvent, payloadJson = canonicalJson(e.payload)): number {
  return prepared(
    db,
    'INSERT INTO events (id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(e.id, e.device, e.seq, e.at, e.actor, e.type, payloadJson, e.prevHash, e.hash, inspectionOf(e))
    .lastInsertRowid as number;
}

export interface EventRow {
  seq_no: number;
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
  inspection_id?: string | null;
}

/** An event row as the hub's PostgreSQL returns it (its bigints as text; no seq_no unless asked for). */
export type HubEventRow = Omit<EventRow, 'seq' | 'seq_no' | 'inspection_id'> & { seq: string };

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    device: row.device,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    type: row.type as EventType,
    payload: JSON.parse(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
