// Every shipped template reads as a finished document: against a minimal inspection (no team, no region, no
// records, no problems, no 发文字号, no marking) and a realistic one, every sentence ends with its 。, no
// phrase is left broken by an empty field, no internal id (inspection, problem, item code) is printed, the
// Regulation is abbreviated only after 「（以下简称《条例》）」, and articles are cited in Chinese numerals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { buildReportModel, type ReportKind, type ReportModel } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { renderDocument } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { compareRounds } from '../../src/review/compare.js';
import { buildSummary } from '../../src/review/summary.js';
import { citation } from '../../src/report/citation.js';
import { chineseNumber } from '../../src/util/numbers.js';
import { setLang } from '../../src/i18n/index.js';
import { allItems, inspectionSnapshots } from '../../src/inspect/items.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { BROKEN, unclosedSentences } from '../helpers/documents.js';

setLang('zh');
const dir = mkdtempSync(join(tmpdir(), 'ducha-documents-'));
const env = { DUCHA_DATA_DIR: join(dir, 'data') };
const stores: Store[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const MINIMAL_OPTIONS = { ...REPORT_OPTIONS, office: '督查组', docNumber: '', marking: '' };
let minimal: { store: Store; first: InspectionRow; second: InspectionRow };
let realistic: { store: Store; inspection: InspectionRow };

beforeAll(() => {
  const store = openStore(join(dir, 'minimal.db'), { create: true, clock: steppingClock() });
  stores.push(store);
  const first = newInspection(store, { unit: '某乡镇党委', team: [], region: undefined, start: '2026-06-01' });
  const second = newInspection(store, { unit: '某乡镇党委', team: [], region: undefined, start: '2026-11-20' });
  minimal = { store, first, second };
  const real = realisticInspection(openStore(join(dir, 'realistic.db'), { create: true, clock: steppingClock() }));
  stores.push(real.store);
  realistic = real;
});

const KINDS: ReportKind[] = ['feedback', 'notice', 'ledger', 'progress'];

/** The Markdown with its fenced divs (pandoc flavour), so that the signature is told from the text. */
async function markdownOf(kind: ReportKind, model: ReportModel): Promise<string> {
  return (await renderReport(kind, 'md', model, findTemplate(kind, env), { flavour: 'pandoc' })).toString('utf8');
}

function readsAsFinished(text: string, ids: readonly string[]) {
  expect(text).not.toMatch(BROKEN);
  expect(unclosedSentences(text)).toEqual([]);
  for (const id of ids) expect(text).not.toContain(id);
  expect(text).not.toMatch(/\b[A-Z]{2}-\d{2}\b/); // item codes such as QS-05
}

describe('templates with every optional field empty', () => {
  for (const kind of KINDS) {
    it(`${kind}: a minimal inspection reads as a finished document`, async () => {
      const model = buildReportModel(minimal.store, minimal.first, MINIMAL_OPTIONS);
      const text = await markdownOf(kind, model);
      readsAsFinished(text, [minimal.first.id]);
      if (kind === 'feedback') {
        expect(text).toContain('督查组对照乡镇（街道）政法委员配备情况等检查清单逐项开展督查。');
        expect(text).toContain('本次督查未发现需要反馈的问题。');
        expect(text).toContain('本次未单独总结典型经验。');
      }
      if (kind === 'progress') expect(text).toContain('本次督查未反馈需要整改的问题。');
      if (kind === 'ledger') expect(text).toContain('本次督查未发现需要整改的问题。');
      // No marking and no 发文字号: the document starts with its title.
      expect(text.startsWith('# ')).toBe(true);
      expect(text).not.toContain('.marking');
      expect(text).not.toContain('.docnumber');
    });
  }
  it('compare: two rounds with nothing found read as a finished document', async () => {
    const model = compareRounds(minimal.store, minimal.first, minimal.second, { office: '督查组', date: '2026-12-01' });
    const text = (await renderDocument(findTemplate('compare', env), model, 'md', { flavour: 'pandoc' })).toString(
      'utf8',
    );
    readsAsFinished(text, [minimal.first.id, minimal.second.id]);
    expect(text).toContain('某乡镇党委前次督查自2026年6月1日起，本次督查自2026年11月20日起。');
  });
  it('summary: one inspection with nothing found reads as a finished document', async () => {
    const model = buildSummary(
      minimal.store,
      { ids: [minimal.first.id] },
      { office: '督查组', date: '2026-12-01', today: '2026-12-01' },
    );
    const text = (await renderDocument(findTemplate('summary', env), model, 'md', { flavour: 'pandoc' })).toString(
      'utf8',
    );
    readsAsFinished(text, [minimal.first.id]);
    expect(text).toContain('本次汇总范围内督查未发现需要整改的问题。');
    expect(text).not.toContain('销号率—');
  });
});

describe('the realistic inspection', () => {
  for (const kind of KINDS) {
    it(`${kind}: every sentence closed, no internal id`, async () => {
      const model = buildReportModel(realistic.store, realistic.inspection, REPORT_OPTIONS);
      readsAsFinished(await markdownOf(kind, model), [realistic.inspection.id, ...model.problems.map((p) => p.id)]);
    });
  }
  it('the feedback abbreviates the Regulation to 《条例》 only after saying so at its first mention', async () => {
    const text = await markdownOf('feedback', buildReportModel(realistic.store, realistic.inspection, REPORT_OPTIONS));
    const first = text.indexOf('《中国共产党政法工作条例》（以下简称《条例》）');
    expect(first).toBeGreaterThan(0);
    expect(text.indexOf('《条例》')).toBeGreaterThan(first);
    expect(text.slice(first + 30)).not.toContain('《中国共产党政法工作条例》');
    expect(text).toContain('《条例》第六章 请示报告');
  });
  it('the notice names the Regulation in full and never says 以下简称 (it uses no abbreviation)', async () => {
    const text = await markdownOf('notice', buildReportModel(realistic.store, realistic.inspection, REPORT_OPTIONS));
    expect(text).toContain('《中国共产党政法工作条例》');
    expect(text).not.toContain('以下简称');
  });
});

describe('citations', () => {
  it('article numbers in Chinese numerals: 第十七条, 第一百零五条', () => {
    const checklist = {
      sources: [
        { id: 'tiaoli', title: '中国共产党政法工作条例' },
        { id: 'other', title: '《中国共产党重大事项请示报告条例》' },
      ],
    };
    expect(citation({ source: 'tiaoli', article: 17 }, checklist as never)).toBe('《中国共产党政法工作条例》第十七条');
    expect(citation({ source: 'tiaoli', article: 17 }, checklist as never, true)).toBe('《条例》第十七条');
    expect(citation({ source: 'other', article: 105 }, checklist as never, true)).toBe(
      '《中国共产党重大事项请示报告条例》第一百零五条',
    );
    expect(citation({ source: 'tiaoli', chapter: '第六章 请示报告' }, checklist as never)).toBe(
      '《中国共产党政法工作条例》第六章 请示报告',
    );
    expect([1, 10, 11, 20, 39, 100, 101, 110, 115, 120, 999].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '三十九',
      '一百',
      '一百零一',
      '一百一十',
      '一百一十五',
      '一百二十',
      '九百九十九',
    ]);
  });
  it('a problem on an item that cites an article prints it in Chinese numerals in every format', async () => {
    const store = openStore(join(dir, 'articles.db'), { create: true, clock: steppingClock() });
    stores.push(store);
    const inspection = newInspection(store, {
      checklists: ['juece-bushu'],
      unitKind: 'county-party-committee',
      unit: '某县委',
    });
    const { createProblems } = await import('../../src/problems/problems.js');
    const item = allItems(inspectionSnapshots(store, inspection.id)).find((r) =>
      r.item.basis.some((b) => b.article === 14),
    )!;
    createProblems(store, '测试员', inspection.id, [
      {
        description: '研究部署不够及时',
        items: [{ checklistId: item.checklist.id, itemId: item.item.id }],
        methods: ['check'],
        severity: 'medium',
        type: 'deadline',
        rectification: '及时研究部署',
      },
    ]);
    const model = buildReportModel(store, inspection, REPORT_OPTIONS);
    expect(model.problems[0]!.basis).toContain('第十四条');
    expect(model.problems[0]!.basis).not.toMatch(/第\d+条/);
    for (const kind of KINDS) expect(await markdownOf(kind, model)).not.toMatch(/第\d+条/);
  });
});
