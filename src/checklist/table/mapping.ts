// The mapping file (`--mapping FILE`, YAML) for tables whose headers the importer does not recognise: which
// sheet, which header row, which column holds which field, and the checklist's own fields and sources.
import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { decodeChecklist } from '../decode.js';
import { parseYaml } from '../parse.js';
import { Locator } from '../locate.js';
import type { NodePath } from '../problem.js';
import { FIELDS, type Field } from './columns.js';

export interface Mapping {
  /** The sheet (or Word table) to read: its 1-based number or its name; default: every sheet with a header. */
  sheet?: number | string;
  header_row?: number;
  columns: Partial<Record<Field, string | number>>;
  checklist: { id?: string; title?: string; version?: string; description?: string; applies_to?: string };
  sources?: Array<Record<string, string | number>>;
  /** Prefix of generated item ids (QS → QS-01, QS-02 …). */
  prefix?: string;
}

export const EMPTY_MAPPING: Mapping = { columns: {}, checklist: {} };

const TOP = ['sheet', 'header_row', 'columns', 'checklist', 'sources', 'prefix'];
const CHECKLIST_KEYS = ['id', 'title', 'version', 'description', 'applies_to'];

export function loadMapping(absolute: string, shown: string): Mapping {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new InputError(
      t('table.mapping.unreadable', { file: shown, reason: (error as NodeJS.ErrnoException).code ?? String(error) }),
    );
  }
  const decoded = decodeChecklist(bytes);
  if ('error' in decoded)
    throw new InputError(decoded.error.message, {
      file: shown,
      line: decoded.error.line,
      column: decoded.error.column,
    });
  const parsed = parseYaml(decoded.text);
  if ('error' in parsed)
    throw new InputError(parsed.error.message, { file: shown, line: parsed.error.line, column: parsed.error.column });
  const fail = (path: NodePath, message: string, target: 'key' | 'value' = 'value'): never => {
    const at = new Locator(decoded.text).locate(path, target);
    throw new InputError(message, {
      file: shown,
      line: at.line,
      column: at.column,
      code: 'mapping',
      hint: t('table.mapping.hint'),
    });
  };
  const data = parsed.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail([], t('table.mapping.notMap'));
  for (const key of Object.keys(data))
    if (!TOP.includes(key)) fail([key], t('table.mapping.unknownKey', { key, allowed: TOP.join(', ') }), 'key');
  const mapping: Mapping = { columns: {}, checklist: {} };
  if (data.sheet !== undefined) {
    if (typeof data.sheet !== 'number' && typeof data.sheet !== 'string') fail(['sheet'], t('table.mapping.sheet'));
    mapping.sheet = data.sheet as number | string;
  }
  if (data.header_row !== undefined) {
    if (!Number.isInteger(data.header_row) || (data.header_row as number) < 1)
      fail(['header_row'], t('table.mapping.headerRow'));
    mapping.header_row = data.header_row as number;
  }
  const columns = (data.columns ?? {}) as Record<string, unknown>;
  if (typeof columns !== 'object' || Array.isArray(columns))
    fail(['columns'], t('table.mapping.columns', { fields: FIELDS.join(', ') }));
  for (const [field, column] of Object.entries(columns)) {
    if (!(FIELDS as readonly string[]).includes(field))
      fail(['columns', field], t('table.mapping.unknownField', { field, fields: FIELDS.join(', ') }), 'key');
    if (typeof column !== 'string' && !(Number.isInteger(column) && (column as number) >= 1))
      fail(['columns', field], t('table.mapping.column', { field }));
    mapping.columns[field as Field] = column as string | number;
  }
  const checklist = (data.checklist ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(checklist)) {
    if (!CHECKLIST_KEYS.includes(key))
      fail(['checklist', key], t('table.mapping.unknownKey', { key, allowed: CHECKLIST_KEYS.join(', ') }), 'key');
    const text = Array.isArray(value) ? value.join('、') : value;
    if (typeof text !== 'string' && typeof text !== 'number')
      fail(['checklist', key], t('table.mapping.text', { key }));
    (mapping.checklist as Record<string, string>)[key] = String(text);
  }
  if (data.sources !== undefined) {
    if (!Array.isArray(data.sources)) fail(['sources'], t('table.mapping.sources'));
    (data.sources as unknown[]).forEach((s, i) => {
      if (
        s === null ||
        typeof s !== 'object' ||
        Array.isArray(s) ||
        typeof (s as { id?: unknown }).id !== 'string' ||
        typeof (s as { title?: unknown }).title !== 'string'
      )
        fail(['sources', i], t('table.mapping.sources'));
    });
    mapping.sources = data.sources as Mapping['sources'];
  }
  if (data.prefix !== undefined) {
    if (typeof data.prefix !== 'string' || !/^[A-Z][A-Z0-9]*$/.test(data.prefix))
      fail(['prefix'], t('table.mapping.prefix'));
    mapping.prefix = data.prefix as string;
  }
  return mapping;
}
