// English messages of issue 12's safety work: dates, the database a command may open or create, ranges of
// numbers, interrupted imports and evidence names.
import type { safety as zh } from '../zh/safety.js';

export const safety: Record<keyof typeof zh, string> = {
  'date.malformed': "date \"{date}\" is not understood",
  'date.hint': "write it as 2026-11-20 (2026/11/20 and 2026年11月20日 are accepted too)",
  'date.noMonth': "date \"{date}\" does not exist: there is no month {month}",
  'date.noDay': "date \"{date}\" does not exist: {year}-{month} has only {days} days",
  'date.range': "date \"{date}\" is outside the range ducha accepts ({min} to {max})",
  'config.tooLong': "too long: at most {max} characters",
  'config.outOfRange': "\"{value}\" is out of range: a number from {min} to {max}",
  'config.badStored': "the value of {key} in the settings file {file} is invalid: {reason}",
  'config.badStored.hint': "correct it with ducha config set {key} VALUE, or restore the default with ducha config unset {key}",
  'days.tooMany': "\"{value}\" is too many days: at most {max}",
  'days.hint': "give days or weeks, e.g. 7d, 2w or 30 (at most {max} days)",
  'config.outOfRangePositive': "\"{value}\" is out of range: a number above 0 and at most {max}",
  'config.example': "for example: ducha config set {key} {example}",
};
