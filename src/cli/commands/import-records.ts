// `ducha import-records INSPECTION FILE`: bulk entry of records from .csv or .yaml.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots } from '../../inspect/items.js';
import { BadRowsError, importRecords, type RowProblem } from '../../inspect/bulk/import-records.js';
import { actorOf, maxEvidenceMb, withStore } from '../session.js';
import { clearNameWarnings } from '../clear-name-warning.js';
import { shownPath } from '../../checklist/expand.js';
import { statusLine } from '../status-line.js';

export async function importRecordsCommand(
  ctx: Context,
  [first, second]: [string, string | undefined],
  options: GlobalOptions & { skipBad?: boolean; allowOutsideEvidence?: boolean },
): Promise<number> {
  const actor = actorOf(ctx, options);
  // One argument is the file (the most recent inspection); two are the inspection and the file.
  const [inspectionArg, fileArg] = second === undefined ? [undefined, first] : [first, second];
  const file = resolve(ctx.io.cwd, fileArg);
  const shown = shownPath(file, ctx.io.cwd);
  const line = statusLine(ctx);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, inspectionArg);
    if (inspectionArg === undefined && !ctx.json)
      ctx.err(ctx.errColour.dim(t('record.inspectionUsed', { id: inspection.id, title: inspection.title })));
    const refs = allItems(inspectionSnapshots(store, inspection.id));
    try {
      const result = importRecords(store, actor, inspection.id, refs, file, {
        skipBad: options.skipBad ?? false,
        maxEvidenceMb: maxEvidenceMb(ctx),
        allowOutsideEvidence: options.allowOutsideEvidence ?? false,
        // Said before storing; on stderr with --json, whose stdout holds only the document.
        onEvidence: (files, bytes) =>
          (ctx.json ? ctx.err : ctx.out)(t('import.evidenceAbout', { files, mb: (bytes / 1024 / 1024).toFixed(1) })),
        onProgress: line && ((done, total) => line.show(t('import.progress', { done, total }))),
      });
      line?.clear();
      if (result.encoding !== 'utf-8') ctx.err(t('import.gbkNotice'));
      const problems = result.skipped.map((r) => ({
        file: shown,
        line: r.line,
        column: r.column ?? 1,
        code: 'import-row',
        severity: 'warning' as const,
        message: r.message,
      }));
      if (ctx.json)
        ctx.emit(true, { inspection: inspection.id, imported: result.imported, skipped: result.skipped.length }, [
          ...problems,
          ...clearNameWarnings(ctx, store, result.named),
        ]);
      else {
        for (const r of result.skipped)
          ctx.err(`${where(shown, r)}  ${ctx.errColour.yellow(t('import.skippedLabel'))}  ${r.message}`);
        ctx.out(t('import.done', { n: result.imported, skipped: result.skipped.length, id: inspection.id }));
        clearNameWarnings(ctx, store, result.named);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof BadRowsError)) throw error;
      const problems = error.rows.map((r) => ({
        file: shown,
        line: r.line,
        column: r.column ?? 1,
        code: 'import-row',
        severity: 'error' as const,
        message: r.message,
      }));
      if (ctx.json) ctx.emit(false, null, problems);
      for (const r of error.rows) ctx.err(`${where(shown, r)}  ${ctx.errColour.red('error')}  ${r.message}`);
      ctx.err(`${ctx.errColour.red(t('cli.errorLabel'))}${error.message}`);
      ctx.err(`${ctx.errColour.dim(t('cli.hintLabel'))}${error.hint}`);
      return 2;
    }
  });
}

/** file:line, or file:line:column when the problem is in one field. */
const where = (shown: string, r: RowProblem) => `${shown}:${r.line}${r.column ? `:${r.column}` : ''}`;
