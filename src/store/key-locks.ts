// Putting the passphrase (and recovery) locks of this device's keys into the key records so that no clear key
// survives in the file: the signing key (rows 'signing', 'signing-recovery') and the database's data key
// (rows 'data', 'data-recovery', issue 17: 32 random bytes made by the first `ducha protect`, locked exactly
// like the signing key; its `public_key` column holds the key's id, never the key). The update runs with
// SQLite's secure_delete (freed bytes zeroed), then VACUUM rebuilds the file from live content only (a key
// freed earlier, e.g. by format 2's move out of `meta`, is not carried over), and a TRUNCATE checkpoint
// empties the -wal that held the old pages.
import type Database from 'better-sqlite3';
import {
  encryptionKeyRecord,
  putKeyLocks,
  sealEncryptionKey,
  signingKeyRecord,
  type KeyProtection,
  type KeyRecord,
} from './device-key.js';
import { prepared } from './prepared.js';
import type { Store } from './store.js';

export interface LockResult {
  /** False when another connection kept the -wal from being emptied (its old frames may still hold the key). */
  walEmptied: boolean;
}

/** This device's key record (or its recovery record); undefined for a format-1 database, which has none. */
export function keyRecord(store: Store, purpose: 'signing' | 'signing-recovery' = 'signing'): KeyRecord | undefined {
  return store.format === 1 ? undefined : signingKeyRecord(store.db, purpose);
}

/** The data key's lock (or its recovery lock): `keyId` is its id (hex), `secret` the lock. Undefined before protect. */
export interface DataKeyRecord {
  keyId: string;
  protection: KeyProtection;
  secret: Buffer;
}

export function dataKeyRecord(store: Store, purpose: 'data' | 'data-recovery' = 'data'): DataKeyRecord | undefined {
  if (store.format === 1) return undefined;
  const row = prepared(store.db, 'SELECT public_key, protection, secret FROM device_keys WHERE purpose = ?').get(
    purpose,
  ) as { public_key: string; protection: KeyProtection; secret: Buffer } | undefined;
  return row && { keyId: row.public_key, protection: row.protection, secret: row.secret };
}

/** The data keys of other databases this one holds (rows `data-foreign:ID`), each locked under its own data key. */
export function foreignDataLocks(store: Store): Array<{ id: string; secret: Buffer }> {
  if (store.format === 1) return [];
  return prepared(
    store.db,
    "SELECT public_key AS id, secret FROM device_keys WHERE purpose >= 'data-foreign:' AND purpose < 'data-foreign;' ORDER BY purpose",
  ).all() as Array<{ id: string; secret: Buffer }>;
}

/** Keep another database's data key, locked under this one's (`lock`: FieldCipher.lockForeign), inside the caller's write. */
export function putForeignDataLock(store: Store, id: string, lock: Buffer): void {
  prepared(
    store.db,
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) SELECT ?, suite, ?, 'data-key', ? FROM device_keys WHERE purpose = 'signing' " +
      'ON CONFLICT (purpose) DO NOTHING',
  ).run(`data-foreign:${id}`, id, lock);
}

/** This device's encryption (bundle-opening) private key when it is kept in clear (protect seals it); else undefined. */
export function clearEncryptionKey(store: Store): Buffer | undefined {
  const record = encryptionKeyRecord(store.db);
  return record?.protection === 'none' ? record.secret : undefined;
}

/** The id of a data key: the first 16 bytes of the suite hash of a label and the key, in hex (names, never reveals, it). */
export function dataKeyId(hash: (data: Uint8Array) => string, dataKey: Uint8Array): string {
  return hash(Buffer.concat([Buffer.from('ducha-data-key/1\0', 'utf8'), dataKey])).slice(0, 32);
}

export interface KeyLocks {
  /** The signing key's passphrase lock, and its recovery lock when a recovery key is (re)made. */
  signing: { passphrase: Buffer; recovery?: Buffer };
  /** The data key's locks; `recovery` when a recovery key is (re)made or the data key is new. */
  data?: { keyId: string; passphrase: Buffer; recovery?: Buffer };
  /** The encryption (bundle-opening) private key sealed with the data key, replacing its clear copy. */
  encryption?: Buffer;
}

function putDataLock(db: Database.Database, purpose: 'data' | 'data-recovery', keyId: string, lock: Buffer): void {
  prepared(
    db,
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) SELECT ?, suite, ?, ?, ? FROM device_keys WHERE purpose = 'signing' " +
      'ON CONFLICT (purpose) DO UPDATE SET public_key = excluded.public_key, protection = excluded.protection, secret = excluded.secret',
  ).run(purpose, keyId, purpose === 'data' ? 'passphrase' : 'recovery-key', lock);
}

/**
 * Store every lock in one transaction — with `inside`, what must change with them (protect seals the data held
 * before, sealed.ts) — then wipe the freed pages and empty the -wal. The transaction marks the wipe as due
 * (meta `wipe_pending`) and the wipe clears the mark: a process killed in between leaves a database that reads
 * right, whose old pages `ducha protect` wipes when run again (finishWipe).
 */
export function storeKeyLocks<T>(store: Store, locks: KeyLocks, inside?: () => T): LockResult & { inside?: T } {
  const db: Database.Database = store.db;
  db.pragma('secure_delete = ON');
  // The transaction may rewrite clear text (sealed.ts): SQLite's statement journals stay in memory meanwhile.
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = MEMORY');
  try {
    const done = db
      .transaction(() => {
        putKeyLocks(db, locks.signing.passphrase, locks.signing.recovery);
        if (locks.data) {
          putDataLock(db, 'data', locks.data.keyId, locks.data.passphrase);
          if (locks.data.recovery) putDataLock(db, 'data-recovery', locks.data.keyId, locks.data.recovery);
        }
        if (locks.encryption) sealEncryptionKey(db, locks.encryption);
        const value = inside?.();
        prepared(db, "INSERT INTO meta (key, value) VALUES ('wipe_pending', '1') ON CONFLICT (key) DO NOTHING").run();
        return value;
      })
      .immediate();
    // VACUUM's copy holds only what is live, already encrypted: it may go to a temporary file, as before.
    db.pragma(`temp_store = ${tempStore}`);
    return { ...wipe(db), inside: done };
  } finally {
    db.pragma('secure_delete = OFF');
  }
}

/** True when a protect was stopped after its transaction and before its wipe (storeKeyLocks). */
export const wipePending = (store: Store): boolean =>
  prepared(store.db, "SELECT 1 FROM meta WHERE key = 'wipe_pending'").get() !== undefined;

/** The wipe a stopped protect left undone: VACUUM and an emptied -wal. */
export function finishWipe(store: Store): LockResult {
  const db: Database.Database = store.db;
  db.pragma('secure_delete = ON');
  try {
    return wipe(db);
  } finally {
    db.pragma('secure_delete = OFF');
  }
}

/** VACUUM (outside any transaction: the file rebuilt from live rows only), clear the mark, empty the -wal. */
function wipe(db: Database.Database): LockResult {
  db.exec('VACUUM');
  prepared(db, "DELETE FROM meta WHERE key = 'wipe_pending'").run();
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
    busy: number;
    log: number;
    checkpointed: number;
  }>;
  return { walEmptied: !result || result.busy === 0 };
}
