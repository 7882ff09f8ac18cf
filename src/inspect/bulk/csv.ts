// A small RFC 4180 CSV reader that remembers the line each row starts on (quoted fields may span lines) and
// where each cell's text starts. Unquoted fields are sliced out of the text rather than built a character at a time.

export interface CsvRow {
  line: number;
  cells: string[];
  /** Where each cell's text starts (inside its opening quote): line and column, two numbers per cell. */
  at: number[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Rows, and the line of a quote that is never closed (the rest of the file would be one cell). */
export function parseCsv(text: string): { rows: CsvRow[]; unterminatedAt?: number } {
  const rows: CsvRow[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    const at: number[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        at.push(line, i + 2 - lineStart);
        // A quoted field: "" is a quote; newlines inside count towards the line number.
        const start = i;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) return { rows, unterminatedAt: lineOf(text, start, rowLine, start) };
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        let newlines = 0;
        for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === LF) newlines++;
        if (newlines > 0) {
          line += newlines;
          lineStart = text.lastIndexOf('\n', i - 1) + 1;
        }
        // Anything between the closing quote and the next separator belongs to the cell (lenient).
        let end = i;
        while (end < n && text.charCodeAt(end) !== COMMA && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR)
          end++;
        cell = value + text.slice(i, end);
        i = end;
      } else {
        at.push(line, i + 1 - lineStart);
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        cell = text.slice(i, end);
        i = end;
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      line++;
      lineStart = i;
      break;
    }
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells, at });
  }
  return { rows };
}

/** The line a quote at `at` sits on, counting from the row's first line at `from`. */
function lineOf(text: string, from: number, fromLine: number, at: number): number {
  let line = fromLine;
  for (let k = from; k < at; k++) if (text.charCodeAt(k) === LF) line++;
  return line;
}
