// Encodings a checklist arrives in from Windows machines.
import { describe, expect, it } from 'vitest';
import { decodeChecklist } from '../../src/checklist/decode.js';
import { setLang } from '../../src/i18n/index.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeChecklist', () => {
  setLang('zh');
  it('strips a UTF-8 BOM', () => {
    expect(decodeChecklist(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id: a')]))).toEqual({ text: 'id: a' });
  });
  it('names UTF-16 (either byte order) and how to convert', () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const result = decodeChecklist(new Uint8Array([...bom, 0x61, 0]));
      expect(result).toMatchObject({ error: { line: 1, column: 1 } });
      expect((result as { error: { message: string } }).error.message).toContain('UTF-16');
    }
  });
  it('recognises GBK and places the first bad byte', () => {
    // "title: 中国" with 中国 in GBK, on line 2 after "id: a\n"
    const bytes = new Uint8Array([...utf8('id: a\ntitle: '), 0xd6, 0xd0, 0xb9, 0xfa]);
    const result = decodeChecklist(bytes) as { error: { line: number; column: number; message: string } };
    expect(result.error.line).toBe(2);
    expect(result.error.column).toBe(8);
    expect(result.error.message).toContain('GBK');
    expect(result.error.message).toContain('iconv');
  });
  it('does not call Latin-1 text GBK', () => {
    const result = decodeChecklist(new Uint8Array([...utf8('title: caf'), 0xe9, 0x0a])) as {
      error: { message: string };
    };
    expect(result.error.message).not.toContain('GBK');
  });
});
