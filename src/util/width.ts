// How text occupies a terminal: display width (CJK characters take two columns), truncation to a width,
// and the number of rows a line wraps to, so screens can be fitted to an 80 × 24 terminal.
import { stripMarks } from './terminal.js';

// eslint-disable-next-line no-control-regex -- an SGR sequence starts with ESC
const ANSI = /\u001b\[[0-9;]*m/g;

/** Text without colour: ANSI sequences, and the style marks colours are written as until printed (util/terminal). */
export const stripColour = (text: string) => stripMarks(text).replace(ANSI, '');

export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

const charWidth = (ch: string) => (isWide(ch.codePointAt(0)!) ? 2 : 1);

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripColour(text)) width += charWidth(ch);
  return width;
}

export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Cut plain text to at most `width` columns, ending in … when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/**
 * Rows one line takes in a terminal `columns` wide: a wide character that does not fit at the end of a
 * row moves whole to the next one, as terminals do.
 */
export function rowsOf(line: string, columns: number): number {
  if (columns <= 1) return 1;
  let rows = 1;
  let used = 0;
  for (const ch of stripColour(line)) {
    const w = charWidth(ch);
    if (used + w > columns) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

/** Rows a block of text (lines separated by \n) takes. */
export const rowsOfText = (text: string, columns: number) =>
  text.split('\n').reduce((n, line) => n + rowsOf(line, columns), 0);
