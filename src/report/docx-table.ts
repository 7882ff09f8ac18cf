// Tables in a .docx: fixed column widths from the content (序号 narrow, 问题表现 wide), a header row that
// repeats on every page, rows that never split across pages, small type set off the character grid.
import { plain, type Block, type Inline } from './markdown.js';
import { typeWidth } from './width.js';
import { FONTS, runs } from './docx-parts.js';

type Table = Extract<Block, { kind: 'table' }>;

/** Cell margins, left and right (1 mm each), in twips. */
const CELL_MARGIN = 57;

/** Where a header breaks onto two lines: before a bracket, else in the middle (问题类别 / （条例条款）); never
 * a header of three characters or fewer (责任人 stays whole). */
export function headerParts(header: string): [string] | [string, string] {
  const chars = [...header];
  if (chars.length < 4) return [header];
  const bracket = chars.findIndex((c, i) => i > 0 && '（(〔'.includes(c));
  const at = bracket > 0 ? bracket : Math.ceil(chars.length / 2);
  return [chars.slice(0, at).join(''), chars.slice(at).join('')];
}

/**
 * Column widths in twips, from the content: every header on one line where the table allows it, else on
 * two even lines (never one character per line); long text columns (问题表现) get most of the rest, short
 * ones (序号, 责任人) what their content needs.
 */
export function columnWidths(block: Table, total: number, size = 18): number[] {
  const em = size * 10;
  const width = (halfEms: number) => Math.ceil((halfEms / 2) * em) + 2 * CELL_MARGIN + 20;
  const columns = block.header.map((h, c) => {
    const head = plain(h);
    const cells = block.rows.map((r) => typeWidth(plain(r[c] ?? []))).sort((a, b) => a - b);
    const typical = cells.length ? (cells[Math.floor(cells.length * 0.8)] ?? cells[cells.length - 1]!) : 0;
    const longest = cells.length ? cells[cells.length - 1]! : 0;
    // Short content on one line; long content at a line length that grows slowly with it (16 characters at most).
    const content = longest <= 16 ? longest : Math.min(32, Math.max(12, Math.round(Math.sqrt(typical) * 4.4)));
    const full = width(typeWidth(head));
    const half = width(Math.max(...headerParts(head).map(typeWidth)));
    const least = Math.max(half, width(4));
    // Levels: headers on two lines; then short content (a date, a name, a status) on one line and long text
    // at six characters; then everything as desired.
    return [least, Math.max(least, width(longest <= 16 ? longest : 12)), Math.max(full, width(content))];
  });
  const sums = [0, 1, 2].map((k) => columns.reduce((n, c) => n + c[k]!, 0));
  let widths: number[];
  if (sums[0]! >= total) widths = columns.map((c) => (c[0]! / sums[0]!) * total);
  else if (sums[2]! <= total) widths = columns.map((c) => c[2]! + ((total - sums[2]!) * c[2]!) / sums[2]!);
  else {
    const k = sums[1]! <= total ? 1 : 0;
    widths = columns.map((c) => c[k]! + ((c[k + 1]! - c[k]!) * (total - sums[k]!)) / (sums[k + 1]! - sums[k]!));
  }
  return widths.map((w) => Math.floor(w));
}

export function tableXml(block: Table, width: number, size: number): string {
  const widths = columnWidths(block, width, size);
  // A header narrower than its column's text breaks where headerParts says, not wherever the line ends.
  const header = block.header.map((h, c) => {
    const text = plain(h);
    const parts = headerParts(text);
    return parts.length === 2 && typeWidth(text) * size * 5 + 2 * CELL_MARGIN > widths[c]!
      ? [{ text: parts.join('\n') }]
      : h;
  });
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('');
  const cell = (inlines: readonly Inline[], header: boolean, column: number) =>
    `<w:tc><w:tcPr><w:tcW w:w="${widths[column]}" w:type="dxa"/>${header ? '<w:vAlign w:val="center"/>' : ''}</w:tcPr><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="0" w:before="0" w:line="${Math.round(size * 10 * 1.3)}" w:lineRule="atLeast"/><w:ind w:firstLine="0"/><w:jc w:val="${header ? 'center' : 'left'}"/></w:pPr>${runs(
      inlines,
      header ? FONTS.h1 : FONTS.body,
      size,
    )}</w:p></w:tc>`;
  const columns = block.header.length;
  const row = (cells: readonly Inline[][], header: boolean) =>
    `<w:tr><w:trPr>${header ? '<w:tblHeader/>' : ''}<w:cantSplit/></w:trPr>${Array.from({ length: columns }, (_, c) => cell(cells[c] ?? [], header, c)).join('')}</w:tr>`;
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${width}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>${borders}</w:tblBorders>` +
    // The widths below, not Word's or LibreOffice's autofit guesses; 1 mm cell margins keep narrow columns readable.
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="${CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="${CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    row(header, true) +
    block.rows.map((r) => row(r, false)).join('') +
    '</w:tbl>'
  );
}
