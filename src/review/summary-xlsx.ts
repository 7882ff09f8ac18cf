// The summary as a workbook: a sheet of charts first (when there is something to chart), then one sheet each
// for the common problems, the breakdowns and the inspections — A4 landscape, fitted to the width, header
// repeated and rows as tall as their wrapped text. No internal ids: inspections by unit and date, items by title.
import { t, type MessageKey } from '../i18n/index.js';
import type { SummaryModel } from './summary.js';
import type { Chart } from './charts.js';
import type ExcelJSTypes from 'exceljs';
import { PAPER_CODES, printSetup, rowHeight } from '../report/xlsx-print.js';

type Column<T> = { key: keyof T; header: MessageKey; width: number };
const POINTS = 10;

export async function summaryXlsx(
  model: SummaryModel,
  charts: ReadonlyMap<string, Chart> = new Map(),
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ducha';
  if (charts.size > 0) {
    // Printed as drawn: A4 portrait at full size, from the left margin (a sheet of pictures has no columns to fit).
    const ws = workbook.addWorksheet(t('summary.sheet.charts'), {
      pageSetup: {
        paperSize: PAPER_CODES.a4 as ExcelJSTypes.PageSetup['paperSize'],
        orientation: 'portrait',
        scale: 100,
        margins: { left: 0.7, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      },
    });
    ws.getColumn(1).width = 90;
    let row = 1;
    for (const chart of charts.values()) {
      const cell = ws.getCell(row, 1);
      cell.value = chart.title;
      cell.font = { name: '黑体', size: 12 };
      const id = workbook.addImage({ buffer: chart.png as unknown as ExcelJSTypes.Buffer, extension: 'png' });
      // Anchored below its caption at 1× size; rows are 20 px tall by default.
      ws.addImage(id, { tl: { col: 0, row }, ext: { width: chart.width, height: chart.height }, editAs: 'oneCell' });
      row += Math.ceil(chart.height / 20) + 2;
    }
  }
  const sheet = <T extends object>(name: MessageKey, columns: Array<Column<T>>, rows: T[]) => {
    const ws = workbook.addWorksheet(t(name), {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: printSetup('a4', '1:1'),
    });
    ws.columns = columns.map((c) => ({ header: t(c.header), key: String(c.key), width: c.width }));
    const header = ws.getRow(1);
    header.font = { name: '黑体', size: POINTS };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    const widths = columns.map((c) => c.width);
    header.height = rowHeight(
      columns.map((c) => t(c.header)),
      widths,
      POINTS,
    );
    for (const values of rows) {
      const row = ws.addRow(values);
      row.font = { name: '仿宋_GB2312', size: POINTS };
      row.alignment = { vertical: 'top', wrapText: true };
      row.height = rowHeight(
        columns.map((c) => String(values[c.key] ?? '')),
        widths,
        POINTS,
      );
    }
  };
  sheet(
    'summary.sheet.common',
    [
      { key: 'rank', header: 'ledger.number', width: 6 },
      { key: 'checklist', header: 'summary.col.checklist', width: 28 },
      { key: 'title', header: 'summary.col.title', width: 30 },
      { key: 'lacking', header: 'summary.col.lacking', width: 12 },
      { key: 'checked', header: 'summary.col.checked', width: 10 },
      { key: 'share', header: 'summary.col.share', width: 10 },
    ],
    model.common,
  );
  const breakdown: Array<Column<SummaryModel['byKind'][number]>> = [
    { key: 'name', header: 'summary.col.name', width: 24 },
    { key: 'inspections', header: 'summary.col.inspections', width: 10 },
    { key: 'checked', header: 'summary.col.concluded', width: 10 },
    { key: 'lacking', header: 'summary.col.lacking', width: 12 },
    { key: 'share', header: 'summary.col.share', width: 10 },
    { key: 'problems', header: 'summary.col.problems', width: 10 },
    { key: 'closed', header: 'summary.col.closed', width: 10 },
    { key: 'closureRate', header: 'summary.col.closureRate', width: 10 },
  ];
  sheet('summary.sheet.kind', breakdown, model.byKind);
  sheet('summary.sheet.region', breakdown, model.byRegion);
  sheet(
    'summary.sheet.inspections',
    [
      { key: 'unit', header: 'list.col.unit', width: 24 },
      { key: 'unitKind', header: 'summary.col.kind', width: 14 },
      { key: 'region', header: 'summary.col.region', width: 18 },
      { key: 'start', header: 'list.col.start', width: 12 },
      { key: 'concluded', header: 'summary.col.concluded', width: 10 },
      { key: 'lacking', header: 'summary.col.lacking', width: 12 },
      { key: 'problems', header: 'summary.col.problems', width: 10 },
      { key: 'closed', header: 'summary.col.closed', width: 10 },
    ],
    model.inspections,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
