// The rectification ledger (整改台账) as a table: the columns of DOMAIN §6, for .xlsx and .csv.
import { t, type MessageKey } from '../i18n/index.js';
import type { ProblemModel, ReportModel } from './model.js';

export const LEDGER_COLUMNS: ReadonlyArray<{ key: keyof ProblemModel; header: MessageKey; width: number }> = [
  { key: 'number', header: 'ledger.number', width: 6 },
  { key: 'origin', header: 'ledger.origin', width: 18 },
  { key: 'basis', header: 'ledger.basis', width: 22 },
  { key: 'description', header: 'ledger.description', width: 36 },
  { key: 'rectification', header: 'ledger.rectification', width: 32 },
  { key: 'measures', header: 'ledger.measures', width: 28 },
  { key: 'unit', header: 'ledger.unit', width: 14 },
  { key: 'leader', header: 'ledger.leader', width: 10 },
  { key: 'person', header: 'ledger.person', width: 10 },
  { key: 'deadline', header: 'ledger.deadline', width: 12 },
  { key: 'type', header: 'ledger.type', width: 10 },
  { key: 'progress', header: 'ledger.progress', width: 24 },
  { key: 'evidence', header: 'ledger.evidence', width: 18 },
  { key: 'closureRequested', header: 'ledger.closureRequested', width: 12 },
  { key: 'reviewOpinion', header: 'ledger.reviewOpinion', width: 18 },
  { key: 'closureStatus', header: 'ledger.closureStatus', width: 10 },
  { key: 'remarks', header: 'ledger.remarks', width: 14 },
];

export function ledgerHeader(): string[] {
  return LEDGER_COLUMNS.map((c) => t(c.header));
}

export function ledgerRows(model: ReportModel): string[][] {
  return model.problems.map((p) => LEDGER_COLUMNS.map((c) => String(p[c.key] ?? '')));
}

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab, CR or LF — OWASP's list) gets a
 * leading single quote, so `=HYPERLINK(…)` in a note is text, never a formula. Excel hides the quote.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark and CRLF, so Excel opens the Chinese correctly. */
export function ledgerCsv(model: ReportModel): Buffer {
  const cell = (raw: string) => {
    const v = neutraliseFormula(raw);
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [ledgerHeader(), ...ledgerRows(model)].map((row) => row.map(cell).join(','));
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** A workbook that reads and prints well: title row, frozen header, widths, wrapped text, landscape A4. */
export async function ledgerXlsx(model: ReportModel): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ducha';
  const sheet = workbook.addWorksheet(t('ledger.sheet'), {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2', margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&C— &P —' },
  });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const title = t('ledger.title', { unit: model.inspection.unit });
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '方正小标宋简体', size: 18 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 36;
  const header = sheet.getRow(2);
  header.values = ledgerHeader();
  header.font = { name: '黑体', size: 11 };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  for (const values of ledgerRows(model)) {
    const row = sheet.addRow(values.map((v, i) => (i === 0 ? Number(v) : v)));
    row.font = { name: '仿宋_GB2312', size: 11 };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
  sheet.eachRow((row, n) => {
    if (n < 2) return;
    row.eachCell({ includeEmpty: true }, (cell) => (cell.border = { top: thin, left: thin, bottom: thin, right: thin }));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
