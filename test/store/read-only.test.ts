// Read commands open the database read-only: the file's bytes never change, the -wal and -shm files a read
// makes are removed again, a write-protected folder can still be read, an earlier version's database is
// upgraded first, and a failure is reported with a hint that claims only what is known.
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, sqliteError } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { InputError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, tempDbFile } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';
import { READ_ONLY, makeReadOnly, makeWritable, releaseAll } from '../reliability/conditions.js';
import { sha256File } from '../reliability/support.js';

setLang('zh');
const dirs: string[] = [];
afterAll(() => {
  releaseAll();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A database with one inspection, closed cleanly (no -wal, no -shm), alone in a new folder. */
function populated(): { file: string; id: string } {
  const file = tempDbFile();
  dirs.push(join(file, '..'));
  const store = openStore(file, { create: true });
  const { id } = newInspection(store);
  store.close();
  expect(readdirSync(join(file, '..'))).toEqual(['test.db']);
  return { file, id };
}

const inspections = (file: string, options = { readonly: true }) => {
  const store = openStore(file, options);
  try {
    return (store.db.prepare('SELECT id FROM inspections').all() as Array<{ id: string }>).map((r) => r.id);
  } finally {
    store.close();
  }
};

describe('openStore read-only', () => {
  it('reads without changing a byte, and leaves no -wal or -shm behind', () => {
    const { file, id } = populated();
    const before = sha256File(file);
    const mtime = statSync(file).mtimeMs;
    expect(inspections(file)).toEqual([id]);
    expect(sha256File(file)).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(join(file, '..'))).toEqual(['test.db']);
  });

  it('cannot write: a statement that writes fails, the file is unchanged', () => {
    const { file } = populated();
    const before = sha256File(file);
    const store = openStore(file, { readonly: true });
    try {
      expect(() => store.db.prepare("UPDATE meta SET value = 'x' WHERE key = 'device'").run()).toThrow(/readonly/);
    } finally {
      store.close();
    }
    expect(sha256File(file)).toBe(before);
  });

  it('sees what a writer that still has the database open has committed, and leaves the writer its -wal and -shm', () => {
    const { file, id } = populated();
    const writer = openStore(file);
    try {
      const second = newInspection(writer).id;
      expect(existsSync(file + '-wal') && statSync(file + '-wal').size > 0).toBe(true);
      expect(inspections(file).sort()).toEqual([id, second].sort());
      expect(existsSync(file + '-wal')).toBe(true);
      expect(existsSync(file + '-shm')).toBe(true);
    } finally {
      writer.close();
    }
    expect(readdirSync(join(file, '..'))).toEqual(['test.db']);
  });

  it('a database made by an earlier version: refused as needing an upgrade, or upgraded first when asked (read commands)', () => {
    const file = tempDbFile();
    dirs.push(join(file, '..'));
    openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 3) }).close();
    const before = sha256File(file);
    expect(() => openStore(file, { readonly: true })).toThrow(/需要先升级/);
    expect(sha256File(file)).toBe(before);
    const store = openStore(file, { readonly: true, upgrade: true });
    try {
      expect((store.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
        MIGRATIONS.length,
      );
      expect(() => store.db.prepare('DELETE FROM meta').run()).toThrow(/readonly/);
    } finally {
      store.close();
    }
  });

  describe.skipIf(READ_ONLY === undefined)(
    `in a folder that cannot be written (${READ_ONLY ?? 'skipped: no way to make a folder read-only here'})`,
    () => {
      it('no -shm can be made: the database is read from memory, the folder and file unchanged', () => {
        const { file, id } = populated();
        const before = sha256File(file);
        const folder = join(file, '..');
        makeReadOnly(folder);
        try {
          expect(inspections(file)).toEqual([id]);
          // A write command still says it cannot write (and calls nothing damaged).
          expect(() => openStore(file)).toThrow(/无法写入/);
        } finally {
          makeWritable(folder);
        }
        expect(sha256File(file)).toBe(before);
        expect(readdirSync(folder)).toEqual(['test.db']);
      });

      it('unsaved changes in a -wal but no -shm: refused with what to do, nothing changed', () => {
        const { file } = populated();
        const copy = join(tempDir('ducha-ro-wal-'), 'copy.db');
        dirs.push(join(copy, '..'));
        const writer = new Database(file);
        writer.pragma('wal_autocheckpoint = 0');
        writer.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'x')").run();
        copyFileSync(file, copy);
        copyFileSync(file + '-wal', copy + '-wal');
        writer.close();
        const before = sha256File(copy);
        makeReadOnly(join(copy, '..'));
        try {
          let error: unknown;
          try {
            openStore(copy, { readonly: true });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).toMatch(/目录不能写入/);
          expect((error as InputError).hint).toMatch(/复制到可以写入的目录/);
        } finally {
          makeWritable(join(copy, '..'));
        }
        expect(sha256File(copy)).toBe(before);
      });
    },
  );
});

describe('what a failure message claims', () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
  const constraint = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });

  it('while opening, before anything was written: the file was not changed', () => {
    expect(sqliteError('/x.db', corrupt).hint).toContain('该文件未作任何修改');
    expect(sqliteError('/x.db', corrupt, 'untouched').message).toContain('已损坏，无法打开');
  });

  it('a migration that failed: it was rolled back — never "the file was not changed"', () => {
    const e = sqliteError('/x.db', corrupt, 'upgrade-undone');
    expect(e.hint).toContain('升级数据库的操作已撤销');
    expect(e.hint).not.toContain('未作任何修改');
  });

  it('during a command: what this command saved, and never "the file was not changed"', () => {
    for (const error of [busy, corrupt, constraint]) {
      const none = sqliteError('/x.db', error, { saved: 0 });
      expect(none.hint).toMatch(/^本次操作没有改动数据库中的任何记录。/);
      const some = sqliteError('/x.db', error, { saved: 2 });
      expect(some.hint).toMatch(/^本次操作在出错前已保存 2 次更改，出错的那一步没有保存。/);
      for (const e of [none, some]) expect(e.hint).not.toContain('未作任何修改');
    }
  });

  it('a failed statement in an open database is not called damaged; a corrupt page is', () => {
    expect(sqliteError('/x.db', constraint, { saved: 0 }).message).toMatch(/^操作数据库 \/x.db 时出错/);
    expect(sqliteError('/x.db', constraint, { saved: 0 }).hint).not.toMatch(/备份/);
    expect(sqliteError('/x.db', corrupt, { saved: 0 }).message).toMatch(/^数据库 \/x.db 已损坏（/);
    expect(sqliteError('/x.db', corrupt, { saved: 0 }).message).not.toContain('无法打开');
  });
});

describe('SQL planted in the database (issue 16, finding 5)', () => {
  // Before format 2 a trigger added with the sqlite3 shell ran inside ducha's next write (here it made the
  // write fail midway; it could as well have copied the private key away or dropped the event silently).
  // Now the schema is compared with what the migrations make before anything runs: the file is refused,
  // naming the trigger, unchanged, and `ducha verify` reports it.
  it('a trigger added by hand: every command refuses the file naming it, nothing changes; verify reports it; removed, all is well', async () => {
    const { runMain, cleanEnv } = await import('../helpers/run.js');
    const dir = tempDir('ducha-midway-');
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    dirs.push(dir, env.HOME!);
    const db = join(dir, 'ducha.db');
    const run = (argv: string[]) => runMain(['--db', db, ...argv], { env, cwd: dir });
    const id = JSON.parse(
      (
        await run([
          'inspection',
          'new',
          '--checklist',
          'zhengfa-weiyuan',
          '--unit',
          '某乡镇党委',
          '--unit-kind',
          'township',
          '--json',
        ])
      ).stdout,
    ).data.id as string;
    expect((await run(['record', id, 'WY-01', '--method', 'visit', '--note', '第一条'])).code).toBe(0);
    const raw = new Database(db);
    raw.exec("CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    raw.close();
    const before = readFileSync(db);
    const r = await run(['record', id, 'WY-01', '--method', 'visit', '--note', '第二条']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/含有 ducha 的迁移不会创建的结构，已拒绝打开：多出的触发器 refuse（属于 records）/);
    expect(r.stderr).not.toMatch(/refused by the test|已损坏|\n\s+at /);
    expect(readFileSync(db).equals(before)).toBe(true);
    const verified = await run(['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/数据库结构\s+多出的触发器 refuse（属于 records）/);
    const check = new Database(db);
    check.exec('DROP TRIGGER refuse');
    expect((check.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n).toBe(1);
    check.close();
    expect((await run(['verify'])).code).toBe(0);
    expect((await run(['record', id, 'WY-01', '--method', 'visit', '--note', '第二条'])).code).toBe(0);
  });
});
