// The 整改台账 prints: A3 landscape by default (A4 on request) in .xlsx and .docx, wrapped text in rows as
// tall as their content, the header repeated on every page, columns fitted to the width at about full size.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, type ReportModel } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { LEDGER_COLUMNS, ledgerRows } from '../../src/report/ledger.js';
import { LEDGER_POINTS } from '../../src/report/ledger-xlsx.js';
import { cellColumns, fitScale, rowHeight } from '../../src/report/xlsx-print.js';
import { linesIn } from '../../src/report/width.js';
import { setLang } from '../../src/i18n/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { parts } from '../helpers/documents.js';
import { runMain } from '../helpers/run.js';

setLang('zh');
const dir = mkdtempSync(join(tmpdir(), 'ducha-ledger-'));
const env = { DUCHA_DATA_DIR: join(dir, 'data') };
let store: Store;
let model: ReportModel;
beforeAll(() => {
  const made = realisticInspection(openStore(join(dir, 'r.db'), { create: true, clock: steppingClock() }));
  store = made.store;
  model = buildReportModel(store, made.inspection, REPORT_OPTIONS);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ledger = (format: 'xlsx' | 'docx', paper?: 'a3' | 'a4') =>
  renderReport('ledger', format, model, findTemplate('ledger', env), { paper });

async function sheetOf(xlsx: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('ledger .xlsx', () => {
  it('A3 landscape by default, A4 on request; fitted to one page wide; header row 2 repeated; centred', async () => {
    const a3 = await parts(await ledger('xlsx'));
    expect(a3['xl/worksheets/sheet1.xml']).toMatch(
      /<pageSetup [^>]*paperSize="8"[^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/,
    );
    expect(a3['xl/worksheets/sheet1.xml']).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(a3['xl/worksheets/sheet1.xml']).toContain('horizontalCentered="1"');
    expect(a3['xl/workbook.xml']).toMatch(
      /<definedName name="_xlnm.Print_Titles"[^>]*>&apos;整改台账&apos;!\$2:\$2<\/definedName>/,
    );
    const a4 = await parts(await ledger('xlsx', 'a4'));
    expect(a4['xl/worksheets/sheet1.xml']).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/);
  });
  it('the columns print at about full size on A3 (not 40 %), and at two thirds on A4', () => {
    const widths = LEDGER_COLUMNS.map((c) => c.width);
    expect(fitScale(widths, 'a3')).toBeGreaterThan(0.95);
    expect(fitScale(widths, 'a4')).toBeGreaterThan(0.65);
  });
  it('every cell wraps, and each row is as tall as its longest cell wrapped in its column', async () => {
    const sheet = await sheetOf(await ledger('xlsx'));
    const rows = ledgerRows(model);
    const widths = LEDGER_COLUMNS.map((c) => c.width);
    rows.forEach((values, i) => {
      const row = sheet.getRow(3 + i);
      for (let c = 1; c <= LEDGER_COLUMNS.length; c++)
        expect(row.getCell(c).alignment?.wrapText, `row ${i} col ${c}`).toBe(true);
      const lines = Math.max(...values.map((v, k) => linesIn(v, cellColumns(widths[k]!, LEDGER_POINTS.body))));
      expect(lines).toBeGreaterThan(3); // 整改要求 runs over several lines
      expect(row.height).toBe(rowHeight(values, widths, LEDGER_POINTS.body));
      expect(row.height).toBeGreaterThanOrEqual(lines * LEDGER_POINTS.body * 1.3);
    });
    expect(sheet.getRow(2).height).toBe(
      rowHeight((sheet.getRow(2).values as string[]).slice(1), widths, LEDGER_POINTS.header),
    );
    const xml = (await parts(await ledger('xlsx')))['xl/worksheets/sheet1.xml']!;
    expect(xml).toMatch(/<row r="3"[^>]*customHeight="1"/);
  });
  it('row height counts Chinese characters as two columns and Latin as one', () => {
    expect(linesIn('一二三四五', 10)).toBe(1);
    expect(linesIn('一二三四五六', 10)).toBe(2);
    expect(linesIn('abcdefghij', 10)).toBe(1);
    expect(linesIn('一\n二', 10)).toBe(2);
    expect(rowHeight(['一'.repeat(60)], [10], 10)).toBeGreaterThan(rowHeight(['一'.repeat(6)], [10], 10));
  });
});

describe('ledger .docx', () => {
  it('A3 landscape by default with 五号 table text, A4 landscape with 小五 on request; header row repeated', async () => {
    const a3 = (await parts(await ledger('docx')))['word/document.xml']!;
    expect(a3).toContain('<w:pgSz w:w="23811" w:h="16838" w:orient="landscape"/>');
    expect(a3).toContain('<w:sz w:val="21"/>');
    expect(a3).toContain('<w:tblHeader/>');
    const a4 = (await parts(await ledger('docx', 'a4')))['word/document.xml']!;
    expect(a4).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(a4).toContain('<w:sz w:val="18"/>');
    // Column widths add up to the text block: 420 − 28 − 26 mm on A3.
    const grid = [...a3.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(grid).toBeLessThanOrEqual(23811 - 1587 - 1474);
    expect(grid).toBeGreaterThan(23811 - 1587 - 1474 - 20);
  });
  it('a header narrower than its text breaks evenly (整改 / 措施), never one character on a line', async () => {
    const a4 = (await parts(await ledger('docx', 'a4')))['word/document.xml']!;
    const header = a4.slice(a4.indexOf('<w:tr>'), a4.indexOf('</w:tr>'));
    const cells = [...header.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((m) =>
      m[1]!.replace(/<w:br\/>/g, '|').replace(/<[^>]+>/g, ''),
    );
    expect(cells).toContain('问题类别|（条例条款）');
    for (const cell of cells)
      for (const part of cell.split('|')) expect([...part].length, cell).toBeGreaterThanOrEqual(2);
  });
});

describe('ducha report: --paper, --flavour, --systems, --title', () => {
  let cwd: string;
  let run: (argv: string[]) => ReturnType<typeof runMain>;
  let id: string;
  beforeAll(async () => {
    cwd = join(dir, 'cli');
    const e = {
      PATH: process.env.PATH,
      HOME: cwd,
      DUCHA_DATA_DIR: join(cwd, 'data'),
      LANG: 'C.UTF-8',
      DUCHA_ACTOR: '测试员',
    };
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd);
    run = (argv) => runMain(argv, { env: e, cwd });
    id = (
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
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  it('--paper a4 makes an A4 ledger; a bad paper, or --paper on another kind or on csv, is refused (exit 2)', async () => {
    expect((await run(['report', id, '--kind', 'ledger', '--paper', 'a4', '-o', 'l.xlsx'])).code).toBe(0);
    expect((await parts(readFileSync(join(cwd, 'l.xlsx'))))['xl/worksheets/sheet1.xml']).toContain('paperSize="9"');
    const bad = await run(['report', id, '--kind', 'ledger', '--paper', 'a5', '-o', 'l2.xlsx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('纸张 "a5" 无效');
    expect((await run(['report', id, '--kind', 'feedback', '--paper', 'a3', '-o', 'f.docx'])).stderr).toContain(
      '只适用于整改台账',
    );
    expect((await run(['report', id, '--kind', 'ledger', '--paper', 'a3', '-o', 'l.csv'])).code).toBe(2);
  });
  it('--flavour only with md; --systems only with progress, a whole number', async () => {
    expect((await run(['report', id, '--kind', 'feedback', '--flavour', 'pandoc', '-o', 'f.docx'])).code).toBe(2);
    expect((await run(['report', id, '--kind', 'feedback', '--flavour', 'gfm', '-o', 'f.md'])).code).toBe(2);
    expect((await run(['report', id, '--kind', 'feedback', '--flavour', 'pandoc', '-o', 'f.md'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'f.md'), 'utf8')).toContain('::: {.signature}');
    expect((await run(['report', id, '--kind', 'notice', '--systems', '3', '-o', 'n.md'])).stderr).toContain(
      '--systems 只适用于',
    );
    expect((await run(['report', id, '--kind', 'progress', '--systems', '-1', '-o', 'p.md'])).code).toBe(2);
    expect((await run(['report', id, '--kind', 'progress', '--systems', '2', '-o', 'p.md'])).code).toBe(0);
  });
  it('--title replaces the template title', async () => {
    expect(
      (await run(['report', id, '--kind', 'notice', '--title', '关于某乡镇党委|限期整改的通知', '-o', 'n2.md'])).code,
    ).toBe(0);
    expect(readFileSync(join(cwd, 'n2.md'), 'utf8')).toContain('# 关于某乡镇党委限期整改的通知\n');
    expect(
      (await run(['report', id, '--kind', 'ledger', '--title', '某乡镇党委|整改台账（2026年）', '-o', 't.xlsx'])).code,
    ).toBe(0);
    expect((await sheetOf(readFileSync(join(cwd, 't.xlsx')))).getCell(1, 1).value).toBe('某乡镇党委整改台账（2026年）');
    expect((await run(['report', id, '--kind', 'notice', '--title', ' | ', '-o', 'n3.md'])).code).toBe(2);
  });
});
