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
    return unreadable(shown, error);
  }
  return loadChecklistBytes(bytes, shown);
}

export function loadChecklistBytes(bytes: Uint8Array, shown: string): LoadedFile {
  const found = findProblems(bytes, shown);
  if (!('pending' in found)) return found;
  const problems = locateAll(found.pending, found.text, shown);
  const clean = !problems.some((p) => p.severity === 'error');
  return { file: shown, data: found.data, text: found.text, problems, checklist: clean ? (found.data as Checklist) : undefined };
}

/**
 * What lint keeps of a file: its id and located problems. The parsed data is let go before the problems
 * are placed, so a huge broken file never holds its data, its pending and its located problems at once.
 */
export function lintChecklistFile(absolute: string, shown: string): { file: string; checklistId?: string; problems: Problem[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return unreadable(shown, error);
  }
  const found = findProblems(bytes, shown);
  bytes = Buffer.alloc(0); // the text has been decoded; let the file's bytes go
  if (!('pending' in found)) return found;
  const id = (found.data as { id?: unknown } | null | undefined)?.id;
  const { pending, text } = found;
  found.data = undefined;
  return { file: shown, checklistId: typeof id === 'string' ? id : undefined, problems: locateAll(pending, text, shown) };
}

function unreadable(shown: string, error: unknown): LoadedFile {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return { file: shown, problems: [{ file: shown, line: 1, column: 1, code: 'unreadable', severity: 'error', message: t('lint.unreadable', { reason }) }] };
}

function findProblems(bytes: Uint8Array, shown: string): LoadedFile | { text: string; data: unknown; pending: Finder } {
  const decoded = decodeChecklist(bytes);
  if ('error' in decoded) return { file: shown, problems: [{ file: shown, ...decoded.error, code: 'encoding', severity: 'error' }] };
  const parsed = parseYaml(decoded.text);
  if ('error' in parsed) return { file: shown, text: decoded.text, problems: [{ file: shown, ...parsed.error, code: 'yaml-syntax', severity: 'error' }] };
  const data = parsed.data;
  const pending = (emit: Emit) => {
    for (const p of checkSchema(data)) emit(p);
    checkRules(data, emit);
  };
  return { text: decoded.text, data, pending };
}

type Emit = (problem: PendingProblem) => void;
/** Runs the checks, handing each problem to `emit` as it is found. */
type Finder = (emit: Emit) => void;

/**
 * Places problems in the text as the checks find them: with a million problems, holding the pending list
 * and the placed one at once would double the peak.
 */
export function locateAll(find: Finder | readonly PendingProblem[], text: string, file: string): Problem[] {
  let locator: Locator | undefined;
  const problems: Problem[] = [];
  const emit: Emit = (p) => {
    locator ??= new Locator(text);
    const at = locator.locate(p.path, p.target);
    const related = p.related ? locator.locate(p.related) : undefined;
    problems.push({ file, line: at.line, column: at.column, code: p.code, severity: p.severity, message: p.message(related) });
  };
  if (typeof find === 'function') find(emit);
  else find.forEach((p) => emit(p));
  return problems.sort(compareProblems);
}
