// Reads the tables of a Word document (.docx): word/document.xml from the zip, each top-level table a grid
// with horizontal (w:gridSpan) and vertical (w:vMerge) merges, and the paragraphs before it as its preamble.
import { decodeEntities, xmlTokens } from './xml.js';
import type { Grid, Merge } from './grid.js';

interface CellBuild {
  text: string;
  span: number;
  vMerge?: 'restart' | 'continue';
}

interface TableBuild {
  rows: Array<{ cells: CellBuild[]; before: number }>;
  row?: { cells: CellBuild[]; before: number };
  cell?: CellBuild;
}

/** Elements whose text is not the document's current text: deletions, moved-away text, fallbacks of drawings. */
const SKIPPED = new Set(['w:del', 'w:moveFrom', 'mc:Fallback', 'w:instrText', 'w:delText']);

export function readDocxTables(documentXml: string): Grid[] {
  const grids: Grid[] = [];
  const tables: TableBuild[] = [];
  let preamble: string[] = [];
  let paragraph = '';
  let skipping = 0;
  let inText = false;

  const append = (text: string) => {
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.text += text;
    else if (!table) paragraph += text;
  };

  for (const token of xmlTokens(documentXml)) {
    if (token.kind === 'text') {
      if (inText && skipping === 0) append(decodeEntities(token.text));
      continue;
    }
    const { name, attrs } = token;
    if (SKIPPED.has(name)) {
      if (token.kind === 'open') skipping++;
      else if (token.kind === 'close') skipping--;
      continue;
    }
    if (skipping > 0) continue;
    const table = tables[tables.length - 1];
    if (name === 'w:t') inText = token.kind === 'open';
    else if (name === 'w:tab' && token.kind !== 'close') append(' ');
    else if ((name === 'w:br' || name === 'w:cr') && token.kind !== 'close') append('\n');
    else if (name === 'w:p' && token.kind === 'close') {
      if (table?.cell) table.cell.text += '\n';
      else if (!table) {
        if (paragraph.trim()) preamble.push(paragraph.trim());
        paragraph = '';
      }
    } else if (name === 'w:tbl') {
      if (token.kind === 'open') tables.push({ rows: [] });
      else if (token.kind === 'close') {
        const done = tables.pop()!;
        const parent = tables[tables.length - 1];
        if (parent?.cell) parent.cell.text += flatten(done) + '\n';
        else if (!parent) {
          grids.push(toGrid(done, grids.length + 1, preamble));
          preamble = [];
        }
      }
    } else if (table && name === 'w:tr') {
      if (token.kind === 'open') table.row = { cells: [], before: 0 };
      else if (token.kind === 'close' && table.row) {
        table.rows.push(table.row);
        table.row = undefined;
      }
    } else if (table?.row && name === 'w:gridBefore') table.row.before = Number(attrs['w:val'] ?? 0) || 0;
    else if (table?.row && name === 'w:tc') {
      if (token.kind === 'open') table.cell = { text: '', span: 1 };
      else if (token.kind === 'close' && table.cell) {
        table.row.cells.push(table.cell);
        table.cell = undefined;
      }
    } else if (table?.cell && name === 'w:gridSpan') table.cell.span = Math.max(1, Number(attrs['w:val'] ?? 1) || 1);
    else if (table?.cell && name === 'w:vMerge')
      table.cell.vMerge = attrs['w:val'] === 'restart' ? 'restart' : 'continue';
  }
  return grids;
}

/** A table inside a cell becomes lines of text in that cell. */
function flatten(table: TableBuild): string {
  return table.rows
    .map((row) =>
      row.cells
        .map((c) => c.text.trim())
        .filter(Boolean)
        .join(' '),
    )
    .join('\n');
}

function toGrid(table: TableBuild, index: number, preamble: string[]): Grid {
  const rows: string[][] = [];
  const regions: Merge[] = [];
  let open = new Map<number, Merge>();
  table.rows.forEach((row, r) => {
    const cells: string[] = [];
    const next = new Map<number, Merge>();
    let col = 1 + row.before;
    for (let i = 1; i < col; i++) cells[i - 1] = '';
    for (const cell of row.cells) {
      const right = col + cell.span - 1;
      for (let c = col; c <= right; c++) cells[c - 1] = '';
      const above = open.get(col);
      if (cell.vMerge === 'continue' && above && above.right === right) {
        above.bottom = r + 1;
        next.set(col, above);
      } else {
        cells[col - 1] = cell.text.replace(/\n+$/, '');
        const region = { top: r + 1, left: col, bottom: r + 1, right };
        regions.push(region);
        if (cell.vMerge === 'restart') next.set(col, region);
      }
      col = right + 1;
    }
    open = next;
    rows.push(cells);
  });
  const merges = regions.filter((m) => m.bottom > m.top || m.right > m.left);
  return { index, rows, merges, formulas: new Map(), preamble };
}
