// How wide text sets in a Chinese document, in half-em columns: a Han character, a full-width form or a
// Chinese punctuation mark (including “” ‘’ — …, which Chinese fonts set full width) takes two, a Latin
// letter or digit one. For line and cell fitting, not for terminals.

export function typeWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isFull(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isFull(code: number): boolean {
  return (
    (code >= 0x2010 && code <= 0x2027) || // ‐ – — ‘ ’ “ ” … in Chinese fonts
    (code >= 0x2e80 && code <= 0x303f) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Lines a text takes in a column `columns` half-ems wide (explicit line breaks kept), at least one. */
export function linesIn(text: string, columns: number): number {
  const width = Math.max(2, Math.floor(columns));
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(typeWidth(line) / width)), 0);
}
