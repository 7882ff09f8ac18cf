// ducha lint, checklist list, inspection new and import-records on YAML that nests too deep or whose aliases
// expand too far: one located yaml-limits problem per file, never a stack trace, never a stalled run, never a
// stop of the other files; and a file's problems past --max-problems are counted, not listed, in every
// format. Spawned under a kill timer and a memory ulimit (test/helpers/guarded.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { runGuarded } from '../helpers/guarded.js';
import { DEEP, aliasedItems, laughs, valid } from '../helpers/hostile-yaml.js';
import { STACK, requireBuild } from '../reliability/support.js';

describe('ducha lint, checklist list, inspection new and import-records on hostile YAML (spawned)', () => {
  const dir = tempDir('ducha-yaml-limits-');
  const folder = join(dir, 'checklists');
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    DUCHA_DATA_DIR: join(dir, 'data'),
    LANG: 'C.UTF-8',
    DUCHA_ACTOR: '测试员',
  };
  beforeAll(() => {
    requireBuild();
    mkdirSync(folder);
    // 65 files, so lint runs on worker threads (64 or more), where a stack overflow once aborted the process.
    for (let i = 0; i < 60; i++) writeFileSync(join(folder, `ok-${String(i).padStart(2, '0')}.yaml`), valid(`ok-${i}`));
    writeFileSync(join(folder, 'deep-flow.yaml'), DEEP.flow);
    writeFileSync(join(folder, 'deep-block.yaml'), DEEP.block);
    writeFileSync(join(folder, 'deep-map.yaml'), DEEP.map);
    writeFileSync(join(folder, 'laughs.yaml'), laughs(9));
    writeFileSync(join(folder, 'bad-items.yaml'), aliasedItems(1000, 1000));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lint: every hostile file has one yaml-limits problem; the 60 good ones are linted too (exit 1)', async () => {
    const r = await runGuarded(['lint', 'checklists', '--format', 'json'], { cwd: dir, env });
    expect(r.exitedByItself, 'lint did not finish').toBe(true);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      data: { files: Array<{ file: string; errorCount: number }> };
      problems: Array<{ file: string; code: string; line: number }>;
    };
    expect(doc.data.files).toHaveLength(65);
    const bad = ['deep-flow', 'deep-block', 'deep-map', 'laughs', 'bad-items'].map((n) => `checklists/${n}.yaml`);
    expect(doc.problems.map((p) => `${p.file} ${p.code}`).sort()).toEqual(bad.map((f) => `${f} yaml-limits`).sort());
    for (const p of doc.problems) expect(p.line).toBeGreaterThanOrEqual(9);
    expect(doc.data.files.filter((f) => f.errorCount === 0)).toHaveLength(60);
  });

  it('checklist list and inspection new skip the hostile files with a warning and go on', async () => {
    const list = await runGuarded(['checklist', 'list', '--checklists', 'checklists', '--json'], { cwd: dir, env });
    expect(list.exitedByItself).toBe(true);
    expect(list.stderr).not.toMatch(STACK);
    expect(list.code, list.stderr).toBe(0);
    const doc = JSON.parse(list.stdout) as {
      data: Array<{ id: string }>;
      problems: Array<{ file: string; code: string; severity: string }>;
    };
    expect(doc.data.map((c) => c.id)).toContain('ok-7');
    expect(
      doc.problems
        .filter((p) => p.code === 'yaml-limits')
        .map((p) => p.file)
        .sort(),
    ).toHaveLength(5);
    const created = await runGuarded(
      [
        'inspection',
        'new',
        '--checklists',
        'checklists',
        '--checklist',
        'ok-7',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
        '--start',
        '2026-11-20',
        '--db',
        join(dir, 'd.db'),
      ],
      { cwd: dir, env },
    );
    expect(created.exitedByItself).toBe(true);
    expect(created.stderr).not.toMatch(STACK);
    expect(created.code, created.stderr).toBe(0);
  });

  it('import-records refuses a YAML alias bomb or deep nesting with its line and the yaml-limits code (exit 2)', async () => {
    const db = join(dir, 'r.db');
    const created = await runGuarded(
      [
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
        '--db',
        db,
      ],
      { cwd: dir, env },
    );
    expect(created.code, created.stderr).toBe(0);
    const rows = ['n0: &n0 [听, 听, 听, 听, 听, 听, 听, 听, 听, 听]'];
    for (let i = 1; i <= 8; i++)
      rows.push(
        `n${i}: &n${i} [${Array(10)
          .fill(`*n${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(
      join(dir, 'records.yaml'),
      `${rows.join('\n')}\nrecords:\n  - {item: QS-01, method: *n8, note: 炸弹}\n`,
    );
    const r = await runGuarded(['import-records', created.stdout.trim(), 'records.yaml', '--db', db, '--json'], {
      cwd: dir,
      env,
    });
    expect(r.exitedByItself).toBe(true);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems[0]).toMatchObject({ code: 'yaml-limits', line: 5 });
    writeFileSync(join(dir, 'deep.yaml'), `records: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const nested = await runGuarded(['import-records', created.stdout.trim(), 'deep.yaml', '--db', db], {
      cwd: dir,
      env,
    });
    expect(nested.stderr).not.toMatch(STACK);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/deep\.yaml:1:\d+[\s\S]*嵌套超过 64 层/);
  });
});

describe('--max-problems: a file lists at most N problems and counts the rest (spawned)', () => {
  const dir = tempDir('ducha-max-problems-');
  const env = { PATH: process.env.PATH, HOME: dir, DUCHA_DATA_DIR: join(dir, 'data'), LANG: 'C.UTF-8' };
  // 4,000 bad items from 1 KB of aliases (about 12,000 nodes, under the alias budget).
  beforeAll(() => {
    requireBuild();
    writeFileSync(join(dir, 'many.yaml'), aliasedItems(40, 100));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lint = async (...args: string[]) => {
    const r = await runGuarded(['lint', 'many.yaml', ...args], { cwd: dir, env });
    expect(r.exitedByItself, 'lint did not finish').toBe(true);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code, r.stderr).toBe(1);
    return r;
  };

  it('by default 1,000 are listed; the totals and the exit code count all of them', async () => {
    const doc = JSON.parse((await lint('--format', 'json')).stdout);
    // Six schema errors per item, a duplicate section id per alias but the first, three unknown top-level keys.
    expect(doc.problems).toHaveLength(1000);
    expect(doc.data.errorCount).toBe(24_042);
    expect(doc.data.warningCount).toBe(1);
    expect(doc.data.files[0].omitted).toBe(23_043);
    expect(doc.data.maxProblems).toBe(1000);
  });

  it('--max-problems 5 in stylish, github and junit: five problems and one line saying how many more', async () => {
    const stylish = (await lint('--max-problems', '5')).stdout;
    expect(stylish.split('\n').filter((l) => l.startsWith('many.yaml:'))).toHaveLength(5);
    expect(stylish).toContain('many.yaml：另有 24038 个问题未列出');
    expect(stylish).toContain('24043 个问题（24042 个错误，1 个警告）');
    const github = (await lint('--max-problems', '5', '--format', 'github')).stdout.split('\n');
    expect(github.filter((l) => /^::(error|warning)/.test(l))).toHaveLength(5);
    expect(github.filter((l) => l.startsWith('::notice'))).toHaveLength(1);
    const junit = (await lint('--max-problems', '5', '--format', 'junit')).stdout;
    expect(junit.match(/<failure /g)).toHaveLength(6);
    expect(junit.length).toBeLessThan(10_000);
  });

  it('--max-problems 0 lists them all; a bad value is a usage error', async () => {
    const doc = JSON.parse((await lint('--max-problems', '0', '--format', 'json')).stdout);
    expect(doc.problems).toHaveLength(24_043);
    const bad = await runGuarded(['lint', 'many.yaml', '--max-problems', '-1'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-problems');
  });
});
