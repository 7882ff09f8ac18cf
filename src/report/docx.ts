// Markdown blocks → .docx laid out per GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 2号小标宋,
// body 3号仿宋 at a fixed 28 pt line (22 lines), headings 一、黑体 （一）楷体 1. and （1）仿宋, first lines
// indented two characters, page numbers "— N —" in 4号宋体, odd pages right and even pages left.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { plain, type Block, type Inline } from './markdown.js';
import { displayWidth } from '../cli/table.js';

export const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', h1: '黑体', h2: '楷体_GB2312', page: '宋体' } as const;
/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小五 9 pt (tables). */
export const SIZES = { title: 44, body: 32, page: 28, table: 18 } as const;
export const LINE = 560; // 28 pt fixed line spacing, in twentieths of a point
const CHAR = 320; // one 3号 character, in twentieths of a point

/** Millimetres to twips, rounded (docx's own helper truncates: A4 would come out a twip short). */
export const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

export interface DocxOptions {
  landscape?: boolean;
}

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

function runs(inlines: readonly Inline[], name: string, size: number, bold = false): TextRun[] {
  return inlines.flatMap((i) =>
    i.text.split('\n').map((text, k) => new TextRun({ text, break: k > 0 ? 1 : undefined, font: font(name), size, bold: bold || i.bold || undefined })),
  );
}

const spacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

interface ParagraphOptions {
  font?: string;
  size?: number;
  indent?: boolean;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  rightIndent?: number;
  before?: number;
  keepNext?: boolean;
  keepLines?: boolean;
}

function paragraph(inlines: readonly Inline[], o: ParagraphOptions = {}): Paragraph {
  return new Paragraph({
    children: runs(inlines, o.font ?? FONTS.body, o.size ?? SIZES.body),
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { ...spacing, before: o.before ?? 0 },
    indent: { firstLine: o.indent === false ? 0 : 2 * CHAR, right: o.rightIndent },
    keepNext: o.keepNext,
    keepLines: o.keepLines,
  });
}

/**
 * Column widths from content: each column gets the room its header and typical cell need (capped), so
 * 序号 stays narrow and 问题表现 wide.
 */
export function columnWidths(block: Extract<Block, { kind: 'table' }>, total: number): number[] {
  const need = block.header.map((h, c) => {
    const cells = block.rows.map((r) => displayWidth(plain(r[c] ?? []))).sort((a, b) => a - b);
    const typical = cells.length ? cells[Math.floor(cells.length * 0.8)] ?? cells[cells.length - 1]! : 0;
    // A header may wrap onto two lines, never one character per line.
    return Math.max(4, Math.ceil(displayWidth(plain(h)) / 2) + 2, Math.min(Math.sqrt(typical) * 3, 14));
  });
  const sum = need.reduce((a, b) => a + b, 0);
  return need.map((n) => Math.floor((n / sum) * total));
}

function table(block: Extract<Block, { kind: 'table' }>, width: number): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const widths = columnWidths(block, width);
  const cell = (inlines: Inline[], header: boolean, column: number) =>
    new TableCell({
      borders,
      width: { size: widths[column]!, type: WidthType.DXA },
      children: [
        new Paragraph({
          children: runs(inlines, header ? FONTS.h1 : FONTS.body, SIZES.table),
          alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { line: 300, lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 },
        }),
      ],
    });
  const columns = block.header.length;
  return new Table({
    width: { size: width, type: WidthType.DXA },
    layout: TableLayoutType.FIXED, // the widths below, not Word's or LibreOffice's autofit guesses
    margins: { left: 57, right: 57, top: 28, bottom: 28 }, // 1 mm: narrow columns keep their room for text
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: block.header.map((h, c) => cell(h, true, c)) }),
      ...block.rows.map((r) => new TableRow({ cantSplit: true, children: Array.from({ length: columns }, (_, c) => cell(r[c] ?? [], false, c)) })),
    ],
  });
}

function pageFooter(align: 'left' | 'right'): Footer {
  const text = (children: Array<string | (typeof PageNumber)[keyof typeof PageNumber]>) => new TextRun({ children, font: font(FONTS.page), size: SIZES.page });
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One 4号 character in from the edge of the text block.
        indent: align === 'right' ? { right: 280 } : { left: 280 },
        children: [text(['— ', PageNumber.CURRENT, ' —'])],
      }),
    ],
  });
}

/** Map blocks to paragraphs: the first level-1 heading is the title, a short line ending in "：" right after it the addressee. */
function body(blocks: readonly Block[], width: number, inDiv?: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  let afterTitle = false;
  for (const [index, block] of blocks.entries()) {
    // GB/T 9704: the signature never stands alone on a page; the paragraph before it stays with it.
    const next = blocks[index + 1];
    const beforeSignature = next?.kind === 'div' && next.className === 'right';
    const wasAfterTitle = afterTitle;
    afterTitle = false;
    switch (block.kind) {
      case 'heading': {
        if (block.level === 1) {
          out.push(
            new Paragraph({
              children: runs(block.inlines, FONTS.title, SIZES.title),
              alignment: AlignmentType.CENTER,
              spacing: { line: 700, lineRule: LineRuleType.EXACT, before: LINE, after: LINE },
            }),
          );
          afterTitle = true;
        } else {
          const name = block.level === 2 ? FONTS.h1 : block.level === 3 ? FONTS.h2 : FONTS.body;
          out.push(paragraph(block.inlines, { font: name }));
        }
        break;
      }
      case 'paragraph': {
        const text = plain(block.inlines);
        if (inDiv === 'right') out.push(paragraph(block.inlines, { align: AlignmentType.RIGHT, indent: false, rightIndent: 4 * CHAR, keepNext: true, keepLines: true }));
        else if (inDiv === 'center') out.push(paragraph(block.inlines, { align: AlignmentType.CENTER, indent: false }));
        else if (inDiv === 'marking') out.push(paragraph(block.inlines, { font: FONTS.h1, align: AlignmentType.LEFT, indent: false }));
        else if (wasAfterTitle && /[：:]$/.test(text) && text.length <= 60) out.push(paragraph(block.inlines, { indent: false }));
        else out.push(paragraph(block.inlines, { keepNext: beforeSignature }));
        break;
      }
      case 'item':
        out.push(paragraph([{ text: block.marker + ' ' }, ...block.inlines], { keepNext: beforeSignature }));
        break;
      case 'table':
        out.push(table(block, width));
        break;
      case 'rule':
        out.push(new Paragraph({ spacing, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [] }));
        break;
      case 'div':
        out.push(...body(block.blocks, width, block.className));
        break;
    }
  }
  return out;
}

export async function renderDocx(blocks: readonly Block[], options: DocxOptions = {}): Promise<Buffer> {
  const a4 = { width: mm(210), height: mm(297) };
  // Page numbers: the top of their line 7 mm below the text block (35 − 7 = 28 mm from the page's edge);
  // Word measures the footer to the bottom of its line, one 4号 line (≈ 5 mm) lower.
  const margin = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(23) };
  const width = (options.landscape ? a4.height : a4.width) - margin.left - margin.right;
  const document = new Document({
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: SIZES.body } } } },
    sections: [
      {
        properties: {
          page: {
            // docx swaps width and height itself for landscape.
            size: { width: a4.width, height: a4.height, orientation: options.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin,
          },
        },
        footers: { default: pageFooter('right'), even: pageFooter('left') },
        children: body(blocks, width),
      },
    ],
  });
  return Packer.toBuffer(document);
}
