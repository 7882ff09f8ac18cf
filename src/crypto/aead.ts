// Authenticated encryption in ducha's sealed format: AES-256-GCM for the default suite, SM4-CTR with
// HMAC-SM3 (encrypt-then-MAC) for the 国密 suite, both run by Node's OpenSSL.
//
//   sealed = version (0x01) ‖ alg ‖ nonce ‖ ciphertext ‖ tag
//   alg 0x01 AES-256-GCM:       nonce 12 random bytes, tag 16; GCM AAD = version ‖ alg ‖ aad
//   alg 0x02 SM4-CTR+HMAC-SM3:  nonce = 16-byte random initial counter block, tag 32;
//       encKey = HKDF-SM3(key, salt = "", info = "ducha/1 sm4-ctr key", 16)
//       macKey = HKDF-SM3(key, salt = "", info = "ducha/1 hmac-sm3 key", 32)
//       tag    = HMAC-SM3(macKey, version ‖ alg ‖ nonce ‖ u64be(len(aad)) ‖ aad ‖ ciphertext)
// The key is 32 bytes in both. `aad` (the caller's context: what the ciphertext belongs to) is
// authenticated, never stored.
//
// Deterministic sealing (sealDeterministic; used for interviewee names, so that equal names under one data key
// are equal ciphertext and a list of distinct names needs no decryption) replaces the random nonce by a
// synthetic one, as SIV does, and nothing else — the sealed format and `open` are the same:
//   alg 0x01: nonce = HMAC-SHA256(nonceKey, u64be(len(aad)) ‖ aad ‖ plaintext)[0..12],
//             nonceKey = HKDF-SHA256(key, salt = "", info = "ducha/1 synthetic nonce key", 32)
//   alg 0x02: iv    = HMAC-SM3(nonceKey, u64be(len(aad)) ‖ aad ‖ plaintext)[0..16],
//             nonceKey = HKDF-SM3(key, salt = "", info = "ducha/1 synthetic nonce key", 32)
// A nonce repeats only for the same plaintext and AAD, which then seal to the same bytes: no keystream is
// ever used for two different texts (beyond the chance collisions random nonces also have). What it shows is
// exactly equality: who reads the ciphertext learns which sealed texts are equal, not what they are.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomFillSync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { ByteReader, u64be } from './bytes.js';
import { badCiphertext, tampered, unknownVersion, wrongSuite } from './errors.js';
import { ALG, FORMAT_VERSION, type Aead, type SuiteId } from './types.js';

const EMPTY = Buffer.alloc(0);
const AEAD_SUITE: Record<number, SuiteId> = { [ALG.aes256gcm]: 'default', [ALG.sm4CtrHmacSm3]: 'gm' };
const GCM_NONCE = 12;
const GCM_TAG = 16;
const CTR_IV = 16;
const MAC_TAG = 32;

function checkKey(key: Uint8Array): KeyObject {
  if (key.length !== 32) throw new Error(`AEAD key must be 32 bytes, got ${key.length}`);
  return createSecretKey(Buffer.from(key)); // imported once: a protected database seals and opens many small fields
}

// Nonces are read from the CSPRNG 4 KiB at a time (one call instead of one per field sealed); each byte is
// handed out once and never reused.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;
function randomNonce(n: number): Buffer {
  if (used + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    used = 0;
  }
  return pool.subarray(used, (used += n));
}

/** Read version and alg; refuse another version, the other suite's algorithm, or anything unknown. */
function readHeader(sealed: Uint8Array, alg: number): ByteReader {
  const reader = new ByteReader(sealed);
  const version = reader.u8();
  if (version !== FORMAT_VERSION) throw unknownVersion(version);
  const found = reader.u8();
  if (found === alg) return reader;
  const other = AEAD_SUITE[found];
  if (other) throw wrongSuite(other, AEAD_SUITE[alg]!);
  throw badCiphertext();
}

const SYNTHETIC_INFO = 'ducha/1 synthetic nonce key';

/** The synthetic nonce maker of one key (see the header): HMAC under a key derived from it, cut to `n` bytes. */
function syntheticNonce(
  hash: 'sha256' | 'sm3',
  k: KeyObject,
  n: number,
): (plaintext: Uint8Array, aad: Uint8Array) => Buffer {
  let nonceKey: KeyObject | undefined; // derived when first needed: most seals are random
  return (plaintext, aad) => {
    nonceKey ??= createSecretKey(Buffer.from(hkdfSync(hash, k, EMPTY, SYNTHETIC_INFO, 32)));
    return createHmac(hash, nonceKey).update(u64be(aad.length)).update(aad).update(plaintext).digest().subarray(0, n);
  };
}

export function aes256gcm(key: Uint8Array): Aead {
  const k = checkKey(key);
  const header = Buffer.from([FORMAT_VERSION, ALG.aes256gcm]);
  const synthetic = syntheticNonce('sha256', k, GCM_NONCE);
  const sealWith = (nonce: Buffer, plaintext: Uint8Array, aad: Uint8Array) => {
    const cipher = createCipheriv('aes-256-gcm', k, nonce, { authTagLength: GCM_TAG });
    cipher.setAAD(aad.length === 0 ? header : Buffer.concat([header, aad]));
    const body = cipher.update(plaintext);
    const rest = cipher.final(); // empty for GCM
    return Buffer.concat([header, nonce, body, rest, cipher.getAuthTag()]);
  };
  return {
    seal: (plaintext, aad = EMPTY) => sealWith(randomNonce(GCM_NONCE), plaintext, aad),
    sealDeterministic: (plaintext, aad = EMPTY) => sealWith(synthetic(plaintext, aad), plaintext, aad),
    open(sealed, aad = EMPTY) {
      const reader = readHeader(sealed, ALG.aes256gcm);
      if (reader.remaining < GCM_NONCE + GCM_TAG) throw badCiphertext();
      const nonce = reader.take(GCM_NONCE);
      const body = reader.take(reader.remaining - GCM_TAG);
      const decipher = createDecipheriv('aes-256-gcm', k, nonce, { authTagLength: GCM_TAG });
      decipher.setAAD(aad.length === 0 ? header : Buffer.concat([header, aad]));
      decipher.setAuthTag(reader.rest());
      try {
        const clear = decipher.update(body);
        const rest = decipher.final(); // empty for GCM; throws when the tag does not match
        return rest.length === 0 ? clear : Buffer.concat([clear, rest]);
      } catch {
        throw tampered();
      }
    },
  };
}

export function sm4CtrHmacSm3(key: Uint8Array): Aead {
  const k = checkKey(key);
  const encKey = createSecretKey(Buffer.from(hkdfSync('sm3', k, EMPTY, 'ducha/1 sm4-ctr key', 16)));
  const macKey = createSecretKey(Buffer.from(hkdfSync('sm3', k, EMPTY, 'ducha/1 hmac-sm3 key', 32)));
  const header = Buffer.from([FORMAT_VERSION, ALG.sm4CtrHmacSm3]);
  const mac = (iv: Buffer, aad: Uint8Array, body: Buffer) =>
    createHmac('sm3', macKey).update(header).update(iv).update(u64be(aad.length)).update(aad).update(body).digest();
  const synthetic = syntheticNonce('sm3', k, CTR_IV);
  const sealWith = (iv: Buffer, plaintext: Uint8Array, aad: Uint8Array) => {
    const cipher = createCipheriv('sm4-ctr', encKey, iv);
    const update = cipher.update(plaintext);
    const rest = cipher.final(); // empty for CTR
    const body = rest.length === 0 ? update : Buffer.concat([update, rest]);
    return Buffer.concat([header, iv, body, mac(iv, aad, body)]);
  };
  return {
    seal: (plaintext, aad = EMPTY) => sealWith(randomNonce(CTR_IV), plaintext, aad),
    sealDeterministic: (plaintext, aad = EMPTY) => sealWith(synthetic(plaintext, aad), plaintext, aad),
    open(sealed, aad = EMPTY) {
      const reader = readHeader(sealed, ALG.sm4CtrHmacSm3);
      if (reader.remaining < CTR_IV + MAC_TAG) throw badCiphertext();
      const iv = reader.take(CTR_IV);
      const body = reader.take(reader.remaining - MAC_TAG);
      // Encrypt-then-MAC: nothing is decrypted before the tag checks out.
      if (!timingSafeEqual(reader.rest(), mac(iv, aad, body))) throw tampered();
      const decipher = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    },
  };
}
