// Markdown blocks → .docx laid out per GB/T 9704-2012: the 版头 (marking, 发文字号 and the red separator),
// the title in lines ducha chooses, headings as Word heading styles, body paragraphs on the 28 × 22 grid,
// tables with their header repeated, charts, and the signature and date placed for the seal. The page,
// styles and footers are in docx-parts.ts. WordprocessingML is written directly and zipped with
// node:zlib: a thousand-problem report stays fast.
import { plain, type Block, type Inline } from './markdown.js';
import { zip } from './zip.js';
import { typeWidth } from './width.js';
import { titleLines } from './title-lines.js';
import {
  BODY_SPACING,
  CHAR,
  contentTypesXml,
  documentRelsXml,
  FONTS,
  fontsXml,
  footerXml,
  HEADINGS,
  LINE,
  NS,
  xmlText,
  packageRelsXml,
  page,
  runs,
  sectionXml,
  settingsXml,
  SIZES,
  stylesXml,
  type Media,
  type Paper,
} from './docx-parts.js';
import { tableXml } from './docx-table.js';
import { imageXml, UnknownImageError, type DocxImage } from './docx-image.js';

export { FONTS, SIZES, LINE, mm } from './docx-parts.js';
export { columnWidths } from './docx-table.js';
export type { DocxImage } from './docx-image.js';

export interface DocxOptions {
  landscape?: boolean;
  paper?: Paper;
  /** Images a template may place with `![caption](chart:NAME)`, by NAME. */
  images?: ReadonlyMap<string, DocxImage>;
}

interface ParagraphOptions {
  style?: string;
  font?: string;
  size?: number;
  indent?: boolean;
  align?: 'both' | 'left' | 'center' | 'right';
  rightIndent?: number;
  keepNext?: boolean;
  keepLines?: boolean;
  spacing?: string;
  border?: string;
}

function paragraph(inlines: readonly Inline[], o: ParagraphOptions = {}): string {
  const style = o.style ? `<w:pStyle w:val="${o.style}"/>` : '';
  const keep = (o.keepNext ? '<w:keepNext/>' : '') + (o.keepLines ? '<w:keepLines/>' : '');
  const indent = `<w:ind w:firstLine="${o.indent === false ? 0 : 2 * CHAR}"${o.rightIndent ? ` w:right="${Math.round(o.rightIndent)}"` : ''}/>`;
  return `<w:p><w:pPr>${style}${keep}${o.border ?? ''}${o.spacing ?? BODY_SPACING}${indent}<w:jc w:val="${o.align ?? 'both'}"/></w:pPr>${runs(inlines, o.font ?? FONTS.body, o.size ?? SIZES.body)}</w:p>`;
}

const spacing = (before: number, after = 0, line = LINE) =>
  `<w:spacing w:after="${after}" w:before="${before}" w:line="${line}" w:lineRule="exact"/>`;

/** The title (2号小标宋, centred) in the lines titleLines chose, with `before` twips above it. */
function title(inlines: readonly Inline[], width: number, before: number): string {
  const columns = 2 * Math.floor(width / (SIZES.title * 10));
  const lines = titleLines(plain(inlines), columns);
  const rPr = `<w:rPr>${fontsXml(FONTS.title)}<w:sz w:val="${SIZES.title}"/><w:szCs w:val="${SIZES.title}"/></w:rPr>`;
  const text = lines
    .map((line, k) => `<w:r>${rPr}${k > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(line)}</w:t></w:r>`)
    .join('');
  return `<w:p><w:pPr><w:pStyle w:val="Title"/><w:keepNext/><w:snapToGrid w:val="0"/>${spacing(before, LINE, 700)}<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>${text}</w:p>`;
}

/**
 * GB/T 9704 7.3.5.1, a document that carries a seal: the date four characters in from the right, the
 * signature centred over the date, two blank lines above them for the seal (its top within a line of the
 * text, signature and date in its lower half). The text before them stays on their page.
 */
function signature(blocks: readonly Block[]): string {
  const lines = blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph');
  if (lines.length === 0) return '';
  const date = lines[lines.length - 1]!;
  const dateWidth = (typeWidth(plain(date.inlines)) * CHAR) / 2;
  return lines
    .map((line, k) => {
      const own = (typeWidth(plain(line.inlines)) * CHAR) / 2;
      const right = line === date ? 4 * CHAR : Math.max(0, 4 * CHAR + (dateWidth - own) / 2);
      return paragraph(line.inlines, {
        align: 'right',
        indent: false,
        rightIndent: right,
        keepNext: line !== date,
        keepLines: true,
        spacing: spacing(k === 0 ? 2 * LINE : 0),
      });
    })
    .join('');
}

interface Context {
  width: number;
  images: ReadonlyMap<string, DocxImage>;
  media: Media[];
}

/** Map blocks to paragraphs: the first level-1 heading is the title, a short line ending in "：" right after it the addressee. */
function body(blocks: readonly Block[], ctx: Context, inDiv?: string): string {
  const out: string[] = [];
  let afterTitle = false;
  let afterDocNumber = false;
  for (const [index, block] of blocks.entries()) {
    // The signature never stands alone on a page: the paragraph before it stays with it.
    const next = blocks[index + 1];
    const beforeSignature = next?.kind === 'div' && (next.className === 'right' || next.className === 'signature');
    const wasAfterTitle = afterTitle;
    const wasAfterDocNumber = afterDocNumber;
    afterTitle = false;
    afterDocNumber = false;
    switch (block.kind) {
      case 'heading':
        if (block.level === 1) {
          // GB/T 9704 7.3.1: two blank lines below the red separator, else one.
          out.push(title(block.inlines, ctx.width, wasAfterDocNumber ? 2 * LINE : LINE));
          afterTitle = true;
        } else {
          const level = Math.min(block.level - 1, HEADINGS.length);
          out.push(paragraph(block.inlines, { style: `Heading${level}`, font: HEADINGS[level - 1], keepNext: true }));
        }
        break;
      case 'paragraph': {
        const text = plain(block.inlines);
        if (inDiv === 'right')
          out.push(
            paragraph(block.inlines, {
              align: 'right',
              indent: false,
              rightIndent: 4 * CHAR,
              keepNext: true,
              keepLines: true,
            }),
          );
        else if (inDiv === 'center') out.push(paragraph(block.inlines, { align: 'center', indent: false }));
        else if (inDiv === 'marking')
          out.push(paragraph(block.inlines, { font: FONTS.h1, align: 'left', indent: false }));
        else if (inDiv === 'docnumber') {
          // GB/T 9704 7.2.4–7.2.5: the 发文字号 centred, a red separator the width of the text block 4 mm below it.
          out.push(
            paragraph(block.inlines, {
              align: 'center',
              indent: false,
              keepNext: true,
              border: '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="5" w:color="FF0000"/></w:pBdr>',
            }),
          );
        } else if (wasAfterTitle && /[：:]$/.test(text) && text.length <= 60)
          out.push(paragraph(block.inlines, { indent: false }));
        else out.push(paragraph(block.inlines, { keepNext: beforeSignature }));
        break;
      }
      case 'item':
        out.push(paragraph([{ text: block.marker + ' ' }, ...block.inlines], { keepNext: beforeSignature }));
        break;
      case 'table':
        out.push(tableXml(block, ctx.width, ctx.width > 14000 ? SIZES.tableA3 : SIZES.table));
        break;
      case 'image': {
        const image = ctx.images.get(block.target.replace(/^chart:/, ''));
        if (!image || !block.target.startsWith('chart:'))
          throw new UnknownImageError(block.target, [...ctx.images.keys()]);
        out.push(imageXml(image, block.alt, ctx.width, ctx.media));
        if (block.alt) out.push(paragraph([{ text: block.alt }], { align: 'center', indent: false, keepLines: true }));
        break;
      }
      case 'rule':
        out.push(
          `<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>${BODY_SPACING}</w:pPr></w:p>`,
        );
        break;
      case 'div':
        if (block.className === 'signature') out.push(signature(block.blocks));
        else out.push(body(block.blocks, ctx, block.className));
        afterDocNumber = block.className === 'docnumber';
        break;
    }
  }
  return out.join('');
}

const DRAWING_NS =
  ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

export async function renderDocx(blocks: readonly Block[], options: DocxOptions = {}): Promise<Buffer> {
  const p = page(options.paper, options.landscape);
  const ctx: Context = { width: p.text, images: options.images ?? new Map(), media: [] };
  const content = body(blocks, ctx);
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS}${DRAWING_NS}><w:body>${content}${sectionXml(p)}</w:body></w:document>`;
  const b = (s: string) => Buffer.from(s, 'utf8');
  return zip([
    { name: '[Content_Types].xml', data: b(contentTypesXml(ctx.media)) },
    { name: '_rels/.rels', data: b(packageRelsXml()) },
    { name: 'word/document.xml', data: b(document) },
    { name: 'word/styles.xml', data: b(stylesXml()) },
    { name: 'word/settings.xml', data: b(settingsXml()) },
    { name: 'word/footer1.xml', data: b(footerXml('right')) },
    { name: 'word/footer2.xml', data: b(footerXml('left')) },
    { name: 'word/_rels/document.xml.rels', data: b(documentRelsXml(ctx.media)) },
    ...ctx.media.map((m) => ({ name: `word/${m.target}`, data: m.data })),
  ]);
}
