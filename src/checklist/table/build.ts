// Turns the tables of a file into one `ducha-checklist/1` checklist: finds the item tables and the 清单信息
// sheet, reads the rows, and assembles checklist, sections and items, remembering for each field the cell it
// came from so every later finding can be placed in the source.
import { FORMAT, PATTERNS, UNIT_KINDS } from '../format.js';
import type { Source, UnitKind } from '../schema.js';
import { t } from '../../i18n/index.js';
import type { CellRef, Grid } from './grid.js';
import { findHeader, HEADER_SEARCH_ROWS, type Header } from './header.js';
import {
  isInfoSheet,
  readInfoSheet,
  readPreamble,
  type DeclaredSource,
  type Info,
  type InfoKey,
  type InfoValue,
} from './info.js';
import { readRows, linesAbove, stripNumbering, type RawItem } from './rows.js';
import type { Issue } from './issues.js';
import type { Mapping } from './mapping.js';
import { parseKinds } from './values.js';
import { buildItem, SourceBook } from './item.js';
import type { Field } from './columns.js';

export interface BuildInput {
  grids: Grid[];
  mapping: Mapping;
  /** --id: wins over everything the file says. */
  id?: string;
  /** The id the output file's name suggests, used when the file names none. */
  fallbackId?: string;
  /** The file's name without extension: the title of last resort. */
  fileTitle: string;
  knownSources: Source[];
}

export interface Built {
  data: Record<string, unknown>;
  /** Cell of each field, by its path in the checklist joined with '/'. */
  refs: Map<string, CellRef>;
  issues: Issue[];
  notes: string[];
  /** Fields with no column at all: their per-item lint findings would only repeat the one error said. */
  missing: Set<Field>;
  /** The header found in each table, by the table's number. */
  headers: Map<number, Header>;
}

const ITEM_ID = new RegExp(PATTERNS.itemId);
const DEFAULT_SHEET_NAME = /^(sheet|工作表|表)\s*\d*$/i;

export function buildChecklist(input: BuildInput): Built {
  const issues: Issue[] = [];
  const notes: string[] = [];
  const refs = new Map<string, CellRef>();
  const missing = new Set<Field>();
  const fromSheet: Info = { values: {}, sources: [] };
  const above: Info = { values: {}, sources: [] };
  const tables: Array<{ grid: Grid; header: Header }> = [];
  const headers = new Map<number, Header>();
  const wanted = input.mapping.sheet;
  const columns = { headerRow: input.mapping.header_row, columns: input.mapping.columns };
  for (const grid of input.grids) {
    // A mapping's `sheet` chooses the table of items; a 清单信息 sheet is read wherever it is.
    const selected = wanted === undefined || wanted === grid.index || wanted === grid.name;
    const header = selected ? findHeader(grid, columns, issues) : undefined;
    if (header) {
      tables.push({ grid, header });
      headers.set(grid.index, header);
    } else if (isInfoSheet(grid)) Object.assign(fromSheet, mergeInfo(fromSheet, readInfoSheet(grid)));
    else if (selected && grid.rows.some((row) => row.some((c) => c.trim()))) {
      issues.push({
        ref: { sheet: grid.index, sheetName: grid.name, row: 1 },
        code: 'no-header',
        severity: 'warning',
        message: t('table.noHeader', { rows: input.mapping.header_row ?? HEADER_SEARCH_ROWS }),
      });
    }
  }
  if (tables.length === 0) {
    for (const issue of issues) if (issue.code === 'no-header') issue.severity = 'error';
    if (!issues.some((i) => i.code === 'no-header'))
      issues.push({ code: 'no-header', severity: 'error', message: t('table.noTable') });
    return { data: {}, refs, issues, notes, missing, headers };
  }
  const first = tables[0]!;
  const lines = [
    ...first.grid.preamble.map((text): { text: string; ref?: CellRef } => ({ text })),
    ...linesAbove(first.grid, first.header),
  ];
  readPreamble(lines, above);
  const raws: RawItem[] = [];
  for (const { grid, header } of tables) {
    for (const field of ['basis', 'title'] as const) if (!header.columns.has(field)) missing.add(field);
    if (![...header.columns.keys()].some((f) => f === 'methods' || f.startsWith('methods.'))) missing.add('methods');
    const rows = readRows(grid, header, issues, notes);
    // A 编号 column holding QS-01 … is the items' ids, not a running number.
    if (
      !header.columns.has('id') &&
      rows.length > 0 &&
      rows.every((r) => r.cells.seq?.text && ITEM_ID.test(r.cells.seq.text))
    ) {
      for (const r of rows) [r.cells.id, r.cells.seq] = [r.cells.seq, undefined];
    }
    const defaultTitle = grid.name && !DEFAULT_SHEET_NAME.test(grid.name) ? grid.name : undefined;
    for (const raw of rows)
      if (!raw.section.title && !raw.section.id && defaultTitle) raw.section = { title: defaultTitle };
    raws.push(...rows);
  }
  const headerRef: CellRef = { sheet: first.grid.index, sheetName: first.grid.name, row: first.header.row };
  if (missing.has('basis'))
    issues.push({ ref: headerRef, code: 'column-missing', severity: 'error', message: t('table.missing.basis') });
  if (missing.has('methods'))
    issues.push({ ref: headerRef, code: 'column-missing', severity: 'error', message: t('table.missing.methods') });
  if (missing.has('title')) notes.push(t('table.note.titles'));
  if (raws.length === 0) {
    issues.push({ ref: headerRef, code: 'no-items', severity: 'error', message: t('table.noItems') });
    return { data: {}, refs, issues, notes, missing, headers };
  }

  // The checklist's own fields: --id, then the 清单信息 sheet, the mapping file, the lines above the table.
  const value = (key: InfoKey): InfoValue | undefined => {
    const mapped = input.mapping.checklist[key];
    return fromSheet.values[key] ?? (mapped !== undefined ? { text: mapped } : undefined) ?? above.values[key];
  };
  const put = (path: string, v: InfoValue | undefined) => v?.ref && refs.set(path, v.ref);
  const data: Record<string, unknown> = { format: FORMAT };
  const id = input.id ?? value('id')?.text ?? input.fallbackId;
  if (id === undefined) issues.push({ code: 'no-id', severity: 'error', message: t('table.noId') });
  data.id = id ?? '';
  if (input.id === undefined) put('id', value('id'));
  data.version = value('version')?.text ?? '1.0.0';
  if (!value('version')) notes.push(t('table.note.version'));
  put('version', value('version'));
  const title = value('title') ?? above.title;
  data.title = title?.text ?? input.fileTitle;
  if (!title) notes.push(t('table.note.title', { title: input.fileTitle }));
  put('title', title);
  const description = value('description');
  if (description) data.description = description.text;
  put('description', description);

  const book = new SourceBook(input.knownSources, notes);
  const declared: DeclaredSource[] =
    fromSheet.sources.length > 0
      ? fromSheet.sources
      : (input.mapping.sources ?? []).map((fields) => ({ fields, refs: {} }));
  declared.forEach((s, i) => {
    book.declare(s.fields);
    if (s.ref) refs.set(`sources/${i}`, s.ref);
    for (const [field, at] of Object.entries(s.refs)) refs.set(`sources/${i}/${field}`, at);
  });
  data.sources = book.sources;
  const appliesValue = value('applies_to');
  data.applies_to = [];

  // Sections in the order they first appear; items keep the table's order within each.
  const sections: Array<{ key: string; id?: string; title?: string; ref?: CellRef; raws: RawItem[] }> = [];
  for (const raw of raws) {
    const key = raw.section.id ?? raw.section.title ?? '';
    let section = sections.find((s) => s.key === key);
    if (!section)
      sections.push((section = { key, id: raw.section.id, title: raw.section.title, ref: raw.section.ref, raws: [] }));
    section.raws.push(raw);
  }
  if (sections.length === 1 && sections[0]!.key === '')
    notes.push(t('table.note.oneSection', { title: String(data.title) }));
  const usedIds = new Set(sections.map((s) => s.id).filter(Boolean));
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((l) => !usedIds.has(l));
  const prefix = input.mapping.prefix ?? prefixOf(String(data.id));
  const generatedIds = !raws.some((r) => r.cells.id); // no 条目编号 column in any table
  let counter = 0;
  const itemKinds = new Set<UnitKind>();
  data.sections = sections.map((section, s) => {
    const sectionId = section.id ?? letters.shift() ?? `S${s + 1}`;
    const sectionTitle = section.title ?? String(data.title);
    if (section.ref) {
      refs.set(`sections/${s}`, section.ref);
      refs.set(`sections/${s}/title`, section.ref);
    }
    const items = section.raws.map((raw, i) => {
      counter++;
      const path = `sections/${s}/items/${i}`;
      const generated = generatedIds
        ? `${prefix}-${String(counter).padStart(raws.length > 99 ? 3 : 2, '0')}`
        : undefined;
      const item = buildItem(raw, { path, generatedId: generated, book, refs, issues, missing });
      for (const kind of (item.applies_to as UnitKind[] | undefined) ?? []) itemKinds.add(kind);
      return item;
    });
    return { id: sectionId, title: stripNumbering(sectionTitle) || sectionTitle, items };
  });
  if (generatedIds)
    notes.push(
      t('table.note.ids', { first: `${prefix}-${'1'.padStart(raws.length > 99 ? 3 : 2, '0')}`, count: raws.length }),
    );
  book.resolvePending(issues);

  if (appliesValue) {
    const kinds = parseKinds(appliesValue.text);
    if (kinds.unknown.length > 0)
      issues.push({
        ref: appliesValue.ref,
        code: 'value',
        severity: 'error',
        message: t('table.value.kinds', { words: kinds.unknown.join('、') }),
      });
    data.applies_to = kinds.values;
    put('applies_to', appliesValue);
  } else if (itemKinds.size > 0) {
    data.applies_to = UNIT_KINDS.filter((k) => itemKinds.has(k));
    notes.push(t('table.note.appliesFromItems'));
  } else {
    data.applies_to = [...UNIT_KINDS];
    issues.push({ code: 'value', severity: 'warning', message: t('table.appliesAll') });
  }
  return { data: ordered(data), refs, issues, notes, missing, headers };
}

/** Two sheets of 清单信息: the first value of each field wins. */
function mergeInfo(into: Info, more: Info): Info {
  return { values: { ...more.values, ...into.values }, sources: into.sources.length > 0 ? into.sources : more.sources };
}

/** QS from qingshi-baogao's initials… → QB; a one-word id gives its first two letters. */
export function prefixOf(id: string): string {
  const parts = id.split('-').filter((p) => /^[a-z]/.test(p));
  const prefix = parts.length > 1 ? parts.map((p) => p[0]).join('') : (parts[0] ?? 'x').slice(0, 2);
  return prefix.toUpperCase() || 'X';
}

/** Keys in the order of DESIGN §2, so the YAML reads as the shipped checklists do. */
function ordered(data: Record<string, unknown>): Record<string, unknown> {
  const keys = ['format', 'id', 'version', 'title', 'description', 'sources', 'applies_to', 'sections'];
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
}
