// Content-addressed files inside the database (evidence, checklist snapshots), deduplicated by sha256 and
// stored in 1 MiB chunks so that neither writing nor reading needs the whole file in memory.
import { createHash } from 'node:crypto';
import { readSync, writeSync } from 'node:fs';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { openInput } from '../util/input.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export const CHUNK = 1 << 20;

export interface BlobInfo {
  sha256: string;
  size: number;
}

export function hasBlob(from: QuerySource, sha256: string): boolean {
  const db = connection(from);
  return prepared(db, 'SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
}

/** Store bytes held in memory (small things: checklist snapshots). */
export function putBytes(from: QuerySource, bytes: Uint8Array): BlobInfo {
  const db = connection(from);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (!hasBlob(db, sha256)) {
    prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, bytes.length);
    for (let n = 0, offset = 0; offset < bytes.length || n === 0; n++, offset += CHUNK) {
      prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)').run(
        sha256,
        n,
        Buffer.from(bytes.subarray(offset, offset + CHUNK)),
      );
    }
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
 * the caller has done so already), once to copy — never more bytes than the hash saw.
 */
export function putFile(from: QuerySource, path: string, info: BlobInfo = hashFile(path)): BlobInfo {
  const db = connection(from);
  if (hasBlob(db, info.sha256)) return info;
  const input = openInput(path);
  const fd = input.fd;
  try {
    if (input.stat.size !== info.size) throw changed(path);
    const check = createHash('sha256');
    prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(info.sha256, info.size);
    const insert = prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let n = 0;
    for (let read, total = 0; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0; n++) {
      if ((total += read) > info.size) throw changed(path);
      const chunk = Buffer.from(buffer.subarray(0, read));
      check.update(chunk);
      insert.run(info.sha256, n, chunk);
    }
    if (n === 0) insert.run(info.sha256, 0, Buffer.alloc(0));
    if (check.digest('hex') !== info.sha256) throw changed(path);
    return info;
  } finally {
    input.close();
  }
}

export function chunks(from: QuerySource, sha256: string): IterableIterator<{ data: Buffer }> {
  const db = connection(from);
  return db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').iterate(sha256) as IterableIterator<{
    data: Buffer;
  }>;
}

export function readBlob(from: QuerySource, sha256: string): Buffer {
  const db = connection(from);
  return Buffer.concat([...chunks(db, sha256)].map((c) => c.data));
}

/** Write a blob to an open file descriptor chunk by chunk. */
export function writeBlob(from: QuerySource, sha256: string, fd: number): number {
  const db = connection(from);
  let written = 0;
  for (const { data } of chunks(db, sha256)) written += writeSync(fd, data);
  return written;
}

/** Recompute a blob's hash and size from its chunks. */
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
