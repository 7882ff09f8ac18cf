// Chinese typography for the text a document quotes from the record: straight double quotes around Chinese
// text become “ ”, and ASCII , ; : ? ! written between Chinese characters become their full-width forms —
// as a 公文 writes them. Only punctuation changes; the words are the record's.
const HAN = '\\p{Script=Han}';
const CLOSE_CJK = `[${HAN}\\u3000-\\u303f\\uff00-\\uffef“”‘’《》]`;
const FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' };

const HAN_CHAR = new RegExp(HAN, 'u');
const hasHan = (text: string) => HAN_CHAR.test(text);

/** The text with its ASCII punctuation in Chinese context made full-width; unchanged when it holds no Chinese. */
export function chinesePunctuation(text: string): string {
  if (!hasHan(text)) return text;
  let out = text;
  // Pairs of straight double quotes, when the text between them or beside them is Chinese.
  out = out.replace(/"([^"\n]*)"/g, (whole, inner: string, at: number) => {
    const before = out.slice(Math.max(0, at - 1), at);
    return hasHan(inner) || hasHan(before) ? `“${inner}”` : whole;
  });
  // , ; : ? ! after a Chinese character (or closing mark), with any spaces after it, before more text.
  out = out.replace(
    new RegExp(`(${CLOSE_CJK})\\s*([,;:?!])[ \\t]*(?=\\S)`, 'gu'),
    (_, left: string, mark: string) => left + FULL[mark]!,
  );
  out = out.replace(
    new RegExp(`(${CLOSE_CJK})\\s*([?!])$`, 'u'),
    (_, left: string, mark: string) => left + FULL[mark]!,
  );
  return out;
}
