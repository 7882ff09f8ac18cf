// import-records from YAML places every bad row by the parser's positions: 20,000 records written in four
// styles (a dash on its own line, flow maps, nested evidence lists, block scalars), each reported error at
// its exact line and column, with the work counted — one syntax-tree parse of the file, and none at all
// when every row is good — rather than timed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runMain } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

const parses = vi.hoisted(() => ({ calls: 0, chars: 0 }));
vi.mock('../../src/checklist/yaml-bounded.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/checklist/yaml-bounded.js')>();
  return {
    ...original,
    parseSyntaxLimited: (...args: Parameters<typeof original.parseSyntaxLimited>) => {
      parses.calls++;
      parses.chars += args[0].length;
      return original.parseSyntaxLimited(...args);
    },
  };
});

const s = scratch();
const RECORDS = 20_000;

interface Expected {
  line: number;
  column?: number;
  message: string;
}

/** A records file in four styles; every 997th record has an unknown method, every 1,499th a missing evidence file. */
function recordsFile(n: number, bad: boolean): { text: string; expected: Expected[] } {
  const lines = ['# 批量记录', 'records:'];
  const expected: Expected[] = [];
  for (let i = 0; i < n; i++) {
    const start = lines.length + 1;
    const method = bad && i % 997 === 996 ? 'smell' : '访';
    const missing = bad && i % 1499 === 1498 ? `缺失-${i}.jpg` : undefined;
    const evidence = missing ?? 'e.txt';
    switch (i % 4) {
      case 0:
        lines.push(`  - item: WY-01`, `    method: ${method}`, `    note: 第 ${i} 条`);
        break;
      case 1: // a dash on its own line: no "- " marker starts the entry
        lines.push(
          `  -`,
          `    item: WY-01`,
          `    method: ${method}`,
          `    note: |`,
          `      第 ${i} 条`,
          `      - 这一行不是新的记录`,
        );
        break;
      case 2:
        lines.push(`  - {item: WY-01, method: ${method}, note: 第 ${i} 条}`);
        break;
      default: // a nested evidence list
        lines.push(
          `  - item: WY-01`,
          `    method: ${method}`,
          `    note: 第 ${i} 条`,
          `    evidence:`,
          `      - e.txt`,
          `      - ${evidence}`,
        );
    }
    if (method !== '访') expected.push({ line: start, message: '未知的方法 "smell"' });
    else if (missing && i % 4 === 3) expected.push({ line: start + 5, column: 9, message: `找不到证据文件` });
  }
  return { text: lines.join('\n') + '\n', expected };
}

async function inspection(): Promise<{ env: Record<string, string | undefined>; cwd: string; db: string; id: string }> {
  const env = s.env({ DUCHA_ACTOR: '测试员' });
  const cwd = s.dir('ducha-yaml-rows-');
  const db = join(cwd, 'ducha.db');
  writeFileSync(join(cwd, 'e.txt'), '证据');
  const r = await runMain(
    [
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
      '--start',
      '2026-11-20',
      '--db',
      db,
    ],
    { env, cwd },
  );
  expect(r.code, r.stderr).toBe(0);
  return { env, cwd, db, id: r.stdout.trim() };
}

describe('import-records from YAML: positions from the parser', () => {
  it(`${RECORDS} records in four styles: every bad row at its line (and column), from one parse of the file`, async () => {
    const f = await inspection();
    const { text, expected } = recordsFile(RECORDS, true);
    expect(expected.filter((e) => e.column).length, 'the file has evidence errors to place').toBeGreaterThan(2);
    writeFileSync(join(f.cwd, 'records.yaml'), text);
    parses.calls = parses.chars = 0;
    const r = await runMain(['import-records', f.id, 'records.yaml', '--db', f.db, '--json'], {
      env: f.env,
      cwd: f.cwd,
    });
    expect(r.code, r.stderr).toBe(2);
    const problems = (
      JSON.parse(r.stdout) as { problems: Array<{ file: string; line: number; column: number; message: string }> }
    ).problems;
    expect(problems.map((p) => ({ line: p.line, column: p.column }))).toEqual(
      expected.map((e) => ({ line: e.line, column: e.column ?? 1 })),
    );
    problems.forEach((p, k) => expect(p.message).toContain(expected[k]!.message));
    // The work: the file was parsed into a syntax tree once, whole — not once per row, not line by line.
    expect(parses).toEqual({ calls: 1, chars: text.length });
  }, 120_000);

  it('a file whose rows are all good is never parsed for positions, and imports every record', async () => {
    const f = await inspection();
    const { text } = recordsFile(400, false);
    writeFileSync(join(f.cwd, 'good.yaml'), text);
    parses.calls = parses.chars = 0;
    const r = await runMain(['import-records', f.id, 'good.yaml', '--db', f.db, '--json'], { env: f.env, cwd: f.cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).data).toMatchObject({ imported: 400, skipped: 0 });
    expect(parses.calls).toBe(0);
  });

  it('a flow list over several lines: each record at its own line', async () => {
    const f = await inspection();
    writeFileSync(
      join(f.cwd, 'flow.yaml'),
      'records: [\n  {item: WY-01, method: 访, note: 一},\n  {item: WY-01, method: smell, note: 二},\n  {item: WY-77, method: 访, note: 三}\n]\n',
    );
    const r = await runMain(['import-records', f.id, 'flow.yaml', '--db', f.db, '--json'], { env: f.env, cwd: f.cwd });
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as { problems: Array<{ line: number }> }).problems.map((p) => p.line)).toEqual([3, 4]);
  });
});
