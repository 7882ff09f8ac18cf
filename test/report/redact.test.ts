// Exactly what name matching catches and what it does not (the README's list is this table), which names
// are refused, and that designated fields are never touched.
import { describe, expect, it } from 'vitest';
import { DESIGNATED_FIELDS, nameRedactor, redactModel } from '../../src/report/redact.js';
import { checkInterviewee, nameFault } from '../../src/inspect/interviewee.js';
import { setLang } from '../../src/i18n/index.js';

setLang('zh');
const r = nameRedactor(['李秘密', '王强', 'Li Mimi', 'José', '赵建国']);

describe('caught', () => {
  const cases: Array<[string, string, string]> = [
    ['as written', '据李秘密反映', '据某某反映'],
    ['spaces', '据李 秘 密反映', '据某某反映'],
    ['full-width spaces', '据李\u3000秘\u3000密反映', '据某某反映'],
    ['one space', '据李秘 密反映', '据某某反映'],
    ['tabs and line breaks', '李\t秘\n密', '某某'],
    ['zero-width characters', '李\u200b秘\u200d密', '某某'],
    ['hyphens and dashes', '李-秘—密 / 李－秘－密', '某某 / 某某'],
    ['middle dots and underscores', '李·秘・密、李_秘_密', '某某、某某'],
    ['any punctuation between the characters', '李，秘。密', '某某'],
    ['percent-encoded UTF-8', `${encodeURIComponent('李秘密')}说`, '某某说'],
    ['percent-encoded in part', `${encodeURIComponent('李')}秘%20密`, '某某'],
    ['a compatibility ideograph (U+F9E1 is 李)', '\uf9e1秘密', '某某'],
    ['Latin letters in any case, full-width, with separators', 'LI MIMI, li-mimi, ＬＩＭＩＭＩ', '某某, 某某, 某某'],
    ['accents ignored', 'Jose said, JOSÉ said', '某某 said, 某某 said'],
    ['twice in a row', '李秘密李秘密', '某某某某'],
    ['inside a longer run of Chinese characters', '由王强调研', '由某某调研'],
  ];
  for (const [what, text, expected] of cases) it(what, () => expect(r.text(text)).toBe(expected));
});

describe('not caught (documented in the README)', () => {
  const cases: Array<[string, string]> = [
    ['a surname with a title', '李主任反映'],
    ['a variant character (祕 for 秘)', '李祕密反映'],
    ['traditional characters (趙建國)', '趙建國反映'],
    ['percent-encoding twice', encodeURIComponent(encodeURIComponent('李秘密'))],
    ['an HTML character reference', '&#26446;秘密'],
    ['a letter or digit between the characters', '李a秘密、李1秘密'],
    ['a Latin name inside a longer word', 'Limimiland, xLi Mimi'],
  ];
  for (const [what, text] of cases) it(what, () => expect(r.text(text)).toBe(text));
  it('pinyin of a name recorded in Chinese characters', () =>
    expect(nameRedactor(['李秘密']).text('Li Mimi 反映')).toBe('Li Mimi 反映'));
});

describe('over-matching (documented)', () => {
  it('a name across punctuation takes the punctuation with it', () =>
    expect(r.text('要求老王，强调整改')).toBe('要求老某某调整改'));
});

describe('names that cannot be matched safely', () => {
  it('one character or a role word: skipped by the matcher, refused when recording', () => {
    const m = nameRedactor(['的', '主任', '李 ', '王强']);
    expect(m.skipped).toEqual(['的', '主任', '李 ']);
    expect(m.text('目的不明确的，办公室主任说王强也在')).toBe('目的不明确的，办公室主任说某某也在');
    expect(nameFault('王 强')).toBeUndefined();
    expect(nameFault('Ａ')).toBe('single');
    expect(nameFault('副 书 记')).toBe('role');
    expect(() => checkInterviewee('的')).toThrow(/只有一个字/);
    expect(() => checkInterviewee('主任')).toThrow(/职务或称谓/);
    expect(() => checkInterviewee('')).not.toThrow();
  });
});

describe('redactModel', () => {
  it('every string but the designated fields, at any depth', () => {
    const model = {
      unit: '王强所在单位',
      problems: [
        { description: '王强反映', leader: '王强', person: '王 强', measures: ['王强牵头'], unit: '王强办公室' },
      ],
      inspection: { team: '王强、李四', title: '王强' },
      meta: { office: '王强督查组' },
    };
    expect(redactModel(model, r)).toEqual({
      unit: '王强所在单位',
      problems: [
        { description: '某某反映', leader: '王强', person: '王 强', measures: ['某某牵头'], unit: '王强办公室' },
      ],
      inspection: { team: '王强、李四', title: '某某' },
      meta: { office: '王强督查组' },
    });
    expect([...DESIGNATED_FIELDS].sort()).toEqual(['leader', 'office', 'person', 'team', 'unit']);
  });
  it('revealing changes nothing', () => {
    const model = { note: '王强' };
    expect(redactModel(model, nameRedactor(['王强'], true))).toEqual({ note: '王强' });
  });
});
