// `ducha lint` as a library: loads every file (on worker threads when there are many), adds the cross-file
// check (duplicate checklist ids) and sums up. Never throws for bad content: every finding is a problem.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FoundFile } from './expand.js';
import { decodeChecklist } from './decode.js';
import { DEFAULT_MAX_PROBLEMS, lintChecklistFile, locateAll, readChecklistBytes, type Omitted } from './load.js';
import { compareProblems, countBySeverity, type Problem } from './problem.js';
import { getLang, t } from '../i18n/index.js';
import { packageRoot } from '../paths.js';

export interface LintFileResult {
  file: string;
  checklistId?: string;
  /** Every problem found, listed or not. */
  errorCount: number;
  warningCount: number;
  /** Problems found but not listed (past --max-problems). */
  omitted: number;
}

export interface LintResult {
  files: LintFileResult[];
  problems: Problem[];
  errorCount: number;
  warningCount: number;
  /** The cap on problems listed per file (0: none). */
  maxProblems: number;
}

/** What lint keeps of a file: holding 1,000 parsed checklists at once costs more in GC than parsing them. */
export interface FileSummary {
  file: string;
  absolute: string;
  checklistId?: string;
  problems: Problem[];
  omitted?: Omitted;
}

export function summariseFile(found: FoundFile, maxProblems = DEFAULT_MAX_PROBLEMS): FileSummary {
  try {
    return { ...lintChecklistFile(found.absolute, found.shown, maxProblems), absolute: found.absolute };
  } catch (error) {
    // One file must never stop the others: a stack exhausted by some input the limits did not foresee is
    // that file's problem.
    if (!(error instanceof RangeError)) throw error;
    const message = t('lint.yamlLimits.exhausted', { detail: error.message });
    return {
      file: found.shown,
      absolute: found.absolute,
      problems: [{ file: found.shown, line: 1, column: 1, code: 'yaml-limits', severity: 'error', message }],
    };
  }
}

const PARALLEL_MIN_FILES = 64;

export async function lintFiles(
  files: readonly FoundFile[],
  options: { maxProblems?: number } = {},
): Promise<LintResult> {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const workerFile = join(packageRoot(), 'dist', 'lint-worker.js');
  const threads = Math.min(availableParallelism(), 4);
  const parallel =
    files.length >= PARALLEL_MIN_FILES && threads > 1 && import.meta.url.includes('/dist/') && existsSync(workerFile);
  const summaries = parallel
    ? await inWorkers(files, threads, workerFile, maxProblems)
    : files.map((f) => summariseFile(f, maxProblems));
  return merge(summaries, maxProblems);
}

async function inWorkers(
  files: readonly FoundFile[],
  threads: number,
  workerFile: string,
  maxProblems: number,
): Promise<FileSummary[]> {
  const { Worker } = await import('node:worker_threads');
  const size = Math.ceil(files.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size)).filter(
    (c) => c.length > 0,
  );
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<FileSummary[]>((resolve, reject) => {
          const worker = new Worker(workerFile, { workerData: { files: chunk, lang: getLang(), maxProblems } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return results.flat();
}

function merge(summaries: FileSummary[], maxProblems: number): LintResult {
  const firstById = new Map<string, string>();
  const files: LintFileResult[] = [];
  const problems: Problem[] = [];
  for (const summary of summaries) {
    const id = summary.checklistId;
    if (id !== undefined) {
      const earlier = firstById.get(id);
      if (earlier === undefined) firstById.set(id, summary.file);
      else summary.problems.push(...duplicateChecklist(id, earlier, summary));
    }
    const c = countBySeverity(summary.problems);
    const omitted = summary.omitted ?? { errors: 0, warnings: 0 };
    files.push({
      file: summary.file,
      checklistId: id,
      errorCount: c.errors + omitted.errors,
      warningCount: c.warnings + omitted.warnings,
      omitted: omitted.errors + omitted.warnings,
    });
    for (const problem of summary.problems) problems.push(problem); // a spread overflows the stack past ~100k
  }
  problems.sort(compareProblems);
  let errorCount = 0;
  let warningCount = 0;
  for (const f of files) {
    errorCount += f.errorCount;
    warningCount += f.warningCount;
  }
  return { files, problems, errorCount, warningCount, maxProblems };
}

/** Two files given together that declare the same checklist id: the later one gets the error at its id. */
function duplicateChecklist(id: string, earlier: string, summary: FileSummary): Problem[] {
  const bytes = readChecklistBytes(summary.absolute, summary.file);
  if (!Buffer.isBuffer(bytes)) return []; // changed since it was read: its id was found, that is enough
  const decoded = decodeChecklist(bytes);
  if ('error' in decoded) return [];
  const message = () => t('lint.rule.duplicateChecklist', { id, file: earlier });
  return locateAll(
    [{ code: 'duplicate-checklist', severity: 'error', path: ['id'], target: 'value', message }],
    decoded.text,
    summary.file,
    0,
  ).problems;
}
