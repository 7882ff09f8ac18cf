// Reading documents back as an office would: every sentence closed with its 。, no phrase left broken by an
// empty field, no internal id; and the parts of a .docx or .xlsx by name.
import JSZip from 'jszip';
import { parseMarkdown, plain, type Block } from '../../src/report/markdown.js';

/** Phrases that only appear when a field was empty (「督查组由组成」) or a template joined two marks. */
export const BROKEN = /由组成|，，|。。|：。|；。|、、|，。|（）|“”|于于|于起|对进行|undefined|null|NaN|\{\{|\}\}/;

/**
 * Body paragraphs that do not end a sentence: each must end with 。, or ： (an addressee, a list or table
 * follows), or with a closing bracket right after 。 (「……。（依据：……）」). Headings, table cells, the marking,
 * the 发文字号 and the signature are not sentences.
 */
export function unclosedSentences(markdown: string): string[] {
  const out: string[] = [];
  const walk = (blocks: readonly Block[], div?: string) => {
    for (const b of blocks) {
      if (b.kind === 'div') walk(b.blocks, b.className);
      else if ((b.kind === 'paragraph' || b.kind === 'item') && !div) {
        const text = plain(b.inlines).trim();
        if (!/[。：]$/.test(text) && !/。（[^（）]*）$/.test(text)) out.push(text);
      }
    }
  };
  walk(parseMarkdown(markdown));
  return out;
}

export async function parts(file: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(file);
  const out: Record<string, string> = {};
  for (const f of Object.values(zip.files))
    if (!f.dir && /\.(xml|rels|svg)$/.test(f.name)) out[f.name] = await f.async('string');
  return out;
}

export async function partNames(file: Buffer): Promise<string[]> {
  return Object.keys((await JSZip.loadAsync(file)).files).sort();
}

/** The text of a .docx's document.xml, paragraph by paragraph. */
export function paragraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((m) =>
    m[1]!.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''),
  );
}
