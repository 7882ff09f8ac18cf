// The progress circular (整改进展情况通报): totals that agree with the problems' statuses, each problem
// quoted with the status words published follow-ups use, 制定完善制度 N 项 only when the team gives N, and the
// same through the CLI in Markdown and Word; its template lints against the model it renders.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/report/model.js';
import { progressModel, quoteInner } from '../../src/report/progress.js';
import { renderReport } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { PROGRESS_SHAPE, type Shape } from '../../src/report/model-shape.js';
import { lintTemplate } from '../../src/report/template-lint.js';
import { currentProblems, editProblem } from '../../src/problems/problems.js';
import { advance } from '../../src/problems/lifecycle.js';
import { setLang } from '../../src/i18n/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { paragraphs, parts } from '../helpers/documents.js';
import { runMain } from '../helpers/run.js';

setLang('zh');
const dir = mkdtempSync(join(tmpdir(), 'ducha-progress-'));
const env = { DUCHA_DATA_DIR: join(dir, 'data') };
let store: Store;
let inspection: InspectionRow;

beforeAll(() => {
  ({ store, inspection } = realisticInspection(openStore(join(dir, 'r.db'), { create: true, clock: steppingClock() })));
  const evidence = join(dir, '印发通知.pdf');
  writeFileSync(evidence, 'pdf');
  const [first, second] = currentProblems(store, inspection.id);
  editProblem(store, '张三', first!, { measures: '修订请示报告工作规程，严格一文一事。' });
  advance(store, '张三', first!, { kind: 'progress', note: '规程已修订，待审议。' }, 10);
  advance(store, '张三', second!, { kind: 'request', note: '已逐项说明情况', evidence: [evidence] }, 10);
  advance(
    store,
    '李四',
    currentProblems(store, inspection.id)[1]!,
    { kind: 'close', note: '同意销号', allowSelfClose: true, reason: '测试中只有一台设备' },
    10,
  );
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const shapeOf = (value: unknown): Shape =>
  Array.isArray(value)
    ? [value.length ? shapeOf(value[0]) : 'value']
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]))
      : 'value';

describe('progress model', () => {
  it('totals from the statuses: completed, being rectified, not reported; rate; no 制度 count unless given', () => {
    const model = progressModel(buildReportModel(store, inspection, REPORT_OPTIONS));
    expect(model.followUp).toMatchObject({
      total: 2,
      closed: 1,
      ongoing: 1,
      notReported: 0,
      rate: '50%',
      hasSystems: false,
      hasOpen: true,
      hasClosed: true,
    });
    expect(progressModel(buildReportModel(store, inspection, REPORT_OPTIONS), { systems: 3 }).followUp).toMatchObject({
      hasSystems: true,
      systems: 3,
    });
    const items = model.followUp.groups.flatMap((g) => g.items);
    expect(items.map((i) => i.statusText)).toEqual(['正在整改', '完成整改']);
    expect(items[0]).toMatchObject({
      number: 1,
      measures: '修订请示报告工作规程，严格一文一事',
      progress: '规程已修订，待审议',
    });
    expect(items[1]!.quoted).toBe('个别重大事项未事前请示，存在‘先办后报’');
  });
  it('status words for each step a problem can be at, and overdue said so', () => {
    const base = buildReportModel(store, inspection, REPORT_OPTIONS);
    const at = (status: string, extra: object = {}) =>
      progressModel({
        ...base,
        problemGroups: [
          {
            cnNumber: '一',
            checklist: 'x',
            sections: [{ number: 1, title: 's', problems: [{ ...base.problems[0]!, status, ...extra }] }],
          },
        ],
      }).followUp.groups[0]!.items[0]!.statusText;
    expect(at('open')).toBe('未完成，尚未报告整改进展');
    expect(at('rectifying')).toBe('正在整改');
    expect(at('rectifying', { type: '持续整改' })).toBe('取得阶段性成果并持续整改');
    expect(at('closure-requested')).toBe('基本完成，已申请销号，待督查组审核');
    expect(at('returned')).toBe('正在整改，销号申请经审核退回');
    expect(at('closed')).toBe('完成整改');
    expect(at('open', { overdue: true })).toBe('未完成，尚未报告整改进展，已超过整改时限');
    expect(at('closed', { overdue: true })).toBe('完成整改');
  });
  it('quotes inside the quoted problem become single quotes', () => {
    expect(quoteInner('存在"先办后报"和“以报代请”')).toBe('存在‘先办后报’和‘以报代请’');
  });
  it('the template lint checks progress.md against the model it renders', () => {
    const model = progressModel(buildReportModel(store, inspection, REPORT_OPTIONS));
    expect(shapeOf(model)).toEqual(PROGRESS_SHAPE);
    expect(lintTemplate(readFileSync(findTemplate('progress', env).file, 'utf8'), PROGRESS_SHAPE)).toEqual([]);
    expect(lintTemplate('{{followUp.totl}}', PROGRESS_SHAPE)[0]!.message).toContain('"followUp.totl"');
  });
});

describe('the circular', () => {
  it('opening, totals sentence, then problem by problem under （一）在“…”方面 1. 关于“…”问题的整改', async () => {
    const model = buildReportModel(store, inspection, { ...REPORT_OPTIONS, date: '2027-01-20' });
    const text = (await renderReport('progress', 'md', model, findTemplate('progress', env), { systems: 2 })).toString(
      'utf8',
    );
    expect(text).toContain('# 关于某县委政法委督查反馈问题整改进展情况的通报');
    expect(text).toContain('现将截至2027年1月20日的整改进展情况通报如下。');
    expect(text).toContain('督查反馈问题2个，已完成整改1个、正在整改1个，整改完成率50%，制定完善制度2项。');
    expect(text).toContain('### （一）在“请示报告制度贯彻落实情况”方面');
    expect(text).toContain('#### 1. 关于“部分请示一文多事，据某某反映，时间紧时将多个事项合并请示”问题的整改');
    expect(text).toContain(
      '整改情况：正在整改。整改措施：修订请示报告工作规程，严格一文一事。整改进展：规程已修订，待审议。责任单位：县委政法委办公室。整改时限：2027年1月31日。',
    );
    expect(text).toContain('#### 2. 关于“个别重大事项未事前请示，存在‘先办后报’”问题的整改');
    expect(text).toContain('整改情况：完成整改。');
    const without = (await renderReport('progress', 'md', model, findTemplate('progress', env))).toString('utf8');
    expect(without).not.toContain('制定完善制度');
    expect(without).toContain('整改完成率50%。');
  });
  it('ducha report --kind progress writes .md and .docx (headings as Word headings)', async () => {
    const cwd = join(dir, 'cli');
    const e = {
      PATH: process.env.PATH,
      HOME: cwd,
      DUCHA_DATA_DIR: join(cwd, 'data'),
      LANG: 'C.UTF-8',
      DUCHA_ACTOR: '测试员',
    };
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd);
    const id = (
      await runMain(
        ['inspection', 'new', '--checklist', 'zhengfa-weiyuan', '--unit', '某乡镇党委', '--unit-kind', 'township'],
        { env: e, cwd },
      )
    ).stdout.trim();
    for (const file of ['p.md', 'p.docx']) {
      const r = await runMain(['report', id, '--kind', 'progress', '-o', file, '--json'], { env: e, cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).data).toMatchObject({ kind: 'progress' });
    }
    const xml = (await parts(readFileSync(join(cwd, 'p.docx'))))['word/document.xml']!;
    expect(paragraphs(xml)).toContain('一、总体情况');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(readFileSync(join(cwd, 'p.md'), 'utf8')).toContain('本次督查未反馈需要整改的问题。');
  });
});
