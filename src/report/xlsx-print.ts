// Printing a workbook sheet: the paper (A3 or A4, landscape), columns fitted to the page width, the header
// row repeated on every page, and row heights computed from the content — Excel does not grow a wrapped row
// on its own when it opens a file, so a row of one line's height would cut the text off.
import type ExcelJS from 'exceljs';
import type { Paper } from './docx-parts.js';
import { linesIn } from './width.js';

/** Excel's paper codes (ECMA-376 18.18.63 ST_PaperSize). */
export const PAPER_CODES: Record<Paper, number> = { a3: 8, a4: 9 };
/** Printable width of a landscape page with 10 mm side margins, in millimetres. */
export const PRINTABLE_MM: Record<Paper, number> = { a3: 420 - 20, a4: 297 - 20 };
const SIDE_MARGIN_INCH = 10 / 25.4;

/** A column `width` (Excel's units: widths of '0' in the default font, 7 px at 96 dpi) in pixels. */
export const columnPixels = (width: number) => Math.round(7 * width + 5);

/** The scale at which columns this wide fit across the printable width (fitToWidth would choose it). */
export function fitScale(widths: readonly number[], paper: Paper): number {
  const pixels = widths.reduce((n, w) => n + columnPixels(w), 0);
  return Math.min(1, ((PRINTABLE_MM[paper] / 25.4) * 96) / pixels);
}

export function printSetup(paper: Paper, titleRows?: string): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: PAPER_CODES[paper] as ExcelJS.PageSetup['paperSize'],
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
    margins: { left: SIDE_MARGIN_INCH, right: SIDE_MARGIN_INCH, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/**
 * Half-em columns of text that fit in a cell `width` wide at `points`: a Chinese character at 10 pt is
 * 13.3 px, so two half-ems; the cell loses a few pixels to its padding, and 5 % is kept for fonts that set wider.
 */
export function cellColumns(width: number, points: number): number {
  const halfEm = (points * 96) / 72 / 2;
  return Math.max(2, Math.floor(((columnPixels(width) - 6) / halfEm) * 0.95));
}

/** Row height in points for the wrapped text of `cells` in columns of `widths`, at `points`. */
export function rowHeight(cells: readonly string[], widths: readonly number[], points: number): number {
  const lines = Math.max(1, ...cells.map((text, i) => linesIn(text, cellColumns(widths[i] ?? 10, points))));
  // A Chinese line takes about 1.35 times its size; Excel allows at most 409 points.
  return Math.min(409, Math.ceil(lines * points * 1.35 + 4));
}
