// The four lint formats are pure functions of a result.
import { describe, expect, it } from 'vitest';
import { formatLint } from '../../src/checklist/formatters/index.js';
import type { LintResult } from '../../src/checklist/lint.js';
import { makeColour } from '../../src/util/colour.js';
import { setLang } from '../../src/i18n/index.js';

const result: LintResult = {
  files: [
    { file: 'a.yaml', checklistId: 'a', errorCount: 1, warningCount: 1, omitted: 0 },
    { file: 'dir/b,c.yaml', checklistId: 'b', errorCount: 0, warningCount: 0, omitted: 0 },
  ],
  problems: [
    {
      file: 'a.yaml',
      line: 3,
      column: 5,
      code: 'duplicate-id',
      severity: 'error',
      message: '条目编号 "QS-03" 已在第 4 行使用 <&> 100%',
    },
    { file: 'a.yaml', line: 9, column: 1, code: 'unused-source', severity: 'warning', message: 'line one\nline two' },
  ],
  errorCount: 1,
  warningCount: 1,
  maxProblems: 1000,
};
const options = { colour: makeColour(0) };

describe('formatters', () => {
  setLang('zh');
  it('stylish prints file:line:col severity code message and a summary', () => {
    const text = formatLint('stylish', result, options);
    expect(text).toContain('a.yaml:3:5  error    duplicate-id  条目编号 "QS-03" 已在第 4 行使用');
    expect(text).toContain('a.yaml:9:1  warning  unused-source');
    expect(text).toMatch(/2 个问题（1 个错误，1 个警告），共检查 2 个文件/);
    expect(text).not.toContain('\u001b[');
  });
  it('stylish says when warnings exceed the maximum', () => {
    expect(
      formatLint(
        'stylish',
        { ...result, problems: [result.problems[1]!], errorCount: 0 },
        { ...options, maxWarnings: 0 },
      ),
    ).toContain('--max-warnings 0');
  });
  it('json is exactly the envelope', () => {
    const doc = JSON.parse(formatLint('json', result, options));
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'ok', 'data', 'problems']);
    expect(doc.ok).toBe(false);
    expect(doc.problems[0]).toEqual({
      file: 'a.yaml',
      line: 3,
      column: 5,
      code: 'duplicate-id',
      severity: 'error',
      message: result.problems[0]!.message,
    });
    expect(formatLint('json', { ...result, problems: [result.problems[1]!], errorCount: 0 }, options)).toContain(
      '"ok": true',
    );
  });
  it('github emits escaped workflow commands', () => {
    const lines = formatLint('github', result, options).split('\n');
    expect(lines[0]).toBe(
      '::error file=a.yaml,line=3,col=5,title=duplicate-id::条目编号 "QS-03" 已在第 4 行使用 <&> 100%25',
    );
    expect(lines[1]).toBe('::warning file=a.yaml,line=9,col=1,title=unused-source::line one%0Aline two');
  });
  it('junit has one testsuite per file and one failure per problem, escaped', () => {
    const xml = formatLint('junit', result, options);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('&lt;&amp;&gt;');
    expect(xml).toContain('<testsuite name="dir/b,c.yaml" tests="1" failures="0" errors="0">');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="ducha lint" tests="3" failures="2" errors="0">/,
    );
  });

  // Past --max-problems a file's other problems are counted, not listed: every format says how many, and the
  // totals (and so the exit code) still include them.
  describe('problems past the cap', () => {
    const capped: LintResult = {
      ...result,
      files: [{ ...result.files[0]!, errorCount: 4001, warningCount: 1, omitted: 4000 }, result.files[1]!],
      errorCount: 4001,
      maxProblems: 2,
    };
    it('stylish: a line after the file, and the totals of every problem', () => {
      const text = formatLint('stylish', capped, options);
      expect(text).toContain('a.yaml：另有 4000 个问题未列出（每个文件最多列出 2 个；--max-problems 0 列出全部）');
      expect(text).toMatch(/4002 个问题（4001 个错误，1 个警告）/);
    });
    it('json: omitted per file and in all; the problems listed are only the capped ones', () => {
      const doc = JSON.parse(formatLint('json', capped, options));
      expect(doc.data.files[0].omitted).toBe(4000);
      expect(doc.data).toMatchObject({ omitted: 4000, maxProblems: 2, errorCount: 4001 });
      expect(doc.problems).toHaveLength(2);
    });
    it('github: one notice for the file', () => {
      const lines = formatLint('github', capped, options).split('\n');
      expect(lines).toContain(
        '::notice file=a.yaml,title=max-problems::a.yaml：另有 4000 个问题未列出（每个文件最多列出 2 个；--max-problems 0 列出全部）',
      );
      expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(3);
    });
    it('junit: one more failure that says how many', () => {
      const xml = formatLint('junit', capped, options);
      expect(xml.match(/<failure /g)).toHaveLength(3);
      expect(xml).toContain('<testcase classname="a.yaml" name="max-problems"><failure type="omitted"');
      expect(xml).toMatch(/<testsuites name="ducha lint" tests="4" failures="3" errors="0">/);
    });
  });
});

describe('chunked output', () => {
  it('hands out lines in pieces of about the given size that join to the whole text', async () => {
    const { chunked } = await import('../../src/checklist/formatters/chunked.js');
    const lines = Array.from({ length: 1000 }, (_, i) => `第 ${i} 行`);
    const pieces = [...chunked(lines, 100)];
    expect(pieces.length).toBeGreaterThan(50);
    expect(pieces.every((p) => p.endsWith('\n'))).toBe(true);
    expect(pieces.join('')).toBe(lines.join('\n') + '\n');
    expect([...chunked([], 100)]).toEqual([]);
  });
});
