// Bulk entry of records from a .csv (header row) or .yaml file: every row checked first, every bad row
// reported with its line, and all good rows written in one transaction — or nothing, unless skipBad.
// Evidence paths resolve under the records file's folder and may not leave it unless allowed.
import { extname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { METHODS } from '../../checklist/format.js';
import type { Method } from '../../checklist/schema.js';
import type { Store } from '../../store/store.js';
import { addRecord } from '../recording.js';
import { RecordWriter } from '../../store/bulk-records.js';
import { resolveItem, type ItemRef } from '../items.js';
import { parseCsv } from './csv.js';
import { checkInterviewee } from '../interviewee.js';
import { evidenceBase, evidenceFiles, type EvidenceBase, type EvidenceFile } from './evidence-paths.js';
import { INPUT_LIMITS, readInputFile } from '../../util/input.js';
import { yamlRows } from './yaml-rows.js';

export interface Position {
  line: number;
  column: number;
}

export interface RowInput {
  line: number;
  /** Where a field's value (or `needle` inside it) is in the file, when that can be told. */
  locate?: (field: 'evidence' | 'interviewee', needle?: string) => Position | undefined;
  item?: string;
  method?: string;
  note?: string;
  subject?: string;
  interviewee?: string;
  evidence?: string;
}

export interface RowProblem {
  line: number;
  /** The column, when the problem is in one field (an evidence path, an interviewee name). */
  column?: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  /** Rows imported with an interviewee's name. */
  named: number;
  skipped: RowProblem[];
  encoding: 'utf-8' | 'gb18030';
}

const METHOD_ALIASES: Record<string, Method> = { 听: 'listen', 查: 'check', 谈: 'talk', 访: 'visit' };
const COLUMNS = ['item', 'method', 'note', 'subject', 'interviewee', 'evidence'] as const;
const COLUMN_ALIASES: Record<string, (typeof COLUMNS)[number]> = {
  条目: 'item',
  方法: 'method',
  记录: 'note',
  内容: 'note',
  对象: 'subject',
  谈话对象: 'interviewee',
  证据: 'evidence',
};

/** Text of a CSV/YAML file: UTF-8 (BOM allowed), or GB18030 — what Excel saves on Chinese Windows. */
export function readText(file: string): { text: string; encoding: ImportResult['encoding'] } {
  let bytes = readInputFile(file, { maxBytes: INPUT_LIMITS.records });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf-8' };
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}

export function readRows(file: string): { rows: RowInput[]; encoding: ImportResult['encoding'] } {
  const { text, encoding } = readText(file);
  if (['.yaml', '.yml'].includes(extname(file).toLowerCase())) return { rows: yamlRows(text, file), encoding };
  const { rows, unterminatedAt } = parseCsv(text);
  if (unterminatedAt) throw new InputError(t('import.unterminated'), { file, line: unterminatedAt, column: 1 });
  const [header, ...body] = rows;
  if (!header) throw new InputError(t('import.empty'), { file });
  const columns = header.cells.map((c) => {
    const name = c.trim().toLowerCase();
    return (COLUMNS as readonly string[]).includes(name)
      ? (name as (typeof COLUMNS)[number])
      : COLUMN_ALIASES[c.trim()];
  });
  for (const required of ['item', 'method', 'note'] as const) {
    if (!columns.includes(required))
      throw new InputError(t('import.missingColumn', { column: required }), {
        file,
        line: 1,
        column: 1,
        hint: t('import.columns'),
      });
  }
  const evidenceColumn = columns.indexOf('evidence');
  const intervieweeColumn = columns.indexOf('interviewee');
  return {
    rows: body.map((r) => {
      const row: RowInput = { line: r.line };
      columns.forEach((column, i) => {
        if (column) row[column] = r.cells[i];
      });
      if (row.evidence || row.interviewee) {
        row.locate = (field, needle) => {
          const i = field === 'evidence' ? evidenceColumn : intervieweeColumn;
          return i < 0 || r.at[2 * i] === undefined
            ? undefined
            : within({ line: r.at[2 * i]!, column: r.at[2 * i + 1]! }, r.cells[i] ?? '', needle);
        };
      }
      return row;
    }),
    encoding,
  };
}

/** The position of `needle` inside a value that starts at `start` (the value's own start when not found). */
function within(start: Position, value: string, needle: string | undefined): Position {
  const k = needle ? value.indexOf(needle) : -1;
  if (k <= 0) return start;
  const before = value.slice(0, k);
  const lf = before.lastIndexOf('\n');
  if (lf < 0) return { line: start.line, column: start.column + k };
  return { line: start.line + before.split('\n').length - 1, column: k - lf };
}

interface CheckedRow {
  ref: ItemRef;
  method: Method;
  note: string;
  subject?: string;
  interviewee?: string;
  evidence: string[];
  files: EvidenceFile[];
}

/** Checks that depend on one value alone, made once per distinct value (rows repeat a few dozen items and names). */
interface Checks {
  item: (arg: string) => ItemRef;
  interviewee: (name: string | undefined) => void;
}

function checks(refs: readonly ItemRef[]): Checks {
  const items = new Map<string, ItemRef>();
  const names = new Set<string>();
  return {
    item: (arg) => {
      let ref = items.get(arg);
      if (!ref) items.set(arg, (ref = resolveItem(refs, arg)));
      return ref;
    },
    interviewee: (name) => {
      if (name === undefined || names.has(name)) return;
      checkInterviewee(name);
      names.add(name);
    },
  };
}

function checkRow(row: RowInput, check: Checks, base: EvidenceBase): CheckedRow {
  if (!row.item?.trim()) throw new InputError(t('import.noItem'));
  const ref = check.item(row.item.trim());
  const raw = row.method?.trim() ?? '';
  const method = METHOD_ALIASES[raw] ?? (METHODS as readonly string[]).find((m) => m === raw.toLowerCase());
  if (!method) throw new InputError(t('inspect.badMethod', { method: raw }));
  const note = row.note?.trim();
  if (!note) throw new InputError(t('inspect.noteRequired'));
  try {
    check.interviewee(row.interviewee);
  } catch (error) {
    const at = row.locate?.('interviewee');
    throw at && error instanceof InputError
      ? new InputError(error.message, { line: at.line, column: at.column })
      : error;
  }
  const files = evidenceFiles(row, base);
  return {
    ref,
    method: method as Method,
    note,
    subject: row.subject,
    interviewee: row.interviewee,
    evidence: files.map((f) => f.path),
    files,
  };
}

/** As addRecord stores subject and interviewee: trimmed, and absent when blank. */
const clean = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

const problemOf = (row: RowInput, error: InputError): RowProblem => ({
  line: error.line ?? row.line,
  column: error.column,
  message: error.message,
});

export interface ImportOptions {
  skipBad: boolean;
  maxEvidenceMb: number;
  /** Accept evidence paths outside the records file's folder. */
  allowOutsideEvidence?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Called before anything is stored: how many distinct evidence files the good rows name, and their bytes. */
  onEvidence?: (files: number, bytes: number) => void;
}

export function importRecords(
  store: Store,
  actor: string,
  inspectionId: string,
  refs: readonly ItemRef[],
  file: string,
  options: ImportOptions,
): ImportResult {
  const { rows, encoding } = readRows(file);
  const base = evidenceBase(file, options.allowOutsideEvidence ?? false, options.maxEvidenceMb);
  const check = checks(refs);
  const bad: RowProblem[] = [];
  let imported = 0;
  let named = 0;
  // Rows naming evidence are checked first, to say how much will be stored before storing it; their
  // results are kept (only theirs: most rows name none) for the writing pass.
  const early = new Map<number, CheckedRow | InputError>();
  const sizes = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row.evidence?.trim()) return;
    try {
      const checked = checkRow(row, check, base);
      for (const f of checked.files) sizes.set(f.real, f.size);
      early.set(i, checked);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      early.set(i, error);
    }
  });
  if (sizes.size > 0)
    options.onEvidence?.(
      sizes.size,
      [...sizes.values()].reduce((a, b) => a + b, 0),
    );
  // One pass, inside one transaction: each row is checked and written at once, so nothing is held for
  // a hundred thousand rows. After a bad row (without skipBad) writing stops but checking goes on, to
  // report every bad row; the transaction is then rolled back and nothing is written.
  store.write(() => {
    const writer = new RecordWriter(store, actor);
    rows.forEach((row, i) => {
      let checked: CheckedRow;
      try {
        const known = early.get(i);
        if (known instanceof InputError) throw known;
        checked = known ?? checkRow(row, check, base);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        bad.push(problemOf(row, error));
        return;
      }
      if (bad.length > 0 && !options.skipBad) return;
      if (checked.evidence.length > 0) {
        writer.flush(); // the log stays in order: the rows held so far go first
        addRecord(store, actor, inspectionId, checked.ref, checked, options.maxEvidenceMb);
      } else
        writer.add({
          id: store.newId(),
          inspectionId,
          checklistId: checked.ref.checklist.id,
          itemId: checked.ref.item.id,
          method: checked.method,
          subject: clean(checked.subject),
          interviewee: clean(checked.interviewee),
          note: checked.note,
          evidence: [],
        });
      imported++;
      if (clean(checked.interviewee)) named++;
      if ((i + 1) % 5000 === 0) options.onProgress?.(i + 1, rows.length);
    });
    if (bad.length > 0 && !options.skipBad) throw new BadRowsError(bad, file);
    writer.finish();
  });
  return { imported, named, skipped: bad, encoding };
}

/** Rows that failed their checks: nothing was written. */
export class BadRowsError extends InputError {
  constructor(
    readonly rows: RowProblem[],
    file: string,
  ) {
    super(t('import.badRows', { n: rows.length }), { file, hint: t('import.badRows.hint') });
  }
}
