// SM2 (GB/T 32918, GM/T 0003) through sm-crypto-v2: signatures over SM3(Z ‖ M) with the standard's default
// user id, and public-key encryption in C1‖C3‖C2 order. Imported only by gm-suite.ts, which is itself
// loaded lazily, so nothing here costs start-up.
import { sm2 } from 'sm-crypto-v2';
import { SM2_N, type Sm2Private, type Sm2Public } from './sm2-keys.js';

/** The user id when none is agreed (GM/T 0009-2012 §10, GB/T 35276-2017 §10), hashed into Z. */
export const DEFAULT_USER_ID = '1234567812345678';

// Verifying with a precomputed table of the key is ~3× faster but the table costs ~20 verifications to build:
// build it for a key only once that key has been used this often.
const PRECOMPUTE_AFTER = 16;

/** The signature (r, s) of GB/T 32918.2 §6.1, written as r ‖ s, 32 bytes each, big-endian (not GM/T 0009's DER). */
export function sm2Sign(key: Sm2Private, data: Uint8Array): Buffer {
  const hex = sm2.doSignature(data, key.d, { hash: true, publicKey: key.publicHex, userId: DEFAULT_USER_ID });
  return Buffer.from(hex, 'hex');
}

export function sm2Verify(key: Sm2Public, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const sig = Buffer.from(signature);
  const r = BigInt('0x' + sig.toString('hex', 0, 32));
  const s = BigInt('0x' + sig.toString('hex', 32, 64));
  // GB/T 32918.2 §7.1 B1, B2: refuse r, s outside [1, n-1] before any arithmetic. The library does not check
  // this itself (its final comparison happens to refuse such values, or its scalar multiplication throws).
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  key.uses++;
  if (!key.point && key.uses >= PRECOMPUTE_AFTER) key.point = sm2.precomputePublicKey(key.hex);
  try {
    return sm2.doVerifySignature(data, sig.toString('hex'), key.point ?? key.hex, { hash: true, userId: DEFAULT_USER_ID });
  } catch {
    return false;
  }
}

/** GB/T 32918.4 encryption: C1 (65 bytes, 04 ‖ x1 ‖ y1) ‖ C3 (32, SM3) ‖ C2 (as long as the plaintext). */
export function sm2Encrypt(publicHex: string, plaintext: Uint8Array): Buffer {
  // sm-crypto-v2 returns x1 ‖ y1 ‖ C3 ‖ C2 in hex: C1 without its 04 prefix.
  const hex = sm2.doEncrypt(plaintext, publicHex, 1);
  return Buffer.concat([Buffer.from([0x04]), Buffer.from(hex, 'hex')]);
}

/** The plaintext, or undefined when C1 is not a curve point or C3 does not match. */
export function sm2Decrypt(key: Sm2Private, ciphertext: Uint8Array): Buffer | undefined {
  const bytes = Buffer.from(ciphertext);
  if (bytes.length < 65 + 32 || bytes[0] !== 0x04) return undefined;
  try {
    // On a C3 mismatch the library returns an empty array, which no wrapped key can be.
    const out = sm2.doDecrypt(bytes.subarray(1).toString('hex'), key.d, 1, { output: 'array' });
    return out.length === bytes.length - 97 && out.length > 0 ? Buffer.from(out) : undefined;
  } catch {
    return undefined;
  }
}
