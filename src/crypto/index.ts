// The crypto suites, loaded on demand: `await loadSuite(id)` is the only way in, so neither suite (nor the
// SM2 library behind the 国密 one) costs anything to a command that does not sign, verify or encrypt.
import { getCiphers, getHashes } from 'node:crypto';
import { gmUnavailable, unknownSuite } from './errors.js';
import { isSuiteId, type Suite } from './types.js';

export { isSuiteId, SUITE_IDS, type Aead, type Hasher, type KeyPair, type Suite, type SuiteId } from './types.js';

/** True when this Node's OpenSSL has SM3 and SM4-CTR (official builds do; some distribution builds do not). */
export function gmAvailable(): boolean {
  return getHashes().includes('sm3') && getCiphers().includes('sm4-ctr');
}

/** The suite named `id` (as recorded in a database or bundle); InputError for an unknown name. */
export async function loadSuite(id: string): Promise<Suite> {
  if (!isSuiteId(id)) throw unknownSuite(id);
  if (id === 'default') return (await import('./default-suite.js')).defaultSuite;
  if (!gmAvailable()) throw gmUnavailable();
  return (await import('./gm-suite.js')).gmSuite;
}
