// The files `ducha pull` brings (docs/hub.md): those the laptop's pulled inspections cite and it lacks, in the
// form the hub holds them. A clear file is checked by its SHA-256 and, when it is evidence and this laptop is
// protected, sealed with the laptop's data key before it is written (as an import seals it). A sealed file
// (a protected laptop's, pushed as it was stored) is checked by its stored chunks' size and SHA-256; when this
// laptop holds the key that sealed it, every chunk is opened and the clear file checked against its sha256
// before anything is written, and it is kept with its key id so `evidence get` opens it; when it does not,
// it is kept as it came, unverified — every read refuses it (data-key-unknown) until a sealed bundle brings
// the key — since the pulled events cite it.
import { CHUNK } from '../store/blobs.js';
import { ChunkWriter, ClearCheck, blobAad, heldKey, putStoredChunk, startSealedBlob } from '../store/blob-cipher.js';
import { hasBlob } from '../store/blobs.js';
import { insertBlob } from '../store/hub-queries.js';
import type { Store } from '../store/store.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { isSealed, type BlobEntry } from '../team/format.js';
import type { HubClient } from './connect.js';
import { StoredCheck, entryOf, type HubBlobRow } from './blobs.js';

export interface PulledBlob {
  entry: BlobEntry;
  chunks: Buffer[];
  /** Sealed with a key this laptop does not hold: kept unopened. */
  unverified: boolean;
}

/** Fetch and check, before anything is written, every cited file the laptop lacks. */
export async function fetchBlobs(
  store: Store,
  client: HubClient,
  ids: string[],
  proofs: string[],
  where: string,
): Promise<PulledBlob[]> {
  const rows = (
    await client.query<HubBlobRow & { evidence: boolean }>('SELECT * FROM pull_blob_entries($1::text[], $2::text[])', [
      ids,
      proofs,
    ])
  ).rows.filter((b) => !hasBlob(store.db, b.sha256));
  const fetched: PulledBlob[] = [];
  for (const r of rows) {
    const entry: BlobEntry = { ...entryOf(r), ...(r.evidence ? { evidence: true as const } : {}) };
    const data = (
      await client.query<{ data: Buffer }>('SELECT data FROM pull_blob($1::text[], $2::text[], $3)', [
        ids,
        proofs,
        r.sha256,
      ])
    ).rows.map((x) => x.data);
    const chunks = data.length ? data : [Buffer.alloc(0)];
    const unverified = entry.keyId !== undefined && !heldKey(store, entry.keyId);
    checkPulled(store, entry, chunks, !unverified, where);
    fetched.push({ entry, chunks, unverified });
  }
  return fetched;
}

/** A sealed file's stored chunks, then (when the key is here) the clear file inside; a clear file's bytes. */
function checkPulled(store: Store, entry: BlobEntry, chunks: Buffer[], open: boolean, where: string): void {
  const clear = new ClearCheck(entry);
  if (isSealed(entry)) {
    const stored = new StoredCheck(entry, where);
    chunks.forEach((c) => stored.update(c));
    stored.finish();
    if (!open) return;
    const cipher = store.fieldCipher();
    chunks.forEach((c, n) => clear.update(cipher.openBytes(entry.keyId, c, blobAad(entry.sha256, n))));
  } else chunks.forEach((c) => clear.update(c));
  try {
    clear.finish();
  } catch {
    throw new InputError(t('team.blobHash', { file: where, sha: entry.sha256.slice(0, 12) }), { code: 'bundle-hash' });
  }
}

/** Write the fetched files, inside the pull's transaction (before the events that cite them). */
export function keepBlobs(store: Store, fetched: readonly PulledBlob[]): void {
  for (const { entry, chunks } of fetched) {
    if (isSealed(entry)) {
      startSealedBlob(store.db, entry);
      chunks.forEach((c, n) => putStoredChunk(store.db, entry.sha256, n, c));
    } else if (entry.evidence && store.dataKeyId !== undefined) {
      const writer = new ChunkWriter(store.db, entry.sha256, entry.size, store.fieldCipher());
      for (const c of chunks) for (let at = 0; at < c.length; at += CHUNK) writer.put(c.subarray(at, at + CHUNK));
      writer.finish();
    } else insertBlob(store.db, entry.sha256, chunks);
  }
}
