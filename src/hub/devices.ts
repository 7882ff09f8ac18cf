// `ducha hub trust`: the devices whose signed batches and bundles the hub accepts, with the same key
// formats and the same rules as `ducha team trust` (one key under one device id; a device keeps its key).
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { DeviceKey } from '../team/trust.js';
import { fingerprint } from '../team/fingerprint.js';
import type { HubClient } from './connect.js';
import { hubSuite } from './init.js';
import { suiteName } from '../crypto/errors.js';
import { loadSuite } from '../crypto/index.js';

export interface HubDevice extends DeviceKey {
  name: string;
  addedAt: string;
  addedBy: string;
}

export async function trustOnHub(
  client: HubClient,
  key: DeviceKey,
  name: string,
): Promise<{ known: boolean; previousName: string | null }> {
  if (!/^d[0-9a-f]{12}$/.test(key.device))
    throw new InputError(t('hub.badDevice', { device: key.device }), { hint: t('team.badKeyArg.hint') });
  // A key of the hub's suite (one suite per hub, chosen at hub init), and a valid one.
  const suite = await hubSuite(client);
  const keySuite = Buffer.from(key.publicKey, 'base64').length > 44 ? 'gm' : 'default';
  if (keySuite !== suite)
    throw new InputError(
      t('integrity.keyOtherSuite', { device: key.device, key: suiteName(keySuite), database: suiteName(suite) }),
      { hint: t('integrity.wrongSuite.hint'), code: 'key-suite' },
    );
  try {
    (await loadSuite(suite)).checkSigningKey(key.publicKey);
  } catch {
    throw new InputError(t('team.badKeyArg', { arg: key.publicKey }), { hint: t('team.badKeyArg.hint') });
  }
  await client.query('BEGIN');
  try {
    const rows = (
      await client.query<{ device: string; public_key: string; name: string }>(
        'SELECT device, public_key, name FROM devices WHERE device = $1 OR public_key = $2 FOR UPDATE',
        [key.device, key.publicKey],
      )
    ).rows;
    const same = rows.find((r) => r.device === key.device);
    if (same && same.public_key !== key.publicKey)
      throw new InputError(t('team.keyMismatch', { device: key.device }), { hint: t('team.keyMismatch.hint') });
    const other = rows.find((r) => r.device !== key.device);
    if (other)
      throw new InputError(t('hub.keyElsewhere', { device: other.device, name: other.name }), {
        hint: t('team.keyMismatch.hint'),
      });
    if (same) await client.query('UPDATE devices SET name = $2 WHERE device = $1', [key.device, name]);
    else
      await client.query('INSERT INTO devices (device, public_key, name) VALUES ($1, $2, $3)', [
        key.device,
        key.publicKey,
        name,
      ]);
    await client.query('COMMIT');
    return { known: same !== undefined, previousName: same?.name ?? null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export async function hubDevices(client: HubClient): Promise<HubDevice[]> {
  const rows = (
    await client.query<{ device: string; public_key: string; name: string; added_at: Date; added_by: string }>(
      'SELECT device, public_key, name, added_at, added_by FROM devices ORDER BY added_at, device',
    )
  ).rows;
  return rows.map((r) => ({
    device: r.device,
    publicKey: r.public_key,
    fingerprint: fingerprint(r.public_key),
    name: r.name,
    addedAt: r.added_at.toISOString(),
    addedBy: r.added_by,
  }));
}
