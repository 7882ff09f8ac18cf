// A connection that never writes the database: for the commands that only read. In a folder where SQLite
// cannot create the -shm file it needs for a WAL database (a write-protected USB drive, a read-only share),
// the file is read into memory instead; the -wal and -shm files a read makes are removed afterwards the way
// SQLite removes them, by the last connection closing.
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

/** The largest database read into memory when its folder is read-only (Node's Buffer and memory allow it). */
export const MAX_IN_MEMORY = 1024 * 2 ** 20;

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? '');
const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

export interface ReadOnlyConnection {
  db: Database.Database;
  /** Call after closing `db`. */
  tidy: () => void;
}

export function readOnlyConnection(file: string): ReadOnlyConnection {
  const companions = existsSync(file + '-wal') || existsSync(file + '-shm');
  const db = sqlite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // the first read opens the WAL index (-shm)
  } catch (error) {
    db.close();
    // Without a -wal holding recent changes, the file alone is the whole database.
    if (!codeOf(error).startsWith('SQLITE_CANTOPEN')) throw error;
    if (sizeOf(file + '-wal') > 0)
      throw new InputError(t('store.readOnlyFolder', { file }), {
        hint: t('store.readOnlyFolder.hint'),
        code: 'read-only',
      });
    return { db: inMemory(file), tidy: () => undefined };
  }
  return { db, tidy: companions ? () => undefined : () => removeCompanions(file) };
}

function inMemory(file: string): Database.Database {
  if (sizeOf(file) > MAX_IN_MEMORY)
    throw new InputError(t('store.readOnlyFolder', { file }), {
      hint: t('store.readOnlyFolder.hint'),
      code: 'read-only',
    });
  const bytes = readFileSync(file);
  // Bytes 18 and 19 say "WAL"; an in-memory copy cannot use a WAL, and needs none: nothing is pending.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return sqlite(bytes, { readonly: true });
}

/**
 * A read-only connection leaves the -wal and -shm it made. A read-write connection that reads and closes
 * removes them when it is the last one (SQLite checkpoints an empty WAL: the database file is not written),
 * and leaves them alone while another process has the database open. Only done when the WAL is empty.
 */
function removeCompanions(file: string): void {
  try {
    if (sizeOf(file + '-wal') !== 0) return;
    const db = sqlite(file, { fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.close();
    }
  } catch {
    // A read-only file or folder, or a busy database: the files stay, as SQLite itself would leave them.
  }
}
