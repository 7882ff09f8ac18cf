// The Markdown that report templates produce, as blocks: headings, paragraphs, lists, pipe tables, rules,
// images standing on their own line (`![caption](chart:NAME)`), and pandoc-style fenced divs
// (`::: {.signature}` … `:::`) for what Markdown cannot say (the marking line, the 发文字号, the signature).
// `<wbr>` marks where a title may break. One parser, so the .md and the .docx of a report say the same thing.
import { WBR } from './title-lines.js';

export type Inline = { text: string; bold?: boolean };

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'item'; marker: string; inlines: Inline[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'rule' }
  | { kind: 'image'; alt: string; target: string }
  | { kind: 'div'; className: string; blocks: Block[] };

/** `**bold**` runs and backslash escapes; everything else is text. */
export function parseInlines(text: string): Inline[] {
  const out: Inline[] = [];
  let bold = false;
  let buffer = '';
  const flush = () => {
    if (buffer) out.push(bold ? { text: buffer, bold: true } : { text: buffer });
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!|<>~:]/.test(text[i + 1]!)) {
      buffer += text[++i];
    } else if (ch === '*' && text[i + 1] === '*') {
      flush();
      bold = !bold;
      i++;
    } else if (text.startsWith('<br>', i)) {
      buffer += '\n';
      i += 3;
    } else if (text.startsWith('<wbr>', i)) {
      buffer += WBR;
      i += 4;
    } else buffer += ch;
  }
  flush();
  return out;
}

export const plain = (inlines: readonly Inline[]) => inlines.map((i) => i.text).join('');

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\d+[.．、]|[-*+])\s+(.*)$/;
const RULE = /^(\*\s*){3,}$|^(-\s*){3,}$|^(_\s*){3,}$/;
const DIV_OPEN = /^:::+\s*\{?\s*\.?([\w-]+)\s*\}?\s*$/;
const DIV_CLOSE = /^:::+\s*$/;
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)$/;

function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (body[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += body[i];
  }
  cells.push(cell.trim());
  return cells;
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const root: Block[] = [];
  const stack: Block[][] = [root];
  let paragraph: string[] = [];
  const target = () => stack[stack.length - 1]!;
  const flush = () => {
    if (paragraph.length) target().push({ kind: 'paragraph', inlines: parseInlines(paragraph.join('')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    let m: RegExpExecArray | null;
    if (!trimmed) flush();
    else if ((m = DIV_OPEN.exec(trimmed))) {
      flush();
      const div: Block = { kind: 'div', className: m[1]!, blocks: [] };
      target().push(div);
      stack.push(div.blocks);
    } else if (DIV_CLOSE.test(trimmed) && stack.length > 1) {
      flush();
      stack.pop();
    } else if ((m = HEADING.exec(trimmed))) {
      flush();
      target().push({ kind: 'heading', level: m[1]!.length, inlines: parseInlines(m[2]!) });
    } else if ((m = IMAGE.exec(trimmed))) {
      flush();
      target().push({ kind: 'image', alt: m[1]!, target: m[2]! });
    } else if (RULE.test(trimmed)) {
      flush();
      target().push({ kind: 'rule' });
    } else if (trimmed.startsWith('|') && /^\|?\s*:?-{3,}/.test(lines[i + 1]?.trim() ?? '')) {
      flush();
      const header = splitRow(trimmed).map(parseInlines);
      const rows: Inline[][][] = [];
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++)
        rows.push(splitRow(lines[i]!).map(parseInlines));
      i--;
      target().push({ kind: 'table', header, rows });
    } else if ((m = ITEM.exec(trimmed)) && paragraph.length === 0) {
      target().push({ kind: 'item', marker: m[1]!, inlines: parseInlines(m[2]!) });
    } else if (paragraph.length === 0 && target().at(-1)?.kind === 'item' && /^\s{2,}/.test(line)) {
      const item = target().at(-1) as Extract<Block, { kind: 'item' }>;
      item.inlines.push(...parseInlines(trimmed));
    } else paragraph.push(trimmed);
  }
  flush();
  return root;
}
