// Lint problems: the shape every rule reports, before and after its position in the file is known.

export type ProblemSeverity = 'error' | 'warning';

export type RuleCode =
  | 'encoding'
  | 'yaml-syntax'
  | 'yaml-limits'
  | 'schema'
  | 'duplicate-id'
  | 'duplicate-checklist'
  | 'unknown-source'
  | 'article-range'
  | 'unknown-item'
  | 'condition-cycle'
  | 'evidence-method'
  | 'paperwork-only'
  | 'paper-rectification'
  | 'unused-source'
  | 'applies-to-scope'
  | 'unreadable';

/** A located problem, as printed and as carried in the JSON envelope (lines and columns 1-based). */
export interface Problem {
  file: string;
  line: number;
  column: number;
  code: RuleCode;
  severity: ProblemSeverity;
  message: string;
}

export type NodePath = ReadonlyArray<string | number>;

/**
 * A problem found on parsed data, located later (and only if there is one) by its path in the document:
 * `value` is the node at the path, `key` the key naming it, `related` a second node whose line goes into
 * the message as {line}.
 */
export interface PendingProblem {
  code: RuleCode;
  severity: ProblemSeverity;
  path: NodePath;
  target: 'value' | 'key';
  message: (related?: { line: number }) => string;
  related?: NodePath;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}
