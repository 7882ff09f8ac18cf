// A typo must not create a database: only the commands that create data make one, at the default path or in
// a folder that exists; every other command on a missing file exits 2 with 「没有找到数据库」 and the default
// path; --db naming a folder, a pipe or a device is a clear error; read commands never write the file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, runMain, tempDir, type RunResult, type Runner } from '../helpers/run.js';
import { sha256File } from '../reliability/support.js';

const STACK = /\n\s+at /;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = tempDir('ducha-dbpath-');
  dirs.push(dir);
  return dir;
};
const envFor = (extra: Record<string, string> = {}) => {
  const env = cleanEnv({ DUCHA_ACTOR: '张三', ...extra });
  dirs.push(env.HOME!);
  return env;
};

/** Every command that opens the database without creating data, with arguments that would otherwise do. */
const NON_CREATING: string[][] = [
  ['inspection', 'list'],
  ['inspection', 'show'],
  ['inspection', 'show', 'abcdef'],
  ['inspection', 'upgrade', 'abcdef', '--checklist', 'checklists/qingshi-baogao.yaml'],
  ['record', 'abcdef', 'QS-01', '--method', 'check', '--note', '记录'],
  ['conclude', 'abcdef', 'QS-01', '--result', 'compliant'],
  ['import-records', 'abcdef', 'records.csv'],
  ['problem', 'list'],
  ['problem', 'show', 'k2m9qa'],
  ['problem', 'propose', '--dry-run'],
  ['problem', 'propose'],
  ['problem', 'add', 'abcdef', '--description', '问题'],
  ['problem', 'edit', 'k2m9qa', '--unit', '某单位'],
  ['problem', 'merge', 'k2m9qa', 'p7d3xz'],
  ['rectify', 'k2m9qa', '--status', 'rectifying', '--note', '整改中'],
  ['close', 'k2m9qa'],
  ['report', '--kind', 'feedback', '-o', 'out.md'],
  ['summary'],
  ['compare', 'abcdef', 'ghjkmn'],
  ['export', 'abcdef', '-o', 'out.ducha'],
  ['import', 'bundle.ducha', '--dry-run'],
  ['evidence', 'get', 'abcdef12', '-o', 'out.bin'],
  ['team', 'list'],
  ['conflicts', 'list'],
  ['conflicts', 'resolve', '3fa2c1d0', '--take', '1'],
  ['verify'],
  ['backup', 'copy.db'],
];

function notFound(r: RunResult, what: string, defaultDb: string): void {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(/错误：没有找到数据库 /);
  expect(r.stderr, what).toContain(defaultDb);
  expect(r.stderr, what).not.toMatch(STACK);
}

describe('a database path that does not exist', () => {
  for (const [name, run] of RUNNERS) {
    it(`--db with a typo (${name}): every non-creating command exits 2 with 没有找到数据库 and the default path; no file, no folder`, async () => {
      const dir = scratch();
      const env = envFor();
      const defaultDb = join(env.DUCHA_DATA_DIR!, 'ducha.db');
      const typo = join(dir, 'typo-folder', 'sub', 'ducha-typo.db');
      const commands = name === 'spawned' ? NON_CREATING.filter((_, i) => i % 4 === 0) : NON_CREATING;
      for (const argv of commands) {
        const r = await run(['--db', typo, ...argv], { env, cwd: dir });
        notFound(r, argv.join(' '), defaultDb);
      }
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(env.DUCHA_DATA_DIR!)).toBe(false);
    });
  }

  it('DUCHA_DB with a typo: the same, and the hint points at the default database', async () => {
    const dir = scratch();
    const env = envFor({ DUCHA_DB: join(dir, 'tpyo.db') });
    const r = await runMain(['inspection', 'list'], { env, cwd: dir });
    notFound(r, 'DUCHA_DB typo', join(env.DUCHA_DATA_DIR!, 'ducha.db'));
    expect(r.stderr).toMatch(/请检查 --db 或 DUCHA_DB 是否写错/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('no database yet at the default path: read commands say how to start, and make no data folder', async () => {
    const dir = scratch();
    const env = envFor();
    for (const argv of [['inspection', 'list'], ['summary'], ['verify'], ['problem', 'list']]) {
      const r = await runMain(argv, { env, cwd: dir });
      notFound(r, argv.join(' '), join(env.DUCHA_DATA_DIR!, 'ducha.db'));
      expect(r.stderr).toMatch(/ducha inspection new/);
    }
    expect(existsSync(env.DUCHA_DATA_DIR!)).toBe(false);
  });

  it('--json: one envelope with the code no-database and the hint', async () => {
    const dir = scratch();
    const r = await runMain(['--db', join(dir, 'x.db'), 'inspection', 'list', '--json'], { env: envFor(), cwd: dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, data: null, problems: [{ code: 'no-database', severity: 'error' }] });
    expect(doc.problems[0].hint).toContain('ducha.db');
  });

  it('config set needs no database and makes none', async () => {
    const dir = scratch();
    const env = envFor();
    expect((await runMain(['config', 'set', 'name', '李四'], { env, cwd: dir })).code).toBe(0);
    expect(readdirSync(env.DUCHA_DATA_DIR!)).toEqual(['config.json']);
  });
});

describe('the commands that create data', () => {
  const NEW = ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac'];

  it('inspection new creates the database at the default path (making the data folder), or at --db in a folder that exists', async () => {
    const dir = scratch();
    const env = envFor();
    expect((await runMain(NEW, { env, cwd: dir })).code).toBe(0);
    expect(statSync(join(env.DUCHA_DATA_DIR!, 'ducha.db')).isFile()).toBe(true);
    const explicit = join(dir, '第二个.db');
    const r = await runMain(['--db', explicit, ...NEW], { env, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((await runMain(['--db', explicit, 'inspection', 'list', '--json'], { env, cwd: dir })).code).toBe(0);
  });

  it('team key and team trust create it too (a new member sends a key; a lead trusts one before the first import)', async () => {
    const dir = scratch();
    const env = envFor();
    const key = await runMain(['--db', join(dir, 'member.db'), 'team', 'key'], { env, cwd: dir });
    expect(key.code, key.stderr).toBe(0);
    writeFileSync(join(dir, 'member.key'), key.stdout);
    const trust = await runMain(['--db', join(dir, 'lead.db'), 'team', 'trust', 'member.key', '--name', '王五'], {
      env,
      cwd: dir,
    });
    expect(trust.code, trust.stderr).toBe(0);
    expect(existsSync(join(dir, 'lead.db'))).toBe(true);
  });

  for (const argv of [NEW, ['team', 'key'], ['import', 'x.ducha', '--trust']]) {
    it(`${argv.slice(0, 2).join(' ')} at --db in a folder that does not exist: refused, no folder made`, async () => {
      const dir = scratch();
      writeFileSync(join(dir, 'x.ducha'), 'not a bundle');
      const r = await runMain(['--db', join(dir, 'no', 'such', 'folder', 'x.db'), ...argv], {
        env: envFor(),
        cwd: dir,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/目录 .+folder 不存在，没有新建数据库/);
      expect(r.stderr).not.toMatch(STACK);
      expect(existsSync(join(dir, 'no'))).toBe(false);
    });
  }

  it('an empty file (a first run cut short) becomes the database for inspection new; read commands call it empty', async () => {
    const dir = scratch();
    const env = envFor();
    const db = join(dir, 'empty.db');
    writeFileSync(db, '');
    const list = await runMain(['--db', db, 'inspection', 'list'], { env, cwd: dir });
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/是空文件，还不是 ducha 数据库/);
    expect(statSync(db).size).toBe(0);
    expect((await runMain(['--db', db, ...NEW], { env, cwd: dir })).code).toBe(0);
    expect(statSync(db).size).toBeGreaterThan(0);
  });
});

describe('--db that is not a file', () => {
  let dir: string;
  let fifo: string | undefined;
  beforeAll(() => {
    dir = scratch();
    mkdirSync(join(dir, 'folder.db'));
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.db')]);
      fifo = join(dir, 'pipe.db');
    } catch {
      fifo = undefined;
    }
  });

  const cases = (): Array<[string, string, RegExp]> => [
    ['a folder', join(dir, 'folder.db'), /是一个目录，不是数据库文件/],
    ['the root folder', '/', /是一个目录，不是数据库文件/],
    ...(fifo ? ([['a named pipe', fifo, /不是普通文件/]] as Array<[string, string, RegExp]>) : []),
    ['/dev/zero', '/dev/zero', /不是普通文件/],
  ];

  const check = async (run: Runner, what: string, db: string, pattern: RegExp) => {
    for (const argv of [
      ['inspection', 'list'],
      ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某单位', '--unit-kind', 'plac'],
      ['verify'],
      ['record', 'abcdef', 'QS-01', '--method', 'check', '--note', 'x'],
    ]) {
      const r = await run(['--db', db, ...argv], { env: envFor(), cwd: dir });
      expect(r.code, `${what}: ${argv.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr, what).toMatch(pattern);
      expect(r.stderr, what).not.toMatch(STACK);
      expect(r.stderr, what).not.toContain('EISDIR');
    }
  };

  for (const [name, run] of RUNNERS) {
    it(`is refused clearly by every kind of command, never EISDIR or a hang (${name})`, async () => {
      for (const [what, db, pattern] of cases()) await check(run, what, db, pattern);
      expect(readdirSync(join(dir, 'folder.db'))).toEqual([]);
    });
  }
});

describe('read commands do not write the database', () => {
  it('every read command leaves its bytes and its folder as they were', async () => {
    const dir = scratch();
    const env = envFor();
    const db = join(dir, 'ducha.db');
    const run = (argv: string[]) => runMain(['--db', db, ...argv], { env, cwd: dir });
    const made = await run([
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--json',
    ]);
    const id = JSON.parse(made.stdout).data.id as string;
    writeFileSync(join(dir, 'photo.jpg'), 'jpeg');
    const recorded = await run([
      'record',
      id,
      'QS-01',
      '--method',
      'check',
      '--note',
      '登记簿',
      '--evidence',
      'photo.jpg',
      '--json',
    ]);
    const sha = JSON.parse(recorded.stdout).data.evidence[0].sha256 as string;
    await run(['conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '一文多事', '--reason', '测试']);
    const problem = JSON.parse(
      (await run(['problem', 'add', id, '--item', 'QS-02', '--description', '一文多事', '--json'])).stdout,
    ).data.id as string;
    const other = JSON.parse(
      (
        await run([
          'inspection',
          'new',
          '--checklist',
          'qingshi-baogao',
          '--unit',
          '某县委政法委',
          '--unit-kind',
          'plac',
          '--start',
          '2027-06-01',
          '--json',
        ])
      ).stdout,
    ).data.id as string;
    rmSync(join(dir, 'photo.jpg'));
    const before = sha256File(db);
    const reads = [
      ['inspection', 'list'],
      ['inspection', 'show', id],
      ['summary'],
      ['problem', 'list', id],
      ['problem', 'show', problem],
      ['problem', 'propose', id, '--dry-run'],
      ['compare', id, other],
      ['team', 'list'],
      ['conflicts', 'list'],
      ['verify'],
    ];
    for (const argv of reads) {
      const r = await run(argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
      expect(sha256File(db), argv.join(' ')).toBe(before);
      expect(readdirSync(dir), argv.join(' ')).toEqual(['ducha.db']);
    }
    // (A report is made as a draft: a first official feedback records its date, a write.)
    for (const argv of [
      ['report', id, '--kind', 'feedback', '--draft', '-o', 'r.md'],
      ['export', id, '-o', 'b.ducha'],
      ['evidence', 'get', sha.slice(0, 8), '-o', 'e.jpg'],
    ]) {
      const r = await run(argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
      expect(sha256File(db), argv.join(' ')).toBe(before);
    }
    expect(readdirSync(dir).sort()).toEqual(['b.ducha', 'ducha.db', 'e.jpg', 'r.md']);
  });
});
