// The ledger as a workbook that prints: A3 landscape by default (A4 on request), title row, frozen header
// repeated on every printed page, wrapped text in rows as tall as their content, columns fitted to the width.
import { t } from '../i18n/index.js';
import type { ReportModel } from './model.js';
import type { Paper } from './docx-parts.js';
import { LEDGER_COLUMNS, ledgerHeader, ledgerRows } from './ledger.js';
import { printSetup, rowHeight } from './xlsx-print.js';

/** Type sizes in points: the body at 10 pt (五号 is 10.5) prints at about full size on A3. */
export const LEDGER_POINTS = { title: 18, header: 10, body: 10 } as const;

export async function ledgerXlsx(
  model: ReportModel,
  options: { paper?: Paper; draft?: boolean } = {},
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ducha';
  const sheet = workbook.addWorksheet(t('ledger.sheet'), {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: printSetup(options.paper ?? 'a3', '2:2'),
    headerFooter: { oddFooter: '&C— &P —' },
  });
  const widths = LEDGER_COLUMNS.map((c) => c.width);
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  const titleCell = sheet.getCell(1, 1);
  // --title, if given, as in the .docx; its `|` line breaks mean nothing in one merged cell.
  const title = model.meta.title
    ? model.meta.title.replace(/\|/g, '')
    : t('ledger.title', { unit: model.inspection.unit });
  titleCell.value = options.draft ? (await import('./draft.js')).draftTitle(title) : title;
  titleCell.font = { name: '方正小标宋简体', size: LEDGER_POINTS.title };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 36;
  const header = sheet.getRow(2);
  header.values = ledgerHeader();
  header.font = { name: '黑体', size: LEDGER_POINTS.header };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = rowHeight(ledgerHeader(), widths, LEDGER_POINTS.header);
  for (const values of ledgerRows(model)) {
    const row = sheet.addRow(values.map((v, i) => (i === 0 ? Number(v) : v)));
    row.font = { name: '仿宋_GB2312', size: LEDGER_POINTS.body };
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
    row.height = rowHeight(values, widths, LEDGER_POINTS.body);
  }
  const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
  sheet.eachRow((row, n) => {
    if (n < 2) return;
    row.eachCell(
      { includeEmpty: true },
      (cell) => (cell.border = { top: thin, left: thin, bottom: thin, right: thin }),
    );
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
