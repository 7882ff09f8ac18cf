// `ducha checklist export`: a checklist as the workbook offices edit — sheet 检查清单 with one row per item
// (sections merged down, as offices write them) and sheet 清单信息 with the checklist's own fields and
// sources — laid out so that `ducha checklist import` reads it back to the same checklist.
import type { Checklist, Item } from '../schema.js';
import { basisCellLine } from './basis-text.js';
import { EXPORT_HEADERS, INFO_KEYS, INFO_SHEET, ITEMS_SHEET, SOURCE_HEADERS, type Field } from './columns.js';
import { KIND_TEXT, METHOD_TEXT, RESULT_TEXT, SEVERITY_TEXT } from './values.js';

const WIDTHS: Partial<Record<Field, number>> = {
  seq: 6,
  section_id: 8,
  section: 14,
  id: 10,
  title: 18,
  check: 40,
  basis: 30,
  rectification: 32,
  when: 16,
  applies_to: 16,
};
const METHOD_WIDTH = 30;

/** The text of each column for one item. */
function itemCells(item: Item, checklist: Checklist): Partial<Record<Field, string>> {
  const sources = new Map(checklist.sources.map((s) => [s.id, s]));
  const basis = item.basis.map((b) => {
    const source = sources.get(b.source) as (Checklist['sources'][number] & { kind?: string }) | undefined;
    const bracket = source?.kind === undefined || source.kind === 'document';
    return basisCellLine(source?.title ?? b.source, b, bracket);
  });
  return {
    id: item.id,
    title: item.title,
    check: item.check.trim(),
    basis: basis.join('\n'),
    'methods.listen': item.methods.listen?.trim(),
    'methods.check': item.methods.check?.trim(),
    'methods.talk': item.methods.talk?.trim(),
    'methods.visit': item.methods.visit?.trim(),
    'evidence.required': item.evidence.required.map((m) => METHOD_TEXT[m]).join('、'),
    severity: item.severity ? SEVERITY_TEXT[item.severity] : undefined,
    rectification: item.rectification?.trim(),
    when: item.when ? `${item.when.item}：${item.when.result.map((r) => RESULT_TEXT[r]).join('、')}` : undefined,
    applies_to: item.applies_to?.map((k) => KIND_TEXT[k]).join('、'),
  };
}

export async function checklistXlsx(checklist: Checklist): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ducha';
  const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  const sheet = workbook.addWorksheet(ITEMS_SHEET, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    },
  });
  const width = EXPORT_HEADERS.length;
  sheet.columns = EXPORT_HEADERS.map(([field]) => ({ width: WIDTHS[field] ?? METHOD_WIDTH }));
  sheet.mergeCells(1, 1, 1, width);
  const title = sheet.getCell(1, 1);
  title.value = checklist.title;
  title.font = { name: '方正小标宋简体', size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 32;
  const header = sheet.getRow(2);
  header.values = EXPORT_HEADERS.map(([, name]) => name);
  header.font = { name: '黑体', size: 11 };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  let row = 3;
  let seq = 0;
  for (const section of checklist.sections) {
    const first = row;
    for (const item of section.items) {
      const cells: Partial<Record<Field, string | number>> = {
        seq: ++seq,
        section_id: section.id,
        section: section.title,
        ...itemCells(item, checklist),
      };
      const values = EXPORT_HEADERS.map(([field]) => cells[field] ?? null);
      const r = sheet.getRow(row++);
      r.values = values;
      r.font = { name: '仿宋_GB2312', size: 11 };
      r.alignment = { vertical: 'top', wrapText: true };
    }
    if (row - first > 1) {
      sheet.mergeCells(first, 2, row - 1, 2);
      sheet.mergeCells(first, 3, row - 1, 3);
    }
  }
  for (let r = 2; r < row; r++) for (let c = 1; c <= width; c++) sheet.getCell(r, c).border = border;

  const info = workbook.addWorksheet(INFO_SHEET);
  info.columns = [{ width: 14 }, { width: 40 }, { width: 14 }, { width: 10 }, { width: 12 }];
  const put = (values: Array<string | number | null>) => info.addRow(values);
  put([INFO_KEYS.id[0]!, checklist.id]);
  put([INFO_KEYS.version[0]!, checklist.version]);
  put([INFO_KEYS.title[0]!, checklist.title]);
  put([INFO_KEYS.description[0]!, checklist.description?.trim() ?? null]);
  put([INFO_KEYS.applies_to[0]!, checklist.applies_to.map((k) => KIND_TEXT[k]).join('、')]);
  put([]);
  // Fields of a source this table has no Chinese name for are kept under their own name.
  const known = ['id', 'title', 'issued', 'articles'] as const;
  const extra = [...new Set(checklist.sources.flatMap((s) => Object.keys(s)))].filter(
    (k) => !(known as readonly string[]).includes(k),
  );
  put([...known.map((k) => SOURCE_HEADERS[k][0]!), ...extra]);
  for (const source of checklist.sources) {
    const fields = source as unknown as Record<string, string | number | undefined>;
    put([...known, ...extra].map((k) => fields[k] ?? null));
  }
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
