// The rectification ledger (整改台账) as a table: the columns of DOMAIN §6 and their widths (Excel's units,
// chosen so that the seventeen columns print on A3 landscape at about full size), and the .csv.
import { t, type MessageKey } from '../i18n/index.js';
import type { ProblemModel, ReportModel } from './model.js';

export const LEDGER_COLUMNS: ReadonlyArray<{ key: keyof ProblemModel; header: MessageKey; width: number }> = [
  { key: 'number', header: 'ledger.number', width: 5 },
  { key: 'origin', header: 'ledger.origin', width: 13 },
  { key: 'basis', header: 'ledger.basis', width: 15 },
  { key: 'description', header: 'ledger.description', width: 24 },
  { key: 'rectification', header: 'ledger.rectification', width: 22 },
  { key: 'measures', header: 'ledger.measures', width: 18 },
  { key: 'unit', header: 'ledger.unit', width: 10 },
  { key: 'leader', header: 'ledger.leader', width: 7 },
  { key: 'person', header: 'ledger.person', width: 7 },
  { key: 'deadline', header: 'ledger.deadline', width: 10.5 },
  { key: 'type', header: 'ledger.type', width: 7 },
  { key: 'progress', header: 'ledger.progress', width: 15 },
  { key: 'evidence', header: 'ledger.evidence', width: 11 },
  { key: 'closureRequested', header: 'ledger.closureRequested', width: 10.5 },
  { key: 'reviewOpinion', header: 'ledger.reviewOpinion', width: 11 },
  { key: 'closureStatus', header: 'ledger.closureStatus', width: 7 },
  { key: 'remarks', header: 'ledger.remarks', width: 9.5 },
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
