// Content-addressed files inside the database (evidence, checklist snapshots), deduplicated by sha256 and
// stored in 1 MiB chunks so that neither writing nor reading needs the whole file in memory. On a protected
// database evidence chunks are sealed with the data key (blob-cipher.ts); checklist snapshots (public text)
// stay clear.
import { createHash } from 'node:crypto';
import { readSync, writeSync } from 'node:fs';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { openInput } from '../util/input.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { ChunkWriter, ClearCheck, blobAad, blobRow, heldKey, openerOf, type BlobKeys } from './blob-cipher.js';

/** A Store (it seals and opens evidence), or for clear blobs only its connection. */
type BlobSource = QuerySource & Partial<BlobKeys>;

export const CHUNK = 1 << 20;

export interface BlobInfo {
  sha256: string;
  size: number;
}

export function hasBlob(from: QuerySource, sha256: string): boolean {
  const db = connection(from);
  return prepared(db, 'SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
}

/**
 * Store bytes held in memory (small things: checklist snapshots), always in clear: a snapshot is public text,
 * read without any key. A copy sealed with a data key is replaced by the clear bytes (the same file).
 */
export function putBytes(from: QuerySource, bytes: Uint8Array): BlobInfo {
  const db = connection(from);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const row = blobRow(db, sha256);
  if (!row || row.keyId !== null) {
    const writer = new ChunkWriter(db, sha256, bytes.length, undefined, row !== undefined);
    for (let offset = 0; offset < bytes.length; offset += CHUNK)
      writer.put(Buffer.from(bytes.subarray(offset, offset + CHUNK)));
    writer.finish();
  }
  return { sha256, size: bytes.length };
}

/**
 * Hash a file by streaming it, one chunk at a time. Reading stops once more than `maxBytes` have arrived
 * (the size then says so): a stat size can lie — /proc files report 0 and never end.
 */
export function hashFile(path: string, maxBytes = Infinity): BlobInfo {
  const input = openInput(path);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (let read; size <= maxBytes && (read = readSync(input.fd, buffer, 0, CHUNK, null)) > 0; size += read)
      hash.update(buffer.subarray(0, read));
    return { sha256: hash.digest('hex'), size };
  } finally {
    input.close();
  }
}

/** A file whose size or content differed between the two reads: being written, or not a plain file (/proc). */
const changed = (path: string) =>
  new InputError(t('evidence.changed', { path }), { hint: t('evidence.changed.hint'), code: 'evidence-changed' });

/**
 * Store a file from disk (evidence), reading it twice rather than holding it: once to hash (`info`, when
 * the caller has done so already), once to copy — never more bytes than the hash saw. On a protected
 * database each chunk is sealed with its data key before it is written (key-locked when nobody unlocked it).
 * A copy already held is kept when this database can open it; one sealed with a key it does not hold (from
 * another database's --unencrypted bundle) is replaced, so the file is never lost to a copy nobody here reads.
 */
export function putFile(from: BlobSource, path: string, info: BlobInfo = hashFile(path)): BlobInfo {
  const db = connection(from);
  const row = blobRow(db, info.sha256);
  if (row && heldKey(from, row.keyId)) return info;
  const cipher = from.dataKeyId !== undefined ? from.fieldCipher!() : undefined;
  const input = openInput(path);
  const fd = input.fd;
  try {
    if (input.stat.size !== info.size) throw changed(path);
    const check = createHash('sha256');
    const writer = new ChunkWriter(db, info.sha256, info.size, cipher, row !== undefined);
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let read, total = 0; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0;) {
      if ((total += read) > info.size) throw changed(path);
      const chunk = Buffer.from(buffer.subarray(0, read));
      check.update(chunk);
      writer.put(chunk);
    }
    writer.finish();
    if (check.digest('hex') !== info.sha256) throw changed(path);
    return info;
  } finally {
    input.close();
  }
}

/** The chunks as stored (sealed ones stay sealed): what a bundle or the hub carries, what verify hashes. */
export function chunks(from: QuerySource, sha256: string): IterableIterator<{ data: Buffer }> {
  const db = connection(from);
  return db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').iterate(sha256) as IterableIterator<{
    data: Buffer;
  }>;
}

/**
 * The file's chunks in clear: sealed chunks opened with the key that sealed them (key-locked when locked,
 * data-key-unknown when this database does not hold it, crypto-tampered for a chunk altered or moved), and
 * then checked to be the file the sha256 and size name. Clear chunks are yielded as stored (verify checks them).
 */
export function* clearChunks(from: BlobSource, sha256: string): Generator<Buffer> {
  const db = connection(from);
  const row = blobRow(db, sha256);
  if (!row || row.keyId === null) {
    for (const { data } of chunks(db, sha256)) yield data;
    return;
  }
  const cipher = openerOf(from, row.keyId);
  const check = new ClearCheck(row);
  let n = 0;
  for (const { data } of chunks(db, sha256)) {
    const clear = cipher.openBytes(row.keyId, data, blobAad(sha256, n++));
    check.update(clear);
    yield clear;
  }
  check.finish();
}

export function readBlob(from: BlobSource, sha256: string): Buffer {
  return Buffer.concat([...clearChunks(from, sha256)]);
}

/** Write a blob (in clear) to an open file descriptor chunk by chunk. */
export function writeBlob(from: BlobSource, sha256: string, fd: number): number {
  let written = 0;
  for (const data of clearChunks(from, sha256)) written += writeSync(fd, data);
  return written;
}

/** Recompute a blob's hash and size from its chunks as stored (for a sealed blob: of the sealed bytes). */
export function rehash(from: QuerySource, sha256: string): BlobInfo {
  const db = connection(from);
  const hash = createHash('sha256');
  let size = 0;
  for (const { data } of chunks(db, sha256)) {
    hash.update(data);
    size += data.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Seal every clear evidence blob with the database's own data key, inside the caller's write (for `ducha
 * protect` on a database that already holds evidence, issue 17 slice 4; key-locked when the key is not open).
 * Only evidence (files records and rectification steps cite) is sealed; checklist snapshots stay clear. Each blob is checked against its sha256
 * as it is read. Returns how many blobs were sealed. The old chunks' pages are freed: the caller runs VACUUM
 * with secure_delete so no clear page remains in the file.
 */
export function encryptExistingBlobs(store: BlobKeys): number {
  const cipher = store.fieldCipher();
  const db = store.db;
  const clear = db
    .prepare(
      `SELECT sha256, size FROM blobs WHERE key_id IS NULL
         AND sha256 IN (SELECT sha256 FROM record_evidence UNION SELECT sha256 FROM step_evidence)
         AND sha256 NOT IN (SELECT sha256 FROM inspection_checklists UNION SELECT sha256 FROM snapshot_cache)`,
    )
    .all() as Array<{ sha256: string; size: number }>;
  for (const blob of clear) {
    const old = [...chunks(db, blob.sha256)].map((c) => c.data); // one blob at a time
    const check = new ClearCheck(blob);
    old.forEach((c) => check.update(c));
    check.finish();
    const writer = new ChunkWriter(db, blob.sha256, blob.size, cipher, true);
    for (const data of old) writer.put(data);
    writer.finish();
  }
  return clear.length;
}
