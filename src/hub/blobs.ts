// The files a submission carries, onto the hub (docs/format.md §20, docs/hub.md): a clear file checked by the
// SHA-256 of its bytes; a file a protected laptop stores sealed taken as it is stored — its chunks checked
// against the sealed size and SHA-256 the signed manifest gives, each chunk one fixed overhead longer than the
// clear chunk it seals — and kept with its key id, never opened (the hub holds no data key, so it cannot check
// the clear file's sha256; the laptop that opens it does). One copy per file: a clear copy, which every laptop
// can read, replaces a sealed one; otherwise the copy held first is kept.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { CHUNK } from '../store/blobs.js';
import { isSealed, type BlobEntry, type Manifest } from '../team/format.js';
import { sealedOverhead } from '../team/manifest.js';
import { BlobCheck } from '../team/rules.js';
import type { HubClient } from './connect.js';
import type { Submission } from './accept.js';

/** The lengths of a sealed file's stored chunks, in order: each clear chunk (1 MiB, the last 0 to 1 MiB) plus the overhead. */
export function* sealedChunkLengths(size: number, storedBytes: number): Generator<number> {
  const overhead = sealedOverhead(size, storedBytes);
  if (overhead === undefined) return;
  for (let n = 0, left = size; n === 0 || left > 0; n++) {
    const length = Math.min(CHUNK, left);
    left -= length;
    yield length + overhead;
  }
}

/** A sealed file's stored chunks as they stream: their number and lengths, their total size and SHA-256 (`bundle-hash` if not). */
export class StoredCheck {
  private readonly hash = createHash('sha256');
  private readonly lengths: Iterator<number>;
  private bytes = 0;
  private bad = false;
  constructor(
    private readonly blob: { sha256: string; size: number; sealed: { bytes: number; sha256: string } },
    private readonly where: string,
  ) {
    this.lengths = sealedChunkLengths(blob.size, blob.sealed.bytes);
  }
  update(chunk: Buffer): void {
    const next = this.lengths.next();
    if (next.done || next.value !== chunk.length) this.bad = true;
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  finish(): void {
    if (
      this.bad ||
      !this.lengths.next().done ||
      this.bytes !== this.blob.sealed.bytes ||
      this.hash.digest('hex') !== this.blob.sealed.sha256
    )
      throw new InputError(t('team.blobHash', { file: this.where, sha: this.blob.sha256.slice(0, 12) }), {
        code: 'bundle-hash',
      });
  }
}

/** A row of the hub's `blobs` (and of `pull_blob_entries`), as node-postgres gives it. */
export interface HubBlobRow {
  sha256: string;
  size: string;
  key_id: string | null;
  stored_size: string | null;
  stored_sha256: string | null;
}

/** A stored file as a manifest lists it (docs/format.md §20): clear, or sealed with its key id and stored size and SHA-256. */
export function entryOf(r: HubBlobRow): BlobEntry {
  const entry = { sha256: r.sha256, size: Number(r.size) };
  return r.key_id === null
    ? entry
    : { ...entry, keyId: r.key_id, sealed: { bytes: Number(r.stored_size), sha256: r.stored_sha256! } };
}

/** The check a listed file's bytes go through: the clear file's SHA-256, or a sealed file's stored chunks. */
const checkOf = (blob: BlobEntry, where: string) =>
  isSealed(blob) ? new StoredCheck(blob, where) : new BlobCheck(blob, where);

/**
 * Every file the manifest lists, checked as its bytes stream by; those the hub lacks (or holds only sealed,
 * when this copy is clear) stored, chunk by chunk, inside the caller's transaction — a refusal rolls them back
 * with the rest. Returns how many were stored.
 */
export async function storeBlobs(client: HubClient, s: Submission, manifest: Manifest): Promise<number> {
  let stored = 0;
  for (const blob of manifest.blobs) {
    const held = (
      await client.query<{ key_id: string | null }>('SELECT key_id FROM blobs WHERE sha256 = $1', [blob.sha256])
    ).rows[0];
    const sealed = blob.keyId !== undefined;
    const store = !held || (held.key_id !== null && !sealed);
    const check = checkOf(blob, s.where);
    // A file the submission's own bytes carry is stored as its chunks are checked, never held whole.
    const direct = store && !s.storeBlob;
    if (direct) await keepRow(client, blob, held !== undefined);
    let n = 0;
    for await (const chunk of s.blobChunks(blob)) {
      check.update(chunk);
      if (direct)
        await client.query('INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)', [blob.sha256, n++, chunk]);
    }
    check.finish();
    if (!store) continue;
    if (!direct) {
      await keepRow(client, blob, held !== undefined);
      await s.storeBlob!(blob);
    } else if (n === 0) {
      // An empty clear file has one empty chunk, as on a laptop (a sealed one has one chunk of the overhead).
      await client.query('INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, 0, $2)', [
        blob.sha256,
        Buffer.alloc(0),
      ]);
    }
    stored++;
  }
  return stored;
}

/** The file's row as this copy describes it; a sealed copy held before loses its chunks (this clear one replaces it). */
async function keepRow(client: HubClient, blob: BlobEntry, replace: boolean): Promise<void> {
  if (replace) await client.query('DELETE FROM blob_chunks WHERE sha256 = $1', [blob.sha256]);
  await client.query(
    `INSERT INTO blobs (sha256, size, key_id, stored_size, stored_sha256) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, key_id = excluded.key_id,
       stored_size = excluded.stored_size, stored_sha256 = excluded.stored_sha256`,
    [blob.sha256, blob.size, blob.keyId ?? null, blob.sealed?.bytes ?? null, blob.sealed?.sha256 ?? null],
  );
}

/**
 * `ducha hub verify` of the files: each one's chunks against its name — a clear file's bytes against its
 * sha256 and size, a sealed one's stored chunks against its stored size and SHA-256 and their lengths against
 * its clear size (no key: the clear file inside is not checked). The files that do not match.
 */
export async function damagedBlobs(client: HubClient): Promise<{ blobs: number; damaged: string[] }> {
  const rows = (
    await client.query<HubBlobRow>('SELECT sha256, size, key_id, stored_size, stored_sha256 FROM blobs ORDER BY sha256')
  ).rows;
  const damaged: string[] = [];
  for (const b of rows) {
    const entry = entryOf(b);
    const check = checkOf(entry, '');
    let bytes = 0;
    for (let n = 0; ; n++) {
      const chunk = (
        await client.query<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = $1 AND n = $2', [b.sha256, n])
      ).rows[0];
      if (!chunk) break;
      check.update(chunk.data);
      bytes += chunk.data.length;
    }
    try {
      check.finish();
      if (entry.keyId === undefined && bytes !== entry.size) damaged.push(b.sha256);
    } catch {
      damaged.push(b.sha256);
    }
  }
  return { blobs: rows.length, damaged };
}
