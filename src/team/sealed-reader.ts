// Reading an encrypted bundle (docs/format.md §17) as if it were the clear one inside it: the header is read,
// this device's recipient entry found and its content key unwrapped, and then every read decrypts chunk by
// chunk in memory — one chunk at a time, each authenticated before any byte of it is handed on. Nothing
// decrypted is ever written to disk; the checks of import.ts then run on the stream unchanged.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Aead } from '../crypto/types.js';
import { suiteName } from '../crypto/errors.js';
import type { Store } from '../store/store.js';
import { allDevices } from '../store/team-queries.js';
import { MAGIC_LENGTH, type Manifest } from './format.js';
import { BundleReader } from './reader.js';
import { ownEncryptionPair } from './recipients.js';
import { dataKeyId } from '../store/key-locks.js';
import { MAX_HEADER, SEALED_MAGIC, chunkAad, dataKeyAad, layout, parseHeader, type SealedHeader } from './sealed.js';

/** A chunk or key that does not authenticate, said of the bundle: altered or damaged (the two cannot be told apart). */
function tamperedAs<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError && (error.code === 'crypto-tampered' || error.code === 'crypto-bad-ciphertext')) {
      throw new InputError(t('sealed.tampered', { file }), {
        hint: t('team.bundleBroken.hint'),
        code: 'crypto-tampered',
      });
    }
    throw error;
  }
}

/** The clear header of an encrypted bundle, read without any key (who it is from and for). */
export function readSealedHeader(reader: BundleReader): { header: SealedHeader; prefix: Buffer } {
  reader.read(MAGIC_LENGTH);
  const json = reader.section(MAX_HEADER);
  return {
    header: parseHeader(json, reader.file),
    prefix: Buffer.concat([Buffer.from(SEALED_MAGIC, 'latin1'), lengthOf(json.length), json]),
  };
}

const lengthOf = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

class SealedBundleReader extends BundleReader {
  private aead!: Aead;
  private prefix!: Buffer;
  private base = 0;
  private stride = 0;
  private count = 0;
  private plainBytes = 0;
  /** The decrypted chunk being read, and where in the plaintext it starts. */
  private current: Buffer = Buffer.alloc(0);
  private currentStart = 0;
  private index = 0;
  private plainPosition = 0;
  override readonly envelope: { device: string; publicKey: string };
  override readonly dataKeys: ReadonlyArray<{ id: string; key: Buffer }>;

  constructor(
    file: string,
    header: SealedHeader,
    prefix: Buffer,
    aead: Aead,
    dataKeys: ReadonlyArray<{ id: string; key: Buffer }>,
  ) {
    super(file);
    this.envelope = { device: header.device, publicKey: header.publicKey };
    this.dataKeys = dataKeys;
    this.aead = aead;
    this.prefix = prefix;
    this.base = prefix.length;
    const shape = layout(header, this.size - this.base, file);
    this.stride = shape.stride;
    this.count = shape.chunks;
    this.plainBytes = shape.plainBytes;
  }

  override get remaining(): number {
    return this.plainBytes - this.plainPosition;
  }

  override read(n: number): Buffer {
    if (n > this.remaining)
      throw new InputError(t('team.truncated', { file: this.file }), { code: 'bundle-truncated' });
    const out = Buffer.allocUnsafe(n);
    for (let got = 0; got < n;) {
      const offset = this.plainPosition - this.currentStart;
      if (offset >= this.current.length) {
        this.next();
        continue;
      }
      const take = Math.min(n - got, this.current.length - offset);
      this.current.copy(out, got, offset, offset + take);
      got += take;
      this.plainPosition += take;
    }
    return out;
  }

  /** Decrypt the next chunk; a chunk that does not authenticate is refused (crypto-tampered) before use. */
  private next(): void {
    const last = this.index === this.count - 1;
    const start = this.base + this.index * this.stride;
    const sealed = this.readAt(start, last ? this.size - start : this.stride);
    this.currentStart += this.current.length;
    this.current.fill(0);
    this.current = tamperedAs(this.file, () => this.aead.open(sealed, chunkAad(this.prefix, this.index, last)));
    this.index++;
  }

  override close(): void {
    this.current.fill(0);
    super.close();
  }
}

/**
 * The bundle at `file` for reading by this database: a clear bundle as it is; an encrypted one decrypted as it
 * is read, when one of its recipients is this device's encryption key — otherwise refused, naming whom it is for.
 */
export function openBundle(store: Store, file: string): BundleReader {
  const plain = new BundleReader(file);
  if (!plain.isSealed()) return plain;
  let opened: { header: SealedHeader; prefix: Buffer; aead: Aead; dataKeys: Array<{ id: string; key: Buffer }> };
  try {
    const { header, prefix } = readSealedHeader(plain);
    if (header.suite !== store.suite) {
      throw new InputError(
        t('integrity.wrongSuite', { file, bundle: suiteName(header.suite), database: suiteName(store.suite) }),
        { hint: t('integrity.wrongSuite.hint'), code: 'bundle-suite' },
      );
    }
    const suite = store.crypto();
    const own = ownEncryptionPair(store);
    const mine = own && suite.keyId(own.publicKey).toString('hex');
    const entry = header.recipients.find((r) => r.key === mine);
    if (!own || !entry) throw notForThisDevice(store, file, header);
    const contentKey = tamperedAs(file, () => suite.unwrapKey(own.privateKey, Buffer.from(entry.wrapped, 'base64')));
    const aead = suite.aead(contentKey);
    contentKey.fill(0);
    // The data keys it carries (issue 17): each must open under the content key and be the key its id names.
    const dataKeys = (header.dataKeys ?? []).map((k) => {
      const key = tamperedAs(file, () => aead.open(Buffer.from(k.sealed, 'base64'), dataKeyAad(k.id)));
      if (key.length !== 32 || dataKeyId((b) => suite.hash(b), key) !== k.id)
        throw new InputError(t('sealed.tampered', { file }), {
          hint: t('team.bundleBroken.hint'),
          code: 'crypto-tampered',
        });
      return { id: k.id, key };
    });
    opened = { header, prefix, aead, dataKeys };
  } finally {
    plain.close();
  }
  // The file is opened again: bytes changed in between are caught, since every chunk authenticates the header.
  return new SealedBundleReader(file, opened.header, opened.prefix, opened.aead, opened.dataKeys);
}

/** 「数据包已加密给 组长（d…）、d…；本设备 d… 不在其中」: names from the devices trusted here where known. */
export function notForThisDevice(store: Store | undefined, file: string, header: SealedHeader): InputError {
  const names = new Map((store ? allDevices(store.db) : []).map((d) => [d.device, d.name]));
  const list = header.recipients
    .map((r) =>
      names.get(r.device) ? t('sealed.recipientNamed', { name: names.get(r.device)!, device: r.device }) : r.device,
    )
    .join('、');
  const message = store
    ? t('sealed.notForYou', { file, recipients: list, device: store.device })
    : t('sealed.notForYouFresh', { file, recipients: list });
  return new InputError(message, { hint: t('sealed.notForYou.hint'), code: 'crypto-not-for-you' });
}

/**
 * An encrypted bundle's clear header names its exporter so that `team trust` can read it without a key: it must
 * be the manifest's signer, and only format 2 is ever encrypted (docs/format.md §17).
 */
export function checkEnvelope(reader: BundleReader, manifest: Manifest, format: 1 | 2, file: string): void {
  const envelope = reader.envelope;
  if (envelope && (format !== 2 || envelope.device !== manifest.device || envelope.publicKey !== manifest.publicKey)) {
    throw new InputError(t('sealed.envelopeMismatch', { file }), {
      hint: t('team.bundleBroken.hint'),
      code: 'bundle-format',
    });
  }
}
