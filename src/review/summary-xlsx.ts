// The summary as a workbook: one sheet each for the common problems, the breakdowns and the inspections.
import { t, type MessageKey } from '../i18n/index.js';
import type { SummaryModel } from './summary.js';

type Column<T> = { key: keyof T; header: MessageKey; width: number };

export async function summaryXlsx(model: SummaryModel): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ducha';
  const sheet = <T extends object>(name: MessageKey, columns: Array<Column<T>>, rows: T[]) => {
    const ws = workbook.addWorksheet(t(name), { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } });
    ws.columns = columns.map((c) => ({ header: t(c.header), key: String(c.key), width: c.width }));
    ws.getRow(1).font = { name: '黑体', size: 11 };
    for (const row of rows) ws.addRow(row).alignment = { vertical: 'top', wrapText: true };
  };
  sheet('summary.sheet.common', [
    { key: 'rank', header: 'ledger.number', width: 6 },
    { key: 'checklist', header: 'summary.col.checklist', width: 28 },
    { key: 'item', header: 'summary.col.item', width: 10 },
    { key: 'title', header: 'summary.col.title', width: 30 },
    { key: 'lacking', header: 'summary.col.lacking', width: 12 },
    { key: 'checked', header: 'summary.col.checked', width: 10 },
    { key: 'share', header: 'summary.col.share', width: 10 },
  ], model.common);
  const breakdown: Array<Column<SummaryModel['byKind'][number]>> = [
    { key: 'name', header: 'summary.col.name', width: 24 },
    { key: 'inspections', header: 'summary.col.inspections', width: 10 },
    { key: 'checked', header: 'summary.col.concluded', width: 10 },
    { key: 'lacking', header: 'summary.col.lacking', width: 12 },
    { key: 'share', header: 'summary.col.share', width: 10 },
    { key: 'problems', header: 'summary.col.problems', width: 10 },
  ];
  sheet('summary.sheet.kind', breakdown, model.byKind);
  sheet('summary.sheet.region', breakdown, model.byRegion);
  sheet('summary.sheet.inspections', [
    { key: 'id', header: 'list.col.id', width: 10 },
    { key: 'unit', header: 'list.col.unit', width: 24 },
    { key: 'unitKind', header: 'summary.col.kind', width: 14 },
    { key: 'region', header: 'summary.col.region', width: 18 },
    { key: 'start', header: 'list.col.start', width: 12 },
    { key: 'concluded', header: 'summary.col.concluded', width: 10 },
    { key: 'lacking', header: 'summary.col.lacking', width: 12 },
    { key: 'problems', header: 'summary.col.problems', width: 10 },
    { key: 'closed', header: 'summary.col.closed', width: 10 },
  ], model.inspections);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
