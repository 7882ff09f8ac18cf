// Lint output formats, looked up by name; each is a pure function of the result.
import type { LintResult } from '../lint.js';
import type { FormatOptions } from './result.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { github } from './github.js';
import { junit } from './junit.js';

export { lintFailed, omittedByFile, type FormatOptions } from './result.js';

/** A formatter yields its output in pieces, so a million problems are written without one huge string. */
export type Formatter = (result: LintResult, options: FormatOptions) => Iterable<string>;

export type FormatName = 'stylish' | 'json' | 'github' | 'junit';
export const FORMATS: Record<FormatName, Formatter> = { stylish, json, github, junit };

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** The whole output of a format as one string (for the home menu and tests). */
export function formatLint(name: FormatName, result: LintResult, options: FormatOptions): string {
  return [...FORMATS[name](result, options)].join('');
}
