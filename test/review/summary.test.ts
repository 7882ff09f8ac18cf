// The cross-inspection summary over a dozen inspections: the ranking of common problems and every rate
// checked against numbers worked out by hand here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { createProblems, currentProblems, editProblem, proposals } from '../../src/problems/problems.js';
import { advance } from '../../src/problems/lifecycle.js';
import { buildSummary, type SummaryModel } from '../../src/review/summary.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, tempStore } from '../helpers/store.js';
import { cleanEnv, runBin, tempDir } from '../helpers/run.js';
import type { Store } from '../../src/store/store.js';

setLang('zh');
let store: Store;
let model: SummaryModel;
const TODAY = '2027-03-01';

beforeAll(() => {
  store = tempStore();
  const evidence = join(tempDir(), 'e.pdf');
  writeFileSync(evidence, 'x');
  for (let i = 0; i < 12; i++) {
    const kind = i < 8 ? 'plac' : 'township';
    const inspection = newInspection(store, {
      unit: `单位${i}`,
      unitKind: kind,
      region: i % 2 ? '东县' : '西县',
      checklists: ['zhengfa-weiyuan'],
      start: `2026-0${(i % 9) + 1}-01`,
    });
    const refs = allItems(inspectionSnapshots(store, inspection.id));
    const set = (item: string, lacking: boolean, goodPractice = false) =>
      conclude(store, '张三', inspection.id, resolveItem(refs, item), {
        result: lacking ? 'noncompliant' : 'compliant',
        note: `${item}`,
        reason: '测试',
        goodPractice,
      });
    addRecord(store, '张三', inspection.id, resolveItem(refs, 'WY-01'), { method: 'listen', note: '汇报' }, 10);
    set('WY-01', i % 2 === 0); // lacking in 6 of 12
    set('WY-09', i % 3 === 0); // lacking in 4 of 12 (0, 3, 6, 9)
    if (i < 6) set('WY-10', i < 4); // lacking in 4 of the 6 that checked it
    set('WY-11', false, i === 5); // never lacking; one good practice
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    const problems = currentProblems(store, inspection.id);
    if (i < 3) {
      for (const p of problems) {
        advance(store, '张三', p, { kind: 'request', note: '已整改', evidence: [evidence] }, 10);
        advance(
          store,
          '李四',
          p,
          { kind: 'close', note: '同意', allowSelfClose: true, reason: '测试中只有一台设备' },
          10,
        );
      }
    }
    if (i === 3 || i === 4) editProblem(store, '张三', problems[0]!, { deadline: '2026-06-01' }); // overdue, whatever day the test runs (after the inspection began)
  }
  model = buildSummary(store, {}, { office: '督查组', date: TODAY, today: TODAY });
});

describe('ducha summary', () => {
  it('coverage and methods', () => {
    expect(model.coverage).toMatchObject({ inspections: 12, units: 12 });
    // 12 × (WY-01, WY-09, WY-11) + 6 × WY-10
    expect(model.coverage.concluded).toBe(42);
    expect(model.methods).toMatchObject({ listen: 12, check: 0, total: 12 });
  });
  it('ranks the items found lacking by the share of inspections', () => {
    expect(model.common.map((c) => [c.item, c.lacking, c.checked, c.share])).toEqual([
      ['WY-10', 4, 6, '66.7%'],
      ['WY-01', 6, 12, '50%'],
      ['WY-09', 4, 12, '33.3%'],
    ]);
  });
  it('breaks down by unit kind and region', () => {
    // plac: i = 0..7 → WY-01 lacking at 0,2,4,6 (4); WY-09 at 0,3,6 (3); WY-10 at 0..3 (4) → 11 of 8×3 + 6 = 30
    // township: i = 8..11 → WY-01 at 8,10 (2); WY-09 at 9 (1) → 3 of 4×3 = 12
    expect(model.byKind.map((k) => [k.name, k.inspections, k.lacking, k.checked, k.share, k.problems])).toEqual([
      ['党委政法委', 8, 11, 30, '36.7%', 11],
      ['乡镇(街道)党(工)委', 4, 3, 12, '25%', 3],
    ]);
    // 西县: even i → WY-01 6, WY-09 at 0,6 (2), WY-10 at 0,2 (2) → 10 of 6×3 + 3 = 21
    // 东县: odd i → WY-09 at 3,9 (2), WY-10 at 1,3 (2) → 4 of 6×3 + 3 = 21
    expect(model.byRegion.map((r) => [r.name, r.lacking, r.checked])).toEqual([
      ['东县', 4, 21],
      ['西县', 10, 21],
    ]);
  });
  it('closure rate and overdue count', () => {
    // problems: 6 + 4 + 4 = 14; closed: those of i = 0, 1, 2 → i0: WY-01, WY-09, WY-10 (3); i1: WY-10 (1); i2: WY-01, WY-10 (2) = 6
    expect(model.rectification).toEqual({ problems: 14, closed: 6, closureRate: '42.9%', overdue: 2 });
    expect(model.goodPractices).toHaveLength(1);
    expect(model.goodPractices[0]).toMatchObject({ unit: '单位5', title: expect.any(String) });
  });
  it("the terminal's summary reads no good practices, and nothing else changes", () => {
    const counts = buildSummary(
      store,
      {},
      { office: '督查组', date: TODAY, today: TODAY, reads: { goodPractices: false } },
    );
    expect(counts.goodPractices).toEqual([]);
    expect(counts.hasGoodPractices).toBe(false);
    expect({ ...counts, goodPractices: undefined, hasGoodPractices: undefined }).toEqual({
      ...model,
      goodPractices: undefined,
      hasGoodPractices: undefined,
    });
  });
  it('filters by unit kind, region and date', () => {
    const township = buildSummary(store, { unitKind: 'township' }, { office: '', date: TODAY, today: TODAY });
    expect(township.coverage.inspections).toBe(4);
    expect(township.common.map((c) => c.item)).toEqual(['WY-01', 'WY-09']);
    expect(buildSummary(store, { region: '东' }, { office: '', date: TODAY, today: TODAY }).coverage.inspections).toBe(
      6,
    );
    expect(
      buildSummary(store, { since: '2026-09-01' }, { office: '', date: TODAY, today: TODAY }).coverage.inspections,
    ).toBe(1);
  });
  it('writes Markdown, Word and a workbook through the CLI', async () => {
    const env = cleanEnv();
    const { mkdirSync, copyFileSync, readFileSync } = await import('node:fs');
    mkdirSync(env.DUCHA_DATA_DIR!, { recursive: true });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(store.file, join(env.DUCHA_DATA_DIR!, 'ducha.db'));
    const cwd = tempDir();
    for (const file of ['s.md', 's.docx', 's.xlsx'])
      expect((await runBin(['summary', '-o', file], { env, cwd })).code).toBe(0);
    const md = readFileSync(join(cwd, 's.md'), 'utf8');
    expect(md).toContain('| 1 | 乡镇（街道）政法委员配备情况 | 列席县级政法委会议 |');
    expect(md).not.toContain('| WY-10 |');
    expect(md).toContain('销号率42.9%；逾期未整改2个');
    // A document reads the good practices the terminal's summary leaves out.
    expect(md).toContain('1. 单位5：');
    expect(md).not.toContain('本次汇总范围内未标记好经验、好做法');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(cwd, 's.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['图表', '共性问题', '按单位类型', '按地区', '督查列表']);
    expect(workbook.worksheets[1]!.getRow(2).getCell(3).value).toBe('列席县级政法委会议');
    const json = JSON.parse((await runBin(['summary', '--unit-kind', 'township', '--json'], { env })).stdout);
    expect(json.data.coverage.inspections).toBe(4);
    const every = JSON.parse((await runBin(['summary', '--json'], { env })).stdout);
    expect(every.data.goodPractices).toHaveLength(1);
    const printed = await runBin(['summary'], { env });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('督查 12 次');
  });
});
