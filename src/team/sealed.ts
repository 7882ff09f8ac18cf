// The encrypted bundle (docs/format.md §17, `ducha-sealed/1`): a clear header naming the suite, the exporter
// (device id and signing public key: not secret, so `team trust` can read them) and the recipients, each
// with the bundle's content key wrapped to its encryption key; then the whole signed bundle (§11) sealed in
// chunks by the suite's AEAD, each chunk's AAD binding the header, its index and whether it is the last.
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { u64be } from '../crypto/bytes.js';
import { isSuiteId, type Aead, type Suite, type SuiteId } from '../crypto/types.js';
import { canonicalJson } from '../store/canonical.js';
import { ID } from './payload.js';

export const SEALED_MAGIC = 'DUCHA-SEALED/1\n';
export const SEALED_FORMAT = 'ducha-sealed/1';
/** The chunk size ducha writes; a reader takes any from MIN_CHUNK to MAX_CHUNK. */
export const CHUNK_SIZE = 1 << 20;
export const MIN_CHUNK = 1024;
export const MAX_CHUNK = 16 << 20;
export const MAX_HEADER = 64 * 1024;
export const MAX_RECIPIENTS = 16;
/** Bytes a sealed chunk adds to its plaintext: version, alg, nonce, tag (src/crypto/README.md "Sealed"). */
export const OVERHEAD: Record<SuiteId, number> = { default: 2 + 12 + 16, gm: 2 + 16 + 32 };

export interface Recipient {
  /** The recipient's device id (clear: whom the bundle is for). */
  device: string;
  /** The key id (suite hash of the encryption key's DER, first 16 bytes) in lower hex. */
  key: string;
  /** The content key wrapped to that encryption key, base64. */
  wrapped: string;
}

/** A data key carried in the header (issue 17): its id (hex), and the key sealed under the content key, base64. */
export interface CarriedDataKey {
  id: string;
  sealed: string;
}

/** At most this many data keys in one bundle (its exporter's own and those of the members it relays). */
export const MAX_DATA_KEYS = 64;

/** What a carried data key's seal authenticates besides itself: a label and its id. */
export const dataKeyAad = (id: string) => Buffer.from(`ducha-data-key/1\0${id}`, 'utf8');

export interface SealedHeader {
  format: typeof SEALED_FORMAT;
  suite: SuiteId;
  chunkSize: number;
  /** The exporter's device id and signing public key, as in the manifest inside (checked after decryption). */
  device: string;
  publicKey: string;
  recipients: Recipient[];
  /**
   * The data keys of the protected databases whose encrypted fields (docs/format.md §18) the bundle's events
   * hold, so that a recipient can read them; absent when there are none.
   */
  dataKeys?: CarriedDataKey[];
}

/** A recipient as the exporter names it: a device and its encryption public key. */
export interface RecipientKey {
  device: string;
  publicKey: string;
}

const bad = (file: string) =>
  new InputError(t('sealed.badHeader', { file }), { code: 'bundle-format', hint: t('team.bundleBroken.hint') });

/** The bytes before the first chunk: magic, header length (4 bytes big-endian), header (canonical JSON). */
export function headerBytes(header: SealedHeader): Buffer {
  const json = Buffer.from(canonicalJson(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([Buffer.from(SEALED_MAGIC, 'latin1'), length, json]);
}

/** What chunk `index` authenticates besides itself: every header byte, its index and whether it is the last. */
export function chunkAad(prefix: Uint8Array, index: number, last: boolean): Buffer {
  return Buffer.concat([prefix, u64be(index), Buffer.from([last ? 1 : 0])]);
}

/** A new content key wrapped to each recipient; the header and the key to seal with. */
export function newEnvelope(
  suite: Suite,
  exporter: { device: string; publicKey: string },
  recipients: readonly RecipientKey[],
  chunkSize = CHUNK_SIZE,
  dataKeys: ReadonlyArray<{ id: string; key: Buffer }> = [],
): { prefix: Buffer; contentKey: Buffer } {
  const contentKey = randomBytes(32);
  const aead = suite.aead(contentKey);
  const carried = dataKeys.map((k) => ({ id: k.id, sealed: aead.seal(k.key, dataKeyAad(k.id)).toString('base64') }));
  const entries = recipients.map((r) => ({
    device: r.device,
    key: suite.keyId(r.publicKey).toString('hex'),
    wrapped: suite.wrapKey(r.publicKey, contentKey).toString('base64'),
  }));
  const header: SealedHeader = {
    format: SEALED_FORMAT,
    suite: suite.id,
    chunkSize,
    device: exporter.device,
    publicKey: exporter.publicKey,
    recipients: entries,
    ...(carried.length > 0 && { dataKeys: carried }),
  };
  return { prefix: headerBytes(header), contentKey };
}

const dataKeysOk = (keys: unknown): boolean =>
  Array.isArray(keys) &&
  keys.length >= 1 &&
  keys.length <= MAX_DATA_KEYS &&
  keys.every(
    (k: CarriedDataKey) =>
      typeof k === 'object' &&
      k !== null &&
      Object.keys(k).length === 2 &&
      typeof k.id === 'string' &&
      /^[0-9a-f]{32}$/.test(k.id) &&
      typeof k.sealed === 'string' &&
      k.sealed.length <= 256,
  );

/** The header's JSON, refused unless canonical and well formed. */
export function parseHeader(json: Buffer, file: string): SealedHeader {
  let h: SealedHeader;
  try {
    h = JSON.parse(json.toString('utf8')) as SealedHeader;
  } catch {
    throw bad(file);
  }
  const recipientOk = (r: Recipient) =>
    typeof r === 'object' &&
    r !== null &&
    Object.keys(r).length === 3 &&
    typeof r.device === 'string' &&
    ID.device.test(r.device) &&
    typeof r.key === 'string' &&
    /^[0-9a-f]{32}$/.test(r.key) &&
    typeof r.wrapped === 'string' &&
    r.wrapped.length <= 256;
  const ok =
    typeof h === 'object' &&
    h !== null &&
    h.format === SEALED_FORMAT &&
    isSuiteId(h.suite) &&
    Number.isSafeInteger(h.chunkSize) &&
    h.chunkSize >= MIN_CHUNK &&
    h.chunkSize <= MAX_CHUNK &&
    typeof h.device === 'string' &&
    ID.device.test(h.device) &&
    typeof h.publicKey === 'string' &&
    Array.isArray(h.recipients) &&
    h.recipients.length >= 1 &&
    h.recipients.length <= MAX_RECIPIENTS &&
    h.recipients.every(recipientOk) &&
    (h.dataKeys === undefined || dataKeysOk(h.dataKeys)) &&
    Object.keys(h).length === (h.dataKeys === undefined ? 6 : 7);
  if (!ok || canonicalJson(h) !== json.toString('utf8')) throw bad(file);
  return h;
}

/**
 * The chunk layout of a body of `bodyBytes` after the header: how many chunks, and the plaintext's size.
 * Every chunk but the last holds exactly chunkSize bytes; the last 1 to chunkSize.
 */
export function layout(
  header: SealedHeader,
  bodyBytes: number,
  file: string,
): { chunks: number; plainBytes: number; stride: number } {
  const overhead = OVERHEAD[header.suite];
  const stride = header.chunkSize + overhead;
  const chunks = Math.ceil(bodyBytes / stride);
  const last = bodyBytes - (chunks - 1) * stride;
  if (chunks < 1 || last <= overhead)
    throw new InputError(t('team.truncated', { file }), {
      code: 'bundle-truncated',
      hint: t('team.bundleBroken.hint'),
    });
  return { chunks, plainBytes: bodyBytes - chunks * overhead, stride };
}

/**
 * Encrypts a stream into chunks as it is written: `write` any number of times, then `finish` once. A full
 * chunk is sealed only when more data comes, so the last one is known to be last. Holds one chunk.
 */
export class SealingWriter {
  private readonly buffer: Buffer;
  private filled = 0;
  private index = 0;

  constructor(
    private readonly put: (data: Uint8Array) => void,
    private readonly aead: Aead,
    private readonly prefix: Buffer,
    private readonly chunkSize = CHUNK_SIZE,
  ) {
    this.buffer = Buffer.alloc(chunkSize);
    put(prefix);
  }

  write(data: Uint8Array): void {
    for (let offset = 0; offset < data.length;) {
      if (this.filled === this.chunkSize) this.flush(false);
      const n = Math.min(this.chunkSize - this.filled, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
    }
  }

  finish(): void {
    this.flush(true);
    this.buffer.fill(0); // the last plaintext does not linger in memory
  }

  private flush(last: boolean): void {
    this.put(this.aead.seal(this.buffer.subarray(0, this.filled), chunkAad(this.prefix, this.index++, last)));
    this.filled = 0;
  }
}
