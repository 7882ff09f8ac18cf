// `ducha compare OLD NEW` (回头看) and `ducha summary [ID…]` (the cross-inspection summary).
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { getConfig } from '../../config.js';
import { findInspection, localDate } from '../../inspect/inspections.js';
import { checkDate } from '../../problems/problems.js';
import { findTemplate } from '../../report/templates.js';
import type { DocxImage } from '../../report/docx-image.js';
import { renderDocument } from '../../report/render.js';
import { withStore } from '../session.js';
import { fileTarget, formatOf, writeTarget, type FileTarget } from '../output.js';
import { table } from '../../util/table.js';
import { documentChoices, type DocumentChoices, type DocumentFlags } from '../document-options.js';
import { UNIT_KIND, parseMaybe } from '../enums.js';
import { hubRedactionWarnings, hubUrl, withHub, withSource, type HubOptions } from '../hub-session.js';

interface OutputOptions extends GlobalOptions, Omit<DocumentFlags, 'paper' | 'systems'>, HubOptions {
  format?: string;
  output?: string;
  template?: string;
  office?: string;
  date?: string;
  force?: boolean;
  revealIdentities?: boolean;
}

function office(ctx: Context, options: OutputOptions): string {
  return options.office ?? (String(getConfig(ctx.io.env, 'report.office') ?? '') || t('report.defaultOffice'));
}

/** Where -o points, checked before any work: the format its name asks for, and the guarded target. */
function outputOf(
  ctx: Context,
  name: 'compare' | 'summary',
  options: OutputOptions,
  allowed: readonly string[],
): Output | undefined {
  if (!options.output) {
    documentChoices(options, 'md', {});
    return undefined;
  }
  const format = formatOf(options.output, options.format);
  if (!allowed.includes(format))
    throw new InputError(t('report.badFormat', { kind: name, format, allowed: allowed.join(', ') }));
  const choices = documentChoices(options, format, {});
  return { target: fileTarget(ctx, options, options.output), format, choices };
}

interface Output {
  target: FileTarget;
  format: string;
  choices: DocumentChoices;
}

/** Write the model through its template (or as a workbook), with the charts a .docx carries. */
async function write(
  ctx: Context,
  name: 'compare' | 'summary',
  model: object,
  out: Output,
  options: OutputOptions,
  extra: { xlsx?: () => Promise<Buffer>; images?: () => Promise<ReadonlyMap<string, DocxImage>> } = {},
): Promise<{ file: string; bytes: number }> {
  const template = findTemplate(name, ctx.io.env, options.template && resolve(ctx.io.cwd, options.template));
  const bytes =
    out.format === 'xlsx'
      ? await extra.xlsx!()
      : await renderDocument(template, model, out.format as 'md' | 'docx', {
          flavour: out.choices.flavour,
          images: out.format === 'docx' && extra.images ? await extra.images() : undefined,
        });
  const written = writeTarget(out.target, bytes);
  return { file: out.target.shown, bytes: written.bytes };
}

export async function compareCommand(
  ctx: Context,
  [oldId, newId]: [string, string],
  options: OutputOptions & { allowOtherUnit?: boolean },
): Promise<number> {
  const { compareRounds } = await import('../../review/compare.js');
  const { redactorFor } = await import('../../report/redact.js');
  const { redactionWarnings } = await import('../redaction.js');
  const out = outputOf(ctx, 'compare', options, ['md', 'docx']);
  return withSource(ctx, options, [String(oldId), String(newId)], async (store, hubNames) => {
    const reveal = options.revealIdentities ?? false;
    const redactor = hubNames ?? redactorFor(store, reveal);
    const model = compareRounds(store, findInspection(store, String(oldId)), findInspection(store, String(newId)), {
      allowOtherUnit: options.allowOtherUnit,
      office: office(ctx, options),
      date: options.date ? checkDate(options.date, '--date') : localDate(ctx.now()),
      revealIdentities: reveal,
      redactor,
      title: out?.choices.title,
    });
    const file = out ? await write(ctx, 'compare', model, out, options) : undefined;
    const warnings = hubNames ? hubRedactionWarnings(ctx, redactor.skipped) : redactionWarnings(ctx, store, redactor);
    if (ctx.json) ctx.emit(true, { ...model, file: file?.file ?? null }, warnings);
    else {
      const p = model.problems;
      const i = model.items;
      ctx.out(t('compare.head', { unit: model.unit, a: model.old.id, b: model.new.id }));
      ctx.out(
        t('compare.problems', {
          resolved: p.resolved.count,
          persisting: p.persisting.count,
          recurred: p.recurred.count,
          new: p.new.count,
          not: p.notRechecked.count,
        }),
      );
      for (const r of p.recurred.list)
        ctx.out(ctx.colour.red(`  ${t('compare.recurredMark')} ${r.items} ${r.description}`));
      for (const r of p.persisting.list)
        ctx.out(ctx.colour.yellow(`  ${t('compare.persistingMark')} ${r.items} ${r.description}`));
      ctx.out(
        t('compare.items', {
          improved: i.improved.count,
          regressed: i.regressed.count,
          unchanged: i.unchanged.count,
          newly: i.newlyChecked.count,
          not: i.notRechecked.count,
        }),
      );
      for (const r of i.regressed.list) ctx.out(ctx.colour.red(`  ${r.item} ${r.title}：${r.before} → ${r.after}`));
      if (file) ctx.out(t('report.writtenFile', file));
    }
    return 0;
  });
}

interface SummaryOptions extends OutputOptions {
  since?: string;
  unitKind?: string;
  region?: string;
}

export async function summaryCommand(ctx: Context, [ids]: [string[]], options: SummaryOptions): Promise<number> {
  const { buildSummary } = await import('../../review/summary.js');
  const { redactorFor } = await import('../../report/redact.js');
  const { redactionWarnings } = await import('../redaction.js');
  const unitKind = parseMaybe(UNIT_KIND, options.unitKind);
  const since = options.since ? checkDate(options.since, '--since') : undefined;
  const out = outputOf(ctx, 'summary', options, ['md', 'docx', 'xlsx']);
  const today = localDate(ctx.now());
  const reveal = options.revealIdentities ?? false;
  // The terminal's summary shows no good practices: they are read only for a document (--json, a file).
  const reads = { goodPractices: ctx.json || out !== undefined };
  const modelOptions = {
    office: office(ctx, options),
    date: options.date ? checkDate(options.date, '--date') : today,
    today,
    revealIdentities: reveal,
    title: out?.choices.title,
  };
  const print = async (
    model: Awaited<ReturnType<typeof buildSummary>>,
    warn: () => ReturnType<typeof redactionWarnings>,
  ) => {
    // Charts only for .docx and .xlsx: ECharts and resvg load here and nowhere else.
    const charts = async () => {
      const made = await (await import('../../review/charts.js')).summaryCharts(model);
      for (const warning of made.warnings) ctx.err(ctx.errColour.yellow(warning));
      return made.images;
    };
    const file = out
      ? await write(ctx, 'summary', model, out, options, {
          xlsx: async () => (await import('../../review/summary-xlsx.js')).summaryXlsx(model, await charts()),
          images: charts,
        })
      : undefined;
    const warnings = warn();
    if (ctx.json) ctx.emit(true, { ...model, file: file?.file ?? null }, warnings);
    else {
      const c = model.coverage;
      const r = model.rectification;
      ctx.out(
        t('summary.head', {
          inspections: c.inspections,
          units: c.units,
          concluded: c.concluded,
          filter: model.meta.filter,
        }),
      );
      if (model.common.length) {
        ctx.out(
          table(
            [
              t('ledger.number'),
              t('summary.col.item'),
              t('summary.col.title'),
              t('summary.col.lacking'),
              t('summary.col.checked'),
              t('summary.col.share'),
            ],
            model.common
              .slice(0, 15)
              .map((x) => [String(x.rank), x.item, x.title, String(x.lacking), String(x.checked), x.share]),
          ),
        );
      }
      ctx.out(
        t('summary.rectification', { problems: r.problems, closed: r.closed, rate: r.closureRate, overdue: r.overdue }),
      );
      if (file) ctx.out(t('report.writtenFile', file));
    }
    return 0;
  };
  if (options.hub) {
    const { hubSummaryRows, hubRedactor, findHubInspection } = await import('../../hub/read.js');
    const { withHubKeys } = await import('../hub-session.js');
    const { redactModel } = await import('../../report/redact.js');
    const { summaryModel } = await import('../../review/summary.js');
    return withHubKeys(ctx, options, ({ open }) =>
      withHub(hubUrl(ctx, options), async (client) => {
        const given: string[] = [];
        for (const id of ids) given.push((await findHubInspection(client, id)).id);
        const filter = { ids: given, since, unitKind, region: options.region };
        const redactor = await hubRedactor(client, reveal, open);
        const rows = await hubSummaryRows(client, filter, today, reads);
        // Good practices' notes a protected laptop pushed are ciphertext: opened with this laptop's keys.
        rows.goodPractices = rows.goodPractices.map((g) => ({
          ...g,
          note: g.note === null ? null : open('note', g.note),
        }));
        const model = redactModel(summaryModel(rows, filter, modelOptions), redactor);
        return print(model, () => hubRedactionWarnings(ctx, redactor.skipped));
      }),
    );
  }
  return withStore(ctx, options, 'read', async (store) => {
    const given = ids.map((id) => findInspection(store, id).id);
    const redactor = redactorFor(store, reveal);
    const model = buildSummary(
      store,
      { ids: given, since, unitKind, region: options.region },
      { ...modelOptions, redactor, reads },
    );
    return print(model, () => redactionWarnings(ctx, store, redactor));
  });
}
