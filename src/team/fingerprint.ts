// A short, readable fingerprint of a device's public key, as `ducha team key` prints it: the first 16 bytes
// of the suite's hash of the key's SPKI DER (SHA-256 for an Ed25519 key, SM3 for an SM2 key; both built into
// Node, so no suite is loaded), in groups of four hex digits — src/crypto/README.md "Key id and fingerprint".
import { createHash } from 'node:crypto';
import { SPKI_PREFIX } from '../crypto/keys.js';

export function fingerprint(publicKey: string): string {
  const der = Buffer.from(publicKey, 'base64');
  const sm2 =
    der.length === SPKI_PREFIX.SM2.length + 64 && der.subarray(0, SPKI_PREFIX.SM2.length).equals(SPKI_PREFIX.SM2);
  const hex = createHash(sm2 ? 'sm3' : 'sha256')
    .update(der)
    .digest('hex')
    .slice(0, 32);
  return hex.match(/.{4}/g)!.join(':');
}
