// English messages of the crypto suites (each typed against its Chinese counterpart).
import type { crypto as zh } from '../zh/crypto.js';

export const crypto: Record<keyof typeof zh, string> = {
  'crypto.suite.default': 'the default suite (SHA-256, Ed25519)',
  'crypto.suite.gm': 'the 国密 suite (SM3, SM2, SM4)',
  'crypto.badPublicKey': 'not a valid {algorithm} public key',
  'crypto.badPublicKey.hint':
    'a public key is one line of base64 text given by ducha: copy the whole line without adding, removing or changing characters',
  'crypto.badPrivateKey': "this device's {algorithm} private key cannot be read: the key in the database is damaged",
  'crypto.badPrivateKey.hint': 'restore the database from a backup (a file made by ducha backup)',
  'crypto.wrongKeySuite': 'this is an {keyAlgorithm} key, but this database uses {suite} and needs an {algorithm} key',
  'crypto.wrongSuite': 'this data is encrypted with {other}, but this database uses {suite}',
  'crypto.oneSuite.hint':
    'an inspection team uses one suite: ask the sender to create their database with the same suite and send it again',
  'crypto.badCiphertext': 'the encrypted data is incomplete or in a format ducha does not recognise',
  'crypto.badCiphertext.hint': 'the file may be truncated, altered, or not made by ducha: ask the sender for it again',
  'crypto.unknownVersion': 'encrypted data of format version {version} is not recognised',
  'crypto.unknownVersion.hint': 'it may have been made by a newer ducha: upgrade ducha and try again',
  'crypto.tampered': 'cannot decrypt: wrong key, or the data was altered',
  'crypto.tampered.hint':
    'check that you use the right database and key; if the data came from someone else, ask them for it again',
  'crypto.notForYou':
    "this data can be decrypted only with these keys: {fingerprints}; this device's key {fingerprint} is not one of them",
  'crypto.notForYou.hint': 'ask the sender to export again for your public key (shown by ducha team key)',
  'crypto.wrongPassphrase': 'wrong passphrase (or the passphrase-protected data was altered)',
  'crypto.wrongPassphrase.hint':
    'passphrases are case-sensitive and tell full-width from half-width characters; if it is lost, use the recovery key shown when protection was turned on',
  'crypto.emptyPassphrase': 'the passphrase must not be empty',
  'crypto.gmUnavailable':
    'this Node.js has no SM3 or SM4 (its OpenSSL was built without the 国密 algorithms), so the 国密 suite cannot be used',
  'crypto.gmUnavailable.hint':
    'use an official Node.js build (its bundled OpenSSL has SM3 and SM4); some Linux distributions ship a Node.js linked to a system OpenSSL with them turned off',
  'crypto.unknownSuite': 'unknown suite "{suite}"',
  'crypto.unknownSuite.hint': 'the suites are: default, gm (国密)',
  'crypto.badKdfParams': 'the parameters of the passphrase protection are out of the allowed range',
  'crypto.recipients': 'encryption needs 1 to {max} recipients (the same public key counts once)',
  'crypto.recipients.hint': 'give one public key per recipient',
} as const;
