// Loads one checklist file: decode, parse, schema, semantic rules; returns the data and located problems.
import { readFileSync } from 'node:fs';
import { decodeChecklist } from './decode.js';
import { parseYaml } from './parse.js';
import { checkSchema } from './schema-check.js';
import { checkRules } from './rules.js';
import { Locator } from './locate.js';
import type { Problem, PendingProblem } from './problem.js';
import { compareProblems } from './problem.js';
import type { Checklist } from './schema.js';
import { t } from '../i18n/index.js';

export interface LoadedFile {
  /** The path as shown to the user. */
  file: string;
  /** The parsed data when it parsed at all (it may still have schema errors). */
  data?: unknown;
  /** The checklist when there are no errors. */
  checklist?: Checklist;
  /** The decoded text, kept so later checks (such as duplicate ids across files) can place problems. */
  text?: string;
  problems: Problem[];
}

export function loadChecklistFile(absolute: string, shown: string): LoadedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { file: shown, problems: [{ file: shown, line: 1, column: 1, code: 'unreadable', severity: 'error', message: t('lint.unreadable', { reason }) }] };
  }
  return loadChecklistBytes(bytes, shown);
}

export function loadChecklistBytes(bytes: Uint8Array, shown: string): LoadedFile {
  const decoded = decodeChecklist(bytes);
  if ('error' in decoded) return { file: shown, problems: [{ file: shown, ...decoded.error, code: 'encoding', severity: 'error' }] };
  const parsed = parseYaml(decoded.text);
  if ('error' in parsed) return { file: shown, text: decoded.text, problems: [{ file: shown, ...parsed.error, code: 'yaml-syntax', severity: 'error' }] };
  const pending = [...checkSchema(parsed.data), ...checkRules(parsed.data)];
  const problems = locateAll(pending, decoded.text, shown);
  const clean = !problems.some((p) => p.severity === 'error');
  return { file: shown, data: parsed.data, text: decoded.text, problems, checklist: clean ? (parsed.data as Checklist) : undefined };
}

export function locateAll(pending: readonly PendingProblem[], text: string, file: string): Problem[] {
  if (pending.length === 0) return [];
  const locator = new Locator(text);
  return pending
    .map((p) => {
      const at = locator.locate(p.path, p.target);
      const related = p.related ? locator.locate(p.related) : undefined;
      return { file, line: at.line, column: at.column, code: p.code, severity: p.severity, message: p.message(related) };
    })
    .sort(compareProblems);
}
