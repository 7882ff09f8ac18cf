// Documents from settled data: which open conflicts touch which kind of document (every conclusion; the
// problem fields its template prints; every field for a template of the user's), the draft mark in every
// format (Markdown and Word titles, the spreadsheet's title; CSV refused), the ledger's 问题来源 naming only
// records of the problem's own methods, and the index that keeps these look-ups off the records.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { createProblems } from '../../src/problems/problems.js';
import { buildReportModel } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { markDraft } from '../../src/report/draft.js';
import { checkSettled, isSettled } from '../../src/report/settled.js';
import type { Store } from '../../src/store/store.js';
import { REPORT_OPTIONS } from '../helpers/inspection-fixture.js';
import { newInspection, steppingClock, tempStore } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

setLang('zh');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const env = { DUCHA_DATA_DIR: (made.push(tempDir()), made.at(-1)!) };

function withProblem(methods: Array<'listen' | 'check' | 'talk' | 'visit'>) {
  const store = tempStore({ clock: steppingClock() });
  made.push(dirname(store.file));
  const inspection = newInspection(store);
  const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
  addRecord(store, '张三', inspection.id, ref, { method: 'listen', note: '汇报', subject: '党委书记' }, 10);
  addRecord(store, '李四', inspection.id, ref, { method: 'visit', note: '走访', subject: '综治中心' }, 10);
  const [id] = createProblems(store, '李四', inspection.id, [
    {
      description: '政法委员空缺',
      items: [{ checklistId: 'zhengfa-weiyuan', itemId: 'WY-01' }],
      methods,
      severity: 'high',
      rectification: '配齐政法委员。',
      type: 'deadline',
    },
  ]);
  return { store, inspection, id: id! };
}

/** Two heads on one register of the problem: the shape an import of a concurrent edit leaves. */
function conflictOn(store: Store, inspectionId: string, problemId: string, field: string, values: [unknown, unknown]) {
  const entity = `problem/${inspectionId}/${problemId}/${field}`;
  store.write(() => {
    const old = store.db.prepare('SELECT event_id FROM registers WHERE entity = ?').all(entity) as Array<{
      event_id: string;
    }>;
    for (const v of values)
      store.append('甲', 'problem.updated', {
        id: problemId,
        inspectionId,
        fields: { [field]: v },
        supersedes: { [field]: old.map((o) => o.event_id) },
      });
  });
}

describe('which conflicts touch which document', () => {
  it('a deadline conflict blocks the notice and the ledger, not the feedback; a template of the user’s is blocked by any', () => {
    const { store, inspection, id } = withProblem(['visit']);
    conflictOn(store, inspection.id, id, 'deadline', ['2027-01-31', '2027-02-28']);
    const s = (kind: string, customTemplate = false) => checkSettled(store, inspection.id, kind, { customTemplate });
    expect(s('feedback').conflicts).toEqual([]);
    expect(s('feedback').otherConflicts.map((c) => c.label)).toEqual([`问题 ${id} 的整改时限`]);
    expect(isSettled(s('feedback'))).toBe(true);
    expect(isSettled(s('notice'))).toBe(false);
    expect(isSettled(s('ledger'))).toBe(false);
    expect(isSettled(s('progress'))).toBe(false); // a kind this module does not know: every field touches it
    expect(isSettled(s('feedback', true))).toBe(false);
  });

  it('a conflict on a problem merged away touches no document', () => {
    const { store, inspection, id } = withProblem(['visit']);
    conflictOn(store, inspection.id, id, 'deadline', ['2027-01-31', '2027-02-28']);
    const [other] = createProblems(store, '组长', inspection.id, [
      {
        description: '另一问题',
        items: [{ checklistId: 'zhengfa-weiyuan', itemId: 'WY-02' }],
        methods: [],
        severity: 'low',
        rectification: '整改。',
        type: 'deadline',
      },
    ]);
    store.write(() =>
      store.append('组长', 'problem.updated', {
        id,
        inspectionId: inspection.id,
        fields: { mergedInto: other! },
        supersedes: { mergedInto: [] },
      }),
    );
    expect(isSettled(checkSettled(store, inspection.id, 'ledger'))).toBe(true);
  });
});

describe('the ledger’s 问题来源', () => {
  it('names the problem’s methods and the records of those methods only', () => {
    const { store, inspection } = withProblem(['visit']);
    const model = buildReportModel(store, inspection, REPORT_OPTIONS);
    expect(model.problems[0]!.origin).toBe('访（访：综治中心）');
    const both = withProblem(['listen', 'visit']);
    expect(buildReportModel(both.store, both.inspection, REPORT_OPTIONS).problems[0]!.origin).toBe(
      '听、访（听：党委书记；访：综治中心）',
    );
  });
});

describe('a draft says so in its title, in every format', () => {
  const draft = async (kind: 'feedback' | 'ledger', format: 'md' | 'docx' | 'xlsx' | 'csv') => {
    const { store, inspection } = withProblem(['visit']);
    return renderReport(kind, format, buildReportModel(store, inspection, REPORT_OPTIONS), findTemplate(kind, env), {
      draft: true,
    });
  };

  it('Markdown: the title ends with （征求意见稿）; without a title the mark opens the text', async () => {
    const text = (await draft('feedback', 'md')).toString('utf8');
    expect(text).toMatch(/^# 关于某乡镇党委.*督查反馈意见（征求意见稿）$/m);
    expect(text.match(/征求意见稿/g)).toHaveLength(1);
    expect(markDraft('某某：\n\n正文')).toBe('（征求意见稿）\n\n某某：\n\n正文');
  });

  it('Word: the title paragraph carries the mark', async () => {
    const xml = await (
      await JSZip.loadAsync(await draft('feedback', 'docx'))
    )
      .file('word/document.xml')!
      .async('string');
    const title = /<w:p>(?:(?!<\/w:p>).)*督查反馈意见(?:(?!<\/w:p>).)*<\/w:p>/.exec(xml)![0];
    expect(title.replace(/<[^>]+>/g, '')).toMatch(/督查反馈意见（征求意见稿）$/);
  });

  it('the spreadsheet: its title row; CSV has no title and is refused', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await draft('ledger', 'xlsx')) as unknown as ArrayBuffer);
    expect(String(workbook.worksheets[0]!.getCell(1, 1).value)).toBe('某乡镇党委督查发现问题整改台账（征求意见稿）');
    await expect(draft('ledger', 'csv')).rejects.toThrow(/CSV 文件没有标题/);
  });
});

describe('the decisions index (migration 9)', () => {
  it('finds an inspection’s resolutions and problem events without reading its records', () => {
    const { store, inspection } = withProblem(['visit']);
    const plan = store.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM events WHERE inspection_id = ? AND type <> 'record.added' AND type = ? ORDER BY seq_no",
      )
      .all(inspection.id, 'register.resolved') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING INDEX events_decisions');
    const indexed = store.db
      .prepare(
        "SELECT count(*) AS n FROM events INDEXED BY events_decisions WHERE inspection_id = ? AND type <> 'record.added'",
      )
      .get(inspection.id) as { n: number };
    expect(indexed.n).toBe(2); // the inspection and the problem, not the two records
  });
});
