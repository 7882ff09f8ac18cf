// This device's key record (table device_keys): the suite, the public key, and the private key with how it
// is protected. Format 2 writes `protection = 'none'` (the PKCS#8 DER in `secret`); a passphrase-protected
// key (issue 17) is the same row with `protection = 'passphrase'` and the passphrase lock of that DER
// (src/crypto/passphrase.ts) in `secret`, so it slots in without another migration. The private key never
// lives in `meta` any more. Protection adds one row, purpose 'signing-recovery', holding the same DER locked
// under the recovery key (protection 'recovery-key'); the signing row keeps its layout.
import type Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { KeyPair, SuiteId } from '../crypto/types.js';
import { prepared } from './prepared.js';

/** How a key row's secret is kept: clear, under the passphrase or recovery key, or sealed with the database's data key. */
export type KeyProtection = 'none' | 'passphrase' | 'recovery-key' | 'data-key';

export interface KeyRecord {
  suite: SuiteId;
  publicKey: string;
  protection: KeyProtection;
  secret: Buffer;
}

export function signingKeyRecord(
  db: Database.Database,
  purpose: 'signing' | 'signing-recovery' = 'signing',
): KeyRecord | undefined {
  const row = prepared(db, 'SELECT suite, public_key, protection, secret FROM device_keys WHERE purpose = ?').get(
    purpose,
  ) as { suite: SuiteId; public_key: string; protection: KeyProtection; secret: Buffer } | undefined;
  return row && { suite: row.suite, publicKey: row.public_key, protection: row.protection, secret: row.secret };
}

/** The private key as the suites take it (base64 PKCS#8); refused while it is locked by a passphrase. */
export function privateKeyText(record: KeyRecord): string {
  if (record.protection !== 'none')
    throw new InputError(t('integrity.keyLocked'), { hint: t('integrity.keyLocked.hint'), code: 'key-locked' });
  return record.secret.toString('base64');
}

export function putSigningKey(db: Database.Database, suite: SuiteId, pair: KeyPair): void {
  prepared(
    db,
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) VALUES ('signing', ?, ?, 'none', ?)",
  ).run(suite, pair.publicKey, Buffer.from(pair.privateKey, 'base64'));
}

// ---- The encryption key (issue 17, encrypted bundles) ----------------------------------------------
// A second key pair, apart from the signing one (X25519 in the default suite, SM2 in the 国密 suite: GM/T
// practice keeps a signing key apart from an encryption key). Made on first need (`ducha team key`) in the
// same table, `purpose = 'encryption'`. Its public key with the signing key's signature of it (the binding,
// src/team/recipients.ts) is kept in `meta` under `encryption_key:DEVICE`, where the encryption keys of
// other devices are kept too (store/team-queries.ts), so no migration is needed.

/** The label under which the encryption private key is sealed with the data key (FieldCipher.lockOwn). */
export const ENCRYPTION_KEY_LABEL = 'encryption';

export function encryptionKeyRecord(db: Database.Database): KeyRecord | undefined {
  const row = prepared(
    db,
    "SELECT suite, public_key, protection, secret FROM device_keys WHERE purpose = 'encryption'",
  ).get() as { suite: SuiteId; public_key: string; protection: KeyProtection; secret: Buffer } | undefined;
  return row && { suite: row.suite, publicKey: row.public_key, protection: row.protection, secret: row.secret };
}

/**
 * Keep a new encryption key pair: its private key in clear, or — on a protected database — `sealed` (the private
 * key sealed with the data key, FieldCipher.lockOwn), so a lost file opens no bundle sent to this device.
 */
export function putEncryptionKey(db: Database.Database, suite: SuiteId, pair: KeyPair, sealed?: Buffer): void {
  prepared(
    db,
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) VALUES ('encryption', ?, ?, ?, ?)",
  ).run(suite, pair.publicKey, sealed ? 'data-key' : 'none', sealed ?? Buffer.from(pair.privateKey, 'base64'));
}

/** Replace a clear encryption private key by its seal under the data key (inside the caller's write). */
export function sealEncryptionKey(db: Database.Database, sealed: Buffer): void {
  prepared(db, "UPDATE device_keys SET protection = 'data-key', secret = ? WHERE purpose = 'encryption'").run(sealed);
}

/** Replace the clear (or passphrase-locked) private key by `passphraseLock`, and its recovery lock when given. */
export function putKeyLocks(db: Database.Database, passphraseLock: Buffer, recoveryLock?: Buffer): void {
  prepared(db, "UPDATE device_keys SET protection = 'passphrase', secret = ? WHERE purpose = 'signing'").run(
    passphraseLock,
  );
  if (!recoveryLock) return;
  prepared(
    db,
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) SELECT 'signing-recovery', suite, public_key, 'recovery-key', ? FROM device_keys WHERE purpose = 'signing' " +
      'ON CONFLICT (purpose) DO UPDATE SET secret = excluded.secret',
  ).run(recoveryLock);
}
