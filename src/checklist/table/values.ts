// Reads the values of table cells as offices write them: Chinese numerals, 听/查/谈/访 lists, 高/中/低,
// unit kinds by their Chinese names, and conditions such as 「QS-05：不符合、基本符合」. Each parser returns
// what it recognised and the words it could not, so the caller can name them at their cell.
import { METHODS, RESULTS, SEVERITIES, UNIT_KINDS } from '../format.js';
import type { Method, Result, Severity, UnitKind } from '../schema.js';

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 三十九 → 39, 一百零五 → 105, 12 → 12; undefined for anything else. */
export function numeral(text: string): number | undefined {
  const s = text.normalize('NFKC').trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十百千]+$/.test(s)) return undefined;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch]!;
    else {
      total += (digit || 1) * UNITS[ch]!;
      digit = 0;
    }
  }
  return total + digit;
}

/** 12 → 十二, 39 → 三十九, 105 → 一百零五: as an article is cited in Chinese documents. */
export function chineseNumeral(n: number): string {
  const d = '〇一二三四五六七八九';
  if (n < 10) return d[n]!;
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    return (
      d[Math.floor(n / 100)] +
      '百' +
      (rest === 0 ? '' : rest < 10 ? '零' + d[rest] : rest < 20 ? '一' + chineseNumeral(rest) : chineseNumeral(rest))
    );
  }
  return String(n);
}

const LIST_SEPARATORS = /[、,，;；/\s]+|和|及/;
const split = (text: string) =>
  text
    .normalize('NFKC')
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);

const METHOD_WORDS: Record<string, Method> = {
  听: 'listen',
  听取汇报: 'listen',
  听取: 'listen',
  listen: 'listen',
  查: 'check',
  查阅资料: 'check',
  查阅: 'check',
  check: 'check',
  谈: 'talk',
  个别谈话: 'talk',
  谈话: 'talk',
  talk: 'talk',
  访: 'visit',
  走访: 'visit',
  走访察看: 'visit',
  实地察看: 'visit',
  visit: 'visit',
};

export interface Parsed<T> {
  values: T[];
  unknown: string[];
}

function parseList<T>(text: string, lookup: (word: string) => T[] | undefined): Parsed<T> {
  const values: T[] = [];
  const unknown: string[] = [];
  for (const word of split(text)) {
    const found = lookup(word);
    if (!found) unknown.push(word);
    else for (const v of found) if (!values.includes(v)) values.push(v);
  }
  return { values, unknown };
}

/** 「查、谈」「check, talk」 → [check, talk], in the order written. */
export function parseMethods(text: string): Parsed<Method> {
  return parseList(text, (w) => {
    const m = METHOD_WORDS[w.toLowerCase()];
    return m ? [m] : undefined;
  });
}

const SEVERITY_WORDS: Record<string, Severity> = {
  高: 'high',
  较高: 'high',
  重: 'high',
  严重: 'high',
  重大: 'high',
  high: 'high',
  中: 'medium',
  中等: 'medium',
  一般: 'medium',
  medium: 'medium',
  低: 'low',
  较低: 'low',
  轻: 'low',
  较轻: 'low',
  轻微: 'low',
  low: 'low',
};

export function parseSeverity(text: string): Severity | undefined {
  return SEVERITY_WORDS[text.normalize('NFKC').trim().toLowerCase()];
}

export const SEVERITY_TEXT: Record<Severity, string> = { high: '高', medium: '中', low: '低' };
export const METHOD_TEXT: Record<Method, string> = { listen: '听', check: '查', talk: '谈', visit: '访' };
export const RESULT_TEXT: Record<Result, string> = {
  compliant: '符合',
  partial: '基本符合',
  noncompliant: '不符合',
  'not-applicable': '不适用',
};
export const KIND_TEXT: Record<UnitKind, string> = {
  'provincial-party-committee': '省委',
  'municipal-party-committee': '市委',
  'county-party-committee': '县委',
  plac: '党委政法委',
  court: '法院',
  procuratorate: '检察院',
  'public-security': '公安机关',
  'state-security': '国家安全机关',
  'justice-bureau': '司法行政机关',
  township: '乡镇(街道)党(工)委',
};

const PARTY_COMMITTEES: UnitKind[] = [
  'provincial-party-committee',
  'municipal-party-committee',
  'county-party-committee',
];
// 《条例》第三条: 政法单位 are mainly the courts, procuratorates, public and state security, judicial administration.
const ZHENGFA_UNITS: UnitKind[] = ['court', 'procuratorate', 'public-security', 'state-security', 'justice-bureau'];
const KIND_WORDS: Record<string, UnitKind[]> = {
  省委: ['provincial-party-committee'],
  省级党委: ['provincial-party-committee'],
  市委: ['municipal-party-committee'],
  市级党委: ['municipal-party-committee'],
  县委: ['county-party-committee'],
  县级党委: ['county-party-committee'],
  各级党委: PARTY_COMMITTEES,
  地方党委: PARTY_COMMITTEES,
  党委政法委: ['plac'],
  政法委: ['plac'],
  党委政法委员会: ['plac'],
  政法委员会: ['plac'],
  法院: ['court'],
  人民法院: ['court'],
  检察院: ['procuratorate'],
  人民检察院: ['procuratorate'],
  公安机关: ['public-security'],
  公安: ['public-security'],
  公安局: ['public-security'],
  国家安全机关: ['state-security'],
  国家安全局: ['state-security'],
  国安: ['state-security'],
  司法行政机关: ['justice-bureau'],
  司法局: ['justice-bureau'],
  司法行政: ['justice-bureau'],
  '乡镇(街道)党(工)委': ['township'],
  '乡镇(街道)': ['township'],
  乡镇: ['township'],
  街道: ['township'],
  乡镇党委: ['township'],
  街道党工委: ['township'],
  政法单位: ZHENGFA_UNITS,
  全部: [...UNIT_KINDS],
  所有单位: [...UNIT_KINDS],
};

/** 「县委、党委政法委」「政法单位」「plac court」 → unit kinds, in the order written. */
export function parseKinds(text: string): Parsed<UnitKind> {
  return parseList(text, (w) => {
    const lower = w.toLowerCase();
    if ((UNIT_KINDS as readonly string[]).includes(lower)) return [lower as UnitKind];
    return KIND_WORDS[w];
  });
}

const ITEM_ID = /[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z][A-Z0-9]*/;
const RESULT_WORDS: Array<[string, Result]> = [
  ['基本符合', 'partial'],
  ['不符合', 'noncompliant'],
  ['不适用', 'not-applicable'],
  ['符合', 'compliant'],
  ['not-applicable', 'not-applicable'],
  ['noncompliant', 'noncompliant'],
  ['compliant', 'compliant'],
  ['partial', 'partial'],
];

/** 「QS-05：不符合、基本符合」「仅当 QS-05 为不符合时」 → the item and the results, or undefined. */
export function parseWhen(text: string): { item: string; result: Result[] } | undefined {
  const s = text.normalize('NFKC');
  const id = ITEM_ID.exec(s);
  if (!id) return undefined;
  let rest = s.slice(id.index + id[0].length).toLowerCase();
  const found: Array<[number, Result]> = [];
  for (const [word, result] of RESULT_WORDS) {
    for (let at = rest.indexOf(word); at !== -1; at = rest.indexOf(word)) {
      found.push([at, result]);
      rest = rest.slice(0, at) + ' '.repeat(word.length) + rest.slice(at + word.length);
    }
  }
  const result = [...new Set(found.sort((a, b) => a[0] - b[0]).map(([, r]) => r))];
  return result.length > 0 ? { item: id[0], result } : undefined;
}

export const isMethod = (v: string): v is Method => (METHODS as readonly string[]).includes(v);
export const isResult = (v: string): v is Result => (RESULTS as readonly string[]).includes(v);
export const isSeverity = (v: string): v is Severity => (SEVERITIES as readonly string[]).includes(v);
