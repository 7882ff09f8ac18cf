// Display width, truncation and row counts as a terminal lays text out (CJK characters take two columns).
import { describe, expect, it } from 'vitest';
import { displayWidth, rowsOf, rowsOfText, truncate } from '../../src/util/width.js';

describe('width', () => {
  it('counts CJK characters and full-width punctuation as two columns, colour codes as none', () => {
    expect(displayWidth('检查：abc')).toBe(9);
    expect(displayWidth('\u001b[1m听\u001b[22m')).toBe(2);
  });
  it('truncates to a width with …', () => {
    expect(truncate('请示报告事项清单', 9)).toBe('请示报告…');
    expect(truncate('abc', 9)).toBe('abc');
    expect(displayWidth(truncate('一二三四五六七八九十'.repeat(10), 79))).toBeLessThanOrEqual(79);
  });
  it('counts the rows a line wraps to, moving a wide character that does not fit to the next row', () => {
    expect(rowsOf('', 80)).toBe(1);
    expect(rowsOf('中'.repeat(40), 80)).toBe(1);
    expect(rowsOf('中'.repeat(41), 80)).toBe(2);
    expect(rowsOf('a' + '中'.repeat(40), 80)).toBe(2);
    expect(rowsOf('a'.repeat(79) + '中', 80)).toBe(2);
    expect(rowsOfText('a\nb\n' + 'c'.repeat(81), 80)).toBe(4);
  });
});
