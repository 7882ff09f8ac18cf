// Chinese numbering, dates and sentence ends as official documents write them.

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (up to 999; beyond that, Arabic). */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 1000 || !Number.isInteger(n)) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
  }
  const rest = n % 100;
  // Within a hundred, 十 keeps its 一 (一百一十), and a missing tens digit is read as 零 (一百零五).
  const tail =
    rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/** 2026-01-05 → 2026年1月5日 (GB/T 9704: Arabic numerals, full year, no leading zeros). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export { addDays } from './dates.js';

/** 12.5%, or — when there is nothing to divide by. */
export const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10}%`;

/** Text without its closing punctuation, so that a template ends the sentence its own way (with 。). */
export const openEnded = (text: string) => text.trim().replace(/[。；;.，,！!\s]+$/u, '');
