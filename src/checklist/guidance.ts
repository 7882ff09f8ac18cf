// How many talks or visits an item's guidance asks for, read from its wording ("与两名班子成员和两至三名
// 中层干部个别谈话" asks for four talks), so one talk record does not tick off guidance that asks for more.
import type { Method } from './schema.js';

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十 → 10, 十二 → 12, 二十 → 20, 12 → 12. */
function numeral(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二两三四五六七八九])?$/.exec(text);
  if (!m || (!m[1] && !m[2])) return undefined;
  if (!m[2]) return m[3] ? undefined : DIGITS[m[1]!];
  return (m[1] ? DIGITS[m[1]]! : 1) * 10 + (m[3] ? DIGITS[m[3]]! : 0);
}

const N = '[0-9]+|[一二两三四五六七八九十]+';
// A count of people or places: "两名", "两至三名" (the lower bound counts), "三名以上", "两个"; not "近三个月".
const COUNT = new RegExp(`(${N})(?:[至到~～-](?:${N}))?(名|位|个|家|处|所)(?!月|小时|工作日|季度)`, 'g');

/**
 * The number of talk or visit records the guidance asks for (at least 1). Each talk or visit is one record;
 * what a check (查) or briefing (听) covers is counted inside its note, so those always need one. Counts in
 * brackets (a meeting "（不少于八人）") describe one record, not several.
 */
export function expectedRecords(method: Method, guidance: string | undefined): number {
  if (!guidance || (method !== 'talk' && method !== 'visit')) return 1;
  const plain = guidance.replace(/（[^（）]*）|\([^()]*\)/g, '');
  let total = 0;
  for (const m of plain.matchAll(COUNT)) total += numeral(m[1]!) ?? 0;
  return Math.max(1, total);
}
