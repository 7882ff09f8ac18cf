// Signed heads (docs/format.md §9): a device vouches for its chain up to an event by signing the statement
// canonicalJson({device, format: "ducha-head/2", hash, seq, suite}) with its key. The default suite signs
// here synchronously (Ed25519, Node's own crypto, statically imported: no library, nothing to wait for);
// the 国密 suite is loaded on demand (`loadSuite`) and handed to the store before it writes.
import { defaultSuite } from '../crypto/default-suite.js';
import type { Suite, SuiteId } from '../crypto/types.js';
import { canonicalJson } from './canonical.js';

export const HEAD_FORMAT = 'ducha-head/2';

export interface Head {
  device: string;
  seq: number;
  hash: string;
}

/** A head with its signature (base64 of the 64 bytes), as stored and as a bundle carries it. */
export interface SignedHead extends Head {
  signature: string;
}

/** The bytes a device signs to vouch for its chain up to `head`. */
export function headStatement(suite: SuiteId, head: Head): Buffer {
  return Buffer.from(
    canonicalJson({ device: head.device, format: HEAD_FORMAT, hash: head.hash, seq: head.seq, suite }),
    'utf8',
  );
}

export function signHead(suite: Suite, privateKey: string, head: Head): string {
  return suite.sign(privateKey, headStatement(suite.id, head)).toString('base64');
}

/** False for a wrong or malformed signature; throws (InputError) only for an unusable public key. */
export function headSignatureValid(suite: Suite, publicKey: string, head: SignedHead): boolean {
  const bytes = Buffer.from(head.signature, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== head.signature) return false;
  return suite.verify(publicKey, headStatement(suite.id, head), bytes);
}

/** The suite a store can use without waiting: the default one. The 国密 suite must be loaded (loadSuite). */
export const staticSuite = (id: SuiteId): Suite | undefined => (id === 'default' ? defaultSuite : undefined);
