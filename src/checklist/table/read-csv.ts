// Reads a checklist table saved as CSV: UTF-8 (with or without BOM), or GBK/GB18030 as Excel and WPS save it
// on Chinese Windows — recognised as the lint recognises it, and read as such. One grid; a row is a CSV
// record (as Excel numbers the rows when it opens the file).
import { decodeChecklist } from '../decode.js';
import type { Grid } from './grid.js';

export type CsvEncoding = 'utf-8' | 'gb18030';

export type CsvRead = { grid: Grid; encoding: CsvEncoding } | { error: 'utf16' | 'encoding' };

export function readCsv(bytes: Buffer): CsvRead {
  let text: string;
  let encoding: CsvEncoding = 'utf-8';
  const decoded = decodeChecklist(bytes);
  if ('text' in decoded) text = decoded.text;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { error: 'utf16' };
  else {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      encoding = 'gb18030';
    } catch {
      return { error: 'encoding' };
    }
  }
  text = text.replace(/\r\n?/g, '\n'); // Excel's CRLF, inside quoted cells too
  const firstLine = text.slice(0, text.search(/\n|$/));
  const separator = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows = parseRecords(text, separator);
  return { grid: { index: 1, rows, merges: [], formulas: new Map(), preamble: [] }, encoding };
}

/** RFC 4180 records; quoted fields may hold separators, quotes ("") and line breaks. */
function parseRecords(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
