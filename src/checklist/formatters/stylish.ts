// The default lint format: one problem per line (file:line:col  severity  code  message), files separated
// by a blank line, then a summary.
import { t } from '../../i18n/index.js';
import type { LintResult } from '../lint.js';
import type { FormatOptions } from './index.js';

export function stylish(result: LintResult, { colour, maxWarnings }: FormatOptions): string {
  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const p of result.problems) {
    if (previousFile !== undefined && p.file !== previousFile) lines.push('');
    previousFile = p.file;
    const severity = p.severity === 'error' ? colour.red('error  ') : colour.yellow('warning');
    lines.push(`${colour.underline(`${p.file}:${p.line}:${p.column}`)}  ${severity}  ${colour.dim(p.code)}  ${p.message}`);
  }
  if (lines.length > 0) lines.push('');
  const files = result.files.length;
  if (result.problems.length === 0) {
    lines.push(colour.green(t('lint.summary.clean', { files })));
  } else {
    const summary = t('lint.summary.problems', { total: result.problems.length, errors: result.errorCount, warnings: result.warningCount, files });
    lines.push(result.errorCount > 0 ? colour.red(colour.bold(summary)) : colour.yellow(colour.bold(summary)));
  }
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
    lines.push(colour.red(t('lint.summary.tooManyWarnings', { warnings: result.warningCount, max: maxWarnings })));
  }
  return lines.join('\n') + '\n';
}
