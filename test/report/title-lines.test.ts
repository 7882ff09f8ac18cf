// Where a document title breaks (GB/T 9704 7.3.1): never inside 《…》 or a word the template marked, never
// before a closing mark, lines within the width, no hourglass; `|` forces a break.
import { describe, expect, it } from 'vitest';
import { titleLines, WBR } from '../../src/report/title-lines.js';
import { typeWidth } from '../../src/report/width.js';

const W = WBR;
const LINE = 40; // 20 characters of 2号 in 156 mm

const balanced = (line: string) => (line.match(/《/g) ?? []).length === (line.match(/》/g) ?? []).length;

describe('titleLines', () => {
  it('keeps a short title on one line', () => {
    expect(titleLines('整改通知书', LINE)).toEqual(['整改通知书']);
  });
  it('never splits 《中国共产党政法工作条例》, and keeps every line within the width', () => {
    const lines = titleLines('关于某县委政法委贯彻落实《中国共产党政法工作条例》情况的督查反馈意见', LINE);
    expect(lines).toEqual(['关于某县委政法委贯彻落实', '《中国共产党政法工作条例》', '情况的督查反馈意见']);
    for (const line of lines) expect(typeWidth(line)).toBeLessThanOrEqual(LINE);
  });
  it('breaks only where the template marked words (<wbr>): a long unit name stays whole', () => {
    const title = `关于${W}中共某某省某某市某某县委员会政法委员会${W}贯彻落实${W}《中国共产党政法工作条例》${W}情况的${W}督查反馈意见`;
    const lines = titleLines(title, LINE);
    expect(lines).toContain('中共某某省某某市某某县委员会政法委员会');
    expect(lines.every(balanced)).toBe(true);
    expect(lines.join('')).toBe(title.replaceAll(W, ''));
  });
  it('a | forces a break; each part is then broken on its own only if too long', () => {
    expect(titleLines('关于某县委政法委|贯彻落实《条例》情况的督查反馈意见', LINE)).toEqual([
      '关于某县委政法委',
      '贯彻落实《条例》情况的督查反馈意见',
    ]);
  });
  it('never starts a line with a closing mark or ends one with an opening mark; no hourglass', () => {
    const lines = titleLines('关于进一步加强和改进新时代政法工作、推进平安建设（试行）情况的通报意见汇总材料', LINE);
    for (const line of lines) {
      expect(line).not.toMatch(/^[，。、；：？！）》”]/);
      expect(line).not.toMatch(/[（《“]$/);
    }
    for (let k = 1; k < lines.length - 1; k++) {
      expect(lines[k]!.length < lines[k - 1]!.length && lines[k]!.length < lines[k + 1]!.length).toBe(false);
    }
  });
  it('a 《…》 longer than a line is split only as a last resort, inside the width', () => {
    const lines = titleLines('《一个非常非常非常非常非常非常非常非常长的文件名称》', LINE);
    for (const line of lines) expect(typeWidth(line)).toBeLessThanOrEqual(LINE);
    expect(lines.join('')).toBe('《一个非常非常非常非常非常非常非常非常长的文件名称》');
  });
});
