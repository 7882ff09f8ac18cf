// `ducha report ID --kind feedback|notice|ledger|progress --format md|docx|xlsx|csv -o FILE` and `ducha template list|lint`.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { getConfig } from '../../config.js';
import { findInspection, localDate } from '../../inspect/inspections.js';
import { checkDate } from '../../problems/problems.js';
import { actorOf } from '../session.js';
import { fileTarget, formatOf, writeTarget } from '../output.js';
import { parseEnum, reportKindSpec } from '../enums.js';
import { table } from '../../util/table.js';
import { shownPath } from '../../checklist/expand.js';
import { documentChoices, type DocumentFlags } from '../document-options.js';
import { hubRedactionWarnings, withSource, type HubOptions } from '../hub-session.js';

interface ReportOptions extends GlobalOptions, DocumentFlags, HubOptions {
  kind: string;
  format?: string;
  output: string;
  revealIdentities?: boolean;
  template?: string;
  office?: string;
  date?: string;
  docNumber?: string;
  marking?: string;
  force?: boolean;
  /** A draft (--draft, i20): not an official document — never records the feedback date, and is not refused. */
  draft?: boolean;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export async function reportCommand(ctx: Context, [id]: [string | undefined], options: ReportOptions): Promise<number> {
  const { checkFormat, renderReport, FORMATS_BY_KIND } = await import('../../report/render.js');
  const { kind, format: fmt } = checkFormat(
    parseEnum(reportKindSpec(Object.keys(FORMATS_BY_KIND)), options.kind),
    formatOf(options.output, options.format),
  );
  if (options.draft && fmt === 'csv') throw new InputError(t('draft.csv'), { hint: t('draft.csv.hint') });
  const choices = documentChoices(options, fmt, { paper: kind === 'ledger', systems: kind === 'progress' });
  const target = fileTarget(ctx, options, options.output);
  const { buildReportModel } = await import('../../report/model.js');
  const { redactorFor } = await import('../../report/redact.js');
  const { redactionWarnings } = await import('../redaction.js');
  const { findTemplate } = await import('../../report/templates.js');
  const { recordedFeedback } = await import('../../problems/deadlines.js');
  const { setFeedback } = await import('../../problems/feedback.js');
  const { ensureReady, refuse, warn, asProblem } = await import('./report-readiness.js');
  const env = ctx.io.env;
  const template = findTemplate(kind, env, options.template && resolve(ctx.io.cwd, options.template));
  const date = options.date ? checkDate(options.date, '--date') : localDate(ctx.now());
  const office = options.office ?? str(getConfig(env, 'report.office'));
  return withSource(
    ctx,
    options,
    [id],
    async (store, hubNames) => {
      const inspection = findInspection(store, id);
      const reveal = options.revealIdentities ?? false;
      const redactor = hubNames ?? redactorFor(store, reveal);
      // No official document from unsettled data: open conflicts, problems off their conclusion, duplicates.
      const { settleBeforeReport } = await import('../settle.js');
      const settled = await settleBeforeReport(ctx, options, store, inspection.id, kind);
      const draft = settled.draft;
      // One feedback date: recorded when the feedback (or the notice) is first issued; until then assumed.
      const recorded = recordedFeedback(inspection);
      // (A document made from the hub's copy records nothing: the copy is in memory, and the hub never invents events.)
      const recordsFeedback = !recorded && !draft && !hubNames && (kind === 'feedback' || kind === 'notice');
      const feedback = recorded ?? { date, rectifyDays: Number(getConfig(env, 'report.rectifyDays')), recorded: false };
      const actor = recordsFeedback ? actorOf(ctx, options) : '';
      // Never a document that contradicts its record: problems cover every finding, deadlines after the feedback.
      const ready = await ensureReady(ctx, store, inspection, {
        feedback,
        recordsFeedback,
        officeSet: office !== '',
        feedbackDocumentDate: kind === 'feedback' ? date : undefined,
        draft,
        actor: () => actor || actorOf(ctx, options),
        offer: !hubNames,
      });
      // From the hub, what is missing is added on a laptop holding the inspection, then pushed.
      const onLaptop = (i: (typeof ready.errors)[number]) => ({
        ...i,
        hint: [i.hint, t('hub.fixOnLaptop')].filter(Boolean).join('；'),
      });
      if (ready.errors.length > 0)
        return refuse(ctx, hubNames ? { ...ready, errors: ready.errors.map(onLaptop) } : ready);
      const model = buildReportModel(store, inspection, {
        revealIdentities: reveal,
        redactor,
        office: office || t('report.defaultOffice'),
        date,
        docNumber: options.docNumber ?? str(getConfig(env, 'report.docNumber')),
        marking: options.marking ?? str(getConfig(env, 'report.marking')),
        planDays: Number(getConfig(env, 'report.planDays')),
        rectifyDays: feedback.rectifyDays,
        feedbackDate: feedback.date,
        remarks: settled.remarks,
        title: choices.title,
      });
      const bytes = await renderReport(kind, fmt, model, template, { ...choices, draft });
      const written = writeTarget(target, bytes);
      if (recordsFeedback)
        setFeedback(store, actor, inspection.id, { date: feedback.date, rectifyDays: feedback.rectifyDays }, 'report');
      const data = {
        inspection: inspection.id,
        kind,
        format: fmt,
        file: written.file,
        bytes: written.bytes,
        problems: model.problemCount,
        revealIdentities: model.meta.revealIdentities,
        draft,
        unsettled: settled.open,
        feedbackDate: feedback.date,
        feedbackDateRecorded: recorded !== undefined || recordsFeedback,
      };
      const unsettled = (message: string) => ({
        file: null,
        line: null,
        column: null,
        code: 'unsettled',
        severity: 'warning' as const,
        message,
      });
      const warnings = hubNames ? hubRedactionWarnings(ctx, redactor.skipped) : redactionWarnings(ctx, store, redactor);
      if (ctx.json)
        ctx.emit(true, data, [
          ...warnings,
          ...ready.warnings.map(asProblem),
          ...[...settled.open, ...settled.notes].map(unsettled),
        ]);
      else {
        ctx.out(
          t('report.written', {
            kind: t(`report.kind.${kind}`),
            file: target.shown,
            n: model.problemCount,
            bytes: written.bytes,
          }),
        );
        if (settled.open.length)
          ctx.err(
            ctx.errColour.yellow(
              [
                t('settled.draft', { n: settled.open.length }),
                ...settled.open.map((l) => `  ${l.replace(/\n/g, '\n  ')}`),
              ].join('\n'),
            ),
          );
        if (settled.notes.length)
          ctx.err(ctx.errColour.yellow([t('settled.notes'), ...settled.notes.map((l) => `  ${l}`)].join('\n')));
      }
      warn(ctx, ready.warnings);
      if (recordsFeedback && !ctx.json)
        ctx.err(
          t('readiness.feedbackRecorded', { date: feedback.date, days: feedback.rectifyDays, id: inspection.id }),
        );
      return 0;
    },
    'write',
  );
}

export async function templateList(ctx: Context): Promise<number> {
  const { listTemplates } = await import('../../report/templates.js');
  const templates = listTemplates(ctx.io.env).map(({ name, file, origin }) => ({ name, file, origin }));
  if (ctx.json) ctx.emit(true, templates);
  else
    ctx.out(
      table(
        [t('template.col.name'), t('template.col.origin'), t('template.col.file')],
        templates.map((x) => [x.name, t(`checklist.origin.${x.origin}`), x.file]),
      ),
    );
  return 0;
}

export async function templateLint(
  ctx: Context,
  [files]: [string[]],
  options: GlobalOptions & { kind?: string },
): Promise<number> {
  const { listTemplates, readTemplateText } = await import('../../report/templates.js');
  const { lintTemplate } = await import('../../report/template-lint.js');
  const { TEMPLATE_SHAPES } = await import('../../report/model-shape.js');
  const { basename } = await import('node:path');
  if (options.kind && !Object.hasOwn(TEMPLATE_SHAPES, options.kind))
    throw new InputError(
      t('template.badKind', { kind: options.kind, allowed: Object.keys(TEMPLATE_SHAPES).join(', ') }),
    );
  const given = files;
  const targets = given.length ? given.map((f) => ({ file: resolve(ctx.io.cwd, f) })) : listTemplates(ctx.io.env);
  const problems = targets.flatMap(({ file }) => {
    // Which model a template renders: --kind, else its file name (feedback.md, summary.md …).
    const kind = options.kind ?? basename(file).replace(/\.md$/, '');
    const shape = Object.hasOwn(TEMPLATE_SHAPES, kind) ? TEMPLATE_SHAPES[kind] : undefined; // not a prototype's "constructor"
    if (!shape)
      throw new InputError(t('template.unknownKind', { file, allowed: Object.keys(TEMPLATE_SHAPES).join(', ') }), {
        hint: t('template.unknownKind.hint'),
      });
    const text = readTemplateText(file);
    const shown = shownPath(file, ctx.io.cwd);
    return lintTemplate(text, shape).map((p) => ({
      file: shown,
      line: p.line,
      column: p.column,
      code: 'template-field',
      severity: 'error' as const,
      message: p.message,
    }));
  });
  if (ctx.json) ctx.emit(problems.length === 0, { files: targets.map((x) => shownPath(x.file, ctx.io.cwd)) }, problems);
  else {
    for (const p of problems) ctx.out(`${p.file}:${p.line}:${p.column}  ${ctx.colour.red('error')}  ${p.message}`);
    ctx.out(
      problems.length
        ? ctx.colour.red(t('template.lintFailed', { n: problems.length, files: targets.length }))
        : ctx.colour.green(t('template.lintClean', { files: targets.length })),
    );
  }
  return problems.length ? 1 : 0;
}
