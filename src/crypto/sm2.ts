// SM2 (GB/T 32918, GM/T 0003): signatures over SM3(Z ‖ M) with the standard's default user id, and
// public-key encryption in C1‖C3‖C2 order. Signing is GB/T 32918.2 §6.1 written out here: k·G from Node's
// OpenSSL (an ECDH key pair on its SM2 curve: k uniform in [1, n−1]), SM3 from Node, the rest modular
// arithmetic — so that a command that only signs (every write signs its head) loads no library; the test
// suite checks these signatures with sm-crypto, sm-crypto-v2 and, where present, the openssl command.
// Verification and encryption use sm-crypto-v2, required at their first use (a runtime require, not an
// import: nothing of it is bundled into a command that only signs). Imported only by gm-suite.ts, which is
// itself loaded lazily, so nothing here costs start-up.
import { createECDH, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { SM2_N, type Sm2Private, type Sm2Public } from './sm2-keys.js';

type Library = (typeof import('sm-crypto-v2'))['sm2'];
let library: Library | undefined;
const lib = (): Library =>
  (library ??= (createRequire(import.meta.url)('sm-crypto-v2') as typeof import('sm-crypto-v2')).sm2);

/** The recommended curve's a, b and G (GB/T 32918.5-2017 §2), for Z_A. */
const CURVE = Buffer.from(
  'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC' +
    '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' +
    '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7' +
    'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
  'hex',
);

/** The user id when none is agreed (GM/T 0009-2012 §10, GB/T 35276-2017 §10), hashed into Z. */
export const DEFAULT_USER_ID = '1234567812345678';

// Verifying with a precomputed table of the key is ~3× faster but the table costs ~20 verifications to build:
// build it for a key only once that key has been used this often.
const PRECOMPUTE_AFTER = 16;

const big = (bytes: Uint8Array) => BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
const bytes32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), ID_A the default user id (16 bytes: ENTL 0x0080). */
function zOf(publicHex: string): Buffer {
  const id = Buffer.from(DEFAULT_USER_ID, 'ascii');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  return createHash('sm3')
    .update(entl)
    .update(id)
    .update(CURVE)
    .update(Buffer.from(publicHex.slice(2), 'hex'))
    .digest();
}

/** The signature (r, s) of GB/T 32918.2 §6.1, written as r ‖ s, 32 bytes each, big-endian (not GM/T 0009's DER). */
export function sm2Sign(key: Sm2Private, data: Uint8Array): Buffer {
  const z = (key.z ??= zOf(key.publicHex));
  const e = big(createHash('sm3').update(z).update(data).digest()); // A1–A2
  const d = BigInt('0x' + key.d);
  const inverse = modPow(1n + d, SM2_N - 2n, SM2_N); // (1 + d)⁻¹: n is prime
  for (;;) {
    const ephemeral = createECDH('SM2'); // A3–A4: k in [1, n−1] and (x1, y1) = k·G
    ephemeral.generateKeys();
    const k = big(ephemeral.getPrivateKey());
    const x1 = big(ephemeral.getPublicKey().subarray(1, 33));
    const r = (e + x1) % SM2_N; // A5
    if (r === 0n || r + k === SM2_N) continue;
    const s = (inverse * ((((k - r * d) % SM2_N) + SM2_N) % SM2_N)) % SM2_N; // A6
    if (s === 0n) continue;
    return Buffer.concat([bytes32(r), bytes32(s)]);
  }
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
  if (!key.point && key.uses >= PRECOMPUTE_AFTER) key.point = lib().precomputePublicKey(key.hex);
  try {
    return lib().doVerifySignature(data, sig.toString('hex'), (key.point ?? key.hex) as string, {
      hash: true,
      userId: DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

/** GB/T 32918.4 encryption: C1 (65 bytes, 04 ‖ x1 ‖ y1) ‖ C3 (32, SM3) ‖ C2 (as long as the plaintext). */
export function sm2Encrypt(publicHex: string, plaintext: Uint8Array): Buffer {
  // sm-crypto-v2 returns x1 ‖ y1 ‖ C3 ‖ C2 in hex: C1 without its 04 prefix.
  const hex = lib().doEncrypt(plaintext, publicHex, 1);
  return Buffer.concat([Buffer.from([0x04]), Buffer.from(hex, 'hex')]);
}

/** The plaintext, or undefined when C1 is not a curve point or C3 does not match. */
export function sm2Decrypt(key: Sm2Private, ciphertext: Uint8Array): Buffer | undefined {
  const bytes = Buffer.from(ciphertext);
  if (bytes.length < 65 + 32 || bytes[0] !== 0x04) return undefined;
  try {
    // On a C3 mismatch the library returns an empty array, which no wrapped key can be.
    const out = lib().doDecrypt(bytes.subarray(1).toString('hex'), key.d, 1, { output: 'array' });
    return out.length === bytes.length - 97 && out.length > 0 ? Buffer.from(out) : undefined;
  } catch {
    return undefined;
  }
}
