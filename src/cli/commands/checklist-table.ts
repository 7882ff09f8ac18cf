// `ducha checklist import FILE`, `ducha checklist export ID -o FILE.xlsx` and `ducha checklist new ID`: checklists
// from and to the tables offices keep, and a new checklist to start from.
import { basename, extname, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { PATTERNS } from '../../checklist/format.js';
import { shownPath } from '../../checklist/expand.js';
import { checklistEntry, checklistFolders, itemCount, loadRegistry } from '../../checklist/registry.js';
import { fileTarget, writeTarget, type FileTarget } from '../output.js';
import type { Issue } from '../../checklist/table/issues.js';
import { describeRef, type SourceKind } from '../../checklist/table/grid.js';

interface ImportOptions extends GlobalOptions {
  output?: string;
  mapping?: string;
  id?: string;
  force?: boolean;
}

const CHECKLIST_ID = new RegExp(PATTERNS.checklistId);

export async function checklistImport(ctx: Context, [fileArg]: [string], options: ImportOptions): Promise<number> {
  const { cwd } = ctx.io;
  const absolute = resolve(cwd, String(fileArg));
  const shown = shownPath(absolute, cwd);
  // A refused -o costs nothing: checked before the table is read.
  let target: FileTarget | undefined = options.output ? fileTarget(ctx, options, options.output) : undefined;
  const { loadMapping } = await import('../../checklist/table/mapping.js');
  const mapping = options.mapping ? loadMapping(resolve(cwd, options.mapping), options.mapping) : undefined;
  const { importTable } = await import('../../checklist/table/import.js');
  const { builtinSources } = await import('../../checklist/table/known-sources.js');
  const { schemaRefFor } = await import('../../checklist/table/emit-yaml.js');
  const outputStem = options.output ? basename(options.output).replace(/\.ya?ml$/i, '') : undefined;
  const result = await importTable({
    absolute,
    mapping,
    id: options.id,
    fallbackId: outputStem && CHECKLIST_ID.test(outputStem) ? outputStem : undefined,
    fileTitle: basename(absolute, extname(absolute)),
    knownSources: builtinSources(cwd),
    schemaRef: (id) => schemaRefFor(target?.file ?? resolve(cwd, `${id}.yaml`)),
  });
  const kind = result.kind ?? 'xlsx';
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  if (result.yaml !== undefined) target ??= fileTarget(ctx, options, `${String(result.data!.id)}.yaml`);
  const problems = result.issues.map((issue) => envelopeProblem(issue, shown, kind, target));
  if (result.yaml === undefined) {
    if (ctx.json) ctx.emit(false, { file: shown, written: null, notes: result.notes }, problems);
    else {
      printIssues(ctx, result.issues, shown, kind);
      printNotes(ctx, result.notes);
      ctx.err(`${ctx.errColour.red(t('cli.errorLabel'))}${t('table.import.failed', { errors })}`);
      ctx.err(`${ctx.errColour.dim(t('cli.hintLabel'))}${t('table.import.failed.hint')}`);
    }
    return 2;
  }
  const written = writeTarget(target!, Buffer.from(result.yaml, 'utf8'));
  const sections = (result.data!.sections as Array<{ items: unknown[] }>) ?? [];
  const items = sections.reduce((n, s) => n + s.items.length, 0);
  const summary = {
    file: shown,
    written: target!.shown,
    bytes: written.bytes,
    id: result.data!.id,
    sections: sections.length,
    items,
    notes: result.notes,
  };
  if (ctx.json) ctx.emit(true, summary, problems);
  else {
    printIssues(ctx, result.issues, shown, kind, target);
    printNotes(ctx, result.notes);
    ctx.out(
      t('table.import.done', {
        id: String(result.data!.id),
        sections: sections.length,
        items,
        file: target!.shown,
        bytes: written.bytes,
        warnings: result.issues.length,
      }),
    );
  }
  return 0;
}

function located(issue: Issue, shown: string, kind: SourceKind): string {
  return issue.ref ? `${shown} ${describe(issue, kind)}` : shown;
}

const describe = (issue: Issue, kind: SourceKind) => describeRef(issue.ref!, kind);

function printIssues(
  ctx: Context,
  issues: readonly Issue[],
  shown: string,
  kind: SourceKind,
  target?: FileTarget,
): void {
  const c = ctx.errColour;
  for (const issue of issues) {
    const severity = issue.severity === 'error' ? c.red('error  ') : c.yellow('warning');
    const yaml = target && issue.yaml ? c.dim(`  → ${target.shown}:${issue.yaml.line}:${issue.yaml.column}`) : '';
    ctx.err(`${c.underline(located(issue, shown, kind))}  ${severity}  ${c.dim(issue.code)}  ${issue.message}${yaml}`);
  }
}

function printNotes(ctx: Context, notes: readonly string[]): void {
  for (const note of notes) ctx.err(`${ctx.errColour.dim(t('table.noteLabel'))}${note}`);
}

function envelopeProblem(issue: Issue, shown: string, kind: SourceKind, target: FileTarget | undefined) {
  const ref = issue.ref;
  return {
    file: shown,
    line: ref?.row ?? null,
    column: ref?.column ?? null,
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    where: ref ? describe(issue, kind) : null,
    sheet: ref?.sheet ?? null,
    sheetName: ref?.sheetName ?? null,
    header: ref?.header ?? null,
    yaml: target && issue.yaml ? { file: target.shown, ...issue.yaml } : null,
  };
}

interface ExportOptions extends GlobalOptions {
  output: string;
  force?: boolean;
}

export async function checklistExport(ctx: Context, [id]: [string], options: ExportOptions): Promise<number> {
  if (!/\.xlsx$/i.test(options.output)) throw new UsageError(t('table.export.xlsxOnly', { file: options.output }));
  const target = fileTarget(ctx, options, options.output);
  const registry = loadRegistry(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd);
  const entry = checklistEntry(registry, id);
  const { checklistXlsx } = await import('../../checklist/table/export-xlsx.js');
  const written = writeTarget(target, await checklistXlsx(entry.checklist));
  const items = itemCount(entry.checklist);
  if (ctx.json)
    ctx.emit(true, { id: entry.checklist.id, from: entry.file, file: target.shown, bytes: written.bytes, items });
  else ctx.out(t('table.export.done', { id: entry.checklist.id, file: target.shown, items, bytes: written.bytes }));
  return 0;
}

interface NewOptions extends GlobalOptions {
  output?: string;
  title?: string;
  force?: boolean;
}

export async function checklistNew(ctx: Context, [id]: [string], options: NewOptions): Promise<number> {
  const name = String(id);
  if (!CHECKLIST_ID.test(name))
    throw new UsageError(t('table.new.badId', { id: name }), { hint: t('table.new.badId.hint') });
  const target = fileTarget(ctx, options, options.output ?? `${name}.yaml`);
  const { scaffoldChecklist } = await import('../../checklist/scaffold.js');
  const { schemaRefFor } = await import('../../checklist/table/emit-yaml.js');
  const text = scaffoldChecklist(name, options.title, schemaRefFor(target.file), target.shown);
  const written = writeTarget(target, Buffer.from(text, 'utf8'));
  if (ctx.json) ctx.emit(true, { id: name, file: target.shown, bytes: written.bytes });
  else ctx.out(t('table.new.done', { file: target.shown }));
  return 0;
}
