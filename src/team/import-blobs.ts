// One blob of a bundle into the store, checked as it streams (docs/format.md §20). A clear entry: its bytes
// against its sha256, then written — sealed with this database's data key when it has one and the entry is
// marked evidence (snapshots stay clear). An encrypted entry
// (sealed chunks and the id of the key that sealed them): its sealed bytes against the sha256 the signed
// manifest gives for them; when this database holds that key every chunk is opened (its tag and place) and
// the clear file checked against its sha256 before use; when it does not, the chunks are kept as they came,
// unverified, and every later read opens and checks them (verify counts them as not checked).
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { CHUNK } from '../store/blobs.js';
import {
  ChunkWriter,
  blobAad,
  blobRow,
  heldKey,
  putBlobRow,
  putStoredChunk,
  startSealedBlob,
} from '../store/blob-cipher.js';
import type { Store } from '../store/store.js';
import type { BlobEntry } from './format.js';
import { sealedOverhead } from './manifest.js';
import type { BundleReader } from './reader.js';
import { BlobCheck } from './rules.js';

export interface BlobOutcome {
  /** Written by this import (new here, or replacing a copy this database could not open). */
  written: boolean;
  /** Kept sealed with a key this database does not hold: its file could not be checked. */
  unverified: boolean;
}

/** Stream one blob into the store (a dry run checks it and writes its row only); pauses after each chunk. */
export function* importBlob(
  store: Store,
  reader: BundleReader,
  blob: BlobEntry,
  file: string,
  dryRun: boolean,
): Generator<void, BlobOutcome> {
  const row = blobRow(store.db, blob.sha256);
  // A dry run (rolled back) writes a snapshot's bytes, which its checks read, and only the row of any other file.
  const rowOnly = dryRun && (blob.keyId !== undefined || blob.evidence === true);
  if (rowOnly && !row) putBlobRow(store.db, blob.sha256, blob.size);
  return blob.keyId === undefined
    ? yield* importClear(store, reader, blob, file, dryRun, row)
    : yield* importSealed(store, reader, blob, file, dryRun, row);
}

type Row = ReturnType<typeof blobRow>;

function* importClear(
  store: Store,
  reader: BundleReader,
  blob: BlobEntry,
  file: string,
  dryRun: boolean,
  row: Row,
): Generator<void, BlobOutcome> {
  const write = dryRun ? !blob.evidence && !row : !(row && heldKey(store, row.keyId));
  // Evidence is sealed on a protected database; checklist snapshots (public, read without a key) stay clear.
  const cipher = write && blob.evidence && store.dataKeyId !== undefined ? store.fieldCipher() : undefined;
  const writer = write ? new ChunkWriter(store.db, blob.sha256, blob.size, cipher, row !== undefined) : undefined;
  const check = new BlobCheck(blob, file);
  for (const chunk of reader.chunks(blob.size, CHUNK)) {
    check.update(chunk);
    writer?.put(chunk);
    yield;
  }
  check.finish();
  writer?.finish();
  return { written: write, unverified: false };
}

function* importSealed(
  store: Store,
  reader: BundleReader,
  blob: BlobEntry,
  file: string,
  dryRun: boolean,
  row: Row,
): Generator<void, BlobOutcome> {
  const keyId = blob.keyId!;
  const sealed = blob.sealed!;
  const overhead = sealedOverhead(blob.size, sealed.bytes)!; // the manifest's check made sure it is one
  const opens = !dryRun && heldKey(store, keyId);
  // A copy already here is kept unless this one can be opened and that one cannot.
  const write = !dryRun && (!row || (opens && !heldKey(store, row.keyId)));
  if (write) startSealedBlob(store.db, { ...blob, keyId, sealed });
  const cipher = opens ? store.fieldCipher() : undefined;
  const clear = new BlobCheck(blob, file);
  const stored = createHash('sha256');
  for (let n = 0, left = blob.size; n === 0 || left > 0; n++) {
    const length = Math.min(CHUNK, left);
    left -= length;
    const data = reader.read(length + overhead);
    stored.update(data);
    if (cipher) clear.update(cipher.openBytes(keyId, data, blobAad(blob.sha256, n)));
    if (write) putStoredChunk(store.db, blob.sha256, n, data);
    yield;
  }
  if (stored.digest('hex') !== sealed.sha256)
    throw new InputError(t('team.blobHash', { file, sha: blob.sha256.slice(0, 12) }), { code: 'bundle-hash' });
  if (cipher) clear.finish();
  return { written: write, unverified: write && !opens };
}
