// Which devices' bundles this database accepts: its own key, and the keys trusted by name. A device id has
// one form (d and 12 hex digits), a device keeps its key, and a key is trusted under one device id only.
import { readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { parsePublicKey, type KeyKind } from '../crypto/keys.js';
import { suiteName } from '../crypto/errors.js';
import { meta } from '../store/queries.js';
import {
  addDevice,
  allDevices,
  deviceOfKey,
  encryptionKeyOf,
  putEncryptionKeyOf,
  renameDevice,
  trustedDevice,
  type EncryptionKeyRow,
} from '../store/team-queries.js';
import { strictBase64 } from '../crypto/bytes.js';
import { checkBinding } from './binding.js';
import { SEALED_MAGIC } from './sealed.js';
import type { Store } from '../store/store.js';
import { BundleReader } from './reader.js';
import { LIMITS, MAGIC, MAGIC2, MAGIC_LENGTH, type Manifest } from './format.js';
import { ID } from './payload.js';
import { INPUT_LIMITS, InputFileError, openInput } from '../util/input.js';

import { fingerprint } from './fingerprint.js';

export { fingerprint };

export interface DeviceKey {
  device: string;
  publicKey: string;
  fingerprint: string;
  /** The device's encryption key and its signing key's signature of it (a `ducha-key` line of four fields). */
  encryption?: EncryptionKeyRow;
}

/** This device's key, as `ducha team key` prints it and `ducha team trust` reads it. */
export function ownKey(store: Store): DeviceKey {
  const publicKey = meta(store.db, 'public_key')!;
  const encryption = encryptionKeyOf(store.db, store.device);
  return {
    device: store.device,
    publicKey,
    fingerprint: fingerprint(publicKey),
    ...(encryption ? { encryption } : {}),
  };
}

/** `ducha-key DEVICE SIGNING-KEY [ENCRYPTION-KEY SIGNATURE]` (docs/format.md §17.1). */
export const keyLine = (k: DeviceKey) =>
  `ducha-key ${k.device} ${k.publicKey}${k.encryption ? ` ${k.encryption.publicKey} ${k.encryption.signature}` : ''}`;

/** A key given as a `ducha-key DEVICE KEY [ENCRYPTION-KEY SIGNATURE]` line, a file holding one, or a bundle (its signer's key). */
export function readKey(arg: string): DeviceKey {
  const line = /^ducha-key\s+(\S+)\s+(\S+)(?:\s+(\S+)\s+(\S+))?\s*$/m;
  let text = arg;
  if (!line.test(arg)) {
    let bytes: Buffer;
    try {
      // A key file is one line; a bundle is only opened here for its magic, then read by BundleReader.
      const input = openInput(arg);
      try {
        const head = Buffer.alloc(MAGIC_LENGTH);
        const n = readSync(input.fd, head, 0, head.length, 0);
        const magic = head.subarray(0, n).toString('latin1');
        bytes = magic === MAGIC || magic === MAGIC2 || magic === SEALED_MAGIC ? head : input.readAll(INPUT_LIMITS.key);
      } finally {
        input.close();
      }
    } catch (error) {
      if (error instanceof InputFileError && (error.reason === 'not-regular' || error.reason === 'too-large'))
        throw error;
      throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
    }
    if ([MAGIC, MAGIC2, SEALED_MAGIC].includes(bytes.subarray(0, MAGIC_LENGTH).toString('latin1'))) {
      const reader = new BundleReader(arg);
      try {
        // An encrypted bundle's clear header names its exporter's device and signing key, as a manifest does.
        if (reader.isSealed()) reader.read(MAGIC_LENGTH);
        else reader.magic();
        let manifest: Partial<Manifest> | null;
        try {
          manifest = JSON.parse(reader.section(LIMITS.manifestBytes).toString('utf8')) as Partial<Manifest> | null;
        } catch (error) {
          if (error instanceof InputError) throw error;
          manifest = null; // not JSON
        }
        // Only what a key needs is read here; `ducha import` checks the whole manifest and its signature.
        if (typeof manifest?.device !== 'string' || typeof manifest.publicKey !== 'string')
          throw new InputError(t('team.badManifest', { file: arg }), {
            hint: t('team.badKeyArg.hint'),
            code: 'bundle-format',
          });
        text = `ducha-key ${manifest.device} ${manifest.publicKey}`;
      } finally {
        reader.close();
      }
    } else text = bytes.toString('utf8');
  }
  const m = line.exec(text);
  if (!m) throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
  if (!ID.device.test(m[1]!))
    throw new InputError(t('integrity.badDeviceId', { device: m[1]! }), {
      hint: t('team.badKeyArg.hint'),
      code: 'bad-device',
    });
  // The key's layout only (Ed25519 or SM2): whether it belongs to this database's suite, and for SM2 whether
  // its point is on the curve, is trustKey's question (it has the suite).
  try {
    parsePublicKey(m[2]!, ['Ed25519', 'SM2'], 'default');
  } catch {
    throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
  }
  let encryption: EncryptionKeyRow | undefined;
  if (m[3] !== undefined) {
    // Its layout only here (X25519 or SM2, a signature in canonical base64); checkBinding verifies it.
    try {
      parsePublicKey(m[3], ['X25519', 'SM2'], 'default');
    } catch {
      throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
    }
    if (!strictBase64(m[4]!) || m[4]!.length > 200)
      throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
    encryption = { publicKey: m[3], signature: m[4]! };
  }
  return { device: m[1]!, publicKey: m[2]!, fingerprint: fingerprint(m[2]!), ...(encryption ? { encryption } : {}) };
}

/** The kind of a public key whose layout readKey accepted. */
const kindOf = (publicKey: string): KeyKind => (Buffer.from(publicKey, 'base64').length > 44 ? 'SM2' : 'Ed25519');

/** A key this database can trust: of its own suite (a team uses one), and a valid key of it. */
export function checkTrustable(store: Store, key: DeviceKey): void {
  const keySuite = kindOf(key.publicKey) === 'SM2' ? 'gm' : 'default';
  if (keySuite !== store.suite)
    throw new InputError(
      t('integrity.keyOtherSuite', { device: key.device, key: suiteName(keySuite), database: suiteName(store.suite) }),
      { hint: t('integrity.wrongSuite.hint'), code: 'key-suite' },
    );
  try {
    store.crypto().checkSigningKey(key.publicKey);
  } catch {
    throw new InputError(t('team.badKeyArg', { arg: key.publicKey }), { hint: t('team.badKeyArg.hint') });
  }
}

/** Trust a key under a name. A key already trusted keeps its row; a new name replaces the old one, and the
 * old name is returned so the caller can say so. */
export function trustKey(store: Store, key: DeviceKey, name: string): { known: boolean; previousName: string | null } {
  checkTrustable(store, key);
  if (key.encryption) checkBinding(store, key.device, key.publicKey, key.encryption);
  return store.write(() => {
    const known = trustedDevice(store.db, key.device);
    if (known && known.publicKey !== key.publicKey)
      throw new InputError(t('team.keyMismatch', { device: key.device }), { hint: t('team.keyMismatch.hint') });
    const elsewhere = known ? undefined : deviceOfKey(store.db, key.publicKey);
    if (elsewhere)
      throw new InputError(t('integrity.keyElsewhereTrust', { device: key.device, other: elsewhere }), {
        hint: t('team.keyMismatch.hint'),
        code: 'key-elsewhere',
      });
    if (known) renameDevice(store.db, key.device, name);
    else addDevice(store.db, key.device, key.publicKey, name, store.now().toISOString());
    // A line with an encryption key: kept, so that `export --to NAME` can encrypt to this device.
    if (key.encryption) putEncryptionKeyOf(store.db, key.device, key.encryption);
    return { known: known !== undefined, previousName: known?.name ?? null };
  });
}

/** The trusted devices; this device's own row is named `selfName` (the profile's name), which it has nowhere else. */
export function trustedDevices(
  store: Store,
  selfName?: string,
): Array<DeviceKey & { name: string | null; addedAt: string; self: boolean; encryptionKey: string | null }> {
  return allDevices(store.db).map((r) => {
    const self = r.device === store.device;
    const encryptionKey = encryptionKeyOf(store.db, r.device)?.publicKey ?? null;
    return {
      device: r.device,
      publicKey: r.publicKey,
      fingerprint: fingerprint(r.publicKey),
      name: self ? (selfName ?? r.name) : r.name,
      addedAt: r.addedAt,
      self,
      encryptionKey,
    };
  });
}
