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
import { loadSuite, type Suite, type SuiteId } from '../crypto/index.js';
import { suiteName } from '../crypto/errors.js';
// Imported, not loaded on demand: the build puts them in the chunk every database command loads anyway, and an
// `await import()` of a module inside that chunk costs a file of its own (scripts/build.mjs).
import { openMemoryStore, openStore, sqliteError } from '../store/open.js';
import { provideDataKey, provideKey } from './key-access.js';

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
 * so a bundle can be looked at before anything is created. `keys` (protect, unlock) writes only the key record
 * and gets the passphrase itself. In `write` and `create`, a passphrase-protected key is unlocked before the
 * command runs (cli/key-access.ts): every write is signed.
 */
export type StoreMode = 'read' | 'write' | 'create' | 'preview' | 'keys';

/** Refuse, before SQLite sees it, a path that is not (and for `create`: cannot become) a database. */
function checkPath(ctx: Context, options: GlobalOptions, file: string, mode: StoreMode): void {
  let stat: Stats | undefined;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory())
    throw new InputError(t('store.isDirectory', { file }), { hint: t('store.isDirectory.hint'), code: 'db-not-file' });
  if (stat && !(stat.isFile() && stat.size === 0)) return;
  const explicit = Boolean(options.db ?? ctx.io.env.DUCHA_DB);
  if (mode === 'create') {
    // The default data folder is made on first use; a folder named by hand must exist (a typo makes no tree).
    if (explicit && !statSync(dirname(file), { throwIfNoEntry: false })?.isDirectory()) {
      throw new InputError(t('store.noDir', { dir: dirname(file) }), {
        hint: t('store.noDir.hint', { file: defaultDb(ctx) }),
        code: 'no-database',
      });
    }
    return;
  }
  const hint = explicit
    ? t('store.notFound.hintGiven', { file: defaultDb(ctx) })
    : t('store.notFound.hintDefault', { file: defaultDb(ctx) });
  throw new InputError(t(stat ? 'store.emptyFile' : 'store.notFound', { file }), { hint, code: 'no-database' });
}

/** The database path, refused early when it cannot serve `mode` (for commands that open it themselves). */
export function databaseFile(ctx: Context, options: GlobalOptions, mode: StoreMode): string {
  const file = dbPath(ctx, options);
  checkPath(ctx, options, file, mode);
  return file;
}

/**
 * The crypto suite a database made now takes: --suite, else DUCHA_SUITE, else the `suite` setting, else
 * `fallback` (an import on a fresh laptop: the bundle's), else the default. Chosen once, recorded in it.
 */
export function chosenSuite(
  ctx: Context,
  options: { suite?: string },
  fallback?: SuiteId,
): { suite: SuiteId; explicit: boolean } {
  const given = options.suite ?? ctx.io.env.DUCHA_SUITE;
  if (given !== undefined) {
    if (given !== 'default' && given !== 'gm')
      throw new InputError(t('integrity.badSuiteOption', { value: given }), { code: 'usage' });
    return { suite: given, explicit: options.suite !== undefined };
  }
  const configured = getConfig(ctx.io.env, 'suite');
  if (configured === 'gm' || configured === 'default') return { suite: configured, explicit: false };
  return { suite: fallback ?? 'default', explicit: false };
}

/**
 * Open the database for a command (see StoreMode), run `fn`, and close it. A command that may write gets the
 * database's crypto suite loaded (every write ends with this device's signature); a database made here takes
 * the suite `chosenSuite` names (`suiteFallback`: an import's bundle's).
 */
export async function withStore<T>(
  ctx: Context,
  options: GlobalOptions & { suite?: string },
  mode: StoreMode,
  fn: (store: Store) => T | Promise<T>,
  suiteFallback?: SuiteId,
): Promise<T> {
  // A preview with no database yet works in memory — only at the default path: a --db that names nothing is a typo.
  const explicit = Boolean(options.db ?? ctx.io.env.DUCHA_DB);
  const file = databaseFile(ctx, options, mode === 'preview' ? (explicit ? 'write' : 'create') : mode);
  const empty = !(statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  const fresh = mode === 'preview' && empty;
  let suite: Suite | undefined;
  const choice = mode === 'read' ? undefined : chosenSuite(ctx, options, suiteFallback);
  if (choice && (empty || fresh)) suite = await loadSuite(choice.suite);
  // The command's clock dates its events, as it dates everything else the command does (Context.now).
  const clock = ctx.now;
  const store = fresh
    ? openMemoryStore({ suite, clock })
    : openStore(
        file,
        mode === 'read' ? { readonly: true, upgrade: true, clock } : { create: mode === 'create', suite, clock },
      );
  try {
    if (choice?.explicit && store.suite !== choice.suite)
      throw new InputError(t('integrity.suiteFixed', { file, suite: suiteName(store.suite) }), {
        hint: t('integrity.suiteFixed.hint'),
        code: 'suite-fixed',
      });
    if (mode !== 'read') await store.loadCrypto();
    if (mode === 'write' || mode === 'create') await provideKey(ctx, store);
    else if (store.dataKeyId !== undefined) await provideDataKey(ctx, store);
    return await fn(store);
  } catch (error) {
    // SQLite failing mid-command (disk full, busy, read-only, damaged): the failing transaction wrote nothing,
    // but earlier ones of this command may have been saved — the message says which.
    if (
      (error as { code?: unknown }).code !== undefined &&
      String((error as { code: unknown }).code).startsWith('SQLITE_')
    )
      throw sqliteError(file, error, { saved: store.commits });
    throw error;
  } finally {
    store.close();
  }
}

/** The name written into every event: --actor, DUCHA_ACTOR, or the profile's name. */
export function actorOf(ctx: Context, options: GlobalOptions): string {
  const actor = options.actor ?? ctx.io.env.DUCHA_ACTOR ?? getConfig(ctx.io.env, 'name');
  if (typeof actor !== 'string' || !actor.trim())
    throw new InputError(t('actor.missing'), { hint: t('actor.missing.hint') });
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
