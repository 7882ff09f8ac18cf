// Encryption keys for encrypted bundles: this device's (a key pair of its own, made on first need and bound to
// the signing key by a signature), other devices' (learned from their `ducha-key` line by `team trust`), and
// `export --to` resolved into recipients — a key line, a file holding one, or a trusted device's id or name.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { KeyPair } from '../crypto/types.js';
import { ENCRYPTION_KEY_LABEL, encryptionKeyRecord, privateKeyText, putEncryptionKey } from '../store/device-key.js';
import {
  allDevices,
  encryptionKeyOf,
  putEncryptionKeyOf,
  trustedDevice,
  type EncryptionKeyRow,
} from '../store/team-queries.js';
import type { Store } from '../store/store.js';
import { bindingStatement, checkBinding } from './binding.js';
import { fingerprint } from './fingerprint.js';
import { MAX_RECIPIENTS, type RecipientKey } from './sealed.js';
import { checkTrustable, readKey } from './trust.js';

/** This device's encryption public key and its binding; made (one write) when there is none yet and `make` is set. */
export function ownEncryptionKey(store: Store, make: boolean): EncryptionKeyRow | undefined {
  const known = encryptionKeyOf(store.db, store.device);
  if (known || !make) return known;
  return store.write(() => {
    const pair = store.crypto().generateAgreementKey();
    // On a protected database the private key is kept sealed with the data key (issue 17: a lost file opens nothing).
    const sealed =
      store.dataKeyId === undefined
        ? undefined
        : store.fieldCipher().lockOwn(ENCRYPTION_KEY_LABEL, Buffer.from(pair.privateKey, 'base64'));
    putEncryptionKey(store.db, store.suite, pair, sealed);
    const key = {
      publicKey: pair.publicKey,
      signature: store.sign(bindingStatement(store.suite, store.device, pair.publicKey)).toString('base64'),
    };
    putEncryptionKeyOf(store.db, store.device, key);
    return key;
  });
}

/** This device's encryption key pair, for opening a bundle sealed to it; undefined when it has none. */
export function ownEncryptionPair(store: Store): KeyPair | undefined {
  const record = encryptionKeyRecord(store.db);
  if (!record) return undefined;
  const privateKey =
    record.protection === 'data-key'
      ? store.fieldCipher().openOwn(ENCRYPTION_KEY_LABEL, record.secret).toString('base64')
      : privateKeyText(record);
  return { publicKey: record.publicKey, privateKey };
}

export interface ResolvedRecipient extends RecipientKey {
  /** The name the device is trusted under here, if it is. */
  name: string | null;
  /** The fingerprint of the device's signing key (what people check in person): the same as `team list`. */
  fingerprint: string;
}

/** `--to` arguments as recipients: a `ducha-key` line, a trusted device's id or name, or a file holding a line. */
export function resolveRecipients(store: Store, args: readonly string[], cwd: string): ResolvedRecipient[] {
  const out = new Map<string, ResolvedRecipient>();
  const devices = allDevices(store.db);
  for (const arg of args) {
    const byDevice = arg.includes('ducha-key')
      ? []
      : devices.filter((d) => d.device === arg || (d.name !== null && d.name === arg));
    if (byDevice.length > 1)
      throw new InputError(t('sealed.ambiguous', { arg, devices: byDevice.map((d) => d.device).join('、') }), {
        hint: t('sealed.ambiguous.hint'),
        code: 'recipient-ambiguous',
      });
    let recipient: ResolvedRecipient;
    if (byDevice.length === 1) {
      const d = byDevice[0]!;
      const key = encryptionKeyOf(store.db, d.device);
      if (!key)
        throw new InputError(t('sealed.noEncryptionKey', { who: d.name ?? d.device }), {
          hint: t('sealed.noEncryptionKey.hint', { who: d.name ?? d.device }),
          code: 'recipient-no-key',
        });
      checkBinding(store, d.device, d.publicKey, key);
      recipient = { device: d.device, publicKey: key.publicKey, name: d.name, fingerprint: fingerprint(d.publicKey) };
    } else {
      if (!arg.includes('ducha-key') && !existsSync(resolve(cwd, arg)))
        throw new InputError(t('sealed.unknownRecipient', { arg }), {
          hint: t('sealed.unknownRecipient.hint'),
          code: 'recipient-unknown',
        });
      const line = readKey(arg.includes('ducha-key') ? arg : resolve(cwd, arg));
      if (!line.encryption)
        throw new InputError(t('sealed.lineWithoutKey', { arg: line.device }), {
          hint: t('sealed.lineWithoutKey.hint'),
          code: 'recipient-no-key',
        });
      checkTrustable(store, line);
      const trusted = trustedDevice(store.db, line.device);
      if (trusted && trusted.publicKey !== line.publicKey)
        throw new InputError(t('team.keyMismatch', { device: line.device }), { hint: t('team.keyMismatch.hint') });
      checkBinding(store, line.device, line.publicKey, line.encryption);
      recipient = {
        device: line.device,
        publicKey: line.encryption.publicKey,
        name: trusted?.name ?? null,
        fingerprint: line.fingerprint,
      };
    }
    out.set(`${recipient.device} ${recipient.publicKey}`, recipient);
  }
  if (out.size > MAX_RECIPIENTS)
    throw new InputError(t('crypto.recipients', { max: MAX_RECIPIENTS }), {
      hint: t('crypto.recipients.hint'),
      code: 'crypto-recipients',
    });
  return [...out.values()];
}
