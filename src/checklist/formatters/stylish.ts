// The default lint format: one problem per line (file:line:col  severity  code  message), files separated
// by a blank line, then a summary.
import { t } from '../../i18n/index.js';
import type { LintResult } from '../lint.js';
import { chunked } from './chunked.js';
import { omittedByFile, type FormatOptions } from './result.js';
import { oneLine } from '../../util/terminal.js';

export function stylish(result: LintResult, options: FormatOptions): Iterable<string> {
  return chunked(lines(result, options));
}

function* lines(result: LintResult, { colour, maxWarnings }: FormatOptions): Generator<string> {
  const omitted = omittedByFile(result);
  const note = (file: string) =>
    colour.dim(t('lint.omitted', { file, n: omitted.get(file)!, max: result.maxProblems }));
  let previousFile: string | undefined;
  for (const p of result.problems) {
    if (previousFile !== undefined && p.file !== previousFile) {
      if (omitted.has(previousFile)) yield note(previousFile);
      yield '';
    }
    previousFile = p.file;
    const severity = p.severity === 'error' ? colour.red('error  ') : colour.yellow('warning');
    yield `${colour.underline(`${oneLine(p.file)}:${p.line}:${p.column}`)}  ${severity}  ${colour.dim(p.code)}  ${oneLine(p.message)}`;
  }
  if (previousFile !== undefined && omitted.has(previousFile)) yield note(previousFile);
  if (result.problems.length > 0) yield '';
  const files = result.files.length;
  const total = result.errorCount + result.warningCount;
  if (total === 0) {
    yield colour.green(t('lint.summary.clean', { files }));
  } else {
    const summary = t('lint.summary.problems', {
      total,
      errors: result.errorCount,
      warnings: result.warningCount,
      files,
    });
    yield result.errorCount > 0 ? colour.red(colour.bold(summary)) : colour.yellow(colour.bold(summary));
  }
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
    yield colour.red(t('lint.summary.tooManyWarnings', { warnings: result.warningCount, max: maxWarnings }));
  }
}
