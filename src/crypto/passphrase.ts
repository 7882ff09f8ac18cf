// Protecting a secret (a private key, a data key) with a passphrase: the suite's passphrase KDF turns the
// passphrase into a 32-byte key that seals the secret in the suite's AEAD.
//
//   locked = "DCPW" ‖ version 0x01 ‖ kdfAlg ‖ params ‖ salt (16 random bytes) ‖ sealed
//     kdfAlg 0x05 scrypt (RFC 7914):                      params = log2(N) (1) ‖ r (1) ‖ p (1)
//     kdfAlg 0x06 PBKDF2-HMAC-SM3 (GM/T 0091-2020 §6):   params = iterations (u32be)
//   key    = KDF(UTF-8 of the NFC-normalised passphrase, salt, params, 32 bytes)
//   sealed = the suite's AEAD format under key, AAD = every byte before it (so no parameter can be lowered)
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { InputError } from '../errors.js';
import { ByteReader } from './bytes.js';
import { badCiphertext, badKdfParams, emptyPassphrase, unknownVersion, wrongPassphrase, wrongSuite } from './errors.js';
import { ALG, FORMAT_VERSION, type Suite } from './types.js';

export const LOCK_MAGIC = Buffer.from('DCPW', 'latin1');

/** Costs written by default: OWASP's scrypt minimum (N=2^17, r=8, p=1); PBKDF2 at OWASP's SHA-256 count. */
export const DEFAULT_COST = { scryptLog2N: 17, scryptR: 8, scryptP: 1, pbkdf2Iterations: 600_000 } as const;

export interface KdfCost {
  scryptLog2N?: number;
  pbkdf2Iterations?: number;
}

// What a reader accepts: wide enough for tests' cheap settings and future raises, narrow enough that a
// hostile file cannot make unlocking take minutes or gigabytes.
const MAX_SCRYPT_MEMORY = 512 * 1024 * 1024;
const PBKDF2_ITERATIONS = { min: 1_000, max: 10_000_000 };

function passphraseBytes(passphrase: string): Buffer {
  if (passphrase.length === 0) throw emptyPassphrase();
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

function scryptMemory(log2N: number, r: number, p: number): number {
  return 128 * r * (2 ** log2N + 2) + 128 * r * p;
}

const scryptAllowed = (log2N: number, r: number, p: number) =>
  Number.isInteger(log2N) &&
  log2N >= 10 &&
  r >= 1 &&
  r <= 32 &&
  p >= 1 &&
  p <= 16 &&
  scryptMemory(log2N, r, p) <= MAX_SCRYPT_MEMORY;
const pbkdf2Allowed = (iterations: number) =>
  Number.isInteger(iterations) && iterations >= PBKDF2_ITERATIONS.min && iterations <= PBKDF2_ITERATIONS.max;

export function deriveScrypt(pass: Uint8Array, salt: Uint8Array, log2N: number, r: number, p: number): Buffer {
  const maxmem = scryptMemory(log2N, r, p) + 1024 * 1024;
  return scryptSync(pass, salt, 32, { N: 2 ** log2N, r, p, maxmem });
}

export function derivePbkdf2Sm3(pass: Uint8Array, salt: Uint8Array, iterations: number): Buffer {
  return pbkdf2Sync(pass, salt, iterations, 32, 'sm3');
}

/** Lock `secret` under `passphrase` with the suite's KDF and AEAD. */
export function lockWithPassphrase(suite: Suite, passphrase: string, secret: Uint8Array, cost: KdfCost = {}): Buffer {
  const pass = passphraseBytes(passphrase);
  const salt = randomBytes(16);
  let params: Buffer;
  let key: Buffer;
  if (suite.kdfAlg === ALG.scrypt) {
    const log2N = cost.scryptLog2N ?? DEFAULT_COST.scryptLog2N;
    if (!scryptAllowed(log2N, DEFAULT_COST.scryptR, DEFAULT_COST.scryptP))
      throw new RangeError(`scrypt log2(N) ${log2N} is outside what unlocking accepts`);
    params = Buffer.from([log2N, DEFAULT_COST.scryptR, DEFAULT_COST.scryptP]);
    key = deriveScrypt(pass, salt, log2N, DEFAULT_COST.scryptR, DEFAULT_COST.scryptP);
  } else {
    const iterations = cost.pbkdf2Iterations ?? DEFAULT_COST.pbkdf2Iterations;
    if (!pbkdf2Allowed(iterations))
      throw new RangeError(`PBKDF2 iterations ${iterations} are outside what unlocking accepts`);
    params = Buffer.alloc(4);
    params.writeUInt32BE(iterations);
    key = derivePbkdf2Sm3(pass, salt, iterations);
  }
  const prefix = Buffer.concat([LOCK_MAGIC, Buffer.from([FORMAT_VERSION, suite.kdfAlg]), params, salt]);
  return Buffer.concat([prefix, suite.aead(key).seal(secret, prefix)]);
}

/** The secret, or InputError crypto-wrong-passphrase (a wrong passphrase and an altered file look the same). */
export function unlockWithPassphrase(suite: Suite, locked: Uint8Array, passphrase: string): Buffer {
  const pass = passphraseBytes(passphrase);
  const reader = new ByteReader(locked);
  if (!reader.take(LOCK_MAGIC.length).equals(LOCK_MAGIC)) throw badCiphertext();
  const version = reader.u8();
  if (version !== FORMAT_VERSION) throw unknownVersion(version);
  const kdfAlg = reader.u8();
  if (kdfAlg !== suite.kdfAlg) {
    if (kdfAlg === ALG.scrypt || kdfAlg === ALG.pbkdf2HmacSm3)
      throw wrongSuite(kdfAlg === ALG.scrypt ? 'default' : 'gm', suite.id);
    throw badCiphertext();
  }
  let derive: (salt: Buffer) => Buffer;
  if (kdfAlg === ALG.scrypt) {
    const [log2N, r, p] = [reader.u8(), reader.u8(), reader.u8()];
    if (!scryptAllowed(log2N, r, p)) throw badKdfParams();
    derive = (salt) => deriveScrypt(pass, salt, log2N, r, p);
  } else {
    const iterations = reader.u32();
    if (!pbkdf2Allowed(iterations)) throw badKdfParams();
    derive = (salt) => derivePbkdf2Sm3(pass, salt, iterations);
  }
  const key = derive(reader.take(16));
  const prefix = reader.consumed();
  try {
    return suite.aead(key).open(reader.rest(), prefix);
  } catch (error) {
    if (error instanceof InputError && error.code === 'crypto-tampered') throw wrongPassphrase();
    throw error;
  }
}
