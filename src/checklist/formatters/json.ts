// The lint result in the JSON envelope of DESIGN §1.
import { envelope } from '../../util/envelope.js';
import type { LintResult } from '../lint.js';
import type { FormatOptions } from './result.js';
import { lintFailed } from './result.js';

export function json(result: LintResult, { maxWarnings }: FormatOptions): Iterable<string> {
  const omitted = result.files.reduce((n, f) => n + f.omitted, 0);
  const data = {
    files: result.files,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    maxWarnings: maxWarnings ?? null,
    maxProblems: result.maxProblems,
    omitted,
  };
  return [envelope(!lintFailed(result, maxWarnings), data, result.problems)];
}
