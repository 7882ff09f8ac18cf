// A device's encryption key bound to its signing key: the signing key signs the statement
// canonicalJson({device, format: "ducha-encryption-key/1", key, suite}) (docs/format.md §17.1), so checking
// the signing key's fingerprint in person vouches for the encryption key in the same `ducha-key` line.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { strictBase64 } from '../crypto/bytes.js';
import type { SuiteId } from '../crypto/types.js';
import { canonicalJson } from '../store/canonical.js';
import type { EncryptionKeyRow } from '../store/team-queries.js';
import type { Store } from '../store/store.js';

export const ENCRYPTION_KEY_FORMAT = 'ducha-encryption-key/1';

/** The statement a device's signing key signs for its encryption key. */
export function bindingStatement(suite: SuiteId, device: string, key: string): Buffer {
  return Buffer.from(canonicalJson({ device, format: ENCRYPTION_KEY_FORMAT, key, suite }), 'utf8');
}

/** Refuse an encryption key that is not of this database's suite or that `signingKey` did not sign for `device`. */
export function checkBinding(store: Store, device: string, signingKey: string, key: EncryptionKeyRow): void {
  const suite = store.crypto();
  suite.checkAgreementKey(key.publicKey); // InputError crypto-bad-key / crypto-wrong-suite
  const signature = strictBase64(key.signature);
  if (!signature || !suite.verify(signingKey, bindingStatement(suite.id, device, key.publicKey), signature)) {
    throw new InputError(t('sealed.badBinding', { device }), {
      hint: t('sealed.badBinding.hint'),
      code: 'key-binding',
    });
  }
}
