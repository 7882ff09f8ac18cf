// `ducha checklist import` as a library: read a workbook, Word table or CSV, build the checklist, write it
// as YAML and lint that YAML, placing every finding at its cell in the source. Never writes a file itself.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { t } from '../../i18n/index.js';
import { parseYaml } from '../parse.js';
import { checkSchema } from '../schema-check.js';
import { checkRules } from '../rules.js';
import { Locator } from '../locate.js';
import type { PendingProblem } from '../problem.js';
import { buildChecklist, type Built } from './build.js';
import { checklistYaml } from './emit-yaml.js';
import { columnLetters, type CellRef, type Grid, type SourceKind } from './grid.js';
import type { Issue } from './issues.js';
import { EMPTY_MAPPING, type Mapping } from './mapping.js';
import { readCsv } from './read-csv.js';
import { readDocxTables } from './read-docx.js';
import { readXlsx } from './read-xlsx.js';
import { checkZipSizes, readZipEntry, zipDirectory, ZipFormatError } from './zip-read.js';
import type { Source } from '../schema.js';

/** A checklist table of a few hundred rows is well under 1 MB; anything past this is not one. */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;

export interface ImportInput {
  absolute: string;
  mapping?: Mapping;
  id?: string;
  fallbackId?: string;
  fileTitle: string;
  knownSources: Source[];
  /** The `$schema` path to write in the YAML's first line, given the checklist's id. */
  schemaRef: (id: string) => string;
}

export interface ImportResult {
  kind?: SourceKind;
  data?: Record<string, unknown>;
  /** The YAML, only when nothing is an error. */
  yaml?: string;
  issues: Issue[];
  notes: string[];
}

export async function importTable(input: ImportInput): Promise<ImportResult> {
  const fail = (code: string, message: string): ImportResult => ({
    issues: [{ code, severity: 'error', message }],
    notes: [],
  });
  const ext = extname(input.absolute).toLowerCase();
  const kind: SourceKind | undefined =
    ext === '.xlsx' || ext === '.xlsm' ? 'xlsx' : ext === '.docx' ? 'docx' : ext === '.csv' ? 'csv' : undefined;
  if (!kind)
    return fail(
      'unsupported',
      /^\.(xls|doc|et|wps|wpt|ett)$/.test(ext)
        ? t('table.oldFormat', { ext })
        : t('table.unsupported', { ext: ext || '—' }),
    );
  let bytes: Buffer;
  try {
    const stat = statSync(input.absolute);
    if (!stat.isFile()) return fail('unreadable', t('table.notFile'));
    if (stat.size > MAX_TABLE_BYTES)
      return fail('unreadable', t('table.tooLarge', { mb: MAX_TABLE_BYTES / 1024 / 1024 }));
    bytes = readFileSync(input.absolute);
  } catch (error) {
    return fail(
      'unreadable',
      t('table.unreadable', { reason: (error as NodeJS.ErrnoException).code ?? String(error) }),
    );
  }
  const issues: Issue[] = [];
  let grids: Grid[];
  try {
    grids = await readGrids(kind, bytes, issues);
  } catch (error) {
    if (error instanceof TableReadError) return { kind, ...fail('encoding', error.message) };
    if (!(error instanceof ZipFormatError)) throw error;
    const encrypted = bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    return {
      kind,
      ...fail('unreadable', encrypted ? t('table.encryptedOrOld', { ext }) : t('table.damaged', { ext })),
    };
  }
  const built = buildChecklist({
    grids,
    mapping: input.mapping ?? EMPTY_MAPPING,
    id: input.id,
    fallbackId: input.fallbackId,
    fileTitle: input.fileTitle,
    knownSources: input.knownSources,
  });
  issues.push(...built.issues, ...formulaIssues(grids, built));
  if (built.data.sections === undefined) return { kind, issues: sortIssues(issues), notes: built.notes };
  const yaml = checklistYaml(built.data, input.schemaRef(String(built.data.id)));
  issues.push(...lintYaml(yaml, built));
  const ok = !issues.some((i) => i.severity === 'error');
  return { kind, data: built.data, yaml: ok ? yaml : undefined, issues: sortIssues(issues), notes: built.notes };
}

/** The file is readable but not as a table (a CSV in an unknown encoding). */
class TableReadError extends Error {}

async function readGrids(kind: SourceKind, bytes: Buffer, issues: Issue[]): Promise<Grid[]> {
  if (kind === 'csv') {
    const read = readCsv(bytes);
    if ('error' in read)
      throw new TableReadError(read.error === 'utf16' ? t('table.csv.utf16') : t('table.csv.encoding'));
    if (read.encoding !== 'utf-8') issues.push({ code: 'encoding', severity: 'warning', message: t('table.csv.gbk') });
    return [read.grid];
  }
  const entries = zipDirectory(bytes);
  checkZipSizes(entries);
  if (kind === 'xlsx') {
    const read = await readXlsx(bytes);
    for (const name of read.hidden)
      issues.push({ code: 'sheet-skipped', severity: 'warning', message: t('table.hiddenSheet', { name }) });
    return read.grids;
  }
  const xml = readZipEntry(bytes, entries, 'word/document.xml');
  if (!xml) throw new ZipFormatError('no word/document.xml');
  return readDocxTables(xml.toString('utf8'));
}

/** One warning per column of formulas (their saved results are used), one error per formula without a result. */
function formulaIssues(grids: Grid[], built: Built): Issue[] {
  const issues: Issue[] = [];
  for (const grid of grids) {
    const byColumn = new Map<number, number[]>();
    for (const [at, formula] of grid.formulas) {
      const [row, column] = at.split(':').map(Number) as [number, number];
      const ref: CellRef = {
        sheet: grid.index,
        sheetName: grid.name,
        row,
        column,
        header: built.headers.get(grid.index)?.names.get(column),
      };
      if ((grid.rows[row - 1]?.[column - 1] ?? '') === '')
        issues.push({ ref, code: 'formula', severity: 'error', message: t('table.formula.noResult', { formula }) });
      else byColumn.set(column, [...(byColumn.get(column) ?? []), row]);
    }
    for (const [column, rows] of byColumn) {
      rows.sort((a, b) => a - b);
      const ref: CellRef = {
        sheet: grid.index,
        sheetName: grid.name,
        row: rows[0]!,
        column,
        header: built.headers.get(grid.index)?.names.get(column),
      };
      const formula = grid.formulas.get(`${rows[0]}:${column}`)!;
      issues.push({
        ref,
        code: 'formula',
        severity: 'warning',
        message: t('table.formula.cached', {
          count: rows.length,
          formula,
          cells:
            rows.length > 1
              ? `${columnLetters(column)}${rows[0]}–${columnLetters(column)}${rows[rows.length - 1]}`
              : `${columnLetters(column)}${rows[0]}`,
        }),
      });
    }
  }
  return issues;
}

/** Lint the YAML as `ducha lint` would, and place each finding at the cell its field came from. */
function lintYaml(yaml: string, built: Built): Issue[] {
  const parsed = parseYaml(yaml);
  if ('error' in parsed) throw new Error(`ducha wrote YAML it cannot read: ${parsed.error.message}`);
  const found: PendingProblem[] = [...checkSchema(parsed.data)];
  checkRules(parsed.data, (p) => found.push(p));
  const locator = new Locator(yaml);
  const issues: Issue[] = [];
  for (const p of found) {
    const segments = p.path.map(String);
    if (built.missing.has('basis') && segments.includes('basis')) continue;
    if (built.missing.has('methods') && (segments.includes('methods') || segments.includes('evidence'))) continue;
    let ref: CellRef | undefined;
    for (let n = segments.length; n >= 0 && !ref; n--) ref = built.refs.get(segments.slice(0, n).join('/'));
    const at = locator.locate(p.path, p.target);
    issues.push({
      ref,
      code: p.code,
      severity: p.severity,
      message: p.message(p.related ? locator.locate(p.related) : undefined),
      yaml: at,
    });
  }
  return issues;
}

function sortIssues(issues: Issue[]): Issue[] {
  const key = (i: Issue) => [i.ref?.sheet ?? 0, i.ref?.row ?? 0, i.ref?.column ?? 0];
  return issues.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
}
