// Lint output formats, looked up by name; each is a pure function of the result.
import type { LintResult } from '../lint.js';
import type { Colour } from '../../util/colour.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { github } from './github.js';
import { junit } from './junit.js';

export interface FormatOptions {
  colour: Colour;
  maxWarnings?: number;
}

/** A formatter yields its output in pieces, so a million problems are written without one huge string. */
export type Formatter = (result: LintResult, options: FormatOptions) => Iterable<string>;

export type FormatName = 'stylish' | 'json' | 'github' | 'junit';
export const FORMATS: Record<FormatName, Formatter> = { stylish, json, github, junit };

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** Lint fails on any error, or on more warnings than allowed. */
export function lintFailed(result: LintResult, maxWarnings?: number): boolean {
  return result.errorCount > 0 || (maxWarnings !== undefined && result.warningCount > maxWarnings);
}

/** Files whose problems were not all listed (past --max-problems), with how many were left out. */
export function omittedByFile(result: LintResult): Map<string, number> {
  return new Map(result.files.filter((f) => f.omitted > 0).map((f) => [f.file, f.omitted]));
}

/** The whole output of a format as one string (for the home menu and tests). */
export function formatLint(name: FormatName, result: LintResult, options: FormatOptions): string {
  return [...FORMATS[name](result, options)].join('');
}
