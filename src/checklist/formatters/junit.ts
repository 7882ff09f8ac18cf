// JUnit XML for CI systems that show test reports: one testsuite per file, one failure per problem.
import type { LintResult } from '../lint.js';
import { t } from '../../i18n/index.js';
import { chunked } from './chunked.js';
import { omittedByFile } from './result.js';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex -- the characters XML cannot carry
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junit(result: LintResult): Iterable<string> {
  return chunked(lines(result));
}

function* lines(result: LintResult): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  // Problems past --max-problems are one failure per file that says how many they are.
  const omitted = omittedByFile(result);
  const listed = (f: LintResult['files'][number]) =>
    f.errorCount + f.warningCount - f.omitted + (f.omitted > 0 ? 1 : 0);
  const total = result.files.reduce((n, f) => n + Math.max(1, listed(f)), 0);
  const failures = result.files.reduce((n, f) => n + listed(f), 0);
  yield `<testsuites name="ducha lint" tests="${total}" failures="${failures}" errors="0">`;
  const byFile = new Map<string, LintResult['problems']>();
  for (const p of result.problems) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  for (const file of result.files) {
    const problems = byFile.get(file.file) ?? [];
    const name = xml(file.file);
    const more = omitted.get(file.file);
    const count = problems.length + (more ? 1 : 0);
    yield `  <testsuite name="${name}" tests="${Math.max(1, count)}" failures="${count}" errors="0">`;
    if (count === 0) yield `    <testcase classname="${name}" name="${name}"/>`;
    for (const p of problems) {
      const where = `${p.file}:${p.line}:${p.column}`;
      yield `    <testcase classname="${name}" name="${xml(`${p.line}:${p.column} ${p.code}`)}">`;
      yield `      <failure type="${p.severity}" message="${xml(p.message)}">${xml(`${where} ${p.severity} ${p.code} ${p.message}`)}</failure>`;
      yield '    </testcase>';
    }
    if (more) {
      const text = xml(t('lint.omitted', { file: file.file, n: more, max: result.maxProblems }));
      yield `    <testcase classname="${name}" name="max-problems"><failure type="omitted" message="${text}">${text}</failure></testcase>`;
    }
    yield '  </testsuite>';
  }
  yield '</testsuites>';
}
