// `ducha lint [PATH...]`: validate checklist files for editors and CI.
import type { Context } from '../context.js';
import type { Sink } from '../io.js';
import type { GlobalOptions } from '../program.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { expandPaths } from '../../checklist/expand.js';
import { lintFiles } from '../../checklist/lint.js';
import { checklistFolders, folderFiles } from '../../checklist/registry.js';
import { FORMATS, isFormatName, lintFailed } from '../../checklist/formatters/index.js';
import { toTerminal } from '../../util/terminal.js';

interface LintOptions extends GlobalOptions {
  format: string;
  maxWarnings?: string;
  maxProblems?: string;
}

export async function lintCommand(ctx: Context, [paths]: [string[]], options: LintOptions): Promise<number> {
  const format = options.json ? 'json' : options.format;
  if (!isFormatName(format))
    throw new UsageError(t('lint.badFormat', { format, allowed: Object.keys(FORMATS).join(', ') }));
  const maxWarnings = parseMaxWarnings(options.maxWarnings);
  const maxProblems = parseMaxProblems(options.maxProblems);
  const given = paths;
  const { cwd, env } = ctx.io;
  const files =
    given.length > 0 ? await expandPaths(given, cwd) : folderFiles(checklistFolders(env, cwd, options.checklists), cwd);
  const result = await lintFiles(files, { maxProblems });
  // JSON is escaped by its envelope and GitHub annotations by their formatter; the rest passes the sanitiser.
  const chunks = FORMATS[format](result, { colour: ctx.colour, maxWarnings });
  await writeAll(ctx.io.stdout, format === 'json' || format === 'github' ? chunks : map(chunks, toTerminal));
  if (result.problems.some((p) => p.code === 'unreadable')) return 2;
  return lintFailed(result, maxWarnings) ? 1 : 0;
}

function* map(chunks: Iterable<string>, fn: (text: string) => string): Generator<string> {
  for (const chunk of chunks) yield fn(chunk);
}

/** Writes piece by piece, waiting when a pipe is full, so a huge report is never all in memory twice. */
async function writeAll(sink: Sink, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (sink.write(chunk) === false && sink.once) await new Promise<void>((resolve) => sink.once!('drain', resolve));
  }
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(t('lint.badMaxWarnings', { value }));
  return Number(value);
}

function parseMaxProblems(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(t('lint.badMaxProblems', { value }));
  return Number(value);
}
