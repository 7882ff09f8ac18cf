// Opening databases: a fresh one, upgrades from every earlier migration, and the files it must refuse
// without changing them.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { InputError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';
import { tempDbFile } from '../helpers/store.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const schemaOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  db.close();
  return rows;
};

function refused(file: string, pattern: RegExp): void {
  const before = digest(file);
  let error: unknown;
  try {
    openStore(file, { create: true }).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).message).toMatch(pattern);
  expect((error as InputError).exitCode).toBe(2);
  expect(digest(file)).toBe(before);
}

describe('openStore', () => {
  setLang('zh');
  it('creates a fresh database: mode 0600, WAL, every migration, a device with an Ed25519 key', () => {
    const file = tempDbFile();
    const store = openStore(file, { create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = store.db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, checksum: m.checksum })));
    expect(store.device).toMatch(/^d[0-9a-f]{12}$/);
    const key = store.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string };
    expect(Buffer.from(key.value, 'base64').length).toBe(44); // Ed25519 SPKI DER
    store.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    expect(() => openStore(tempDbFile())).toThrow(/不存在/);
  });

  for (let k = 0; k < MIGRATIONS.length; k++) {
    it(`upgrades a database built with the first ${k} migration(s) to the same schema as a fresh one`, () => {
      const fresh = tempDbFile();
      openStore(fresh, { create: true }).close();
      const old = tempDbFile();
      if (k === 0)
        writeFileSync(old, ''); // before any migration: the empty file a first run creates
      else openStore(old, { create: true, migrations: MIGRATIONS.slice(0, k) }).close();
      const store = openStore(old);
      expect(store.device).toBeTruthy();
      store.close();
      expect(schemaOf(old)).toEqual(schemaOf(fresh));
    });
  }

  it('refuses a database made by a newer version, unchanged', () => {
    const file = tempDbFile();
    openStore(file, { create: true }).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
      MIGRATIONS.at(-1)!.version + 1,
      'future',
      'x',
      'now',
    );
    db.close();
    refused(file, /更新版本/);
  });

  it('refuses a database whose migration checksum changed, unchanged', () => {
    const file = tempDbFile();
    openStore(file, { create: true }).close();
    const db = new Database(file);
    db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1').run('0'.repeat(64));
    db.close();
    refused(file, /迁移 1 与本程序不一致/);
  });

  it('refuses a file that is not SQLite, unchanged', () => {
    const file = tempDbFile();
    writeFileSync(file, '这不是数据库\n'.repeat(100));
    refused(file, /不是 ducha 数据库/);
  });

  it('refuses an SQLite database that ducha did not make, unchanged', () => {
    const file = tempDbFile();
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    refused(file, /不是 ducha 创建的/);
  });
});
