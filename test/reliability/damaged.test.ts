// Damaged and unusable database files, through the spawned binary: a truncated file, overwritten bytes,
// a file that is not SQLite, a read-only file or folder, a full disk. Each is refused with exit 2 and a
// clear message (never a stack trace), and the file's bytes are the same afterwards; what was saved before
// a refused write is still there and verifies.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, tempDir, type RunResult } from '../helpers/run.js';
import { SCRIPTS, STACK, expectCleanRefusal, freshInspection, lcg, readFacts, requireBuild, sha256File, type Fixture } from './support.js';

// The messages of src/i18n/zh/store.ts.
const DAMAGED = /数据库 .+ 已损坏，无法打开（.+）/;
const DAMAGED_HINT = /该文件未作任何修改/;
const NOT_SQLITE = /不是 ducha 数据库（不是 SQLite 文件）/;
const FOREIGN = /是 SQLite 数据库，但不是 ducha 创建的/;

function recordMany(f: Fixture, n: number, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(SCRIPTS, 'record-reporter.mjs'), f.db, f.id, String(n), tag], { cwd: f.cwd, env: f.env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`record-reporter exited ${code}: ${stderr}`))));
  });
}

const MARKER = 'RELIABILITY-MARKER-' + 'Q'.repeat(200);

/** A populated database: 300 records around one with a marker note, and an evidence file; fully checkpointed. */
async function populated(): Promise<Fixture> {
  const f = await freshInspection();
  await recordMany(f, 150, '甲');
  writeFileSync(join(f.cwd, '名册.pdf'), Buffer.alloc(20_000, 0x25));
  const r = await runBin(['record', f.id, 'WY-01', '--method', 'check', '--note', MARKER, '--evidence', '名册.pdf', '--db', f.db], { env: f.env, cwd: f.cwd });
  expect(r.code, r.stderr).toBe(0);
  await recordMany(f, 150, '乙');
  expect(existsSync(f.db + '-wal') && statSync(f.db + '-wal').size > 0, 'the database was left with an unfinished WAL').toBe(false);
  return f;
}

let base: Fixture;
let baseRecords: number;
beforeAll(async () => {
  requireBuild();
  base = await populated();
  baseRecords = readFacts(base.db).records.length;
  expect(baseRecords).toBe(301);
}, 60_000);

/** A copy of the populated database in a new folder, altered by `damage`. */
function damagedCopy(damage: (file: string) => void): Fixture {
  const dir = tempDir('ducha-damaged-');
  const db = join(dir, 'ducha.db');
  copyFileSync(base.db, db);
  damage(db);
  return { ...base, cwd: dir, db };
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

const run = (f: Fixture, argv: string[]) => runBin([...argv, '--db', f.db], { env: f.env, cwd: f.cwd });

/** The commands a user would try on the file: two that read, verify, and one that writes. */
const COMMANDS = (id: string): string[][] => [
  ['inspection', 'list'],
  ['inspection', 'show', id],
  ['verify'],
  ['record', id, 'WY-01', '--method', 'visit', '--note', '损坏后再记'],
];

describe('a truncated database (cut to half)', () => {
  it('every command refuses it: exit 2, 已损坏 with the hint, no stack trace, bytes unchanged', async () => {
    const f = damagedCopy((db) => writeFileSync(db, readFileSync(db).subarray(0, Math.floor(statSync(db).size / 2))));
    const before = sha256File(f.db);
    for (const argv of COMMANDS(f.id)) {
      const r = await run(f, argv);
      expectCleanRefusal(r, argv.join(' '), DAMAGED);
      expect(r.stderr).toMatch(DAMAGED_HINT);
    }
    expect(sha256File(f.db)).toBe(before);
  });
});

describe('a file that is not a ducha database', () => {
  const rand = lcg(7);
  const cases: Array<[string, () => Buffer, RegExp]> = [
    ['Chinese text', () => Buffer.from('这不是数据库，是一份会议纪要。\n'.repeat(500)), NOT_SQLITE],
    ['random bytes', () => Buffer.from(Array.from({ length: 65_536 }, () => Math.floor(rand() * 256))), NOT_SQLITE],
    ['a few bytes', () => Buffer.from('SQLite'), NOT_SQLITE],
    ['a ZIP archive', () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4096, 1)]), NOT_SQLITE],
  ];
  for (const [name, bytes, message] of cases) {
    it(`${name}: refused with exit 2 and a message, bytes unchanged`, async () => {
      const dir = tempDir('ducha-notdb-');
      const f: Fixture = { ...base, cwd: dir, db: join(dir, 'ducha.db') };
      writeFileSync(f.db, bytes());
      const before = sha256File(f.db);
      for (const argv of COMMANDS(f.id)) expectCleanRefusal(await run(f, argv), `${name}: ${argv.join(' ')}`, message);
      expect(sha256File(f.db)).toBe(before);
      expect(existsSync(f.db + '-wal'), 'a WAL was created beside a file that is not a database').toBe(false);
    });
  }

  it('a SQLite database made by another program: refused as foreign, bytes unchanged', async () => {
    const dir = tempDir('ducha-foreign-');
    const f: Fixture = { ...base, cwd: dir, db: join(dir, 'other.db') };
    const other = new Database(f.db);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('王某某');");
    other.close();
    const before = sha256File(f.db);
    for (const argv of COMMANDS(f.id)) expectCleanRefusal(await run(f, argv), argv.join(' '), FOREIGN);
    expect(sha256File(f.db)).toBe(before);
  });
});

describe('64 bytes overwritten inside a populated database', () => {
  /** verify, list and show on the damaged file; none of them may change it. */
  const check = async (f: Fixture, what: string): Promise<{ verify: RunResult; reads: RunResult[] }> => {
    const before = sha256File(f.db);
    const verify = await run(f, ['verify']);
    const reads = [await run(f, ['inspection', 'list']), await run(f, ['inspection', 'show', f.id])];
    expect(sha256File(f.db), `${what}: the file changed`).toBe(before);
    return { verify, reads };
  };

  it('inside a record (each place its note is stored): verify exits 1 naming the damage; list works or refuses cleanly; bytes unchanged', async () => {
    const bytes = readFileSync(base.db);
    const offsets: number[] = [];
    for (let at = bytes.indexOf(MARKER); at !== -1; at = bytes.indexOf(MARKER, at + 1)) offsets.push(at);
    // The note is in the event log and in the records table.
    expect(offsets.length).toBeGreaterThanOrEqual(2);
    for (const at of offsets) {
      const f = damagedCopy((db) => overwrite(db, at + 40, Buffer.alloc(64, 0xa5)));
      const what = `marker at byte ${at}`;
      const { verify, reads } = await check(f, what);
      expect(verify.code, `${what}: verify\n${verify.stdout}${verify.stderr}`).toBe(1);
      expect(verify.stdout).toMatch(/✖ .+ 发现 \d+ 处损坏或篡改：/);
      expect(verify.stdout).toMatch(/(与其哈希不符|与日志不符|中有日志里没有的行|缺少日志中应有的行|\n {2}数据库 {2}\S)/);
      expect(verify.stdout + verify.stderr).not.toMatch(STACK);
      for (const r of reads) {
        expect(r.stdout + r.stderr, `${what}: list/show`).not.toMatch(STACK);
        expect([0, 2], `${what}: list/show exit code`).toContain(r.code);
      }
    }
  });

  // Pages in the middle of the file, each hit at its start: the b-tree page header (or an overflow page's link).
  const middlePages = (file: string): number[] => {
    const header = readFileSync(file).subarray(0, 100);
    const pageSize = header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16);
    const pages = statSync(file).size / pageSize;
    return [0.3, 0.4, 0.5, 0.6, 0.7].map((x) => Math.floor(pages * x) * pageSize);
  };

  it('at the start of pages in the middle: the file is never changed by verify, list or show', async () => {
    for (const offset of middlePages(base.db)) {
      const f = damagedCopy((db) => overwrite(db, offset, Buffer.alloc(64, 0xa5)));
      await check(f, `page at byte ${offset}`);
    }
  });

  // BUG: PRAGMA integrity_check (and the chain query) throw SQLITE_CORRUPT on such a file, and verifyStore
  // (src/store/verify.ts) does not catch it: `ducha verify` prints "内部错误" with a SqliteError stack
  // trace and exits 2 instead of exiting 1 with what it found.
  it.fails('at the start of pages in the middle: verify exits 1 and says what it found, never a stack trace', async () => {
    for (const offset of middlePages(base.db)) {
      const f = damagedCopy((db) => overwrite(db, offset, Buffer.alloc(64, 0xa5)));
      const verify = await run(f, ['verify']);
      const what = `page at byte ${offset}: verify`;
      expect(verify.stdout + verify.stderr, what).not.toMatch(STACK);
      expect(verify.code, `${what}\n${verify.stdout}${verify.stderr}`).toBe(1);
      expect(verify.stdout, what).toMatch(/发现 \d+ 处损坏或篡改/);
    }
  });

  // BUG: a query that meets a corrupt page throws SqliteError (SQLITE_CORRUPT) out of the command; nothing
  // between the store and main() turns it into the store.damaged message, so `ducha inspection list`
  // prints "内部错误" and a stack trace (src/cli/session.ts withStore / src/main.ts report).
  it.fails('at the start of pages in the middle: inspection list and show work or refuse with exit 2, never a stack trace', async () => {
    for (const offset of middlePages(base.db)) {
      const f = damagedCopy((db) => overwrite(db, offset, Buffer.alloc(64, 0xa5)));
      for (const argv of [['inspection', 'list'], ['inspection', 'show', f.id]]) {
        const r = await run(f, argv);
        const what = `page at byte ${offset}: ${argv.join(' ')}`;
        expect(r.stdout + r.stderr, what).not.toMatch(STACK);
        expect([0, 2], `${what}\n${r.stderr}`).toContain(r.code);
      }
    }
  });
});

// Root can write to a 0444 file, so the file is made immutable (chattr +i) instead; where neither works the
// cases are skipped rather than pretending.
function probeReadOnly(): { how: 'chmod' | 'chattr'; why?: undefined } | { how: null; why: string } {
  const dir = tempDir('ducha-ro-probe-');
  const file = join(dir, 'probe');
  writeFileSync(file, 'x');
  const writable = () => {
    try {
      closeSync(openSync(file, 'r+'));
      return true;
    } catch {
      return false;
    }
  };
  spawnSync('chmod', ['0444', file]);
  if (!writable()) return { how: 'chmod' };
  if (spawnSync('chattr', ['+i', file]).status === 0) {
    const ok = !writable();
    spawnSync('chattr', ['-i', file]);
    if (ok) return { how: 'chattr' };
  }
  return { how: null, why: 'running as root and chattr +i is unavailable here: no way to make a file read-only' };
}
const READ_ONLY = probeReadOnly();
const locked: string[] = [];
function makeReadOnly(path: string): void {
  if (READ_ONLY.how === 'chattr') {
    expect(spawnSync('chattr', ['+i', path]).status).toBe(0);
    locked.push(path);
  } else spawnSync('chmod', [statSync(path).isDirectory() ? '0555' : '0444', path]);
}
function makeWritable(path: string): void {
  if (READ_ONLY.how === 'chattr') spawnSync('chattr', ['-i', path]);
  spawnSync('chmod', ['u+w', path]);
}
afterAll(() => locked.forEach(makeWritable));

describe.skipIf(READ_ONLY.how === null)(`a read-only database (${READ_ONLY.how ?? READ_ONLY.why})`, () => {
  it('a refused write leaves the file as it was, and everything saved is still there and verifies', async () => {
    const f = damagedCopy(() => {});
    const before = sha256File(f.db);
    makeReadOnly(f.db);
    const r = await run(f, ['record', f.id, 'WY-01', '--method', 'visit', '--note', '只读时记录']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(sha256File(f.db)).toBe(before);
    makeWritable(f.db);
    expect((await run(f, ['verify'])).code).toBe(0);
    expect(readFacts(f.db).records).toHaveLength(baseRecords);
  });

  it('commands that only read still work on it', async () => {
    const f = damagedCopy(() => {});
    makeReadOnly(f.db);
    for (const argv of [['inspection', 'list'], ['inspection', 'show', f.id], ['verify']]) {
      const r = await run(f, argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    }
    makeWritable(f.db);
  });

  // BUG: the database opens (SQLite falls back to read-only), and the first INSERT throws
  // SqliteError "attempt to write a readonly database" (SQLITE_READONLY) out of Store.append; main() prints
  // "内部错误" and a stack trace. Expected: exit 2 and a message that the file cannot be written.
  it.fails('a write is refused with exit 2 and a message, never a stack trace', async () => {
    const f = damagedCopy(() => {});
    makeReadOnly(f.db);
    const r = await run(f, ['record', f.id, 'WY-01', '--method', 'visit', '--note', '只读时记录']);
    makeWritable(f.db);
    expectCleanRefusal(r, 'record into a read-only file');
  });

  it('in a read-only folder: every command exits 0 or refuses cleanly, and nothing is lost', async () => {
    const f = damagedCopy(() => {});
    const before = sha256File(f.db);
    makeReadOnly(f.cwd);
    try {
      for (const argv of COMMANDS(f.id)) {
        const r = await run(f, argv);
        const what = `read-only folder: ${argv.join(' ')}`;
        if (argv[0] === 'record') expectCleanRefusal(r, what);
        else {
          expect(r.stdout + r.stderr, what).not.toMatch(STACK);
          expect([0, 2], `${what}\n${r.stderr}`).toContain(r.code);
        }
      }
    } finally {
      makeWritable(f.cwd);
    }
    expect(sha256File(f.db)).toBe(before);
    expect(readFacts(f.db).records).toHaveLength(baseRecords);
  });
});

// A full disk: a 2 MB tmpfs, when this process may mount one (root, and mount works here).
function probeTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs to fill';
  const dir = tempDir('ducha-tmpfs-probe-');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status !== 0) return 'mount -t tmpfs failed here (no CAP_SYS_ADMIN?)';
  spawnSync('umount', [dir]);
  return undefined;
}
const NO_TMPFS = probeTmpfs();
const mounts: string[] = [];
afterAll(() => mounts.forEach((dir) => spawnSync('umount', ['-l', dir])));

/** Fill the file system holding `dir` until ENOSPC, then free `leaveBytes` again. */
function fill(dir: string, leaveBytes: number): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  for (const size of [65_536, 4096, 512, 1]) {
    const chunk = Buffer.alloc(size, 0x5a);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
  }
  closeSync(fd);
  if (leaveBytes > 0) writeFileSync(filler, readFileSync(filler).subarray(0, statSync(filler).size - leaveBytes));
  return filler;
}

/** A 2 MB tmpfs holding a new database with five records, and a 400 KB evidence file outside it. */
async function onTmpfs(): Promise<Fixture & { saved: number }> {
  const mount = tempDir('ducha-full-');
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]).status).toBe(0);
  mounts.push(mount);
  const f = await freshInspection(join(mount, 'ducha.db'));
  for (let i = 0; i < 5; i++) expect((await run(f, ['record', f.id, 'WY-01', '--method', 'visit', '--note', `满盘前 ${i}`])).code).toBe(0);
  mkdirSync(join(f.cwd, 'evidence'));
  writeFileSync(join(f.cwd, 'evidence', '录像.mp4'), Buffer.from(Array.from({ length: 400_000 }, (_, i) => (i * 7919) % 251)));
  return { ...f, saved: 5 };
}

describe.skipIf(NO_TMPFS !== undefined)(`a full disk${NO_TMPFS ? ` (${NO_TMPFS})` : ''}`, () => {
  const cases: Array<[string, number]> = [
    ['no space at all', 0],
    ['96 KB left, a 400 KB evidence file', 96 * 1024],
  ];

  for (const [name, leave] of cases) {
    it(`${name}: the write fails with exit 2, and everything recorded before is still there and verifies`, async () => {
      const f = await onTmpfs();
      const filler = fill(join(f.db, '..'), leave);
      const r = await run(f, ['record', f.id, 'WY-01', '--method', 'check', '--note', '满盘时记录', '--evidence', join(f.cwd, 'evidence', '录像.mp4')]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/\S/);
      rmSync(filler);
      const verify = await run(f, ['verify']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      const facts = readFacts(f.db);
      expect(facts.records).toHaveLength(f.saved);
      const show = await run(f, ['inspection', 'show', f.id, '--json']);
      expect(JSON.parse(show.stdout).data.progress.methods).toMatchObject({ visit: f.saved, check: 0 });
    });
  }

  // BUG: when the open succeeds but the transaction runs out of space, SqliteError "database or disk is
  // full" (SQLITE_FULL) escapes the command and main() prints "内部错误" with a stack trace
  // (src/store/store.ts write → src/main.ts report). Expected: exit 2 and a message that the disk is full.
  it.fails('96 KB left, a 400 KB evidence file: refused with a message and no stack trace', async () => {
    const f = await onTmpfs();
    const filler = fill(join(f.db, '..'), 96 * 1024);
    const r = await run(f, ['record', f.id, 'WY-01', '--method', 'check', '--note', '满盘时记录', '--evidence', join(f.cwd, 'evidence', '录像.mp4')]);
    rmSync(filler);
    expectCleanRefusal(r, 'record on a full disk');
  });
});

// BUG: open.ts wraps every failure to open or set up the file in store.damaged ("已损坏，无法打开" with the
// hint to restore from a backup): an intact database in a read-only folder or on a full disk is reported
// as damaged, which sends the user to restore an older backup for nothing. Expected: a message that says
// the file cannot be written (or the disk is full), not that it is damaged.
describe('an intact file that cannot be written is not called damaged', () => {
  it.skipIf(READ_ONLY.how === null).fails('in a read-only folder', async () => {
    const f = damagedCopy(() => {});
    makeReadOnly(f.cwd);
    try {
      for (const argv of COMMANDS(f.id)) {
        const r = await run(f, argv);
        expect(r.stderr, argv.join(' ')).not.toMatch(DAMAGED);
      }
    } finally {
      makeWritable(f.cwd);
    }
  });

  it.skipIf(NO_TMPFS !== undefined).fails('on a full disk', async () => {
    const f = await onTmpfs();
    const filler = fill(join(f.db, '..'), 0);
    const r = await run(f, ['record', f.id, 'WY-01', '--method', 'visit', '--note', '满盘时记录']);
    rmSync(filler);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(DAMAGED);
  });
});
