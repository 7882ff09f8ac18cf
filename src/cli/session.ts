// What write and read commands share: the database path, opening it, and who the actor is.
import { statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { dataDir } from '../paths.js';
import { getConfig } from '../config.js';
import type { Context } from './context.js';
import type { GlobalOptions } from './program.js';
import type { Store } from '../store/store.js';

export function dbPath(ctx: Context, options: GlobalOptions): string {
  const given = options.db ?? ctx.io.env.DUCHA_DB;
  return given ? resolve(ctx.io.cwd, given) : defaultDb(ctx);
}

const defaultDb = (ctx: Context) => join(dataDir(ctx.io.env), 'ducha.db');

/**
 * How a command uses the database: `read` opens it read-only (never writing the file), `write` needs it to
 * exist, `create` may make it — only the commands that create data (inspection new, import, the home menu,
 * team key and team trust), and only at the default path or in a folder that exists. `preview` (import
 * --dry-run) writes and rolls back: on a laptop with no database yet it works on an empty one in memory,
 * so a bundle can be looked at before anything is created.
 */
export type StoreMode = 'read' | 'write' | 'create' | 'preview';

/** Refuse, before SQLite sees it, a path that is not (and for `create`: cannot become) a database. */
function checkPath(ctx: Context, options: GlobalOptions, file: string, mode: StoreMode): void {
  let stat: Stats | undefined;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw new InputError(t('store.isDirectory', { file }), { hint: t('store.isDirectory.hint'), code: 'db-not-file' });
  if (stat && !(stat.isFile() && stat.size === 0)) return;
  const explicit = Boolean(options.db ?? ctx.io.env.DUCHA_DB);
  if (mode === 'create') {
    // The default data folder is made on first use; a folder named by hand must exist (a typo makes no tree).
    if (explicit && !statSync(dirname(file), { throwIfNoEntry: false })?.isDirectory()) {
      throw new InputError(t('store.noDir', { dir: dirname(file) }), { hint: t('store.noDir.hint', { file: defaultDb(ctx) }), code: 'no-database' });
    }
    return;
  }
  const hint = explicit ? t('store.notFound.hintGiven', { file: defaultDb(ctx) }) : t('store.notFound.hintDefault', { file: defaultDb(ctx) });
  throw new InputError(t(stat ? 'store.emptyFile' : 'store.notFound', { file }), { hint, code: 'no-database' });
}

/** The database path, refused early when it cannot serve `mode` (for commands that open it themselves). */
export function databaseFile(ctx: Context, options: GlobalOptions, mode: StoreMode): string {
  const file = dbPath(ctx, options);
  checkPath(ctx, options, file, mode);
  return file;
}

/** Open the database for a command (see StoreMode), run `fn`, and close it. */
export async function withStore<T>(ctx: Context, options: GlobalOptions, mode: StoreMode, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const { openStore, openMemoryStore, sqliteError } = await import('../store/open.js');
  // A preview with no database yet works in memory — only at the default path: a --db that names nothing is a typo.
  const explicit = Boolean(options.db ?? ctx.io.env.DUCHA_DB);
  const file = databaseFile(ctx, options, mode === 'preview' ? (explicit ? 'write' : 'create') : mode);
  const fresh = mode === 'preview' && !(statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  // The command's clock dates its events, as it dates everything else the command does (Context.now).
  const clock = ctx.now;
  const store = fresh ? openMemoryStore({ clock }) : openStore(file, mode === 'read' ? { readonly: true, upgrade: true, clock } : { create: mode === 'create', clock });
  try {
    return await fn(store);
  } catch (error) {
    // SQLite failing mid-command (disk full, busy, read-only, damaged): the failing transaction wrote nothing,
    // but earlier ones of this command may have been saved — the message says which.
    if ((error as { code?: unknown }).code !== undefined && String((error as { code: unknown }).code).startsWith('SQLITE_')) throw sqliteError(file, error, { saved: store.commits });
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

/** This device's name: the profile's, else DUCHA_ACTOR (not --actor, which names who types one command). */
export function selfName(ctx: Context): string | undefined {
  const name = getConfig(ctx.io.env, 'name') ?? ctx.io.env.DUCHA_ACTOR;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

export function maxEvidenceMb(ctx: Context): number {
  return Number(getConfig(ctx.io.env, 'evidence.maxMB'));
}
