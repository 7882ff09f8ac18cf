// Lint output formats, looked up by name; each is a pure function of the result.
import type { LintResult } from '../lint.js';
import type { Colour } from '../../cli/colour.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { github } from './github.js';
import { junit } from './junit.js';

export interface FormatOptions {
  colour: Colour;
  maxWarnings?: number;
}

export type Formatter = (result: LintResult, options: FormatOptions) => string;

export type FormatName = 'stylish' | 'json' | 'github' | 'junit';
export const FORMATS: Record<FormatName, Formatter> = { stylish, json, github, junit };

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** Lint fails on any error, or on more warnings than allowed. */
export function lintFailed(result: LintResult, maxWarnings?: number): boolean {
  return result.errorCount > 0 || (maxWarnings !== undefined && result.warningCount > maxWarnings);
}
