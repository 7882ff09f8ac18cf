// What hub commands share: which hub (--hub, DUCHA_HUB, or `hub.url` in the profile) and a connection that
// is always closed, with PostgreSQL's failures turned into messages.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { getConfig } from '../config.js';
import type { Context } from './context.js';
import type { HubClient } from '../hub/connect.js';
import type { Store } from '../store/store.js';
import type { Redactor } from '../report/redact.js';
import type { GlobalOptions } from './program.js';
import { dbPath, withStore } from './session.js';
import { statSync } from 'node:fs';
import type { FieldMap } from '../store/confidential.js';
import type { FieldCipher } from '../store/field-cipher.js';

export interface HubOptions {
  /** A URL, or true for `--hub` without one (the configured hub). */
  hub?: string | boolean;
}

export function hubUrl(ctx: Context, options: HubOptions): string {
  const url =
    typeof options.hub === 'string' ? options.hub : (ctx.io.env.DUCHA_HUB ?? getConfig(ctx.io.env, 'hub.url'));
  if (typeof url !== 'string' || !url.trim()) throw new InputError(t('hub.noUrl'), { hint: t('hub.noUrl.hint') });
  return url.trim();
}

/** Connect, run, close; a server that fails or goes away mid-command becomes a message (its transaction wrote nothing). */
export async function withHub<T>(
  url: string,
  fn: (client: HubClient) => Promise<T>,
  options: { check?: boolean } = {},
): Promise<T> {
  const { connectHub, hubError } = await import('../hub/connect.js');
  const client = await connectHub(url);
  try {
    if (options.check !== false) await (await import('../hub/init.js')).checkHub(client);
    return await fn(client);
  } catch (error) {
    throw hubError(url, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The warning about stored names the redactor could not match (the hub's outputs name no record). */
export function hubRedactionWarnings(
  ctx: Context,
  skipped: readonly string[],
): Array<{ file: null; line: null; column: null; code: string; severity: 'warning'; message: string }> {
  if (skipped.length === 0) return [];
  const message = t('hub.redactionSkipped', { n: skipped.length });
  if (!ctx.json) ctx.err(ctx.errColour.yellow(`${t('cli.warningLabel')}${message}`));
  return [{ file: null, line: null, column: null, code: 'redaction-skipped', severity: 'warning', message }];
}

/** How a --hub output opens the hub's encrypted texts: `open` one field; `cipher` for a copy of the hub's events. */
export interface HubKeys {
  open: FieldMap;
  cipher?: () => FieldCipher;
}

/**
 * Run `fn` with this laptop's keys for the hub's encrypted texts (issue 17's fields, pushed as they are stored):
 * its database's own data key and those sealed bundles brought it (a lead's members', a commission's teams'),
 * opened only when ciphertext is met — with DUCHA_PASSPHRASE or an unlock, else key-locked. Without a database,
 * or one without a data key, clear text passes and ciphertext is refused (data-key-unknown): the hub holds no key.
 */
export async function withHubKeys<T>(
  ctx: Context,
  options: GlobalOptions,
  fn: (keys: HubKeys) => Promise<T>,
): Promise<T> {
  const { clearOnly } = await import('../hub/read.js');
  if (!(statSync(dbPath(ctx, options), { throwIfNoEntry: false })?.size ?? 0)) return fn({ open: clearOnly });
  return withStore(ctx, options, 'read', (store) =>
    store.dataKeyId === undefined
      ? fn({ open: clearOnly })
      : fn({ open: (field, value) => store.openText(field, value) as string, cipher: () => store.fieldCipher() }),
  );
}

/**
 * The database a per-inspection command reads: the laptop's, or with --hub the named inspections copied from
 * the hub into memory (with the redactor of every name the hub holds).
 */
export async function withSource<T>(
  ctx: Context,
  options: GlobalOptions & HubOptions & { revealIdentities?: boolean },
  ids: readonly (string | undefined)[],
  fn: (store: Store, hubRedactor?: Redactor) => Promise<T>,
  mode: 'read' | 'write' = 'read',
): Promise<T> {
  if (!options.hub) return withStore(ctx, options, mode, (store) => fn(store));
  const { findHubInspection, hubRedactor } = await import('../hub/read.js');
  const { hubSlice } = await import('../hub/slice.js');
  return withHubKeys(ctx, options, (keys) =>
    withHub(hubUrl(ctx, options), async (client) => {
      const found: string[] = [];
      for (const id of ids) {
        if (id === undefined) throw new InputError(t('hub.inspectionNeeded'), { hint: t('hub.inspectionNeeded.hint') });
        found.push((await findHubInspection(client, id)).id);
      }
      const redactor = await hubRedactor(client, options.revealIdentities ?? false, keys.open);
      const store = await hubSlice(client, found);
      // The copy's encrypted texts open with this laptop's keys (none: refused when met, data-key-unknown).
      if (keys.cipher) store.useFieldCipher(keys.cipher);
      try {
        return await fn(store, redactor);
      } finally {
        store.close();
      }
    }),
  );
}
