// Chinese punctuation in quoted record text: what changes (straight quotes around Chinese, ASCII marks
// between Chinese characters) and what does not (English, numbers, times, URLs).
import { describe, expect, it } from 'vitest';
import { chinesePunctuation } from '../../src/report/typography.js';

describe('chinesePunctuation', () => {
  it.each([
    ['个别重大事项未事前请示, 存在"先办后报"', '个别重大事项未事前请示，存在“先办后报”'],
    ['清单未更新;台账不全', '清单未更新；台账不全'],
    ['问题:登记不全', '问题：登记不全'],
    ['是否按时报告?', '是否按时报告？'],
    ['"三重一大"事项未上会', '“三重一大”事项未上会'],
    ['“已是中文引号”，不变', '“已是中文引号”，不变'],
  ])('%s', (input, expected) => expect(chinesePunctuation(input)).toBe(expected));

  it.each([
    ['Registered 12, checked 5: fine'],
    ['会议于 9:30 召开，共 1,200 人'],
    ['见 https://example.org/a?b=1'],
    ['抽查 5 份, 均一文一事'.replace('份', 'files')],
  ])('unchanged: %s', (input) => expect(chinesePunctuation(input)).toBe(input));
});
