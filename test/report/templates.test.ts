// Templates: the shipped ones lint clean; a field the model lacks fails with its line and column; helpers,
// partials and prototype tricks are refused; overrides are found; the lint's model shape is the model's.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTemplate } from '../../src/report/template-lint.js';
import { markdownSafe, renderTemplate } from '../../src/report/templates.js';
import { MODEL_SHAPE, type Shape } from '../../src/report/model-shape.js';
import { buildReportModel } from '../../src/report/model.js';
import { setLang } from '../../src/i18n/index.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { cleanEnv, runBin, runMain, tempDir } from '../helpers/run.js';

setLang('zh');

/** The shape of actual data: objects by their keys, arrays by their first element. */
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return [value.length ? shapeOf(value[0]) : 'value'];
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return 'value';
}

describe('template lint', () => {
  it('the report model has exactly the shape the lint checks against', () => {
    const { store, inspection } = realisticInspection();
    expect(shapeOf(buildReportModel(store, inspection, REPORT_OPTIONS))).toEqual(MODEL_SHAPE);
  });
  it('accepts fields, loops, @index and ../ paths that exist', () => {
    const ok =
      '{{inspection.unit}}\n{{#each problemGroups}}{{checklist}}{{#each sections}}{{title}}{{#each problems}}{{@index}}{{description}}{{../title}}{{@root.meta.office}}{{/each}}{{/each}}{{/each}}\n{{#if hasProblems}}x{{else}}y{{/if}}{{#with meta}}{{office}}{{/with}}';
    expect(lintTemplate(ok)).toEqual([]);
  });
  it('reports an unknown field with line, column and a suggestion', () => {
    expect(lintTemplate('标题\n\n  {{inspection.unitt}}')).toEqual([
      { line: 3, column: 5, message: '字段 "inspection.unitt" 不存在于报告模型中，是否应为 "unit"？' },
    ]);
    expect(lintTemplate('{{#each problems}}{{descripton}}{{/each}}')[0]).toMatchObject({ line: 1, column: 21 });
  });
  it('refuses helpers, partials, objects printed whole, and loops over non-lists', () => {
    const problems = lintTemplate(
      '{{lookup this "constructor"}}\n{{log "x"}}\n{{> header}}\n{{inspection}}\n{{#each inspection}}{{/each}}\n{{#each problems}}{{@key2}}{{/each}}',
    );
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('cannot reach prototypes: constructor, __proto__ and friends are not fields', () => {
    for (const evil of [
      '{{constructor}}',
      '{{__proto__}}',
      '{{inspection.constructor.name}}',
      '{{#with constructor}}{{name}}{{/with}}',
      '{{#each problems}}{{constructor.constructor}}{{/each}}',
      '{{toString}}',
    ]) {
      expect(lintTemplate(evil).length, evil).toBeGreaterThan(0);
    }
  });
  it('rendering refuses a bad template before running it, and data handed to a template has no prototype', () => {
    const template = { name: 'evil', file: 'evil.md', origin: 'option' as const, text: '{{constructor.constructor}}' };
    expect(() => renderTemplate(template, { a: 1 })).toThrow(/不存在于报告模型中/);
    const safe = markdownSafe({ inspection: { unit: 'x' } }) as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(safe)).toBeNull();
    expect(Object.getPrototypeOf(safe.inspection)).toBeNull();
    expect(safe.inspection!.constructor).toBeUndefined();
  });
  it('escapes Markdown in values: a finding cannot inject a heading or a table cell', () => {
    const out = renderTemplate(
      { name: 'x', file: 'x.md', origin: 'option', text: '{{inspection.unit}}' },
      { inspection: { unit: '# 标题 | 单元格\n第二行' } },
    );
    expect(out).toBe('\\# 标题 \\| 单元格 第二行\n');
  });
});

describe('ducha template and report commands', () => {
  it('template lint passes the shipped templates and fails an unknown field with file:line:col (exit 1)', async () => {
    expect((await runMain(['template', 'lint'])).code).toBe(0);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'mine.md'),
      '# {{inspection.title}}\n\n{{#each problems}}\n{{number}}. {{desc}}\n{{/each}}\n',
    );
    const r = await runMain(['template', 'lint', 'mine.md', '--kind', 'feedback'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('mine.md:4:15  error  字段 "desc" 不存在于报告模型中');
    const unknown = await runMain(['template', 'lint', 'mine.md'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--kind');
    writeFileSync(join(dir, 'summary.md'), '{{coverage.inspections}} {{problems}}\n');
    const summary = await runMain(['template', 'lint', 'summary.md'], { cwd: dir });
    expect(summary.stdout).toContain('summary.md:1:28  error  字段 "problems" 不存在于报告模型中');
  });
  it('template list shows where each template comes from; a user copy overrides the shipped one', async () => {
    const env = cleanEnv();
    mkdirSync(join(env.DUCHA_DATA_DIR!, 'templates'), { recursive: true });
    writeFileSync(join(env.DUCHA_DATA_DIR!, 'templates', 'notice.md'), '# 我的通知 {{inspection.unit}}\n');
    const list = JSON.parse((await runMain(['template', 'list', '--json'], { env })).stdout).data;
    expect(list.find((x: { name: string }) => x.name === 'notice').origin).toBe('user');
    expect(list.find((x: { name: string }) => x.name === 'feedback').origin).toBe('builtin');
  });
  it('report writes each format; a bad template is refused and nothing is written', async () => {
    const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
    const cwd = tempDir();
    const run = (argv: string[]) => runBin(argv, { env, cwd });
    const id = (
      await run([
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
      ])
    ).stdout.trim();
    for (const [kind, file] of [
      ['feedback', 'a.docx'],
      ['notice', 'b.md'],
      ['ledger', 'c.xlsx'],
      ['ledger', 'd.csv'],
    ]) {
      const r = await run(['report', id, '--kind', kind!, '-o', file!, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).data).toMatchObject({ kind, format: file!.split('.')[1] });
      expect(existsSync(join(cwd, file!))).toBe(true);
    }
    expect((await run(['report', id, '--kind', 'feedback', '-o', 'x.xlsx'])).stderr).toContain('不能输出为 xlsx');
    writeFileSync(join(cwd, 'evil.md'), 'ok\n{{#with constructor}}{{name}}{{/with}}\n');
    const evil = await run(['report', id, '--kind', 'feedback', '--template', 'evil.md', '-o', 'evil-out.md']);
    expect(evil.code).toBe(2);
    expect(evil.stderr).toMatch(/evil\.md:2:9: .*constructor/);
    expect(existsSync(join(cwd, 'evil-out.md'))).toBe(false);
  });
});
