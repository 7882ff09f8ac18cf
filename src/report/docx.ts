// Markdown blocks → .docx laid out per GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 2号小标宋,
// body 3号仿宋 at a fixed 28 pt line (22 lines), headings 一、黑体 （一）楷体 1. and （1）仿宋, first lines
// indented two characters, page numbers "— N —" in 4号宋体, odd pages right and even pages left.
// WordprocessingML is written directly and zipped with node:zlib: a thousand-problem report stays fast.
import { plain, type Block, type Inline } from './markdown.js';
import { displayWidth } from '../cli/table.js';
import { zip } from './zip.js';

export const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', h1: '黑体', h2: '楷体_GB2312', page: '宋体' } as const;
/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小五 9 pt (tables). */
export const SIZES = { title: 44, body: 32, page: 28, table: 18 } as const;
export const LINE = 560; // 28 pt fixed line spacing, in twentieths of a point
const CHAR = 320; // one 3号 character, in twentieths of a point

/** Millimetres to twips, rounded. */
export const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

export interface DocxOptions {
  landscape?: boolean;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// eslint-disable-next-line no-control-regex
const xmlText = (s: string) => escape(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));

function runs(inlines: readonly Inline[], font: string, size: number, bold = false): string {
  const props = `<w:rPr><w:rFonts w:ascii="${font}" w:cs="${font}" w:eastAsia="${font}" w:hAnsi="${font}"/>`;
  return inlines
    .map((i) => {
      const rPr = props + (bold || i.bold ? '<w:b/><w:bCs/>' : '') + `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
      return i.text
        .split('\n')
        .map((text, k) => `<w:r>${rPr}${k > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`)
        .join('');
    })
    .join('');
}

interface ParagraphOptions {
  font?: string;
  size?: number;
  indent?: boolean;
  align?: 'both' | 'left' | 'center' | 'right';
  rightIndent?: number;
  keepNext?: boolean;
  keepLines?: boolean;
  spacing?: string;
}

const BODY_SPACING = `<w:spacing w:after="0" w:before="0" w:line="${LINE}" w:lineRule="exact"/>`;

function paragraph(inlines: readonly Inline[], o: ParagraphOptions = {}): string {
  const keep = (o.keepNext ? '<w:keepNext/>' : '') + (o.keepLines ? '<w:keepLines/>' : '');
  const indent = `<w:ind w:firstLine="${o.indent === false ? 0 : 2 * CHAR}"${o.rightIndent ? ` w:right="${o.rightIndent}"` : ''}/>`;
  return `<w:p><w:pPr>${keep}${o.spacing ?? BODY_SPACING}${indent}<w:jc w:val="${o.align ?? 'both'}"/></w:pPr>${runs(inlines, o.font ?? FONTS.body, o.size ?? SIZES.body)}</w:p>`;
}

/**
 * Column widths from content: each column gets the room its header and typical cell need (capped), so
 * 序号 stays narrow and 问题表现 wide.
 */
export function columnWidths(block: Extract<Block, { kind: 'table' }>, total: number): number[] {
  const need = block.header.map((h, c) => {
    const cells = block.rows.map((r) => displayWidth(plain(r[c] ?? []))).sort((a, b) => a - b);
    const typical = cells.length ? (cells[Math.floor(cells.length * 0.8)] ?? cells[cells.length - 1]!) : 0;
    // A header may wrap onto two lines, never one character per line.
    return Math.max(4, Math.ceil(displayWidth(plain(h)) / 2) + 2, Math.min(Math.sqrt(typical) * 3, 14));
  });
  const sum = need.reduce((a, b) => a + b, 0);
  return need.map((n) => Math.floor((n / sum) * total));
}

function table(block: Extract<Block, { kind: 'table' }>, width: number): string {
  const widths = columnWidths(block, width);
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('');
  const cell = (inlines: readonly Inline[], header: boolean, column: number) =>
    `<w:tc><w:tcPr><w:tcW w:w="${widths[column]}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:after="0" w:before="0" w:line="300" w:lineRule="atLeast"/><w:jc w:val="${header ? 'center' : 'left'}"/></w:pPr>${runs(
      inlines,
      header ? FONTS.h1 : FONTS.body,
      SIZES.table,
    )}</w:p></w:tc>`;
  const columns = block.header.length;
  const row = (cells: readonly Inline[][], header: boolean) =>
    `<w:tr><w:trPr>${header ? '<w:tblHeader/>' : ''}<w:cantSplit/></w:trPr>${Array.from({ length: columns }, (_, c) => cell(cells[c] ?? [], header, c)).join('')}</w:tr>`;
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${width}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders>` +
    // The widths below, not Word's or LibreOffice's autofit guesses; 1 mm cell margins keep narrow columns readable.
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    row(block.header, true) +
    block.rows.map((r) => row(r, false)).join('') +
    '</w:tbl>'
  );
}

/** Map blocks to paragraphs: the first level-1 heading is the title, a short line ending in "：" right after it the addressee. */
function body(blocks: readonly Block[], width: number, inDiv?: string): string {
  const out: string[] = [];
  let afterTitle = false;
  for (const [index, block] of blocks.entries()) {
    // GB/T 9704: the signature never stands alone on a page; the paragraph before it stays with it.
    const next = blocks[index + 1];
    const beforeSignature = next?.kind === 'div' && next.className === 'right';
    const wasAfterTitle = afterTitle;
    afterTitle = false;
    switch (block.kind) {
      case 'heading':
        if (block.level === 1) {
          out.push(
            `<w:p><w:pPr><w:spacing w:after="${LINE}" w:before="${LINE}" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>${runs(block.inlines, FONTS.title, SIZES.title)}</w:p>`,
          );
          afterTitle = true;
        } else out.push(paragraph(block.inlines, { font: block.level === 2 ? FONTS.h1 : block.level === 3 ? FONTS.h2 : FONTS.body, keepNext: true }));
        break;
      case 'paragraph': {
        const text = plain(block.inlines);
        if (inDiv === 'right') out.push(paragraph(block.inlines, { align: 'right', indent: false, rightIndent: 4 * CHAR, keepNext: true, keepLines: true }));
        else if (inDiv === 'center') out.push(paragraph(block.inlines, { align: 'center', indent: false }));
        else if (inDiv === 'marking') out.push(paragraph(block.inlines, { font: FONTS.h1, align: 'left', indent: false }));
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
        out.push(`<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>${BODY_SPACING}</w:pPr></w:p>`);
        break;
      case 'div':
        out.push(body(block.blocks, width, block.className));
        break;
    }
  }
  return out.join('');
}

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function footer(align: 'left' | 'right'): string {
  const font = FONTS.page;
  const rPr = `<w:rPr><w:rFonts w:ascii="${font}" w:cs="${font}" w:eastAsia="${font}" w:hAnsi="${font}"/><w:sz w:val="${SIZES.page}"/><w:szCs w:val="${SIZES.page}"/></w:rPr>`;
  // One 4号 character in from the edge of the text block.
  const indent = align === 'right' ? '<w:ind w:right="280"/>' : '<w:ind w:left="280"/>';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ${NS}><w:p><w:pPr>${indent}<w:jc w:val="${align}"/></w:pPr>` +
    `<w:r>${rPr}<w:t xml:space="preserve">— </w:t></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>${rPr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>${rPr}<w:t>1</w:t></w:r><w:r>${rPr}<w:fldChar w:fldCharType="end"/></w:r>` +
    `<w:r>${rPr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
  );
}

export async function renderDocx(blocks: readonly Block[], options: DocxOptions = {}): Promise<Buffer> {
  const a4 = { width: mm(210), height: mm(297) };
  // Page numbers: the top of their line 7 mm below the text block (35 − 7 = 28 mm from the page's edge);
  // Word measures the footer to the bottom of its line, one 4号 line (≈ 5 mm) lower.
  const margin = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(23) };
  const [w, h] = options.landscape ? [a4.height, a4.width] : [a4.width, a4.height];
  const width = w - margin.left - margin.right;
  const sectPr =
    `<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>` +
    `<w:pgSz w:w="${w}" w:h="${h}" w:orient="${options.landscape ? 'landscape' : 'portrait'}"/>` +
    `<w:pgMar w:top="${margin.top}" w:right="${margin.right}" w:bottom="${margin.bottom}" w:left="${margin.left}" w:header="${margin.header}" w:footer="${margin.footer}" w:gutter="0"/></w:sectPr>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS}><w:body>${body(blocks, width)}${sectPr}</w:body></w:document>`;
  const font = FONTS.body;
  const styles =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${NS}><w:docDefaults><w:rPrDefault><w:rPr>` +
    `<w:rFonts w:ascii="${font}" w:cs="${font}" w:eastAsia="${font}" w:hAnsi="${font}"/><w:sz w:val="${SIZES.body}"/><w:szCs w:val="${SIZES.body}"/>` +
    `</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>${BODY_SPACING}</w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style></w:styles>`;
  const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings ${NS}><w:evenAndOddHeaders/><w:defaultTabStop w:val="${2 * CHAR}"/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>`;
  const rels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
    `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
    `<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>`;
  const types =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
    `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
    `<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>`;
  const packageRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  const b = (s: string) => Buffer.from(s, 'utf8');
  return zip([
    { name: '[Content_Types].xml', data: b(types) },
    { name: '_rels/.rels', data: b(packageRels) },
    { name: 'word/document.xml', data: b(document) },
    { name: 'word/styles.xml', data: b(styles) },
    { name: 'word/settings.xml', data: b(settings) },
    { name: 'word/footer1.xml', data: b(footer('right')) },
    { name: 'word/footer2.xml', data: b(footer('left')) },
    { name: 'word/_rels/document.xml.rels', data: b(rels) },
  ]);
}
