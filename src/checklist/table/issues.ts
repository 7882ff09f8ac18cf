// What importing a table finds: problems placed at a cell of the source (「第 2 张表 第 14 行 依据 列」), and
// notes saying what the importer assumed where the table was silent.
import type { CellRef } from './grid.js';

export type IssueCode =
  | 'unreadable'
  | 'unsupported'
  | 'encoding'
  | 'no-header'
  | 'no-items'
  | 'sheet-skipped'
  | 'column-unknown'
  | 'column-ignored'
  | 'column-missing'
  | 'merged-across-items'
  | 'merged-across-columns'
  | 'formula'
  | 'basis-text'
  | 'basis-no-source'
  | 'article-unverified'
  | 'value'
  | 'mapping'
  | 'no-id'
  | string; // the lint's own codes (schema, duplicate-id, article-range …) pass through

export interface Issue {
  /** Where in the source; absent for the file as a whole. */
  ref?: CellRef;
  code: IssueCode;
  severity: 'error' | 'warning';
  message: string;
  /** Where the problem is in the YAML written (only when the file was written: warnings only). */
  yaml?: { line: number; column: number };
}
