// A database protected in-process as `ducha protect` leaves it — its signing key and a new data key locked under
// a passphrase, with cheap KDF settings (a test) — then opened again with its signing key given. The caller gives
// the field cipher (Store.useFieldCipher) made on the data key returned.
import { randomBytes } from 'node:crypto';
import { lockWithPassphrase } from '../../src/crypto/passphrase.js';
import type { Suite } from '../../src/crypto/types.js';
import { signingKeyRecord } from '../../src/store/device-key.js';
import { dataKeyId, storeKeyLocks } from '../../src/store/key-locks.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const CHEAP = { scryptLog2N: 10, pbkdf2Iterations: 1_000 };

/** `store` protected and closed; the same file opened again, its signing key given, with the data key and its id. */
export async function protectInProcess(
  store: Store,
  suite: Suite,
): Promise<{ store: Store; keyId: string; dataKey: Buffer }> {
  const der = signingKeyRecord(store.db)!.secret;
  const dataKey = randomBytes(32);
  const keyId = dataKeyId((b) => suite.hash(b), dataKey);
  storeKeyLocks(store, {
    signing: { passphrase: lockWithPassphrase(suite, 'pw', der, CHEAP) },
    data: { keyId, passphrase: lockWithPassphrase(suite, 'pw', dataKey, CHEAP) },
  });
  store.close();
  const opened = openStore(store.file);
  await opened.loadCrypto();
  opened.provideKey(der.toString('base64'));
  return { store: opened, keyId, dataKey };
}
