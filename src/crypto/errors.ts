// The typed errors of this module: every refusal is an InputError (exit 2 upstream) with a code that
// callers and tests can branch on, and a message and hint from the i18n catalogue.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { SuiteId } from './types.js';

export const suiteName = (id: SuiteId) => t(id === 'gm' ? 'crypto.suite.gm' : 'crypto.suite.default');

/** Not a canonical public key of the expected kind (`algorithm` names it: Ed25519, X25519, SM2). */
export const badPublicKey = (algorithm: string) =>
  new InputError(t('crypto.badPublicKey', { algorithm }), {
    code: 'crypto-bad-key',
    hint: t('crypto.badPublicKey.hint'),
  });

/** This device's own private key cannot be read: the database's key material is damaged. */
export const badPrivateKey = (algorithm: string) =>
  new InputError(t('crypto.badPrivateKey', { algorithm }), {
    code: 'crypto-bad-private-key',
    hint: t('crypto.badPrivateKey.hint'),
  });

/** A valid key of the other suite. */
export const wrongKeySuite = (keyAlgorithm: string, suite: SuiteId, algorithm: string) =>
  new InputError(t('crypto.wrongKeySuite', { keyAlgorithm, suite: suiteName(suite), algorithm }), {
    code: 'crypto-wrong-suite',
    hint: t('crypto.oneSuite.hint'),
  });

/** Encrypted data made with the other suite. */
export const wrongSuite = (other: SuiteId, suite: SuiteId) =>
  new InputError(t('crypto.wrongSuite', { other: suiteName(other), suite: suiteName(suite) }), {
    code: 'crypto-wrong-suite',
    hint: t('crypto.oneSuite.hint'),
  });

/** Truncated, not ducha's, or a field out of range. */
export const badCiphertext = () =>
  new InputError(t('crypto.badCiphertext'), { code: 'crypto-bad-ciphertext', hint: t('crypto.badCiphertext.hint') });

export const unknownVersion = (version: number) =>
  new InputError(t('crypto.unknownVersion', { version }), {
    code: 'crypto-bad-ciphertext',
    hint: t('crypto.unknownVersion.hint'),
  });

/** Authentication failed: wrong key or altered bytes (the two cannot be told apart, by design). */
export const tampered = () =>
  new InputError(t('crypto.tampered'), { code: 'crypto-tampered', hint: t('crypto.tampered.hint') });

export const notForYou = (fingerprints: string[], fingerprint: string) =>
  new InputError(t('crypto.notForYou', { fingerprints: fingerprints.join(', '), fingerprint }), {
    code: 'crypto-not-for-you',
    hint: t('crypto.notForYou.hint'),
  });

export const wrongPassphrase = () =>
  new InputError(t('crypto.wrongPassphrase'), {
    code: 'crypto-wrong-passphrase',
    hint: t('crypto.wrongPassphrase.hint'),
  });

export const emptyPassphrase = () => new InputError(t('crypto.emptyPassphrase'), { code: 'crypto-empty-passphrase' });

export const gmUnavailable = () =>
  new InputError(t('crypto.gmUnavailable'), { code: 'crypto-gm-unavailable', hint: t('crypto.gmUnavailable.hint') });

export const unknownSuite = (suite: string) =>
  new InputError(t('crypto.unknownSuite', { suite }), {
    code: 'crypto-unknown-suite',
    hint: t('crypto.unknownSuite.hint'),
  });

export const badKdfParams = () =>
  new InputError(t('crypto.badKdfParams'), { code: 'crypto-bad-ciphertext', hint: t('crypto.badCiphertext.hint') });

export const badRecipients = (max: number) =>
  new InputError(t('crypto.recipients', { max }), { code: 'crypto-recipients', hint: t('crypto.recipients.hint') });
