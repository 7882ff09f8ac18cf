// The checklist's own fields (id, version, title, description, applies_to) and its sources, from the sheet
// 清单信息 the export writes, or from the lines above a table (「适用单位：县委、党委政法委」).
import { cellText, columnCount, type CellRef, type Grid } from './grid.js';
import { SOURCE_HEADERS, infoKeyOf, normaliseHeader, type INFO_KEYS } from './columns.js';

export type InfoKey = keyof typeof INFO_KEYS;

export interface InfoValue {
  text: string;
  ref?: CellRef;
}

export interface DeclaredSource {
  fields: Record<string, string | number>;
  ref?: CellRef;
  /** Where each field was written. */
  refs: Record<string, CellRef>;
}

export interface Info {
  values: Partial<Record<InfoKey, InfoValue>>;
  sources: DeclaredSource[];
  /** The first line above the table that is not 「键：值」: the table's title. */
  title?: InfoValue;
}

/** A sheet of 「键 | 值」 rows naming at least two checklist fields (as the export's 清单信息). */
export function isInfoSheet(grid: Grid): boolean {
  let keys = 0;
  for (let r = 1; r <= grid.rows.length; r++) if (infoKeyOf(cellText(grid, r, 1))) keys++;
  return keys >= 2;
}

export function readInfoSheet(grid: Grid): Info {
  const info: Info = { values: {}, sources: [] };
  const width = columnCount(grid);
  const ref = (row: number, column: number, header?: string): CellRef => ({
    sheet: grid.index,
    sheetName: grid.name,
    row,
    column,
    header,
  });
  for (let r = 1; r <= grid.rows.length; r++) {
    const key = cellText(grid, r, 1).trim();
    const field = infoKeyOf(key);
    if (field && !info.values[field]) {
      for (let c = 2; c <= width; c++) {
        const text = cellText(grid, r, c).trim();
        if (text) {
          info.values[field] = { text, ref: ref(r, c, key) };
          break;
        }
      }
      continue;
    }
    const headers = sourceHeader(grid, r);
    if (!headers) continue;
    for (r = r + 1; r <= grid.rows.length; r++) {
      const fields: Record<string, string | number> = {};
      const refs: Record<string, CellRef> = {};
      for (const [c, name, header] of headers) {
        const text = cellText(grid, r, c).trim();
        if (!text) continue;
        fields[name] = name === 'articles' && /^\d+$/.test(text) ? Number(text) : text;
        refs[name] = ref(r, c, header);
      }
      if (Object.keys(fields).length === 0) break;
      info.sources.push({ fields, refs, ref: ref(r, headers[0]![0]) });
    }
  }
  return info;
}

/** The header of the table of sources: [column, field, header as written]; other headers are field names. */
function sourceHeader(grid: Grid, r: number): Array<[number, string, string]> | undefined {
  const out: Array<[number, string, string]> = [];
  for (let c = 1; c <= columnCount(grid); c++) {
    const text = cellText(grid, r, c).trim();
    if (!text) continue;
    const name = normaliseHeader(text);
    const known = (Object.keys(SOURCE_HEADERS) as Array<keyof typeof SOURCE_HEADERS>).find((k) =>
      SOURCE_HEADERS[k].includes(name),
    );
    out.push([c, known ?? text, text]);
  }
  const names = out.map(([, n]) => n);
  return names.includes('id') && names.includes('title') ? out : undefined;
}

/** Lines above a table, or paragraphs before a Word table: 「键：值」 lines and a title. */
export function readPreamble(lines: ReadonlyArray<{ text: string; ref?: CellRef }>, into: Info): void {
  for (const line of lines) {
    const m = /^([^:：]{1,12})[:：]\s*(.+)$/s.exec(line.text);
    const key = m ? infoKeyOf(m[1]!) : undefined;
    if (m && key) {
      into.values[key] ??= { text: m[2]!.trim(), ref: line.ref };
    } else if (!into.title) into.title = { text: line.text.trim(), ref: line.ref };
  }
}
