// Walks the rows of a table below its header: section heading rows (「一、制度建立」 across the table),
// item rows with each field's text and cell, merged cells (a section merged down is the office way; a
// question merged across two items is not), notes at the foot; and the lines above the header.
import { cellText, columnCount, mergeAt, type CellRef, type Grid, type Merge } from './grid.js';
import type { Field } from './columns.js';
import type { Header } from './header.js';
import type { Issue } from './issues.js';
import { t } from '../../i18n/index.js';

export interface RawCell {
  text: string;
  ref: CellRef;
}

export interface RawItem {
  row: number;
  ref: CellRef;
  /** Every mapped column's cell, empty ones too (text ''). */
  cells: Partial<Record<Field, RawCell>>;
  /** The section as the table gives it: its id and title, and where it is written. */
  section: { id?: string; title?: string; ref?: CellRef };
}

const SECTION_NUMBER =
  /^(?:第[一二三四五六七八九十]+部分[、:：.．\s]*|[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十]+[)）]\s*)/;
const ITEM_NUMBER = /^(?:\d{1,3}[、.．](?!\d)|[（(]\d{1,3}[)）]|[①-⑳])\s*/;
const FOOTNOTE = /^(?:注|备注|说明|填表说明)[:：]/;

/** 「一、制度建立」→「制度建立」, 「1.请示报告事项清单」→「请示报告事项清单」. */
export const stripNumbering = (text: string) => text.replace(SECTION_NUMBER, '').replace(ITEM_NUMBER, '').trim();

/** Fields whose cells may be merged down over several items: that is how offices write a section. */
const MERGE_DOWN_OK = new Set<Field>(['seq', 'section', 'section_id']);
/** Fields that must differ per item: merging them across items is an error. */
const MERGE_DOWN_ERROR = new Set<Field>(['id', 'check']);

export function readRows(grid: Grid, header: Header, issues: Issue[], notes: string[]): RawItem[] {
  const items: RawItem[] = [];
  const fieldOfColumn = new Map<number, Field>([...header.columns].map(([f, c]) => [c, f]));
  const warned = new Set<Merge>();
  const ref = (row: number, column?: number): CellRef => ({
    sheet: grid.index,
    sheetName: grid.name,
    row,
    column,
    header: column ? header.names.get(column) : undefined,
  });
  let heading: RawItem['section'] | undefined;
  let lastSection: { id?: RawCell; title?: RawCell } = {};
  const width = columnCount(grid);
  for (let r = header.row + 1; r <= grid.rows.length; r++) {
    // Texts that start in this row (a cell merged down from above belongs to the row it starts in).
    const own = new Map<number, string>();
    for (let c = 1; c <= width; c++) {
      const merge = mergeAt(grid, r, c);
      if (merge && (merge.top !== r || merge.left !== c)) continue;
      const text = (grid.rows[r - 1]?.[c - 1] ?? '').trim();
      if (text) own.set(c, text);
    }
    if (own.size === 0) continue;
    const check = own.get(header.columns.get('check')!) ?? '';
    const texts = [...own.entries()].filter(([c]) => fieldOfColumn.get(c) !== 'seq');
    const seqText = own.get(header.columns.get('seq') ?? -1) ?? '';
    // One text alone in a row without a question: a section heading (merged across, or numbered 一、), or a
    // note at the foot. A Chinese number in 序号 beside one text is a heading too (「一 | 制度建立」).
    const chineseSeq = own.size === 2 && texts.length === 1 && /^[一二三四五六七八九十]+[、.．]?$/.test(seqText);
    const alone = own.size === 1 ? [...own.entries()][0]! : chineseSeq ? texts[0]! : undefined;
    if (check === '' && alone) {
      const [column, text] = alone;
      if (items.length > 0 && FOOTNOTE.test(text)) {
        notes.push(t('table.note.footnote', { row: r }));
        continue;
      }
      const wide = mergeAt(grid, r, column);
      if ((wide && wide.right > wide.left) || SECTION_NUMBER.test(text) || chineseSeq) {
        heading = { title: stripNumbering(text), ref: ref(r, column) };
        lastSection = {};
        continue;
      }
    }
    if (texts.length === 0) continue; // a number alone in 序号
    const item: RawItem = { row: r, ref: ref(r, Math.min(...own.keys())), cells: {}, section: heading ?? {} };
    for (const [field, c] of header.columns) {
      const merge = mergeAt(grid, r, c);
      if (merge && merge.left !== c) continue; // a merge across columns counts for its first column only
      if (merge && merge.right > merge.left && merge.top === r && !warned.has(merge)) {
        const fields = new Set(
          [...Array(merge.right - merge.left + 1)].map((_, i) => fieldOfColumn.get(merge.left + i)).filter(Boolean),
        );
        if (fields.size > 1) {
          warned.add(merge);
          issues.push({
            ref: ref(r, c),
            code: 'merged-across-columns',
            severity: 'warning',
            message: t('table.merge.columns', { name: header.names.get(c) ?? '' }),
          });
        }
      }
      const text = (merge ? cellText(grid, r, c) : (grid.rows[r - 1]?.[c - 1] ?? '')).trim();
      if (merge && merge.bottom > merge.top && !MERGE_DOWN_OK.has(field) && !warned.has(merge)) {
        warned.add(merge);
        const error = MERGE_DOWN_ERROR.has(field);
        const at = ref(merge.top, c);
        const params = { name: header.names.get(c) ?? '', from: merge.top, to: merge.bottom };
        issues.push({
          ref: at,
          code: 'merged-across-items',
          severity: error ? 'error' : 'warning',
          message: t(error ? 'table.merge.itemsError' : 'table.merge.itemsCopied', params),
        });
      }
      item.cells[field] = { text, ref: ref(r, c) }; // empty too: a missing question is reported at its cell
    }
    // A section column left blank under a value means the same section, as when the cells were merged.
    const filled = (cell: RawCell | undefined) => (cell?.text ? cell : undefined);
    const sectionTitle = filled(item.cells.section) ?? lastSection.title;
    const sectionId = filled(item.cells.section_id) ?? lastSection.id;
    lastSection = { id: sectionId, title: sectionTitle };
    if (sectionTitle || sectionId)
      item.section = {
        id: sectionId?.text,
        title: sectionTitle ? stripNumbering(sectionTitle.text) : heading?.title,
        ref: (sectionTitle ?? sectionId)!.ref,
      };
    items.push(item);
  }
  return items;
}

/** The lines above the header (a title, 「适用单位：…」), one per row, cells joined by a space. */
export function linesAbove(grid: Grid, header: Header): Array<{ text: string; ref: CellRef }> {
  const lines: Array<{ text: string; ref: CellRef }> = [];
  for (let r = 1; r < header.first; r++) {
    const texts: string[] = [];
    let column: number | undefined;
    for (let c = 1; c <= columnCount(grid); c++) {
      const merge = mergeAt(grid, r, c);
      if (merge && (merge.top !== r || merge.left !== c)) continue;
      const text = (grid.rows[r - 1]?.[c - 1] ?? '').trim();
      if (text) texts.push(text);
      if (text) column ??= c;
    }
    if (texts.length > 0)
      lines.push({ text: texts.join(' '), ref: { sheet: grid.index, sheetName: grid.name, row: r, column } });
  }
  return lines;
}
