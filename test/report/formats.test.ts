// Every report format read back: Markdown against golden files, Word's document.xml for GB/T 9704
// (page, margins, fonts, sizes, spacing, footer page field), the ledger's .xlsx with exceljs and the .csv
// bytes; and interviewee names absent from every format unless identities are revealed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, type ReportKind, type ReportModel } from '../../src/report/model.js';
import { renderReport, type ReportFormat } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { LEDGER_COLUMNS, ledgerHeader } from '../../src/report/ledger.js';
import { setLang } from '../../src/i18n/index.js';
import { NAMES, REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { FIXTURES, tempDir } from '../helpers/run.js';

setLang('zh');
const env = { DUCHA_DATA_DIR: tempDir() };
let model: ReportModel;
let revealed: ReportModel;

beforeAll(() => {
  const { store, inspection } = realisticInspection();
  model = buildReportModel(store, inspection, REPORT_OPTIONS);
  revealed = buildReportModel(store, inspection, { ...REPORT_OPTIONS, revealIdentities: true });
});

const render = (kind: ReportKind, format: ReportFormat, m = model) =>
  renderReport(kind, format, m, findTemplate(kind, env));

async function xmlOf(docx: Buffer, part = 'word/document.xml'): Promise<string> {
  return (await JSZip.loadAsync(docx)).file(part)!.async('string');
}

/** All text of a .docx: every XML part, tags removed. */
async function docxText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => f.name.endsWith('.xml'))
      .map((f) => f.async('string')),
  );
  return parts.join('\n').replace(/<[^>]+>/g, '');
}

async function xlsxCells(xlsx: Buffer): Promise<{ sheet: ExcelJS.Worksheet; text: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const cells: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
  return { sheet, text: cells.join('\n') };
}

describe('Markdown (golden files)', () => {
  for (const kind of ['feedback', 'notice', 'ledger'] as const) {
    it(`${kind}.md`, async () => {
      const text = (await render(kind, 'md')).toString('utf8');
      const golden = join(FIXTURES, 'reports', `${kind}.md`);
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

describe('Word (GB/T 9704)', () => {
  let xml: string;
  let docx: Buffer;
  beforeAll(async () => {
    docx = await render('feedback', 'docx');
    xml = await xmlOf(docx);
  });
  it('A4 with margins top 37, bottom 35, left 28, right 26 mm', () => {
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" /);
  });
  const run = (text: string) => {
    const at = xml.indexOf(`>${text}`);
    expect(at, text).toBeGreaterThan(0);
    const start = xml.lastIndexOf('<w:p>', at);
    return xml.slice(start, at);
  };
  it('title in 2号 方正小标宋简体, centred', () => {
    const p = run('关于某县委政法委贯彻落实');
    expect(p).toContain('w:eastAsia="方正小标宋简体"');
    expect(p).toContain('<w:sz w:val="44"/>');
    expect(p).toContain('<w:jc w:val="center"/>');
  });
  it('body in 3号 仿宋_GB2312, fixed 579-twip lines (22 a page), first line indented two characters', () => {
    const p = run('根据工作安排');
    expect(p).toContain('w:eastAsia="仿宋_GB2312"');
    expect(p).toContain('<w:sz w:val="32"/>');
    expect(p).toContain('w:line="579" w:lineRule="exact"');
    expect(p).toContain('<w:ind w:firstLine="640"/>');
  });
  it('addressee flush left; headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋', () => {
    expect(run('某县委政法委：')).toContain('<w:ind w:firstLine="0"/>');
    expect(run('一、基本情况')).toContain('w:eastAsia="黑体"');
    expect(run('（一）请示报告制度贯彻落实情况方面')).toContain('w:eastAsia="楷体_GB2312"');
    expect(run('1. 制度建立与知晓')).toContain('w:eastAsia="仿宋_GB2312"');
  });
  it('marking line in 黑体; signature and date right-aligned, kept with the text before them', () => {
    expect(run('内部资料 注意保存')).toContain('w:eastAsia="黑体"');
    const signature = run('市委政法委督查组<');
    expect(signature).toContain('<w:jc w:val="right"/>');
    expect(run('2026年11月27日')).toContain('<w:jc w:val="right"/>');
    expect(xml.split('<w:keepNext/>').length).toBeGreaterThanOrEqual(3);
  });
  it('page numbers "— N —" in 4号 宋体: odd pages right, even pages left', async () => {
    const settings = await xmlOf(docx, 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    const rels = await xmlOf(docx, 'word/document.xml');
    const odd = /<w:footerReference w:type="default" r:id="(rId\d+)"\/>/.exec(rels)![1];
    const even = /<w:footerReference w:type="even" r:id="(rId\d+)"\/>/.exec(rels)![1];
    const targets = await xmlOf(docx, 'word/_rels/document.xml.rels');
    const file = (id: string) => 'word/' + new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(targets)![1];
    const footers = [await xmlOf(docx, file(odd!)), await xmlOf(docx, file(even!))];
    for (const [footer, side] of [
      [footers[0]!, 'right'],
      [footers[1]!, 'left'],
    ] as const) {
      expect(footer).toContain(`<w:jc w:val="${side}"/>`);
      expect(footer).toContain('PAGE');
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>');
      expect(footer).toContain('— </w:t>');
    }
  });
  it('the ledger is A3 landscape with its header row repeated on every page', async () => {
    const ledger = await xmlOf(await render('ledger', 'docx'));
    expect(ledger).toContain('<w:pgSz w:w="23811" w:h="16838" w:orient="landscape"/>');
    expect(ledger).toContain('<w:tblHeader/>');
    expect(ledger).toContain('<w:tblLayout w:type="fixed"/>');
    // A header may break onto two lines (整改 / 措施): its text is there, run by run.
    const text = ledger.replace(/<[^>]+>/g, '');
    for (const header of ledgerHeader()) expect(text).toContain(header);
  });
});

describe('ledger spreadsheet and CSV', () => {
  it('xlsx: title, frozen header, widths, wrapped text, landscape A3 fitted to width, header repeated', async () => {
    const { sheet } = await xlsxCells(await render('ledger', 'xlsx'));
    expect(sheet.getCell(1, 1).value).toBe('某县委政法委督查发现问题整改台账');
    expect(sheet.getRow(2).values).toEqual([undefined, ...ledgerHeader()]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.columns.map((c) => c.width)).toEqual(LEDGER_COLUMNS.map((c) => c.width));
    expect(sheet.getCell(3, 4).alignment).toMatchObject({ wrapText: true });
    expect(sheet.getCell(3, 1).value).toBe(1);
    expect(sheet.rowCount).toBe(2 + model.problemCount);
    expect(sheet.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 8,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    });
  });
  it('csv: UTF-8 with BOM, CRLF, quoted where needed', async () => {
    const csv = await render('ledger', 'csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(ledgerHeader().join(','));
    expect(lines).toHaveLength(model.problemCount + 2);
    expect(lines[1]!.split(',')).toHaveLength(LEDGER_COLUMNS.length);
    // The record's straight quotes and comma in Chinese text are Chinese punctuation in the document.
    expect(text).toContain(',个别重大事项未事前请示，存在“先办后报”,');
    // A field with a comma, a quote or a line break is quoted, its quotes doubled.
    const odd = {
      ...model,
      problems: model.problems.map((p, i) => (i === 0 ? { ...p, measures: 'Plan "A", then\nplan B' } : p)),
    };
    expect((await render('ledger', 'csv', odd)).toString('utf8')).toContain(',"Plan ""A"", then\nplan B",');
  });
});

describe('confidentiality', () => {
  const formats: Array<[ReportKind, ReportFormat]> = [
    ['feedback', 'md'],
    ['feedback', 'docx'],
    ['notice', 'md'],
    ['notice', 'docx'],
    ['ledger', 'md'],
    ['ledger', 'docx'],
    ['ledger', 'xlsx'],
    ['ledger', 'csv'],
  ];
  const text = async (kind: ReportKind, format: ReportFormat, m: ReportModel) => {
    const bytes = await render(kind, format, m);
    if (format === 'docx') return docxText(bytes);
    if (format === 'xlsx') return (await xlsxCells(bytes)).text;
    return bytes.toString('utf8');
  };
  for (const [kind, format] of formats) {
    it(`${kind}.${format}: interviewee names absent by default`, async () => {
      const t = await text(kind, format, model);
      for (const name of NAMES) expect(t).not.toContain(name);
    });
  }
  it('with --reveal-identities the names appear in every ledger format, and in the finding that names one', async () => {
    for (const format of ['md', 'docx', 'xlsx', 'csv'] as const) {
      const t = await text('ledger', format, revealed);
      for (const name of NAMES.slice(1)) expect(t, format).toContain(name);
    }
    expect(await text('feedback', 'md', revealed)).toContain(`据${NAMES[1]}反映`);
    expect(await text('feedback', 'md', model)).toContain('据某某反映');
  });
});
