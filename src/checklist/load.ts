// Loads one checklist file: decode, parse, schema, semantic rules; returns the data and located problems.
import { decodeChecklist } from './decode.js';
import { parseYaml } from './parse.js';
import { checkSchema } from './schema-check.js';
import { checkRules } from './rules.js';
import { Locator } from './locate.js';
import type { Problem, PendingProblem } from './problem.js';
import { compareProblems } from './problem.js';
import type { Checklist } from './schema.js';
import { t } from '../i18n/index.js';
import { INPUT_LIMITS, InputFileError, readInputFile } from '../util/input.js';

/** Problems listed per file unless `--max-problems` says otherwise; the rest are only counted. */
export const DEFAULT_MAX_PROBLEMS = 1000;

/** Problems found but not listed (past the cap), by severity. */
export interface Omitted {
  errors: number;
  warnings: number;
}

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
  omitted?: Omitted;
}

/** A checklist file's bytes, read as every user input is (a regular file, at most INPUT_LIMITS.checklist). */
export function readChecklistBytes(absolute: string, shown: string): Buffer | LoadedFile {
  try {
    return readInputFile(absolute, { maxBytes: INPUT_LIMITS.checklist, shown });
  } catch (error) {
    if (error instanceof InputFileError) return unreadable(shown, error);
    throw error;
  }
}

export function loadChecklistFile(absolute: string, shown: string, maxProblems = DEFAULT_MAX_PROBLEMS): LoadedFile {
  const bytes = readChecklistBytes(absolute, shown);
  return Buffer.isBuffer(bytes) ? loadChecklistBytes(bytes, shown, maxProblems) : bytes;
}

export function loadChecklistBytes(bytes: Uint8Array, shown: string, maxProblems = DEFAULT_MAX_PROBLEMS): LoadedFile {
  const found = findProblems(bytes, shown);
  if (!('pending' in found)) return found;
  const { problems, omitted } = locateAll(found.pending, found.text, shown, maxProblems);
  const clean = !problems.some((p) => p.severity === 'error') && omitted.errors === 0;
  return {
    file: shown,
    data: found.data,
    text: found.text,
    problems,
    omitted,
    checklist: clean ? (found.data as Checklist) : undefined,
  };
}

/**
 * What lint keeps of a file: its id and located problems. The parsed data is let go before the problems
 * are placed, so a huge broken file never holds its data, its pending and its located problems at once.
 */
export function lintChecklistFile(
  absolute: string,
  shown: string,
  maxProblems = DEFAULT_MAX_PROBLEMS,
): { file: string; checklistId?: string; problems: Problem[]; omitted?: Omitted } {
  let bytes = readChecklistBytes(absolute, shown);
  if (!Buffer.isBuffer(bytes)) return bytes;
  const found = findProblems(bytes, shown);
  // eslint-disable-next-line no-useless-assignment -- drops the last reference, so the bytes can be collected
  bytes = Buffer.alloc(0); // the text has been decoded; let the file's bytes go
  if (!('pending' in found)) return found;
  const id = (found.data as { id?: unknown } | null | undefined)?.id;
  const { pending, text } = found;
  found.data = undefined;
  return {
    file: shown,
    checklistId: typeof id === 'string' ? id : undefined,
    ...locateAll(pending, text, shown, maxProblems),
  };
}

function unreadable(shown: string, error: InputFileError): LoadedFile {
  // A file that could not be opened keeps the short form (its errno); a refused one says why.
  const message =
    error.reason === 'not-regular' || error.reason === 'too-large'
      ? error.message
      : t('lint.unreadable', { reason: error.reason });
  return {
    file: shown,
    problems: [{ file: shown, line: 1, column: 1, code: 'unreadable', severity: 'error', message }],
  };
}

function findProblems(bytes: Uint8Array, shown: string): LoadedFile | { text: string; data: unknown; pending: Finder } {
  const decoded = decodeChecklist(bytes);
  if ('error' in decoded)
    return { file: shown, problems: [{ file: shown, ...decoded.error, code: 'encoding', severity: 'error' }] };
  const parsed = parseYaml(decoded.text);
  if ('error' in parsed)
    return {
      file: shown,
      text: decoded.text,
      problems: [{ file: shown, ...parsed.error, code: parsed.code, severity: 'error' }],
    };
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
 * Places problems in the text as the checks find them (with a million problems, holding the pending list
 * and the placed one at once would double the peak), the first `maxProblems` of them; the rest are counted
 * by severity and never placed, which is where the time goes. `maxProblems` 0: no cap.
 */
export function locateAll(
  find: Finder | readonly PendingProblem[],
  text: string,
  file: string,
  maxProblems = DEFAULT_MAX_PROBLEMS,
): { problems: Problem[]; omitted: Omitted } {
  let locator: Locator | undefined;
  const problems: Problem[] = [];
  const omitted: Omitted = { errors: 0, warnings: 0 };
  const emit: Emit = (p) => {
    if (maxProblems > 0 && problems.length >= maxProblems) {
      omitted[p.severity === 'error' ? 'errors' : 'warnings']++;
      return;
    }
    locator ??= new Locator(text);
    const at = locator.locate(p.path, p.target);
    const related = p.related ? locator.locate(p.related) : undefined;
    problems.push({
      file,
      line: at.line,
      column: at.column,
      code: p.code,
      severity: p.severity,
      message: p.message(related),
    });
  };
  if (typeof find === 'function') find(emit);
  else find.forEach((p) => emit(p));
  return { problems: problems.sort(compareProblems), omitted };
}
