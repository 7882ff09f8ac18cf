// Public keys as text: base64 of a SubjectPublicKeyInfo DER, read by its exact layout so that one key has
// exactly one text (two texts for one key would let it be trusted twice) and the kind of key is known
// before any library sees it. Ed25519 and X25519 private keys are PKCS#8 read by Node; SM2 private keys
// are read by sm2-keys.ts (Node 20 cannot use SM2 keys it did not generate itself).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { strictBase64 } from './bytes.js';
import { badPrivateKey, badPublicKey, wrongKeySuite } from './errors.js';
import type { SuiteId } from './types.js';

export type KeyKind = 'Ed25519' | 'X25519' | 'SM2';

const SUITE_OF: Record<KeyKind, SuiteId> = { Ed25519: 'default', X25519: 'default', SM2: 'gm' };

/**
 * The fixed SPKI prefix of each kind (RFC 8410 for Ed25519/X25519; for SM2 id-ecPublicKey 1.2.840.10045.2.1
 * with the named curve 1.2.156.10197.1.301 and an uncompressed point, as GM/T 0009 and OpenSSL write it).
 */
export const SPKI_PREFIX: Record<KeyKind, Buffer> = {
  Ed25519: Buffer.from('302a300506032b6570032100', 'hex'),
  X25519: Buffer.from('302a300506032b656e032100', 'hex'),
  SM2: Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d03420004', 'hex'),
};

const RAW_LENGTH: Record<KeyKind, number> = { Ed25519: 32, X25519: 32, SM2: 64 };

function kindOfDer(der: Buffer): KeyKind | undefined {
  return (Object.keys(SPKI_PREFIX) as KeyKind[]).find(
    (k) =>
      der.length === SPKI_PREFIX[k].length + RAW_LENGTH[k] &&
      der.subarray(0, SPKI_PREFIX[k].length).equals(SPKI_PREFIX[k]),
  );
}

export interface ParsedPublicKey {
  kind: KeyKind;
  der: Buffer;
  /** What follows the prefix: the raw key (Ed25519, X25519) or X ‖ Y (SM2, after its 04). */
  raw: Buffer;
}

/** The layout of a public key of one of the kinds `want`; the caller checks the key material itself. */
export function parsePublicKey(text: string, want: KeyKind | readonly KeyKind[], suite: SuiteId): ParsedPublicKey {
  const kinds: readonly KeyKind[] = typeof want === 'string' ? [want] : want;
  const name = kinds.join('/');
  const der = strictBase64(text);
  const kind = der && kindOfDer(der);
  if (!der || !kind || !kinds.includes(kind)) {
    if (kind && SUITE_OF[kind] !== suite) throw wrongKeySuite(kind, suite, name);
    throw badPublicKey(name);
  }
  return { kind, der, raw: der.subarray(SPKI_PREFIX[kind].length) };
}

export function publicKeyText(kind: KeyKind, raw: Uint8Array): string {
  return Buffer.concat([SPKI_PREFIX[kind], raw]).toString('base64');
}

/** An Ed25519 or X25519 private key (PKCS#8, as Node writes it); anything else means the stored key is damaged. */
export function parseNodePrivateKey(text: string, want: 'Ed25519' | 'X25519'): KeyObject {
  const der = strictBase64(text);
  if (!der) throw badPrivateKey(want);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw badPrivateKey(want);
  }
  if (key.asymmetricKeyType !== want.toLowerCase()) throw badPrivateKey(want);
  return key;
}

/** Key id and fingerprint: the first 16 bytes of the suite's hash of the public key's DER. */
export function keyIdOf(digest: Buffer): Buffer {
  return digest.subarray(0, 16);
}

export function fingerprintOf(keyId: Buffer): string {
  return keyId.toString('hex').match(/.{4}/g)!.join(':');
}
