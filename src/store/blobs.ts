// Content-addressed files inside the database (evidence, checklist snapshots), deduplicated by sha256 and
// stored in 1 MiB chunks so that neither writing nor reading needs the whole file in memory.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export const CHUNK = 1 << 20;

export interface BlobInfo {
  sha256: string;
  size: number;
}

export function hasBlob(db: Database.Database, sha256: string): boolean {
  return prepared(db, 'SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
}

/** Store bytes held in memory (small things: checklist snapshots). */
export function putBytes(db: Database.Database, bytes: Uint8Array): BlobInfo {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (!hasBlob(db, sha256)) {
    prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, bytes.length);
    for (let n = 0, offset = 0; offset < bytes.length || n === 0; n++, offset += CHUNK) {
      prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)').run(sha256, n, Buffer.from(bytes.subarray(offset, offset + CHUNK)));
    }
  }
  return { sha256, size: bytes.length };
}

/** Hash a file by streaming it, one chunk at a time. */
export function hashFile(path: string): BlobInfo {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (let read; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0; size += read) hash.update(buffer.subarray(0, read));
    return { sha256: hash.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}

/** A file whose size or content differed between the two reads: being written, or not a plain file (/proc). */
const changed = (path: string) => new InputError(t('evidence.changed', { path }), { hint: t('evidence.changed.hint'), code: 'evidence-changed' });

/** Store a file from disk (evidence), reading it twice rather than holding it: once to hash, once to copy. */
export function putFile(db: Database.Database, path: string): BlobInfo {
  const info = hashFile(path);
  if (hasBlob(db, info.sha256)) return info;
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size !== info.size) throw changed(path);
    const check = createHash('sha256');
    prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(info.sha256, info.size);
    const insert = prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let n = 0;
    for (let read; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0; n++) {
      const chunk = Buffer.from(buffer.subarray(0, read));
      check.update(chunk);
      insert.run(info.sha256, n, chunk);
    }
    if (n === 0) insert.run(info.sha256, 0, Buffer.alloc(0));
    if (check.digest('hex') !== info.sha256) throw changed(path);
    return info;
  } finally {
    closeSync(fd);
  }
}

export function chunks(db: Database.Database, sha256: string): IterableIterator<{ data: Buffer }> {
  return db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').iterate(sha256) as IterableIterator<{ data: Buffer }>;
}

export function readBlob(db: Database.Database, sha256: string): Buffer {
  return Buffer.concat([...chunks(db, sha256)].map((c) => c.data));
}

/** Write a blob to an open file descriptor chunk by chunk. */
export function writeBlob(db: Database.Database, sha256: string, fd: number): number {
  let written = 0;
  for (const { data } of chunks(db, sha256)) written += writeSync(fd, data);
  return written;
}

/** Recompute a blob's hash and size from its chunks. */
export function rehash(db: Database.Database, sha256: string): BlobInfo {
  const hash = createHash('sha256');
  let size = 0;
  for (const { data } of chunks(db, sha256)) {
    hash.update(data);
    size += data.length;
  }
  return { sha256: hash.digest('hex'), size };
}
