// Finds a table's header row and what each column holds: by the names offices write (columns.ts), a two-row
// header under a merged 「检查方法」, and the columns a mapping file names by header text, letter or number.
import { cellText, columnCount, columnLetters, mergeAt, type Grid } from './grid.js';
import { HEADER_NAMES, fieldOfHeader, normaliseHeader, type Field } from './columns.js';
import type { Issue } from './issues.js';
import { t } from '../../i18n/index.js';

export interface Header {
  /** The first and the last row of the header (they differ for a two-row header). */
  first: number;
  row: number;
  columns: Map<Field, number>;
  /** Each column's header as written, for messages. */
  names: Map<number, string>;
}

export interface ColumnMapping {
  headerRow?: number;
  columns: Partial<Record<Field, string | number>>;
}

/** How far down a header is looked for: titles and notes above a table rarely take more rows. */
export const HEADER_SEARCH_ROWS = 15;

export function findHeader(grid: Grid, mapping: ColumnMapping, issues: Issue[]): Header | undefined {
  const last = mapping.headerRow ?? Math.min(HEADER_SEARCH_ROWS, grid.rows.length);
  for (let r = mapping.headerRow ?? 1; r <= last; r++) {
    const header = headerAt(grid, r, mapping);
    if (header) return settle(grid, header, issues);
  }
  return undefined;
}

function headerAt(grid: Grid, r: number, mapping: ColumnMapping): Header | undefined {
  const width = columnCount(grid);
  const names = new Map<number, string>();
  let row = r;
  // A title merged across the table above the header names no column itself: it is not a header.
  let own = 0;
  for (let c = 1; c <= width; c++) if (fieldOfHeader(cellText(grid, r, c))) own++;
  if (own === 0 && Object.keys(mapping.columns).length === 0) return undefined;
  for (let c = 1; c <= width; c++) {
    let text = cellText(grid, r, c).trim();
    const merge = mergeAt(grid, r, c);
    // A merged 「检查方法」 over 听/查/谈/访 names its columns in the row below.
    const below = cellText(grid, r + 1, c).trim();
    if (merge && merge.right > merge.left && merge.bottom === r && below && fieldOfHeader(below)) {
      text = below;
      row = r + 1;
    }
    if (text) names.set(c, text);
  }
  const columns = new Map<Field, number>();
  const candidates: Array<{ field: Field; column: number; rank: number }> = [];
  for (const [c, text] of names) {
    const field = fieldOfHeader(text);
    if (field) candidates.push({ field, column: c, rank: HEADER_NAMES[field].indexOf(normaliseHeader(text)) });
  }
  for (const [field, given] of Object.entries(mapping.columns) as Array<[Field, string | number]>) {
    const column = mappedColumn(given, names);
    if (column === undefined) return undefined;
    candidates.unshift({ field, column, rank: -1 });
  }
  candidates.sort((a, b) => a.rank - b.rank);
  const taken = new Set<number>();
  for (const { field, column } of candidates) {
    if (taken.has(column) || (columns.has(field) && field !== 'ignore')) continue;
    if (field !== 'ignore') columns.set(field, column);
    taken.add(column);
  }
  const fields = [...columns.keys()];
  if (!columns.has('check') || fields.length < 2) return undefined;
  return { first: r, row, columns, names };
}

/** A column named by a mapping: its number, its letters (F), or its header text. */
function mappedColumn(given: string | number, names: Map<number, string>): number | undefined {
  if (typeof given === 'number') return given;
  if (/^[A-Z]{1,3}$/.test(given)) return [...given].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const wanted = normaliseHeader(given);
  for (const [c, text] of names) if (normaliseHeader(text) === wanted) return c;
  return undefined;
}

/** Warn about columns left out: an unknown header, a second column for a field already taken. */
function settle(grid: Grid, header: Header, issues: Issue[]): Header {
  const used = new Set(header.columns.values());
  for (const [c, text] of header.names) {
    if (used.has(c)) continue;
    const field = fieldOfHeader(text);
    const ref = { sheet: grid.index, sheetName: grid.name, row: header.row, column: c, header: text };
    if (field === 'ignore')
      issues.push({
        ref,
        code: 'column-ignored',
        severity: 'warning',
        message: t('table.column.ignored', { name: text }),
      });
    else if (field) {
      const other = header.names.get(header.columns.get(field)!) ?? columnLetters(header.columns.get(field)!);
      issues.push({
        ref,
        code: 'column-ignored',
        severity: 'warning',
        message: t('table.column.duplicate', { name: text, other }),
      });
    } else
      issues.push({
        ref,
        code: 'column-unknown',
        severity: 'warning',
        message: t('table.column.unknown', { name: text }),
      });
  }
  return header;
}
