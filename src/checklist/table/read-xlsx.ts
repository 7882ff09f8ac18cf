// Reads an Excel workbook (.xlsx) into grids with exceljs, loaded only here: every visible sheet, its merged
// ranges, and formula cells with the result Excel saved (a formula is never evaluated here).
import type { Grid } from './grid.js';

export interface XlsxRead {
  grids: Grid[];
  /** Sheets left out because they are hidden, by name. */
  hidden: string[];
}

export async function readXlsx(bytes: Buffer): Promise<XlsxRead> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const grids: Grid[] = [];
  const hidden: string[] = [];
  let index = 0;
  for (const sheet of workbook.worksheets) {
    index++;
    if (sheet.state !== 'visible') {
      hidden.push(sheet.name);
      continue;
    }
    const grid: Grid = { index, name: sheet.name, rows: [], merges: [], formulas: new Map(), preamble: [] };
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: string[] = (grid.rows[r - 1] = []);
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const { text, formula } = valueText(cell.value);
        cells[c - 1] = text;
        if (formula !== undefined) grid.formulas.set(`${r}:${c}`, formula);
      });
    });
    for (let r = 0; r < grid.rows.length; r++) {
      const row = (grid.rows[r] ??= []);
      for (let c = 0; c < row.length; c++) row[c] ??= '';
    }
    for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
      const merge = parseRange(range);
      if (merge) grid.merges.push(merge);
    }
    grids.push(grid);
  }
  return { grids, hidden };
}

/** A cell's text as Excel shows it; for a formula, its saved result and the formula itself. */
function valueText(value: unknown): { text: string; formula?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: dateText(value) };
  const v = value as {
    richText?: Array<{ text: string }>;
    text?: unknown;
    formula?: string;
    sharedFormula?: string;
    result?: unknown;
    error?: string;
  };
  if (v.formula !== undefined || v.sharedFormula !== undefined) {
    const formula = `=${v.formula ?? v.sharedFormula}`;
    const result = v.result as { error?: string } | undefined | null;
    if (result === undefined || result === null) return { text: '', formula };
    if (typeof result === 'object' && 'error' in result) return { text: String(result.error), formula };
    return { text: valueText(result).text, formula };
  }
  if (Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join('') };
  if (v.text !== undefined) return { text: valueText(v.text).text };
  if (v.error !== undefined) return { text: String(v.error) };
  return { text: String(value) };
}

/** A date cell as YYYY-MM-DD (Excel dates carry no zone; exceljs reads them as UTC). */
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

function parseRange(range: string): Grid['merges'][number] | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(range);
  if (!m) return undefined;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: col(m[1]!), bottom: Number(m[4]), right: col(m[3]!) };
}
