// The Markdown a report is written as. Templates produce ducha's own Markdown (fenced divs, `<wbr>`, charts,
// `|` breaks in a title) on the way to .docx; a .md file is for people reading it in VS Code, Typora or on a
// git host, where those show as raw text. `plain` (the default) drops them: the marking, the 发文字号 and
// the signature become ordinary lines. `pandoc` keeps the fenced divs for pandoc's own converters.

export const FLAVOURS = ['plain', 'pandoc'] as const;
export type Flavour = (typeof FLAVOURS)[number];

const DIV = /^\s*:::+(\s*\{?\s*\.?[\w-]+\s*\}?)?\s*$/;
const CHART = /^\s*!\[[^\]]*\]\(chart:[^)\s]*\)\s*$/;
const TITLE = /^#\s/;

export function forReaders(markdown: string, flavour: Flavour = 'plain'): string {
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (CHART.test(line)) continue; // a chart exists only in .docx and .xlsx
    if (flavour === 'plain' && DIV.test(line)) continue;
    let text = line.replaceAll('<wbr>', '');
    // In a title `|` marks a line break for Word; in Markdown a title is one line.
    if (TITLE.test(text)) text = text.replace(/\\?\|/g, '');
    out.push(text);
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
