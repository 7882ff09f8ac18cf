// Putting the passphrase (and recovery) locks of this device's private key into the key record so that the
// clear key survives nowhere in the file: the update runs with SQLite's secure_delete (freed bytes zeroed),
// then VACUUM rebuilds the file from live content only (a key freed earlier, e.g. by format 2's move out of
// `meta`, is not carried over), and a TRUNCATE checkpoint empties the -wal that held the old pages.
import type Database from 'better-sqlite3';
import { putKeyLocks, signingKeyRecord, type KeyRecord } from './device-key.js';
import type { Store } from './store.js';

export interface LockResult {
  /** False when another connection kept the -wal from being emptied (its old frames may still hold the key). */
  walEmptied: boolean;
}

/** This device's key record (or its recovery record); undefined for a format-1 database, which has none. */
export function keyRecord(store: Store, purpose: 'signing' | 'signing-recovery' = 'signing'): KeyRecord | undefined {
  return store.format === 1 ? undefined : signingKeyRecord(store.db, purpose);
}

export function storeKeyLocks(store: Store, passphraseLock: Buffer, recoveryLock?: Buffer): LockResult {
  const db: Database.Database = store.db;
  db.pragma('secure_delete = ON');
  try {
    db.transaction(() => putKeyLocks(db, passphraseLock, recoveryLock)).immediate();
    db.exec('VACUUM');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    return { walEmptied: !result || result.busy === 0 };
  } finally {
    db.pragma('secure_delete = OFF');
  }
}
