// The fixed parts of a GB/T 9704-2012 .docx: page geometry, 22 lines of 28 characters,
// styles (Normal, Title and Heading 1–4 with the standard's fonts and outline levels, so Word's and WPS's
// navigation pane and table of contents work), settings, the "— N —" footers, runs of text and the
// package's wiring.
import type { Inline } from './markdown.js';
import { WBR } from './title-lines.js';

export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  h1: '黑体',
  h2: '楷体_GB2312',
  page: '宋体',
} as const;
/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt and 小五 9 pt (tables). */
export const SIZES = { title: 44, body: 32, page: 28, table: 18, tableA3: 21 } as const;
/** One 3号 character, in twentieths of a point. */
export const CHAR = 320;

/** Millimetres to twips, rounded. */
export const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

export type Paper = 'a4' | 'a3';
const PAPERS: Record<Paper, { w: number; h: number }> = {
  a4: { w: mm(210), h: mm(297) },
  a3: { w: mm(297), h: mm(420) },
};
export const MARGIN = {
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  header: mm(15),
  footer: mm(23),
} as const;

/** GB/T 9704 5.2.2: 22 lines of 28 characters filling the 156 × 225 mm text block. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
const BLOCK = { w: PAPERS.a4.w - MARGIN.left - MARGIN.right, h: PAPERS.a4.h - MARGIN.top - MARGIN.bottom };
/** The line pitch that fits 22 lines in the text block (579 twips ≈ 28.95 pt): the section's line grid. */
export const LINE = Math.floor(BLOCK.h / LINES_PER_PAGE);
/**
 * 28 characters of 3号 (16 pt) need 448 pt; the block is 442.25 pt. Each character is set 0.25 pt closer
 * (w:spacing −5, in twentieths of a point), the least whole step at which 28 fit and 29 do not. A character
 * grid (docGrid linesAndChars with a negative charSpace) would do it in Word and WPS, but LibreOffice lays
 * such a grid out at 14 characters a line (measured, LibreOffice 7.4): condensed spacing works in all three.
 */
export const CHAR_SPACING = -Math.ceil((CHARS_PER_LINE * SIZES.body * 10 - BLOCK.w) / CHARS_PER_LINE);

export interface Page {
  width: number;
  height: number;
  landscape: boolean;
  /** The text block's width, in twips. */
  text: number;
  /** The 22-line grid belongs to the standard's portrait A4 body text, not to a landscape ledger. */
  grid: boolean;
}

export function page(paper: Paper = 'a4', landscape = false): Page {
  const p = PAPERS[paper];
  const [width, height] = landscape ? [p.h, p.w] : [p.w, p.h];
  return { width, height, landscape, text: width - MARGIN.left - MARGIN.right, grid: paper === 'a4' && !landscape };
}

export function sectionXml(p: Page): string {
  const m = MARGIN;
  return (
    `<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>` +
    `<w:pgSz w:w="${p.width}" w:h="${p.height}" w:orient="${p.landscape ? 'landscape' : 'portrait'}"/>` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" w:left="${m.left}" w:header="${m.header}" w:footer="${m.footer}" w:gutter="0"/>` +
    (p.grid ? `<w:docGrid w:type="lines" w:linePitch="${LINE}"/>` : '<w:docGrid w:linePitch="312"/>') +
    '</w:sectPr>'
  );
}

export const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export const fontsXml = (font: string) =>
  `<w:rFonts w:ascii="${font}" w:cs="${font}" w:eastAsia="${font}" w:hAnsi="${font}"/>`;
export const BODY_SPACING = `<w:spacing w:after="0" w:before="0" w:line="${LINE}" w:lineRule="exact"/>`;

/** Heading 1–4: 一、黑体 （一）楷体 1. 仿宋 （1）仿宋, all 3号, indented two characters like the body. */
export const HEADINGS = [FONTS.h1, FONTS.h2, FONTS.body, FONTS.body] as const;

export function stylesXml(): string {
  // zh-CN: Chinese forms of punctuation (a font with Japanese and Korean forms too picks by language).
  const rPr = (font: string, size: number) =>
    `<w:rPr>${fontsXml(font)}<w:spacing w:val="${CHAR_SPACING}"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr>`;
  const headings = HEADINGS.map(
    (font, i) =>
      `<w:style w:type="paragraph" w:styleId="Heading${i + 1}"><w:name w:val="heading ${i + 1}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
      `<w:pPr><w:keepNext/><w:keepLines/>${BODY_SPACING}<w:ind w:firstLine="${2 * CHAR}"/><w:outlineLvl w:val="${i}"/></w:pPr>${rPr(font, SIZES.body)}</w:style>`,
  ).join('');
  return (
    `${XML}<w:styles ${NS}><w:docDefaults><w:rPrDefault>${rPr(FONTS.body, SIZES.body)}</w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>${BODY_SPACING}</w:pPr></w:pPrDefault></w:docDefaults>` +
    // Normal carries the body's font, size and spacing itself: LibreOffice reads some of them from this style only.
    // No automatic space between Chinese and digits (2026年11月27日, not 2026 年 11 月 27 日): the standard sets
    // none, and the signature's position is computed from the date's width without it.
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr>${rPr(FONTS.body, SIZES.body)}</w:style>` +
    `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>` +
    `<w:pPr><w:snapToGrid w:val="0"/><w:jc w:val="center"/></w:pPr>${rPr(FONTS.title, SIZES.title)}</w:style>` +
    headings +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

export const settingsXml = () =>
  `${XML}<w:settings ${NS}><w:evenAndOddHeaders/><w:defaultTabStop w:val="${2 * CHAR}"/><w:characterSpacingControl w:val="doNotCompress"/></w:settings>`;

export function footerXml(align: 'left' | 'right'): string {
  const rPr = `<w:rPr>${fontsXml(FONTS.page)}<w:sz w:val="${SIZES.page}"/><w:szCs w:val="${SIZES.page}"/></w:rPr>`;
  // One 4号 character in from the edge of the text block; off the character grid (a 4号 digit is not a 3号 cell).
  const indent = align === 'right' ? '<w:ind w:right="280"/>' : '<w:ind w:left="280"/>';
  return (
    `${XML}<w:ftr ${NS}><w:p><w:pPr><w:snapToGrid w:val="0"/>${indent}<w:jc w:val="${align}"/></w:pPr>` +
    `<w:r>${rPr}<w:t xml:space="preserve">— </w:t></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>${rPr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>${rPr}<w:t>1</w:t></w:r><w:r>${rPr}<w:fldChar w:fldCharType="end"/></w:r>` +
    `<w:r>${rPr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
  );
}

export interface Media {
  /** Relationship id in document.xml.rels. */
  id: string;
  /** Path inside word/, e.g. media/chart-common.png. */
  target: string;
  data: Buffer;
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function documentRelsXml(media: readonly Media[]): string {
  return (
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId2" Type="${REL}/settings" Target="settings.xml"/>` +
    `<Relationship Id="rId3" Type="${REL}/footer" Target="footer1.xml"/>` +
    `<Relationship Id="rId4" Type="${REL}/footer" Target="footer2.xml"/>` +
    media.map((m) => `<Relationship Id="${m.id}" Type="${REL}/image" Target="${m.target}"/>`).join('') +
    `</Relationships>`
  );
}

export function contentTypesXml(media: readonly Media[]): string {
  const main = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  const extensions = [...new Set(media.map((m) => m.target.split('.').pop()!))];
  const mime: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml' };
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    extensions
      .map((e) => `<Default Extension="${e}" ContentType="${mime[e] ?? 'application/octet-stream'}"/>`)
      .join('') +
    `<Override PartName="/word/document.xml" ContentType="${main}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${main}.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${main}.settings+xml"/>` +
    `<Override PartName="/word/footer1.xml" ContentType="${main}.footer+xml"/>` +
    `<Override PartName="/word/footer2.xml" ContentType="${main}.footer+xml"/></Types>`
  );
}

export const packageRelsXml = () =>
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// eslint-disable-next-line no-control-regex -- the characters XML cannot carry
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
export const xmlText = (s: string) => escape(s.replaceAll(WBR, '').replace(XML_UNSAFE, ''));

export function runs(inlines: readonly Inline[], font: string, size: number, bold = false): string {
  const props = `<w:rPr>${fontsXml(font)}`;
  return inlines
    .map((i) => {
      const rPr =
        props + (bold || i.bold ? '<w:b/><w:bCs/>' : '') + `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
      return i.text
        .split('\n')
        .map((text, k) => `<w:r>${rPr}${k > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`)
        .join('');
    })
    .join('');
}
