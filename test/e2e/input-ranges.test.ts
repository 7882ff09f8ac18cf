// Values entering from the command line and the settings file: impossible or far-off dates, day counts and
// settings out of range are refused with a message, a hint and exit 2 — never a stack trace, and never a
// document that prints 2026年2月30日 or 10240年8月undefined日.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, runMain, tempDir, type RunResult } from '../helpers/run.js';

const STACK = /\n\s+at .+:\d+:\d+/;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface World {
  dir: string;
  env: Record<string, string | undefined>;
  id: string;
  problem: string;
  run: (args: string[]) => Promise<RunResult>;
}

async function world(): Promise<World> {
  const dir = tempDir('ducha-ranges-');
  const env = cleanEnv({ DUCHA_ACTOR: '张三' });
  dirs.push(dir, env.HOME!);
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
    '--start',
    '2026-11-20',
    '--json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  const id = JSON.parse(created.stdout).data.id as string;
  const added = await run([
    'problem',
    'add',
    id,
    '--description',
    '请示一文多事',
    '--deadline',
    '2027-01-31',
    '--json',
  ]);
  expect(added.code, added.stderr).toBe(0);
  return { dir, env, id, problem: JSON.parse(added.stdout).data.id as string, run };
}

function refused(r: RunResult, pattern: RegExp, what: string): void {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr, what).toMatch(/提示：/);
  expect(r.stderr, what).not.toMatch(STACK);
  expect(r.stderr, what).not.toMatch(/内部错误/);
}

describe('dates on the command line', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  const flags = (w: World, date: string): Array<[string, string[]]> => [
    [
      'inspection new --start',
      [
        'inspection',
        'new',
        '--checklist',
        'qingshi-baogao',
        '--unit',
        '某单位',
        '--unit-kind',
        'plac',
        '--start',
        date,
      ],
    ],
    [
      'report --date',
      [
        'report',
        w.id,
        '--kind',
        'feedback',
        '--format',
        'md',
        '-o',
        join(w.dir, `r-${Math.random()}.md`),
        '--date',
        date,
      ],
    ],
    ['problem add --deadline', ['problem', 'add', w.id, '--description', '另一个问题', '--deadline', date]],
    ['problem edit --deadline', ['problem', 'edit', w.problem, '--deadline', date]],
    ['summary --since', ['summary', '--since', date]],
    ['summary --date', ['summary', '--date', date]],
    ['compare --date', ['compare', w.id, w.id, '--date', date]],
  ];

  for (const [date, pattern] of [
    ['2026-02-30', /不存在：2026年2月只有 28 天/],
    ['2026-02-31', /不存在/],
    ['0000-01-01', /超出可用范围/],
    ['2026-13-40', /不存在：没有 13 月/],
  ] as const) {
    it(`${date} is refused everywhere a date enters, and nothing is written`, async () => {
      const before = (await w.run(['inspection', 'list', '--json'])).stdout;
      for (const [what, args] of flags(w, date)) refused(await w.run(args), pattern, `${what} ${date}`);
      expect((await w.run(['inspection', 'list', '--json'])).stdout).toBe(before);
      const show = JSON.parse((await w.run(['problem', 'show', w.problem, '--json'])).stdout);
      expect(show.data.deadline).toBe('2027-01-31');
    });
  }

  it('2026年11月20日 and 2026/11/20 are accepted and kept as 2026-11-20', async () => {
    const created = await w.run([
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某单位',
      '--unit-kind',
      'plac',
      '--start',
      '2026年11月20日',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).data.start).toBe('2026-11-20');
    const edited = await w.run(['problem', 'edit', w.problem, '--deadline', '2027/3/1', '--json']);
    expect(edited.code, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout).data.deadline).toBe('2027-03-01');
    const report = join(w.dir, 'feedback.md');
    const r = await w.run([
      'report',
      w.id,
      '--kind',
      'feedback',
      '--format',
      'md',
      '-o',
      report,
      '--date',
      '2026年12月1日',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('2026年12月1日');
  });
});

describe('day counts and settings', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  for (const [name, run] of RUNNERS) {
    it(`problem list --due-within 99999999999999999999d (${name}): exit 2, a message and a hint`, async () => {
      const r = await run(['problem', 'list', w.id, '--due-within', '99999999999999999999d'], {
        env: { ...w.env, DUCHA_DB: join(w.dir, 'ducha.db') },
        cwd: w.dir,
      });
      refused(r, /天数太大|无法识别|不是/, 'due-within huge');
    });
  }

  it('--due-within a sensible number of days still works', async () => {
    const r = await w.run(['problem', 'list', w.id, '--due-within', '2w', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await w.run(['problem', 'list', w.id, '--due-within', '3650'])).code).toBe(0);
    refused(await w.run(['problem', 'list', w.id, '--due-within', '3651']), /天数太大/, '3651 days');
  });

  for (const [key, value] of [
    ['report.rectifyDays', '100000000'],
    ['report.rectifyDays', '3000000'],
    ['report.rectifyDays', '0'],
    ['report.rectifyDays', '1e3'],
    ['report.planDays', '-5'],
    ['report.planDays', '400'],
    ['evidence.maxMB', '1e400'],
    ['evidence.maxMB', '0'],
  ] as const) {
    it(`config set ${key} ${value} is refused, and the setting is unchanged`, async () => {
      const before = (await w.run(['config', 'get', key])).stdout;
      refused(await w.run(['config', 'set', key, value]), /超出范围/, `${key}=${value}`);
      expect((await w.run(['config', 'get', key])).stdout).toBe(before);
    });
  }

  it('a value out of range edited by hand into config.json: reports refuse it with the file and how to fix it', async () => {
    const file = join(w.env.DUCHA_DATA_DIR!, 'config.json');
    mkdirSync(w.env.DUCHA_DATA_DIR!, { recursive: true });
    writeFileSync(file, JSON.stringify({ 'report.rectifyDays': 3000000 }));
    const r = await w.run(['report', w.id, '--kind', 'notice', '--format', 'md', '-o', join(w.dir, 'notice.md')]);
    refused(r, /config\.json 中 report\.rectifyDays 的值无效/, 'hand-edited rectifyDays');
    expect(r.stderr).toContain('ducha config unset report.rectifyDays');
    expect((await w.run(['config', 'unset', 'report.rectifyDays'])).code).toBe(0);
    for (const text of ['null', '[]', '42']) {
      writeFileSync(file, text);
      refused(await w.run(['config', 'get', 'name']), /设置文件 .+ 无法解析/, `config.json = ${text}`);
    }
    rmSync(file);
  });
});
