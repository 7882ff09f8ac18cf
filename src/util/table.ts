// Plain-text tables that stay aligned with Chinese text (CJK characters take two columns).
import { oneLine } from './terminal.js';
import { displayWidth, pad } from './width.js';

export { displayWidth, pad };

/** Rows of cells under a header, columns separated by two spaces; the last column is not padded. A cell is
 * one line: control characters and newlines in data are shown, not obeyed (util/terminal.ts). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows].map((r) => r.map((cell) => oneLine(cell)));
  const widths = header.map((_, c) => Math.max(...all.map((r) => displayWidth(r[c] ?? ''))));
  return all
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
