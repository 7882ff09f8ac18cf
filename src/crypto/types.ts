// The shape every crypto suite has, and the byte values that name suites and algorithms in ducha's
// binary formats (README.md beside this file describes each format byte by byte).

export type SuiteId = 'default' | 'gm';

export const SUITE_IDS: readonly SuiteId[] = ['default', 'gm'];

export function isSuiteId(value: unknown): value is SuiteId {
  return value === 'default' || value === 'gm';
}

/** Version byte that opens every binary format of this module. */
export const FORMAT_VERSION = 1;

/** One byte per suite where a format names the suite (envelopes). */
export const SUITE_BYTE: Record<SuiteId, number> = { default: 0x01, gm: 0x02 };

/** One byte per algorithm where a format names the algorithm. Never reuse a value. */
export const ALG = {
  aes256gcm: 0x01,
  sm4CtrHmacSm3: 0x02,
  x25519HkdfSha256Aes256gcm: 0x03,
  sm2EncryptC1C3C2: 0x04,
  scrypt: 0x05,
  pbkdf2HmacSm3: 0x06,
} as const;

/** A streaming hash: feed it in pieces, read the digest once. */
export interface Hasher {
  update(data: Uint8Array | string): Hasher;
  digest(): Buffer;
  digestHex(): string;
}

/**
 * A key pair as text. `publicKey`: base64 of the SubjectPublicKeyInfo DER (canonical: one key has exactly
 * one text). `privateKey`: base64 of the PKCS#8 DER. Signing and agreement keys are separate pairs.
 */
export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** Authenticated encryption under one 32-byte key; `aad` is authenticated but not stored. */
export interface Aead {
  /** Sealed under a fresh random nonce: the same text gives different bytes each time. */
  seal(plaintext: Uint8Array, aad?: Uint8Array): Buffer;
  /**
   * Sealed under a synthetic nonce derived from the key, `aad` and `plaintext` (src/crypto/aead.ts): the same
   * text under the same key and AAD gives the same bytes, so equality of texts shows; `open` reads it as any other.
   */
  sealDeterministic(plaintext: Uint8Array, aad?: Uint8Array): Buffer;
  /** Throws InputError (code crypto-tampered / crypto-bad-ciphertext / crypto-wrong-suite). */
  open(sealed: Uint8Array, aad?: Uint8Array): Buffer;
}

export interface SuiteAlgorithms {
  hash: string;
  signature: string;
  aead: string;
  keyWrap: string;
  passphraseKdf: string;
}

export interface Suite {
  readonly id: SuiteId;
  readonly algorithms: SuiteAlgorithms;
  /** The AEAD algorithm byte this suite writes (and the only one it opens). */
  readonly aeadAlg: number;
  /** The key-wrap algorithm byte and the fixed length of one wrapped key. */
  readonly wrapAlg: number;
  readonly wrapLength: number;
  /** The passphrase KDF algorithm byte. */
  readonly kdfAlg: number;

  /** Hex digest of `data` (strings are hashed as UTF-8). */
  hash(data: Uint8Array | string): string;
  createHasher(): Hasher;

  generateSigningKey(): KeyPair;
  /** The public key belonging to a private key (both as text). */
  signingPublicKey(privateKey: string): string;
  /** A signature over `data` (Ed25519: 64 bytes; SM2: r‖s, 64 bytes). */
  sign(privateKey: string, data: Uint8Array): Buffer;
  /** False for a wrong or malformed signature; throws InputError only when the public key is unusable. */
  verify(publicKey: string, data: Uint8Array, signature: Uint8Array): boolean;
  /** Throws InputError unless `publicKey` is a canonical signing key of this suite. */
  checkSigningKey(publicKey: string): void;

  generateAgreementKey(): KeyPair;
  /** Throws InputError unless `publicKey` is a canonical agreement (encryption) key of this suite. */
  checkAgreementKey(publicKey: string): void;
  /** Encrypt a 32-byte content key to a recipient's agreement key: exactly `wrapLength` bytes. */
  wrapKey(recipientPublicKey: string, contentKey: Uint8Array): Buffer;
  /** The content key, or InputError crypto-tampered when it does not open with this private key. */
  unwrapKey(privateKey: string, wrapped: Uint8Array): Buffer;

  /** First 16 bytes of the suite hash of the key's DER: the key id inside envelopes. */
  keyId(publicKey: string): Buffer;
  /** keyId as hex in groups of four, e.g. `3f2a:9c01:…` (8 groups). */
  fingerprint(publicKey: string): string;

  /** An AEAD under a 32-byte key. */
  aead(key: Uint8Array): Aead;
}
