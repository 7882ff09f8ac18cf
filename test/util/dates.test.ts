// The one date parser: real calendar dates in 2000-01-01..2099-12-31, written several ways, always handed on
// as YYYY-MM-DD; anything else is an InputError (exit 2) with a hint.
import { describe, expect, it } from 'vitest';
import { DATE_MAX, DATE_MIN, addDays, parseDate, readDate, validateDate } from '../../src/util/dates.js';
import { InputError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';

setLang('zh');

const refused = (text: string): InputError => {
  try {
    parseDate(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).hint).toContain('2026-11-20');
    return error as InputError;
  }
  throw new Error(`${text} was accepted`);
};

describe('parseDate', () => {
  it('accepts the ways a date is written and normalises them', () => {
    for (const text of [
      '2026-11-20',
      ' 2026-11-20 ',
      '2026/11/20',
      '2026.11.20',
      '2026年11月20日',
      '2026 年 11 月 20 日',
      '２０２６年１１月２０日',
      '2026年11月20号',
    ]) {
      expect(parseDate(text), text).toBe('2026-11-20');
    }
    expect(parseDate('2026-1-5')).toBe('2026-01-05');
    expect(parseDate('2026年1月5日')).toBe('2026-01-05');
  });

  it('accepts 29 February only in a leap year, and the ends of the range', () => {
    expect(parseDate('2028-02-29')).toBe('2028-02-29');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate(DATE_MIN)).toBe(DATE_MIN);
    expect(parseDate(DATE_MAX)).toBe(DATE_MAX);
    expect(refused('2026-02-29').message).toContain('2026年2月只有 28 天');
  });

  it('refuses impossible days and months, saying why', () => {
    expect(refused('2026-02-30').message).toBe('日期 "2026-02-30" 不存在：2026年2月只有 28 天');
    expect(refused('2026-02-31').message).toContain('不存在');
    expect(refused('2026-04-31').message).toContain('2026年4月只有 30 天');
    expect(refused('2026-13-01').message).toContain('没有 13 月');
    expect(refused('2026-00-10').message).toContain('没有 0 月');
    expect(refused('2026-01-00').message).toContain('不存在');
  });

  it('refuses dates outside 2000-01-01..2099-12-31', () => {
    for (const text of ['0000-01-01', '1999-12-31', '2100-01-01', '9999-12-31'])
      expect(refused(text).message, text).toContain('超出可用范围');
  });

  it('refuses what is not a date', () => {
    for (const text of [
      '',
      'tomorrow',
      '20261120',
      '2026-11',
      '2026-11-20T00:00',
      '+2026-11-20',
      '2026-11-20x',
      '11/20/2026',
      '2026—11—20',
      '2026年11月20',
      '１'.repeat(40),
    ]) {
      expect(refused(text).message, text).toContain('无法识别');
    }
  });

  it('names the flag when told which one', () => {
    expect(() => parseDate('2026-02-30', '--deadline')).toThrow(/^--deadline：日期 "2026-02-30" 不存在/);
  });

  it('validateDate answers a prompt: true, or the message with its hint', () => {
    expect(validateDate('2026-11-20')).toBe(true);
    expect(validateDate('2026-02-30')).toMatch(/不存在.*2026-11-20/);
    expect(readDate('2026年2月30日')).toEqual({ message: expect.stringContaining('不存在'), hint: expect.any(String) });
  });
});

describe('addDays', () => {
  it('counts calendar days across months and leap years', () => {
    expect(addDays('2026-11-20', 60)).toBe('2027-01-19');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('never returns "Invalid time value" or a six-digit year: an InputError instead', () => {
    for (const days of [1e20, 3_000_000, Number.NaN, Infinity, 100_000_000])
      expect(() => addDays('2026-11-20', days), String(days)).toThrow(InputError);
  });
});
