// The cell readers of `ducha checklist import`: articles as offices write them, bases, combined 检查方法
// cells, conditions, unit kinds, headers — pure functions on inline text.
import { describe, expect, it } from 'vitest';
import { basisCellLine, parseBasis } from '../../src/checklist/table/basis-text.js';
import { splitMethods } from '../../src/checklist/table/methods-text.js';
import {
  chineseNumeral,
  numeral,
  parseKinds,
  parseMethods,
  parseSeverity,
  parseWhen,
} from '../../src/checklist/table/values.js';
import { fieldOfHeader } from '../../src/checklist/table/columns.js';
import { stripNumbering } from '../../src/checklist/table/rows.js';
import { readDocxTables } from '../../src/checklist/table/read-docx.js';
import { officeWordTable, wordDocument } from '../helpers/office-tables.js';

describe('numerals', () => {
  it('reads Chinese and Arabic numerals', () => {
    expect([
      numeral('十二'),
      numeral('三十九'),
      numeral('一百零五'),
      numeral('两'),
      numeral('十'),
      numeral('１２'),
      numeral('12'),
    ]).toEqual([12, 39, 105, 2, 10, 12, 12]);
    expect(numeral('十二条')).toBeUndefined();
  });
  it('writes them back as documents cite articles', () => {
    for (let n = 1; n <= 150; n++) expect(numeral(chineseNumeral(n)), String(n)).toBe(n);
    expect([
      chineseNumeral(12),
      chineseNumeral(20),
      chineseNumeral(39),
      chineseNumeral(105),
      chineseNumeral(110),
    ]).toEqual(['十二', '二十', '三十九', '一百零五', '一百一十']);
  });
});

describe('parseBasis', () => {
  it.each([
    ['《中国共产党政法工作条例》第十二条', '中国共产党政法工作条例'],
    ['《条例》第12条', '条例'],
    ['《条例》12条', '条例'],
    ['《条例》Art. 12', '条例'],
    ['《条例》 article 12', '条例'],
    ['《条例》第１２条', '条例'],
  ])('%s is article 12', (text, title) => {
    expect(parseBasis(text)).toEqual({
      entries: [{ title, article: 12, articleText: expect.any(String) }],
      leftovers: [],
    });
  });
  it('an article with no document keeps no title (the caller decides or says so)', () => {
    expect(parseBasis('第十二条').entries).toEqual([{ title: undefined, article: 12, articleText: '第十二条' }]);
    expect(parseBasis('Art. 12').entries[0]).toMatchObject({ title: undefined, article: 12 });
  });
  it('several bases: separators, semicolons, line breaks; the document carries over', () => {
    const { entries } = parseBasis('《条例》第十二条、第十五条；《中国共产党重大事项请示报告条例》\n第十七条');
    expect(entries.map((e) => [e.title, e.article])).toEqual([
      ['条例', 12],
      ['条例', 15],
      ['中国共产党重大事项请示报告条例', undefined],
      ['中国共产党重大事项请示报告条例', 17],
    ]);
  });
  it('chapter, chapter with article, quote (nested quotes kept)', () => {
    expect(parseBasis('《条例》第六章 请示报告').entries).toEqual([{ title: '条例', chapter: '第六章 请示报告' }]);
    expect(parseBasis('《条例》第六章 请示报告 第十七条').entries).toEqual([
      { title: '条例', chapter: '第六章 请示报告', article: 17, articleText: '第十七条' },
    ]);
    expect(parseBasis('《条例》第十一条：“乡镇（街道）党组织配备‘政法委员’”').entries).toEqual([
      { title: '条例', article: 11, articleText: '第十一条', quote: '乡镇（街道）党组织配备‘政法委员’' },
    ]);
    expect(parseBasis('《条例》：“把方向、管大局、保落实”').entries).toEqual([
      { title: '条例', quote: '把方向、管大局、保落实' },
    ]);
  });
  it('text that is no title, chapter, article or quote is reported, not kept', () => {
    expect(parseBasis('《条例》第十二条第五项').leftovers).toEqual(['第五项']);
    expect(parseBasis('《条例》关于督查的规定').leftovers).toEqual(['关于督查的规定']);
  });
  it('a source cited without 《》 (a meeting) is recognised by its declared title', () => {
    const title = '中央政法委员会全体会议精神（2020年7月）';
    expect(parseBasis(`${title}：“不能简单以留痕多少评价工作好坏”`, [title]).entries).toEqual([
      { title, quote: '不能简单以留痕多少评价工作好坏' },
    ]);
  });
  it('what the export writes reads back', () => {
    const b = { article: 17, chapter: '第六章 请示报告', quote: '向党中央和总书记请示报告' };
    expect(parseBasis(basisCellLine('中国共产党政法工作条例', b)).entries).toEqual([
      { title: '中国共产党政法工作条例', ...b, articleText: '第十七条' },
    ]);
  });
});

describe('splitMethods', () => {
  it('numbered parts by their verbs', () => {
    expect(
      splitMethods('1.听取办公室负责人汇报；2.查阅会议纪要；3.与两名干部个别谈话，了解执行情况。').methods,
    ).toEqual({
      listen: '听取办公室负责人汇报',
      check: '查阅会议纪要',
      talk: '与两名干部个别谈话，了解执行情况。',
    });
  });
  it('labels win over verbs; a part without a verb follows the method before it', () => {
    expect(splitMethods('查：抽查报告五件。\n谈：与承办人员谈话，核实内容。\n访：走访两个派出所。').methods).toEqual({
      check: '抽查报告五件。',
      talk: '与承办人员谈话，核实内容。',
      visit: '走访两个派出所。',
    });
    expect(splitMethods('查阅会议记录、工作台账，与分管负责人个别谈话').methods).toEqual({
      check: '查阅会议记录、工作台账',
      talk: '与分管负责人个别谈话',
    });
  });
  it('a part that names no method is reported, never guessed', () => {
    expect(splitMethods('核对有关情况').methods).toEqual({ check: '核对有关情况' });
    expect(splitMethods('视情况确定').unplaced).toEqual(['视情况确定']);
  });
});

describe('values', () => {
  it('methods, severity, conditions, unit kinds', () => {
    expect(parseMethods('查、谈')).toEqual({ values: ['check', 'talk'], unknown: [] });
    expect(parseMethods('查阅资料，走访，打分')).toEqual({ values: ['check', 'visit'], unknown: ['打分'] });
    expect([parseSeverity('高'), parseSeverity('一般'), parseSeverity('low'), parseSeverity('很高')]).toEqual([
      'high',
      'medium',
      'low',
      undefined,
    ]);
    expect(parseWhen('QS-05：不符合、基本符合')).toEqual({ item: 'QS-05', result: ['noncompliant', 'partial'] });
    expect(parseWhen('仅当 QS-05 为符合时')).toEqual({ item: 'QS-05', result: ['compliant'] });
    expect(parseWhen('视情况')).toBeUndefined();
    expect(parseKinds('县委、党委政法委、乡镇（街道）党（工）委')).toEqual({
      values: ['county-party-committee', 'plac', 'township'],
      unknown: [],
    });
    expect(parseKinds('政法单位').values).toEqual([
      'court',
      'procuratorate',
      'public-security',
      'state-security',
      'justice-bureau',
    ]);
    expect(parseKinds('县委，居委会').unknown).toEqual(['居委会']);
  });
  it('numbering as offices write it is not part of a title', () => {
    expect(
      [
        '一、制度建立',
        '（二）执行情况',
        '第三部分 监督',
        '1.请示报告事项清单',
        '2、报告如实',
        '（3）谈话',
        '①走访',
        '2019年以来的请示',
      ].map(stripNumbering),
    ).toEqual(['制度建立', '执行情况', '监督', '请示报告事项清单', '报告如实', '谈话', '走访', '2019年以来的请示']);
  });
  it('headers as offices write them', () => {
    expect(
      [
        '检查内容',
        '督查 内容',
        '检查\n内容（必填）',
        '依据',
        '整改要求',
        '序号',
        '检查项目',
        '督查内容',
        '听取汇报（听）',
        '评分标准',
      ].map(fieldOfHeader),
    ).toEqual([
      'check',
      'check',
      'check',
      'basis',
      'rectification',
      'seq',
      'title',
      'check',
      'methods.listen',
      'ignore',
    ]);
    expect(fieldOfHeader('单位名称')).toBeUndefined();
  });
});

describe('Word tables', () => {
  it('vertical merges (w:vMerge), spans (w:gridSpan), runs and paragraphs', () => {
    const [grid] = readDocxTables(wordDocument(['标题'], [officeWordTable()]));
    expect(grid!.preamble).toEqual(['标题']);
    expect(grid!.rows[0]!.slice(0, 5)).toEqual(['序号', '类别', '检查项目', '检查内容', '检查方法']);
    expect(grid!.rows[1]!.slice(4, 8)).toEqual(['听', '查', '谈', '访']);
    expect(grid!.rows[2]![3]).toBe('乡镇（街道）是否按规定配备政法委员，有无空缺或长期由他人兼任？');
    expect(grid!.rows[3]![3]).toBe('是否按照本省（区、市）规定明确政法委员职责，\n政法委员本人是否清楚自己的职责？');
    expect(grid!.merges).toContainEqual({ top: 1, left: 5, bottom: 1, right: 8 });
    expect(grid!.merges).toContainEqual({ top: 1, left: 1, bottom: 2, right: 1 });
    expect(grid!.merges).toContainEqual({ top: 3, left: 2, bottom: 4, right: 2 });
  });
});
