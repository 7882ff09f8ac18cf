// Evidence files of a protected database encrypted at rest (issue 17, docs/format.md §20): each stored chunk
// of a blob is the data key's AEAD seal of the file's chunk, with AAD = label ‖ the blob's sha256 ‖ the chunk
// number, so a chunk cannot be moved to another place or another blob unnoticed. The blob's row names the
// key (key_id; NULL: clear) and the size and sha256 of its chunks as stored; its sha256 and size stay clear.
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { dataLocked, unknownDataKey, type FieldCipher } from './field-cipher.js';
import { prepared } from './prepared.js';

/** What blob functions need of a Store to seal and open chunks (store.ts's class has it). */
export interface BlobKeys {
  readonly db: Database.Database;
  /** This database's own data key id, once `ducha protect` made one: new evidence is sealed with it. */
  readonly dataKeyId?: string;
  /** The data keys held (own and other databases'); key-locked when nobody unlocked them. */
  fieldCipher(): FieldCipher;
}

const LABEL = Buffer.from('ducha-blob/1\0', 'utf8');

/** The AAD of chunk `n` of the blob `sha256`: 'ducha-blob/1' NUL, the 32 bytes of the sha256, n as 4 bytes big-endian. */
export function blobAad(sha256: string, n: number): Buffer {
  const aad = Buffer.alloc(LABEL.length + 32 + 4);
  LABEL.copy(aad, 0);
  Buffer.from(sha256, 'hex').copy(aad, LABEL.length);
  aad.writeUInt32BE(n, LABEL.length + 32);
  return aad;
}

export interface BlobRow {
  sha256: string;
  size: number;
  keyId: string | null;
  storedSize: number | null;
  storedSha256: string | null;
}

/** Whether this database's blobs have migration 12's columns (a database verified or read as it is may stop before). */
const keyed = new WeakMap<Database.Database, boolean>();
export function hasBlobKeys(db: Database.Database): boolean {
  let known = keyed.get(db);
  if (known === undefined)
    keyed.set(
      db,
      (known = db.prepare("SELECT 1 FROM pragma_table_info('blobs') WHERE name = 'key_id'").get() !== undefined),
    );
  return known;
}

export function blobRow(db: Database.Database, sha256: string): BlobRow | undefined {
  return prepared(
    db,
    hasBlobKeys(db)
      ? 'SELECT sha256, size, key_id AS keyId, stored_size AS storedSize, stored_sha256 AS storedSha256 FROM blobs WHERE sha256 = ?'
      : 'SELECT sha256, size, NULL AS keyId, NULL AS storedSize, NULL AS storedSha256 FROM blobs WHERE sha256 = ?',
  ).get(sha256) as BlobRow | undefined;
}

/** Evidence (a file a record or a rectification step cites) that is not also a checklist snapshot (those stay clear). */
export function isEvidence(db: Database.Database, sha256: string): boolean {
  return (
    prepared(
      db,
      `SELECT 1 WHERE (EXISTS (SELECT 1 FROM record_evidence WHERE sha256 = @sha) OR EXISTS (SELECT 1 FROM step_evidence WHERE sha256 = @sha))
         AND NOT EXISTS (SELECT 1 FROM inspection_checklists WHERE sha256 = @sha)
         AND NOT EXISTS (SELECT 1 FROM snapshot_cache WHERE sha256 = @sha)`,
    ).get({ sha: sha256 }) !== undefined
  );
}

/** True when the key `keyId` is one this database has (its own or another's it was given); clear blobs: true. */
export function heldKey(keys: Partial<BlobKeys>, keyId: string | null): boolean {
  if (keyId === null) return true;
  if (keys.dataKeyId === undefined || !keys.fieldCipher) return false;
  return keys.fieldCipher().holds(keyId); // key-locked when nobody unlocked the keys
}

/** The cipher that opens `keyId`: key-locked when locked, data-key-unknown on a database that has no such key. */
export function openerOf(keys: Partial<BlobKeys>, keyId: string): FieldCipher {
  if (keys.dataKeyId === undefined) throw unknownDataKey(keyId);
  if (!keys.fieldCipher) throw dataLocked();
  return keys.fieldCipher();
}

/** A blob whose bytes, once opened, are not the file its sha256 names (sealed wrong, or chunks missing). */
export const blobDamaged = (sha256: string) =>
  new InputError(t('store.blobDamaged', { sha: sha256.slice(0, 12) }), {
    hint: t('store.blobDamaged.hint'),
    code: 'damaged',
  });

/** Checks, while opened chunks stream by, that they are the file the sha256 and size name. */
export class ClearCheck {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  constructor(private readonly blob: { sha256: string; size: number }) {}
  update(data: Buffer): void {
    this.hash.update(data);
    this.size += data.length;
  }
  finish(): void {
    if (this.hash.digest('hex') !== this.blob.sha256 || this.size !== this.blob.size)
      throw blobDamaged(this.blob.sha256);
  }
}

/**
 * Writes one blob's chunks: sealed with the own data key when `cipher` is given, the row naming the key and the
 * sealed bytes' size and sha256 once all are in. The row is made (or, replacing a copy this database cannot
 * open, emptied) first.
 */
export class ChunkWriter {
  private readonly stored = createHash('sha256');
  private storedSize = 0;
  private n = 0;
  constructor(
    private readonly db: Database.Database,
    private readonly sha256: string,
    size: number,
    private readonly cipher: FieldCipher | undefined,
    replace = false,
  ) {
    const keyId = cipher ? cipher.ownId : null;
    if (!hasBlobKeys(db)) {
      // Before migration 12 every blob is clear (no key can have sealed one): write it as that schema did.
      if (cipher) throw new Error('ChunkWriter: a database before migration 12 has no data key');
      if (replace) prepared(db, 'DELETE FROM blob_chunks WHERE sha256 = ?').run(sha256);
      else prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, size);
    } else if (replace) {
      prepared(db, 'DELETE FROM blob_chunks WHERE sha256 = ?').run(sha256);
      prepared(
        db,
        'UPDATE blobs SET size = ?, key_id = ?, stored_size = NULL, stored_sha256 = NULL WHERE sha256 = ?',
      ).run(size, keyId, sha256);
    } else prepared(db, 'INSERT INTO blobs (sha256, size, key_id) VALUES (?, ?, ?)').run(sha256, size, keyId);
  }

  /** The next chunk of the file, in clear. */
  put(clear: Buffer): void {
    const data = this.cipher ? this.cipher.sealBytes(clear, blobAad(this.sha256, this.n)) : clear;
    if (this.cipher) {
      this.stored.update(data);
      this.storedSize += data.length;
    }
    prepared(this.db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)').run(this.sha256, this.n++, data);
  }

  finish(): void {
    if (this.n === 0) this.put(Buffer.alloc(0)); // an empty file has one (empty) chunk
    if (this.cipher)
      prepared(this.db, 'UPDATE blobs SET stored_size = ?, stored_sha256 = ? WHERE sha256 = ?').run(
        this.storedSize,
        this.stored.digest('hex'),
        this.sha256,
      );
  }
}

// ---- What an import writes of a blob (team/import-blobs.ts): SQL stays in src/store/ --------------------

/** The row of a blob whose bytes a dry run does not write (its checks need only that it is there). */
export function putBlobRow(db: Database.Database, sha256: string, size: number): void {
  prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, size);
}

/** The row of a blob that arrives sealed (its chunks follow as they came), replacing any copy held. */
export function startSealedBlob(
  db: Database.Database,
  blob: { sha256: string; size: number; keyId: string; sealed: { bytes: number; sha256: string } },
): void {
  prepared(db, 'DELETE FROM blob_chunks WHERE sha256 = ?').run(blob.sha256);
  prepared(
    db,
    'INSERT INTO blobs (sha256, size, key_id, stored_size, stored_sha256) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, key_id = excluded.key_id, stored_size = excluded.stored_size, stored_sha256 = excluded.stored_sha256',
  ).run(blob.sha256, blob.size, blob.keyId, blob.sealed.bytes, blob.sealed.sha256);
}

/** One chunk of a blob as stored (sealed chunks stay sealed). */
export function putStoredChunk(db: Database.Database, sha256: string, n: number, data: Buffer): void {
  prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)').run(sha256, n, data);
}
