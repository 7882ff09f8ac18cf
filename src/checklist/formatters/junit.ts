// JUnit XML for CI systems that show test reports: one testsuite per file, one failure per problem.
import type { LintResult } from '../lint.js';
import { chunked } from './chunked.js';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junit(result: LintResult): Iterable<string> {
  return chunked(lines(result));
}

function* lines(result: LintResult): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  const total = result.files.reduce((n, f) => n + Math.max(1, f.errorCount + f.warningCount), 0);
  yield `<testsuites name="ducha lint" tests="${total}" failures="${result.problems.length}" errors="0">`;
  const byFile = new Map<string, LintResult['problems']>();
  for (const p of result.problems) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  for (const file of result.files) {
    const problems = byFile.get(file.file) ?? [];
    const name = xml(file.file);
    yield `  <testsuite name="${name}" tests="${Math.max(1, problems.length)}" failures="${problems.length}" errors="0">`;
    if (problems.length === 0) yield `    <testcase classname="${name}" name="${name}"/>`;
    for (const p of problems) {
      const where = `${p.file}:${p.line}:${p.column}`;
      yield `    <testcase classname="${name}" name="${xml(`${p.line}:${p.column} ${p.code}`)}">`;
      yield `      <failure type="${p.severity}" message="${xml(p.message)}">${xml(`${where} ${p.severity} ${p.code} ${p.message}`)}</failure>`;
      yield '    </testcase>';
    }
    yield '  </testsuite>';
  }
  yield '</testsuites>';
}
