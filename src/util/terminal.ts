// The one sanitiser for text on its way to a terminal. Anything that comes from data — notes, names, titles,
// file names, YAML keys, ids typed by someone else — may hold escape sequences that recolour, hide, retitle
// or hyperlink, carriage returns and backspaces that overwrite what was printed, or bidirectional overrides
// that reorder it. Here control characters become visible (ESC → ␛), OSC sequences (hyperlinks, titles),
// CR and BS are removed, and bidirectional controls are shown as [U+202E]. Our own colours survive because
// they travel as marks data cannot contain (a random private-use prefix chosen per process) and become
// escape sequences only here, at the sink.
import { randomInt } from 'node:crypto';

// Three characters from the private-use area: a note written before this process started cannot hold them.
const PREFIX = Array.from({ length: 3 }, () => String.fromCharCode(0xe000 + randomInt(0x1900))).join('');
const MARK = new RegExp(`${PREFIX}(\\d{1,3})m`, 'g');

/** Our own SGR code (31 red, 1 bold …) as a mark; only toTerminal turns it into an escape sequence. */
export function styleMark(code: number): string {
  return `${PREFIX}${code}m`;
}

/** Text without our style marks (to measure it, or to write it where no terminal reads it). */
export function stripMarks(text: string): string {
  return text.replace(MARK, '');
}

// OSC: ESC ] … terminated by BEL or ESC \ (or the 8-bit forms); hyperlinks (OSC 8) keep their visible text.
// eslint-disable-next-line no-control-regex -- OSC sequences are made of control characters
const OSC = /(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)/g;
const REMOVED = /[\r\b]/g;
// eslint-disable-next-line no-control-regex -- the C0 controls are what it removes
const C0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const C1 = /[\u0080-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const codePoint = (ch: string) => `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;

/** Data made safe to print: keeps newlines and tabs, makes every other control character visible. */
export function clean(text: string): string {
  return String(text)
    .replace(OSC, '')
    .replace(REMOVED, '')
    .replace(C0, (ch) => (ch === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + ch.charCodeAt(0))))
    .replace(C1, codePoint)
    .replace(BIDI, codePoint);
}

/** Data for a one-line slot (a lint problem, a table cell): newlines shown as ⏎ too. */
export function oneLine(text: string): string {
  return clean(text).replace(/\n/g, '\u23ce');
}

// CI runners read `::error …` (GitHub) and `##[error]` (Azure, old GitHub) at the start of any output line.
const WORKFLOW_COMMAND = /^(\s*)(::|##\[)/gm;

/**
 * A whole text for the terminal: data cleaned, our marks turned into colour, and no line starting like a CI
 * workflow command (those come only from `lint --format github`, which does not pass here).
 */
export function toTerminal(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARK)) {
    out += clean(text.slice(last, m.index)) + `\u001b[${m[1]}m`;
    last = m.index! + m[0].length;
  }
  return (out + clean(text.slice(last))).replace(WORKFLOW_COMMAND, '$1\\$2');
}

/** JSON text whose strings hold nothing a terminal would act on (C1, DEL, bidirectional and line-separator
 * characters as \u escapes; JSON.stringify already escapes C0). The document parses to the same data. */
export function jsonForTerminal(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
