// Which devices' bundles this database accepts: its own key, and the keys trusted by name.
import { createPublicKey } from 'node:crypto';
import { readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { meta } from '../store/queries.js';
import { prepared } from '../store/prepared.js';
import type { Store } from '../store/store.js';
import { BundleReader } from './reader.js';
import { LIMITS, MAGIC, type Manifest } from './format.js';
import { INPUT_LIMITS, InputFileError, openInput } from '../util/input.js';

import { fingerprint } from './fingerprint.js';

export { fingerprint };

export interface DeviceKey {
  device: string;
  publicKey: string;
  fingerprint: string;
}

/** This device's key, as `ducha team key` prints it and `ducha team trust` reads it. */
export function ownKey(store: Store): DeviceKey {
  const publicKey = meta(store.db, 'public_key')!;
  return { device: store.device, publicKey, fingerprint: fingerprint(publicKey) };
}

export const keyLine = (k: DeviceKey) => `ducha-key ${k.device} ${k.publicKey}`;

/** A key given as a `ducha-key DEVICE KEY` line, a file holding one, or a bundle (its signer's key). */
export function readKey(arg: string): DeviceKey {
  const line = /^ducha-key\s+(\S+)\s+(\S+)\s*$/m;
  let text = arg;
  if (!line.test(arg)) {
    let bytes: Buffer;
    try {
      // A key file is one line; a bundle is only opened here for its magic, then read by BundleReader.
      const input = openInput(arg);
      try {
        const head = Buffer.alloc(MAGIC.length);
        const n = readSync(input.fd, head, 0, head.length, 0);
        bytes = head.subarray(0, n).toString('latin1') === MAGIC ? head : input.readAll(INPUT_LIMITS.key);
      } finally {
        input.close();
      }
    } catch (error) {
      if (error instanceof InputFileError && (error.reason === 'not-regular' || error.reason === 'too-large')) throw error;
      throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
    }
    if (bytes.subarray(0, MAGIC.length).toString('latin1') === MAGIC) {
      const reader = new BundleReader(arg);
      try {
        reader.magic();
        let manifest: Partial<Manifest> | null;
        try {
          manifest = JSON.parse(reader.section(LIMITS.manifestBytes).toString('utf8')) as Partial<Manifest> | null;
        } catch (error) {
          if (error instanceof InputError) throw error;
          manifest = null; // not JSON
        }
        // Only what a key needs is read here; `ducha import` checks the whole manifest and its signature.
        if (typeof manifest?.device !== 'string' || typeof manifest.publicKey !== 'string') throw new InputError(t('team.badManifest', { file: arg }), { hint: t('team.badKeyArg.hint'), code: 'bundle-format' });
        text = `ducha-key ${manifest.device} ${manifest.publicKey}`;
      } finally {
        reader.close();
      }
    } else text = bytes.toString('utf8');
  }
  const m = line.exec(text);
  if (!m) throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
  try {
    if (createPublicKey({ key: Buffer.from(m[2]!, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType !== 'ed25519') throw new Error();
  } catch {
    throw new InputError(t('team.badKeyArg', { arg }), { hint: t('team.badKeyArg.hint') });
  }
  return { device: m[1]!, publicKey: m[2]!, fingerprint: fingerprint(m[2]!) };
}

/** Trust a key under a name. A key already trusted keeps its row; a new name replaces the old one, and the
 * old name is returned so the caller can say so. */
export function trustKey(store: Store, key: DeviceKey, name: string): { known: boolean; previousName: string | null } {
  return store.write(() => {
    const known = prepared(store.db, 'SELECT public_key, name FROM devices WHERE device = ?').get(key.device) as { public_key: string; name: string | null } | undefined;
    if (known && known.public_key !== key.publicKey) throw new InputError(t('team.keyMismatch', { device: key.device }), { hint: t('team.keyMismatch.hint') });
    if (known) prepared(store.db, 'UPDATE devices SET name = ? WHERE device = ?').run(name, key.device);
    else prepared(store.db, 'INSERT INTO devices (device, public_key, name, added_at) VALUES (?, ?, ?, ?)').run(key.device, key.publicKey, name, store.now().toISOString());
    return { known: known !== undefined, previousName: known?.name ?? null };
  });
}

/** The trusted devices; this device's own row is named `selfName` (the profile's name), which it has nowhere else. */
export function trustedDevices(store: Store, selfName?: string): Array<DeviceKey & { name: string | null; addedAt: string; self: boolean }> {
  const rows = prepared(store.db, 'SELECT device, public_key, name, added_at FROM devices ORDER BY added_at, device').all() as Array<{ device: string; public_key: string; name: string | null; added_at: string }>;
  return rows.map((r) => {
    const self = r.device === store.device;
    return { device: r.device, publicKey: r.public_key, fingerprint: fingerprint(r.public_key), name: self ? (selfName ?? r.name) : r.name, addedAt: r.added_at, self };
  });
}
