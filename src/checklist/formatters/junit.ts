// JUnit XML for CI systems that show test reports: one testsuite per file, one failure per problem.
import type { LintResult } from '../lint.js';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junit(result: LintResult): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = result.files.reduce((n, f) => n + Math.max(1, f.errorCount + f.warningCount), 0);
  out.push(`<testsuites name="ducha lint" tests="${total}" failures="${result.problems.length}" errors="0">`);
  for (const file of result.files) {
    const problems = result.problems.filter((p) => p.file === file.file);
    const name = xml(file.file);
    out.push(`  <testsuite name="${name}" tests="${Math.max(1, problems.length)}" failures="${problems.length}" errors="0">`);
    if (problems.length === 0) out.push(`    <testcase classname="${name}" name="${name}"/>`);
    for (const p of problems) {
      const where = `${p.file}:${p.line}:${p.column}`;
      out.push(`    <testcase classname="${name}" name="${xml(`${p.line}:${p.column} ${p.code}`)}">`);
      out.push(`      <failure type="${p.severity}" message="${xml(p.message)}">${xml(`${where} ${p.severity} ${p.code} ${p.message}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
