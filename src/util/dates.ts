// Every calendar date that enters ducha (--start, --date, --deadline, --since, the wizard) is read here:
// only real dates between 2000-01-01 and 2099-12-31, written 2026-11-20, 2026/11/20, 2026.11.20 or
// 2026年11月20日 (full-width digits too), and always handed on as YYYY-MM-DD.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2099-12-31';

const FULL_WIDTH_DIGIT = /[０-９]/g;
const FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$/,
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `text` is not a date ducha accepts (a sentence and a hint), or its YYYY-MM-DD form. */
export function readDate(text: string): { date: string } | { message: string; hint: string } {
  const value = String(text)
    .trim()
    .replace(FULL_WIDTH_DIGIT, (d) => String(d.charCodeAt(0) - 0xff10));
  const hint = t('date.hint');
  const match = FORMS.map((form) => form.exec(value)).find(Boolean);
  if (!match) return { message: t('date.malformed', { date: text }), hint };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return { message: t('date.noMonth', { date: text, month }), hint };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { message: t('date.noDay', { date: text, year, month, days }), hint };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (date < DATE_MIN || date > DATE_MAX)
    return { message: t('date.range', { date: text, min: DATE_MIN, max: DATE_MAX }), hint };
  return { date };
}

/** The date as YYYY-MM-DD, or an InputError (exit 2) saying what is wrong and how to write it. */
export function parseDate(text: string, what?: string): string {
  const read = readDate(text);
  if ('date' in read) return read.date;
  throw new InputError(what ? `${what}：${read.message}` : read.message, { hint: read.hint, code: 'bad-date' });
}

/** For a prompt's validate(): true, or the message to show. */
export function validateDate(text: string): true | string {
  const read = readDate(text);
  return 'date' in read ? true : `${read.message}（${read.hint}）`;
}

/** Today (or `date`) in the local time zone as YYYY-MM-DD. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date `days` later (or earlier); an InputError rather than "Invalid time value" when it cannot be written. */
export function addDays(iso: string, days: number): string {
  const date = new Date(iso + 'T00:00:00Z');
  if (Number.isSafeInteger(days) && !Number.isNaN(date.getTime())) date.setUTCDate(date.getUTCDate() + days);
  const result = Number.isSafeInteger(days) && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(result))
    throw new InputError(t('date.range', { date: `${iso} + ${days}`, min: DATE_MIN, max: DATE_MAX }), {
      hint: t('date.hint'),
      code: 'bad-date',
    });
  return result;
}
