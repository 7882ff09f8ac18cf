// The rows of a YAML records file: the data from js-yaml (fast, held to the checklist's limits), and where
// each record and its fields are from `yaml`'s syntax tree — built once, and only when a position is asked
// for (a bad row), since it costs several times the data's parse.
import type jsYaml from 'js-yaml';
import { CST, LineCounter, type CST as Cst } from 'yaml';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { isDepthError, loadLimited, locateLimit, parseSyntaxLimited } from '../../checklist/yaml-bounded.js';
import { expansionLimit, mayHaveAnchors } from '../../util/yaml-limits.js';
import { limitMessage } from '../../checklist/parse.js';
import type { Position, RowInput } from './import-records.js';

export function yamlRows(text: string, file: string): RowInput[] {
  let data: unknown;
  try {
    // Held to the checklist's limits: nesting depth, and aliases that would expand past a budget.
    data = loadLimited(text);
  } catch (error) {
    const mark = (error as jsYaml.YAMLException).mark;
    const message = isDepthError(error)
      ? limitMessage('depth')
      : t('lint.yaml.syntax', { detail: (error as jsYaml.YAMLException).reason ?? String(error) });
    throw new InputError(message, {
      file,
      line: (mark?.line ?? 0) + 1,
      column: (mark?.column ?? 0) + 1,
      code: isDepthError(error) ? 'yaml-limits' : 'input',
    });
  }
  const limit = mayHaveAnchors(text) ? expansionLimit(data) : undefined;
  if (limit) throw new InputError(limitMessage(limit), { file, ...locateLimit(text, limit), code: 'yaml-limits' });
  const list = Array.isArray(data) ? data : (data as { records?: unknown } | null)?.records;
  if (!Array.isArray(list)) throw new InputError(t('import.yamlShape'), { file, line: 1, column: 1 });
  let spots: RecordSpots | undefined;
  const where = () => (spots ??= recordSpots(text));
  return list.map((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const str = (v: unknown) =>
      v === undefined || v === null ? undefined : Array.isArray(v) ? v.join(';') : String(v);
    const row = {
      item: str(e.item),
      method: str(e.method),
      note: str(e.note),
      subject: str(e.subject),
      interviewee: str(e.interviewee),
      evidence: str(e.evidence),
    } as RowInput;
    // The line is read only for a bad row: the syntax tree is built then, once for the whole file.
    Object.defineProperty(row, 'line', { enumerable: true, get: () => where().line(i) });
    if (row.evidence || row.interviewee) row.locate = (field, needle) => where().locate(i, field, needle);
    return row;
  });
}

interface Entry {
  /** Offset of the entry (its `-`, or its first character in a flow list). */
  start: number;
  /** Where the next entry starts (or the text ends). */
  end: number;
  /** Each field's key and value offsets, and where the field ends (the next key, or the entry's end). */
  fields: Map<string, { key: number; value: number; end: number }>;
}

interface RecordSpots {
  line(i: number): number;
  locate(i: number, field: string, needle?: string): Position | undefined;
}

/** Positions of the records list's entries, from one parse of the text into `yaml`'s syntax tree. */
function recordSpots(text: string): RecordSpots {
  const lineCounter = new LineCounter();
  const tokens = parseSyntaxLimited(text, lineCounter);
  const list = 'tooDeep' in tokens ? undefined : recordsList(tokens);
  const entries: Entry[] = [];
  for (const item of (list?.items ?? []) as Item[]) {
    const start = entryStart(item);
    if (start !== undefined) entries.push({ start, end: text.length, fields: fieldsOf(item.value) });
  }
  entries.forEach((entry, k) => {
    entry.end = entries[k + 1]?.start ?? text.length;
    for (const f of entry.fields.values()) f.end = Math.min(f.end, entry.end);
  });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const fallback = list ? pos(list.offset).line : 1;
  return {
    line: (i) => (entries[i] ? pos(entries[i]!.start).line : fallback),
    locate(i, field, needle) {
      const f = entries[i]?.fields.get(field);
      if (!f) return undefined;
      const at = needle ? text.indexOf(needle, f.value) : -1;
      return pos(at >= 0 && at < f.end ? at : f.value);
    },
  };
}

type Item = { start: Cst.SourceToken[]; key?: Cst.Token | null; sep?: Cst.SourceToken[]; value?: Cst.Token };

/** The list of records: the document itself, or its `records` key. */
function recordsList(tokens: readonly Cst.Token[]): (Cst.BlockSequence | Cst.FlowCollection) | undefined {
  const doc = tokens.find((token): token is Cst.Document => token.type === 'document');
  const top = doc?.value;
  if (!top) return undefined;
  if (top.type === 'block-seq' || (top.type === 'flow-collection' && top.start.source === '[')) return top;
  if (top.type !== 'block-map' && top.type !== 'flow-collection') return undefined;
  const records = (top.items as Item[]).find((item) => keyName(item.key) === 'records')?.value;
  return records &&
    (records.type === 'block-seq' || (records.type === 'flow-collection' && records.start.source === '['))
    ? records
    : undefined;
}

function entryStart(item: Item): number | undefined {
  const dash = item.start.find((s) => s.type === 'seq-item-ind');
  return dash?.offset ?? item.value?.offset;
}

function fieldsOf(value: Cst.Token | undefined): Entry['fields'] {
  const fields: Entry['fields'] = new Map();
  if (!value || (value.type !== 'block-map' && value.type !== 'flow-collection')) return fields;
  const items = value.items as Item[];
  items.forEach((item, k) => {
    const name = keyName(item.key);
    if (name === undefined || fields.has(name) || !item.key) return;
    const next = items[k + 1]?.key?.offset ?? Infinity;
    fields.set(name, { key: item.key.offset, value: item.value?.offset ?? item.key.offset, end: next });
  });
  return fields;
}

function keyName(key: Cst.Token | null | undefined): string | undefined {
  if (!key || !['scalar', 'single-quoted-scalar', 'double-quoted-scalar'].includes(key.type)) return undefined;
  return CST.resolveAsScalar(key)?.value;
}
