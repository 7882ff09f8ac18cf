// Migration 11: format 2 (docs/format.md, issue 16). Signed heads: after every write this device signs its
// chain head, and every signed head an import brings is kept, so a history that was signed or sent can be
// checked later. Links: the digests of another device's events that were not shared with this database
// (other inspections), needed to recompute that device's chain up to a signed head. The device's keys in a
// record that says how the private key is protected (none yet; a passphrase with issue 17), instead of the
// private key in clear in `meta`. The backfill moves the key, records the suite (format-1 databases are all
// the default suite) and signs the existing head, so a database made before keeps its history signed.
import type Database from 'better-sqlite3';
import { GENESIS } from '../hash.js';

export const sql = `
CREATE TABLE signatures (
  device    TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  hash      TEXT NOT NULL,
  signature TEXT NOT NULL,               -- base64 of the 64-byte signature of the signed-head statement
  PRIMARY KEY (device, seq)
) WITHOUT ROWID;

CREATE TABLE links (
  device    TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  digest    TEXT NOT NULL,               -- H(canonical JSON of the event's body); the event itself is not held
  PRIMARY KEY (device, seq)
) WITHOUT ROWID;

CREATE TABLE device_keys (
  purpose    TEXT PRIMARY KEY,           -- 'signing'
  suite      TEXT NOT NULL,              -- 'default' | 'gm'
  public_key TEXT NOT NULL,              -- base64 SPKI DER
  protection TEXT NOT NULL,              -- 'none': secret is the PKCS#8 DER; 'passphrase': a passphrase lock of it
  secret     BLOB NOT NULL
) WITHOUT ROWID;
`;

/**
 * For a database made before (it has a device): the key moves out of `meta`, the suite is recorded, and the
 * current head is signed by `sign` (the default suite: format 1 knew no other). A new database gets all of
 * this when its device is made (open.ts).
 */
export function backfill(
  db: Database.Database,
  sign: (statementFor: { device: string; seq: number; hash: string }, privateKey: string) => string,
): void {
  const meta = (key: string) =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const device = meta('device');
  if (!device) return;
  const publicKey = meta('public_key')!;
  const privateKey = meta('private_key')!;
  db.prepare("INSERT INTO meta (key, value) VALUES ('suite', 'default') ON CONFLICT (key) DO NOTHING").run();
  db.prepare(
    "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) VALUES ('signing', 'default', ?, 'none', ?)",
  ).run(publicKey, Buffer.from(privateKey, 'base64'));
  db.prepare("DELETE FROM meta WHERE key = 'private_key'").run();
  const head = db.prepare('SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1').get(device) as
    { seq: number; hash: string } | undefined;
  if (head && head.hash !== GENESIS) {
    db.prepare('INSERT INTO signatures (device, seq, hash, signature) VALUES (?, ?, ?, ?)').run(
      device,
      head.seq,
      head.hash,
      sign({ device, ...head }, privateKey),
    );
  }
}
