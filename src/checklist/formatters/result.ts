// What every lint formatter reads besides the result: its options, whether the run failed, what was left out.
import type { LintResult } from '../lint.js';
import type { Colour } from '../../util/colour.js';

export interface FormatOptions {
  colour: Colour;
  maxWarnings?: number;
}

/** Lint fails on any error, or on more warnings than allowed. */
export function lintFailed(result: LintResult, maxWarnings?: number): boolean {
  return result.errorCount > 0 || (maxWarnings !== undefined && result.warningCount > maxWarnings);
}

/** Files whose problems were not all listed (past --max-problems), with how many were left out. */
export function omittedByFile(result: LintResult): Map<string, number> {
  return new Map(result.files.filter((f) => f.omitted > 0).map((f) => [f.file, f.omitted]));
}
