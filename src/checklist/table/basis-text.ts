// The 依据 cell: 「《中国共产党政法工作条例》第六章 请示报告 第十七条：“……”」 and the ways offices write it
// (《条例》第12条, 12条, Art. 12, several bases separated by 、；or line breaks), read into basis entries
// and written back. A document is named by its title; the caller decides which declared source that is.
import { chineseNumeral, numeral } from './values.js';

export interface BasisEntry {
  /** The document's title as written (without 《》), or undefined when the entry names none. */
  title?: string;
  article?: number;
  /** How the article was written (第十二条, 12条, Art. 12), for messages. */
  articleText?: string;
  chapter?: string;
  quote?: string;
}

export interface ParsedBasis {
  entries: BasisEntry[];
  /** Text that is neither a title, a chapter, an article nor a quote (e.g. 第五项, 有关规定). */
  leftovers: string[];
}

const NUM = '[〇零一二两三四五六七八九十百千0-9０-９]+';
const CHAPTER = new RegExp(`^第${NUM}章(?:[ \\u3000]*[^\\s第:：“"「，,、；;《]+)?`);
const ARTICLE = new RegExp(`^(?:第(${NUM})条|(${NUM})[ \\u3000]*条|(?:art(?:icle)?\\.?)[ \\u3000]*(\\d+))`, 'i');
const SUBPART = new RegExp(`^(?:第${NUM}[款项目]|[（(]${NUM}[)）]项?)+`);
const SEPARATOR = /^(?:[\s、,，]|以及|和|及)+/;
const CLOSERS: Record<string, string> = { '“': '”', '"': '"', '「': '」', '『': '』' };

/** Split a cell into segments at line breaks and semicolons that are not inside a quote. */
function segments(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let closer: string | undefined;
  let depth = 0;
  for (const ch of text) {
    if (closer === undefined && (ch === '\n' || ch === '；' || ch === ';' || ch === '\r')) {
      out.push(current);
      current = '';
      continue;
    }
    if (closer === undefined && CLOSERS[ch]) {
      closer = CLOSERS[ch];
      depth = 1;
    } else if (closer !== undefined && ch === closer && (depth -= 1) === 0) closer = undefined;
    else if (closer !== undefined && closer !== '"' && CLOSERS[ch] === closer) depth++;
    current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Read a 依据 cell; `titles` are the documents that may be named without 《》 (e.g. a meeting's spirit). */
export function parseBasis(text: string, titles: readonly string[] = []): ParsedBasis {
  const entries: BasisEntry[] = [];
  const leftovers: string[] = [];
  const bare = [...titles].sort((a, b) => b.length - a.length);
  let title: string | undefined;
  for (const segment of segments(text)) {
    let named = false; // a title was named and no entry follows it yet
    let last: BasisEntry | undefined;
    let chapterOnly = false; // `last` is a chapter an article may still join
    let leftover = '';
    const flushLeftover = () => {
      if (leftover.trim()) leftovers.push(leftover.trim());
      leftover = '';
    };
    const push = (entry: BasisEntry) => {
      entries.push(entry);
      last = entry;
      named = false;
    };
    let s = segment;
    while (s.length > 0) {
      let m: RegExpExecArray | null;
      if ((m = SEPARATOR.exec(s))) {
        s = s.slice(m[0].length);
        continue;
      }
      const bareTitle = bare.find((t) => s.startsWith(t));
      if ((m = /^《([^》]+)》/.exec(s)) || bareTitle) {
        flushLeftover();
        if (named) push({ title });
        title = m ? m[1]!.trim() : bareTitle!;
        named = true;
        chapterOnly = false;
        s = s.slice(m ? m[0].length : bareTitle!.length);
      } else if ((m = CHAPTER.exec(s))) {
        flushLeftover();
        push({ title, chapter: m[0].trim() });
        chapterOnly = true;
        s = s.slice(m[0].length);
      } else if ((m = ARTICLE.exec(s))) {
        flushLeftover();
        const article = numeral(m[1] ?? m[2] ?? m[3]!);
        if (chapterOnly && last && last.article === undefined) {
          last.article = article;
          last.articleText = m[0];
        } else push({ title, article, articleText: m[0] });
        chapterOnly = false;
        s = s.slice(m[0].length);
      } else if ((m = /^[:：]?[ \u3000]*([“"「『])/.exec(s))) {
        flushLeftover();
        const end = closingAt(s, m[0].length, m[1]!);
        if (!last || named) push({ title });
        last!.quote = s.slice(m[0].length, end).trim();
        chapterOnly = false;
        s = s.slice(end + 1);
      } else if ((m = SUBPART.exec(s))) {
        leftover += m[0];
        s = s.slice(m[0].length);
      } else {
        leftover += s[0];
        s = s.slice(1);
      }
    }
    flushLeftover();
    if (named) push({ title });
  }
  return { entries, leftovers };
}

/** Index of the quote's closing character (nested pairs of the same kind allowed), or the end of the text. */
function closingAt(s: string, from: number, opener: string): number {
  const closer = CLOSERS[opener]!;
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === closer && --depth === 0) return i;
    if (s[i] === opener && opener !== closer) depth++;
  }
  return s.length;
}

/** One basis as the exported table writes it; `bracket` is false for a source not cited in 《》 (a meeting). */
export function basisCellLine(
  title: string,
  basis: { article?: number; chapter?: string; quote?: string },
  bracket = true,
): string {
  const where = [basis.chapter, basis.article !== undefined ? `第${chineseNumeral(basis.article)}条` : undefined]
    .filter(Boolean)
    .join(' ');
  const quote = basis.quote ? `：“${basis.quote}”` : '';
  return `${bracket ? `《${title}》` : title}${where}${quote}`;
}
