// What write and read commands share: the database path, opening it, and who the actor is.
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { dataDir } from '../paths.js';
import { getConfig } from '../config.js';
import type { Context } from './context.js';
import type { GlobalOptions } from './program.js';
import type { Store } from '../store/store.js';

export function dbPath(ctx: Context, options: GlobalOptions): string {
  const given = options.db ?? ctx.io.env.DUCHA_DB;
  return given ? resolve(ctx.io.cwd, given) : join(dataDir(ctx.io.env), 'ducha.db');
}

/** Open the database for a command; writers create it on first use. */
export async function withStore<T>(ctx: Context, options: GlobalOptions, mode: 'read' | 'write', fn: (store: Store) => T | Promise<T>): Promise<T> {
  const { openStore, sqliteError } = await import('../store/open.js');
  const file = dbPath(ctx, options);
  const store = openStore(file, { create: mode === 'write' });
  try {
    return await fn(store);
  } catch (error) {
    // SQLite failing mid-command (disk full, busy, read-only, damaged): its transaction wrote nothing.
    if ((error as { code?: unknown }).code !== undefined && String((error as { code: unknown }).code).startsWith('SQLITE_')) throw sqliteError(file, error);
    throw error;
  } finally {
    store.close();
  }
}

/** The name written into every event: --actor, DUCHA_ACTOR, or the profile's name. */
export function actorOf(ctx: Context, options: GlobalOptions): string {
  const actor = options.actor ?? ctx.io.env.DUCHA_ACTOR ?? getConfig(ctx.io.env, 'name');
  if (typeof actor !== 'string' || !actor.trim()) throw new InputError(t('actor.missing'), { hint: t('actor.missing.hint') });
  return actor.trim();
}

export function maxEvidenceMb(ctx: Context): number {
  return Number(getConfig(ctx.io.env, 'evidence.maxMB'));
}
