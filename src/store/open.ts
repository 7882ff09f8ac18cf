// Opens a ducha database: checks it is one, sets the pragmas, applies pending migrations (refusing a
// newer or altered schema) and creates the device identity on first use.
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite.js';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SHORT_ID_LENGTH, newId, randomId } from './ids.js';
import { InputError } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import { readOnlyConnection, type ReadOnlyConnection } from './read-only.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { Store } from './store.js';
import { armCrashPoints } from './crash-points.js';
import { putSigningKey } from './device-key.js';
import { schemaProblems, type SchemaProblem } from './schema-check.js';
import { staticSuite } from './signing.js';
import type { Suite } from '../crypto/types.js';

export interface OpenOptions {
  /** Create the file when missing (commands that create data); the others refuse a missing file. */
  create?: boolean;
  /** Never write the file (see read-only.ts); a database that needs migrating is refused, unless `upgrade`. */
  readonly?: boolean;
  /** With `readonly`: a database made by an earlier ducha is migrated first (a read command after an update). */
  upgrade?: boolean;
  /** With `readonly`: a database made by an earlier ducha is read as it is, never migrated (ducha verify). */
  asIs?: boolean;
  clock?: () => Date;
  newId?: () => string;
  /** Short ids people type (inspections, problems); see freshShortId. */
  shortId?: () => string;
  /** For tests: a different list of migrations. */
  migrations?: readonly Migration[];
  /**
   * The crypto suite of a database this call creates (ignored for one that exists: the suite is chosen once).
   * The default suite when absent; the 国密 one must be loaded first (`await loadSuite('gm')`).
   */
  suite?: Suite;
  /** Objects the migrations do not make: refuse the file (default), or open it and list them (ducha verify). */
  unknownSchema?: 'refuse' | 'report';
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

export function openStore(file: string, options: OpenOptions = {}): Store {
  const migrations = options.migrations ?? MIGRATIONS;
  if (!existsSync(file)) {
    if (!options.create) throw new InputError(t('store.missing', { file }), { hint: t('store.missing.hint') });
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'wx', 0o600));
  } else checkHeader(file);
  if (options.readonly) return openReadOnly(file, options, migrations);
  let db: Database.Database;
  try {
    db = sqlite(file, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    // SQL stored in the file (views, triggers, defaults) may not call functions with side effects.
    db.pragma('trusted_schema = OFF');
  } catch (error) {
    throw damaged(file, error);
  }
  // Nothing in the file changes until a migration runs (switching an existing file to WAL is atomic); a failed
  // migration is rolled back, a committed one is a change that was saved.
  let outcome: Outcome = 'untouched';
  try {
    // Judge the file before changing anything in it: even switching to WAL rewrites its header. A trigger or
    // view planted in the file is refused before any statement that could fire it.
    const problems = judgeSchema(db, file, migrations, options);
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536'); // 64 MiB: index inserts into a large log stay in memory
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Only a database that needs migrating takes the write lock, so readers never wait for a writer.
    // Foreign keys are off while migrations run, so that a table can be rebuilt (SQLite's documented way
    // to change a key), and checked as a whole before the migration commits.
    if (needsMigration(db, migrations)) {
      db.pragma('foreign_keys = OFF');
      outcome = 'upgrade-undone';
      db.transaction(() => {
        migrate(db, file, migrations, options.clock ?? systemClock, options.suite);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new Error(`migration left ${broken.length} rows whose foreign keys do not resolve`);
      }).immediate();
      outcome = { saved: 1 };
      db.pragma('foreign_keys = ON');
    }
    armCrashPoints(db); // the crash tests' hook (DUCHA_CRASH_AT); nothing unless that variable is set
    // Inside the try: the Store reads this device's id, from a page that may be the damaged one.
    const store = new Store(db, file, services(options));
    store.schemaProblems = problems;
    store.useCrypto(options.suite);
    return store;
  } catch (error) {
    db.close();
    throw error instanceof InputError ? error : sqliteError(file, error, outcome);
  }
}

const systemClock = () => new Date();

const services = (options: OpenOptions, afterClose?: () => void) => ({
  clock: options.clock ?? systemClock,
  newId: options.newId ?? newId,
  shortId: options.shortId ?? (() => randomId(SHORT_ID_LENGTH)),
  afterClose,
});

function openReadOnly(file: string, options: OpenOptions, migrations: readonly Migration[]): Store {
  let connection: ReadOnlyConnection;
  try {
    connection = readOnlyConnection(file);
  } catch (error) {
    throw error instanceof InputError ? error : damaged(file, error);
  }
  const { db, tidy } = connection;
  try {
    db.pragma('trusted_schema = OFF');
    const problems = judgeSchema(db, file, migrations, options);
    if (needsMigration(db, migrations) && !options.asIs) {
      if (!options.upgrade)
        throw new InputError(t('store.needsUpgrade', { file }), {
          hint: t('store.needsUpgrade.hint'),
          code: 'needs-upgrade',
        });
      db.close();
      tidy();
      openStore(file, { ...options, readonly: false, create: false }).close();
      return openStore(file, { ...options, upgrade: false });
    }
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    const store = new Store(db, file, services(options, tidy));
    store.schemaProblems = problems;
    store.useCrypto(options.suite);
    return store;
  } catch (error) {
    if (db.open) {
      db.close();
      tidy();
    }
    throw error instanceof InputError ? error : damaged(file, error);
  }
}

/** A database in memory, migrated and empty: for a view of the hub's rows built and read within one command. */
export function openMemoryStore(options: OpenOptions = {}): Store {
  const db = sqlite(':memory:');
  db.pragma('trusted_schema = OFF');
  // Rows arrive table by table from the hub, whose own keys already hold them together.
  db.pragma('foreign_keys = OFF');
  db.transaction(() =>
    migrate(db, ':memory:', options.migrations ?? MIGRATIONS, options.clock ?? systemClock, options.suite),
  ).immediate();
  const store = new Store(db, ':memory:', services(options));
  store.useCrypto(options.suite);
  return store;
}

function checkHeader(file: string): void {
  const stat = statSync(file);
  if (stat.isDirectory())
    throw new InputError(t('store.isDirectory', { file }), { hint: t('store.isDirectory.hint'), code: 'db-not-file' });
  // A FIFO would block the read below, a device would never end: only a regular file can be a database.
  if (!stat.isFile())
    throw new InputError(t('store.notFile', { file }), { hint: t('store.isDirectory.hint'), code: 'db-not-file' });
  if (stat.size === 0) return;
  const buffer = Buffer.alloc(16);
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new InputError(
      t('store.unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }),
      { hint: t('store.unreadable.hint'), code: 'read-only' },
    );
  }
  if (buffer.toString('latin1') !== SQLITE_HEADER)
    throw new InputError(t('store.notSqlite', { file }), { hint: t('store.notSqlite.hint') });
}

function needsMigration(db: Database.Database, migrations: readonly Migration[]): boolean {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return true;
  const count = (db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n;
  return count < migrations.length || !db.prepare("SELECT 1 FROM meta WHERE key = 'device'").get();
}

/**
 * What is known of the file when SQLite failed: nothing in it changed yet (`untouched`: failures while
 * opening and judging it), a migration was undone (`upgrade-undone`), or a command failed after `saved`
 * write transactions of its own had committed (the failing one, if it was a write, rolled back).
 */
export type Outcome = 'untouched' | 'upgrade-undone' | { saved: number };

/** SQLite's failures as the user should read them, with a hint that claims only what `outcome` says. */
export function sqliteError(file: string, error: unknown, outcome: Outcome = 'untouched'): InputError {
  const code = (error as { code?: string }).code ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  const hint = (advice: MessageKey, untouched: MessageKey) =>
    outcome === 'untouched' ? t(untouched) : `${outcomeText(outcome)}${t(advice)}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new InputError(t('store.busy', { file }), {
      hint: hint('store.busy.advice', 'store.busy.hint'),
      code: 'busy',
    });
  if (code.startsWith('SQLITE_FULL'))
    return new InputError(t('store.full', { file }), {
      hint: hint('store.full.advice', 'store.full.hint'),
      code: 'disk-full',
    });
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_PERM')) {
    return new InputError(t('store.readonly', { file, reason }), {
      hint: hint('store.readonly.advice', 'store.readonly.hint'),
      code: 'read-only',
    });
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    // A full disk often shows up as an I/O error (creating the -shm or -wal file): say which it is.
    if (diskAlmostFull(file))
      return new InputError(t('store.full', { file }), {
        hint: hint('store.full.advice', 'store.full.hint'),
        code: 'disk-full',
      });
    if (code.startsWith('SQLITE_IOERR'))
      return new InputError(t('store.io', { file, reason }), {
        hint: hint('store.damaged.advice', 'store.damaged.hint'),
        code: 'io',
      });
  }
  if (typeof outcome === 'object') {
    // Once open, only these codes say the file is damaged; any other (a constraint, a missing table) is a
    // failed statement — most likely a bug — and calling the file damaged would send the user to a backup.
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code))
      return new InputError(t('store.damagedInUse', { file, reason }), {
        hint: hint('store.damaged.advice', 'store.damaged.hint'),
        code: 'damaged',
      });
    return new InputError(t('store.failed', { file, reason }), {
      hint: hint('store.failed.advice', 'store.damaged.hint'),
      code: 'sqlite',
    });
  }
  return new InputError(t('store.damaged', { file, reason }), {
    hint: hint('store.damaged.advice', 'store.damaged.hint'),
    code: 'damaged',
  });
}

function outcomeText(outcome: Exclude<Outcome, 'untouched'>): string {
  if (outcome === 'upgrade-undone') return t('store.outcome.upgradeUndone');
  return outcome.saved === 0 ? t('store.outcome.nothingSaved') : t('store.outcome.partlySaved', { n: outcome.saved });
}

const damaged = sqliteError;

function diskAlmostFull(file: string): boolean {
  const free = freeBytes(file);
  return free !== undefined && free < 1024 * 1024;
}

/** Bytes an unprivileged writer may still use on the disk holding `file`; undefined when unknown. */
export function freeBytes(file: string): number | undefined {
  try {
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize;
  } catch {
    return undefined;
  }
}

interface AppliedRow {
  version: number;
  checksum: string;
}

/** Applied migrations, or [] for a new file; refuses a database that is not ducha's. */
function applied(db: Database.Database, file: string): AppliedRow[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new InputError(t('store.foreign', { file }), { hint: t('store.notSqlite.hint') });
    return [];
  }
  return db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
}

function checkSchema(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
  mustBeCurrent: boolean,
): AppliedRow[] {
  const rows = applied(db, file);
  const newest = migrations[migrations.length - 1]?.version ?? 0;
  for (const row of rows) {
    if (row.version > newest)
      throw new InputError(t('store.newer', { file, version: row.version }), { hint: t('store.newer.hint') });
    const known = migrations.find((m) => m.version === row.version);
    if (!known || known.checksum !== row.checksum) {
      throw new InputError(t('store.checksum', { file, version: row.version }), {
        hint: t('store.checksum.hint'),
        code: 'damaged',
      });
    }
  }
  if (mustBeCurrent && rows.length < migrations.length)
    throw new InputError(t('store.needsUpgrade', { file }), { hint: t('store.needsUpgrade.hint') });
  return rows;
}

/**
 * Refuses a file holding tables, indexes, triggers or views its migrations do not make (naming them), unless
 * asked to report them; returns them as sentences for the report. Also checks the migrations' checksums.
 */
function judgeSchema(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
  options: OpenOptions,
): string[] {
  const rows = checkSchema(db, file, migrations, false);
  const found = schemaProblems(db, migrations, rows.length);
  if (found.length === 0) return [];
  const named = found.map(describeSchemaProblem);
  if (options.unknownSchema === 'report') return named;
  throw new InputError(t('integrity.schemaRefused', { file, objects: named.join('；') }), {
    hint: t('integrity.schemaRefused.hint', { file }),
    code: 'schema-altered',
  });
}

export function describeSchemaProblem(p: SchemaProblem): string {
  const type = ['table', 'index', 'trigger', 'view'].includes(p.type)
    ? t(`integrity.type.${p.type as 'table' | 'index' | 'trigger' | 'view'}`)
    : p.type;
  return t(`integrity.schema.${p.kind}`, { type, name: p.name, table: p.table });
}

function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
  clock: () => Date,
  suite?: Suite,
): void {
  const rows = checkSchema(db, file, migrations, false);
  if (rows.length === 0) {
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
  }
  const done = new Set(rows.map((r) => r.version));
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.exec(m.sql);
    m.backfill?.(db);
    insert.run(m.version, m.name, m.checksum, clock().toISOString());
  }
  ensureDevice(db, clock, suite ?? staticSuite('default')!);
}

/**
 * One database is one device's journal: its id, its suite and its signing key pair are made with it and live
 * in it (the key in device_keys; `meta.public_key` keeps the public key where format 1 had it).
 */
function ensureDevice(db: Database.Database, clock: () => Date, suite: Suite): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()) return; // tests build partial schemas
  if (db.prepare("SELECT 1 FROM meta WHERE key = 'device'").get()) return;
  // Tests build databases as earlier versions did (migrations before format 2): the key in meta, in clear.
  const format1 = !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'device_keys'").get();
  const device = 'd' + randomBytes(6).toString('hex');
  const pair = (format1 ? staticSuite('default')! : suite).generateSigningKey();
  const now = clock().toISOString();
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('device', device);
  put.run('public_key', pair.publicKey);
  put.run('created_at', now);
  if (format1) put.run('private_key', pair.privateKey);
  else {
    put.run('suite', suite.id);
    putSigningKey(db, suite.id, pair);
  }
  db.prepare('INSERT INTO devices (device, public_key, name, added_at) VALUES (?, ?, ?, ?)').run(
    device,
    pair.publicKey,
    null,
    now,
  );
}
