// After a real `ducha protect` (which locks with the product's costs: scrypt N=2^17, PBKDF2-SM3 600,000), the
// same passphrase locks made again with the cheapest settings unlocking accepts, so that each later command a
// test spawns with DUCHA_PASSPHRASE does not pay ≈0.7 s of key derivation per key (a write opens two: the
// signing key and the data key). Unlocking reads the cost from each lock's header, so the product's reading path
// runs unchanged; only the test's clock is spared. Tests about the costs `protect` writes do not call this.
import Database from 'better-sqlite3';
import { loadSuite } from '../../src/crypto/index.js';
import { lockWithPassphrase, unlockWithPassphrase } from '../../src/crypto/passphrase.js';

const CHEAP = { scryptLog2N: 10, pbkdf2Iterations: 1_000 };

/** Re-lock every passphrase lock in the database `file` with cheap settings. */
export async function cheapenLocks(file: string, passphrase: string): Promise<void> {
  const db = new Database(file);
  try {
    const rows = db
      .prepare("SELECT purpose, suite, secret FROM device_keys WHERE protection = 'passphrase'")
      .all() as Array<{ purpose: string; suite: string; secret: Buffer }>;
    const update = db.prepare('UPDATE device_keys SET secret = ? WHERE purpose = ?');
    for (const row of rows) {
      const suite = await loadSuite(row.suite);
      const secret = unlockWithPassphrase(suite, row.secret, passphrase);
      update.run(lockWithPassphrase(suite, passphrase, secret, CHEAP), row.purpose);
    }
  } finally {
    db.close();
  }
}
