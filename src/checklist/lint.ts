// `ducha lint` as a library: loads every file (on worker threads when there are many), adds the cross-file
// check (duplicate checklist ids) and sums up. Never throws for bad content: every finding is a problem.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FoundFile } from './expand.js';
import { decodeChecklist } from './decode.js';
import { lintChecklistFile, locateAll } from './load.js';
import { compareProblems, countBySeverity, type Problem } from './problem.js';
import { getLang, t } from '../i18n/index.js';
import { packageRoot } from '../paths.js';

export interface LintFileResult {
  file: string;
  checklistId?: string;
  errorCount: number;
  warningCount: number;
}

export interface LintResult {
  files: LintFileResult[];
  problems: Problem[];
  errorCount: number;
  warningCount: number;
}

/** What lint keeps of a file: holding 1,000 parsed checklists at once costs more in GC than parsing them. */
export interface FileSummary {
  file: string;
  absolute: string;
  checklistId?: string;
  problems: Problem[];
}

export function summariseFile(found: FoundFile): FileSummary {
  return { ...lintChecklistFile(found.absolute, found.shown), absolute: found.absolute };
}

const PARALLEL_MIN_FILES = 64;

export async function lintFiles(files: readonly FoundFile[]): Promise<LintResult> {
  const workerFile = join(packageRoot(), 'dist', 'lint-worker.js');
  const threads = Math.min(availableParallelism(), 4);
  const parallel = files.length >= PARALLEL_MIN_FILES && threads > 1 && import.meta.url.includes('/dist/') && existsSync(workerFile);
  const summaries = parallel ? await inWorkers(files, threads, workerFile) : files.map(summariseFile);
  return merge(summaries);
}

async function inWorkers(files: readonly FoundFile[], threads: number, workerFile: string): Promise<FileSummary[]> {
  const { Worker } = await import('node:worker_threads');
  const size = Math.ceil(files.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size)).filter((c) => c.length > 0);
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<FileSummary[]>((resolve, reject) => {
          const worker = new Worker(workerFile, { workerData: { files: chunk, lang: getLang() } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return results.flat();
}

function merge(summaries: FileSummary[]): LintResult {
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
    files.push({ file: summary.file, checklistId: id, errorCount: c.errors, warningCount: c.warnings });
    for (const problem of summary.problems) problems.push(problem); // a spread overflows the stack past ~100k
  }
  problems.sort(compareProblems);
  const totals = countBySeverity(problems);
  return { files, problems, errorCount: totals.errors, warningCount: totals.warnings };
}

/** Two files given together that declare the same checklist id: the later one gets the error at its id. */
function duplicateChecklist(id: string, earlier: string, summary: FileSummary): Problem[] {
  const decoded = decodeChecklist(readFileSync(summary.absolute));
  if ('error' in decoded) return [];
  const message = () => t('lint.rule.duplicateChecklist', { id, file: earlier });
  return locateAll([{ code: 'duplicate-checklist', severity: 'error', path: ['id'], target: 'value', message }], decoded.text, summary.file);
}
