// GitHub Actions workflow commands, so problems appear as annotations on the pull request's diff.
import { t } from '../../i18n/index.js';
import type { LintResult } from '../lint.js';
import { chunked } from './chunked.js';
import { omittedByFile } from './result.js';
import { clean } from '../../util/terminal.js';

// Data is cleaned first (util/terminal.ts: escape sequences shown, CR removed), then escaped as the runner
// reads it, so no newline or %0A in a file name or YAML key can start a second annotation.
const escapeData = (s: string) => clean(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(result: LintResult): Iterable<string> {
  return chunked(lines(result));
}

function* lines(result: LintResult): Generator<string> {
  for (const p of result.problems) {
    yield `::${p.severity} file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=${escapeProperty(p.code)}::${escapeData(p.message)}`;
  }
  for (const [file, n] of omittedByFile(result)) {
    yield `::notice file=${escapeProperty(file)},title=${escapeProperty('max-problems')}::${escapeData(t('lint.omitted', { file, n, max: result.maxProblems }))}`;
  }
  const files = result.files.length;
  const total = result.errorCount + result.warningCount;
  yield total === 0
    ? t('lint.summary.clean', { files })
    : t('lint.summary.problems', { total, errors: result.errorCount, warnings: result.warningCount, files });
}
