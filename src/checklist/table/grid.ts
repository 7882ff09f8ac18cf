// A table as read from a workbook sheet, a Word table or a CSV file: cells by row and column with merged
// ranges, and how a place in it is named to the user (「第 2 张表 第 14 行 依据 列」).
import { t } from '../../i18n/index.js';

export type SourceKind = 'xlsx' | 'docx' | 'csv';

/** A merged range, 1-based and inclusive. */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Grid {
  /** 1-based position among the file's sheets (or Word tables). */
  index: number;
  /** The sheet's name (workbooks only). */
  name?: string;
  /** rows[r-1][c-1]: the text of each cell, '' when empty; a merged range's text is in its top-left cell only. */
  rows: string[][];
  merges: Merge[];
  /** Cells that held a formula, by "row:column", with the formula text. */
  formulas: Map<string, string>;
  /** Text before the table that is not part of it: a title, 「适用单位：…」 lines (Word paragraphs). */
  preamble: string[];
}

/** A place in the source file; `header` names the column as the table's header row does. */
export interface CellRef {
  sheet: number;
  sheetName?: string;
  row: number;
  column?: number;
  header?: string;
}

export interface SourceFile {
  kind: SourceKind;
  grids: Grid[];
}

/** Column letters as Excel shows them: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** 「第 2 张表（检查清单）第 14 行 依据 列（G14）」: the sheet, row and column as an office worker finds them. */
export function describeRef(ref: CellRef, kind: SourceKind): string {
  const parts: string[] = [];
  if (kind !== 'csv')
    parts.push(
      ref.sheetName
        ? t('table.ref.sheetNamed', { n: ref.sheet, name: ref.sheetName })
        : t('table.ref.sheet', { n: ref.sheet }),
    );
  parts.push(t('table.ref.row', { n: ref.row }));
  if (ref.column !== undefined) {
    const name = ref.header || columnLetters(ref.column);
    parts.push(
      kind === 'xlsx'
        ? t('table.ref.columnAt', { name, cell: `${columnLetters(ref.column)}${ref.row}` })
        : t('table.ref.column', { name }),
    );
  }
  return parts.join(t('table.ref.join'));
}

/** The merged range a cell lies in, if any. */
export function mergeAt(grid: Grid, row: number, column: number): Merge | undefined {
  return grid.merges.find((m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right);
}

/** The text of a cell, looking through a merge to its top-left cell. */
export function cellText(grid: Grid, row: number, column: number): string {
  const merge = mergeAt(grid, row, column);
  const r = merge ? merge.top : row;
  const c = merge ? merge.left : column;
  return grid.rows[r - 1]?.[c - 1] ?? '';
}

export function columnCount(grid: Grid): number {
  return grid.rows.reduce((n, row) => Math.max(n, row.length), 0);
}
