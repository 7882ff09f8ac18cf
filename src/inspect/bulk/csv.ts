// A small RFC 4180 CSV reader that remembers the line each row starts on (quoted fields may span lines).

export interface CsvRow {
  line: number;
  cells: string[];
}

/** Rows, and the line of a quote that is never closed (the rest of the file would be one cell). */
export function parseCsv(text: string): { rows: CsvRow[]; unterminatedAt?: number } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  let quoteLine = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { rows, unterminatedAt: quoteLine };
  if (cell !== '' || cells.length > 0) endRow();
  return { rows };
}
