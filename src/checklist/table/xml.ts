// A small XML tokenizer for the well-formed XML inside Office files: tags with attributes, and text. No DTDs,
// no namespaces resolved (names keep their prefix, as Word writes them), which is all document.xml needs.

export type XmlToken =
  { kind: 'open' | 'close' | 'self'; name: string; attrs: Record<string, string> } | { kind: 'text'; text: string };

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function* xmlTokens(xml: string): Generator<XmlToken> {
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    if (m[1] !== undefined) yield { kind: 'text', text: escapeForDecode(m[1]) };
    else if (m[6] !== undefined) yield { kind: 'text', text: m[6] };
    else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      if (m[4]) for (const a of m[4].matchAll(ATTR)) attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
      yield { kind: m[2] === '/' ? 'close' : m[5] === '/' ? 'self' : 'open', name: m[3], attrs };
    }
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/** CDATA is literal: keep its ampersands literal through the later decode. */
function escapeForDecode(text: string): string {
  return text.replace(/&/g, '&amp;');
}
