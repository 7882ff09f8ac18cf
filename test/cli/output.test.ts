// Every command that writes a file the user named goes through one guard: the open database (and its
// -wal/-shm/-journal, or a link to it) is never written, an existing file only with --force, and the
// write goes through a temporary file, so nothing half-written or stray is ever left beside the target.
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, runMain, tempDir, type RunResult } from '../helpers/run.js';

const dirs: string[] = [];
const scratch = () => {
  const dir = tempDir('ducha-output-');
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface World {
  dir: string;
  db: string;
  env: Record<string, string | undefined>;
  id: string;
  evidence: string;
  run: (args: string[]) => Promise<RunResult>;
}

async function world(): Promise<World> {
  const dir = scratch();
  const home = join(dir, 'home');
  const env: Record<string, string | undefined> = {
    ...cleanEnv({ DUCHA_DATA_DIR: join(home, 'data'), HOME: home }),
    DUCHA_ACTOR: '张三',
  };
  dirs.push(env.HOME!);
  const db = join(dir, 'ducha.db');
  const run = (args: string[]) => runMain(['--db', db, ...args], { env, cwd: dir });
  const created = await run([
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
    '--team',
    '张三',
    '--start',
    '2026-11-20',
    '--json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  const id = (JSON.parse(created.stdout) as { data: { id: string } }).data.id;
  writeFileSync(join(dir, 'photo.jpg'), 'jpeg bytes');
  const recorded = await run([
    'record',
    id,
    'QS-01',
    '--method',
    'check',
    '--note',
    '登记簿齐全',
    '--evidence',
    'photo.jpg',
    '--json',
  ]);
  expect(recorded.code, recorded.stderr).toBe(0);
  const evidence = (JSON.parse(recorded.stdout) as { data: { evidence: Array<{ sha256: string }> } }).data.evidence[0]!
    .sha256;
  return { dir, db, env, id, evidence, run };
}

/** Each file-writing command, aimed at `target`. */
const writers = (w: World, target: string): Array<[string, string[]]> => [
  ['report docx', ['report', w.id, '--kind', 'feedback', '--format', 'docx', '-o', target]],
  ['report md', ['report', w.id, '--kind', 'notice', '--format', 'md', '-o', target]],
  ['export', ['export', w.id, '-o', target]],
  ['summary', ['summary', '--format', 'md', '-o', target]],
  ['compare', ['compare', w.id, w.id, '--format', 'md', '-o', target]],
  ['evidence get', ['evidence', 'get', w.evidence.slice(0, 8), '-o', target]],
  ['backup', ['backup', target]],
];

describe('the open database is never an output', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    it(`every writer refuses the database${suffix || ' itself'}, even with --force, and leaves it unchanged`, async () => {
      const target = w.db + suffix;
      const before = existsSync(w.db + suffix) ? sha(w.db + suffix) : undefined;
      const main = sha(w.db);
      for (const [name, args] of writers(w, target)) {
        for (const extra of [[], ['--force']]) {
          const r = await w.run([...args, ...extra]);
          expect(r.code, `${name} ${extra.join(' ')}: ${r.stdout}`).toBe(2);
          expect(r.stderr, name).toContain('正在使用的数据库');
          expect(r.stderr, name).not.toMatch(/at .*\.(ts|js):\d+/);
        }
      }
      expect(sha(w.db)).toBe(main);
      if (before) expect(sha(w.db + suffix)).toBe(before);
      else if (suffix === '-journal') expect(existsSync(target)).toBe(false);
      expect((await w.run(['verify'])).code).toBe(0);
    });
  }

  it('a symbolic link or a hard link to the database is refused too, and a path spelt another way', async () => {
    const links = join(w.dir, 'links');
    mkdirSync(links);
    symlinkSync(w.db, join(links, 'soft.docx'));
    linkSync(w.db, join(links, 'hard.docx'));
    symlinkSync(w.dir, join(w.dir, 'same-folder'));
    const main = sha(w.db);
    for (const target of [
      join(links, 'soft.docx'),
      join(links, 'hard.docx'),
      join(w.dir, 'links', '..', 'ducha.db'),
      join(w.dir, 'same-folder', 'ducha.db'),
    ]) {
      const r = await w.run(['report', w.id, '--kind', 'feedback', '--format', 'docx', '-o', target, '--force']);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toContain('正在使用的数据库');
    }
    expect(sha(w.db)).toBe(main);
  });

  it('--json reports the refusal as one document with a stable code', async () => {
    const r = await w.run(['export', w.id, '-o', w.db, '--json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ code: string }> };
    expect(doc.ok).toBe(false);
    expect(doc.problems[0]!.code).toBe('output-is-database');
  });
});

describe('an existing file is replaced only with --force', () => {
  for (const [runner, run] of RUNNERS) {
    it(`every writer refuses an existing file and leaves it as it was (${runner})`, async () => {
      const w = await world();
      const target = join(w.dir, 'existing.out');
      writeFileSync(target, 'the inspector’s own notes');
      for (const [name, args] of writers(w, target)) {
        const r = await run(['--db', w.db, ...args], { env: w.env, cwd: w.dir });
        expect(r.code, name).toBe(2);
        expect(r.stderr, name).toContain('已存在');
        expect(r.stderr, name).toContain('--force');
        expect(readFileSync(target, 'utf8')).toBe('the inspector’s own notes');
      }
      expect(readdirSync(w.dir).filter((f) => f.includes('.partial'))).toEqual([]);
    });
  }

  it('with --force each writer replaces it, says how many bytes it wrote, and leaves no temporary file', async () => {
    const w = await world();
    const second = await w.run([
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '张三',
      '--start',
      '2027-06-01',
      '--json',
    ]);
    const again = (JSON.parse(second.stdout) as { data: { id: string } }).data.id;
    const cases: Array<[string, string[]]> = [
      ['out.docx', ['report', w.id, '--kind', 'feedback', '-o', 'out.docx']],
      ['out.ducha', ['export', w.id, '-o', 'out.ducha']],
      ['sum.xlsx', ['summary', '-o', 'sum.xlsx']],
      ['cmp.md', ['compare', w.id, again, '-o', 'cmp.md']],
      ['photo-out.jpg', ['evidence', 'get', w.evidence.slice(0, 8), '-o', 'photo-out.jpg']],
      ['copy.db', ['backup', 'copy.db']],
    ];
    for (const [file, args] of cases) {
      writeFileSync(join(w.dir, file), 'old');
      const r = await w.run([...args, '--force']);
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      expect(readFileSync(join(w.dir, file), 'utf8')).not.toBe('old');
      if (file !== 'copy.db') expect(r.stdout).toMatch(/\d+ ?字节|MB/);
    }
    expect(
      readdirSync(w.dir)
        .filter((f) => f.includes('.partial') || f.endsWith('-wal') || f.endsWith('-shm'))
        .filter((f) => !f.startsWith('ducha.db')),
    ).toEqual([]);
  });

  it('a folder or a missing folder as the target is a clear error, not EISDIR', async () => {
    const w = await world();
    const asFolder = await w.run(['report', w.id, '--kind', 'feedback', '-o', w.dir, '--format', 'md']);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain('是一个目录');
    const missing = await w.run(['report', w.id, '--kind', 'feedback', '-o', join(w.dir, 'no', 'such', 'x.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('不存在');
    expect(existsSync(join(w.dir, 'no'))).toBe(false);
  });
});
