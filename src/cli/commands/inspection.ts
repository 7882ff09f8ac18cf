// `ducha inspection new|list|show|upgrade`.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { isInteractive } from '../io.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { kindName, resultName } from '../../checklist/describe.js';
import { createInspection, findInspection, parseTeam, type NewInspection } from '../../inspect/inspections.js';
import { inspectionProgress } from '../../inspect/status.js';
import { listInspections } from '../../store/queries.js';
import { actorOf, withStore } from '../session.js';
import { inspectionHeader, openItemsText, progressLine, progressTable } from '../../inspect/progress-text.js';
import { table } from '../../util/table.js';
import { UNIT_KIND, parseMaybe } from '../enums.js';
import { getConfig } from '../../config.js';
import { currentProblems } from '../../problems/problems.js';
import { conflictsOf } from '../../team/conflicts.js';
import { problemCounts } from '../../problems/counts.js';
import { recordedFeedback } from '../../problems/deadlines.js';
import { localDate } from '../../inspect/inspections.js';

interface NewOptions extends GlobalOptions {
  checklist: string[];
  unit?: string;
  unitKind?: string;
  region?: string;
  title?: string;
  team?: string;
  start?: string;
  /** The crypto suite of the database, when this command makes it. */
  suite?: string;
}

export async function inspectionNew(ctx: Context, _args: [], options: NewOptions): Promise<number> {
  const { checklistFolders, loadRegistry } = await import('../../checklist/registry.js');
  const registry = loadRegistry(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd);
  const given: Partial<NewInspection> = {
    unit: options.unit,
    unitKind: parseMaybe(UNIT_KIND, options.unitKind),
    region: options.region,
    title: options.title,
    team: options.team === undefined ? undefined : parseTeam(options.team),
    start: options.start,
    checklists: options.checklist,
  };
  const complete = given.unit !== undefined && given.unitKind !== undefined && (given.checklists?.length ?? 0) > 0;
  let input: NewInspection;
  if (complete) input = { ...given, team: given.team ?? [], checklists: given.checklists! } as NewInspection;
  else if (isInteractive(ctx.io) && !ctx.json) {
    const { terminalPrompter } = await import('../../inspect/prompts.js');
    const { inspectionWizard } = await import('../../inspect/wizard.js');
    const me = getConfig(ctx.io.env, 'name');
    input = await inspectionWizard(terminalPrompter(ctx.io), registry, {
      ...given,
      me: typeof me === 'string' ? me : undefined,
      today: ctx.now(),
    });
  } else {
    const missing = [
      given.unit === undefined && '--unit',
      given.unitKind === undefined && '--unit-kind',
      !given.checklists?.length && '--checklist',
    ].filter(Boolean);
    throw new UsageError(t('inspect.newMissing', { flags: missing.join(' ') }), { hint: t('inspect.newMissing.hint') });
  }
  const actor = actorOf(ctx, options);
  const inspection = await withStore(ctx, options, 'create', (store) =>
    createInspection(store, actor, input, registry),
  );
  if (ctx.json) ctx.emit(true, inspection);
  else if (isInteractive(ctx.io)) {
    ctx.err(t('inspect.created', { id: inspection.id, title: inspection.title }));
    ctx.out(inspection.id);
  } else ctx.out(inspection.id);
  return 0;
}

export async function inspectionList(ctx: Context, _args: [], options: GlobalOptions): Promise<number> {
  return withStore(ctx, options, 'read', (store) => {
    const rows = listInspections(store).map((i) => ({ ...i, progress: inspectionProgress(store, i) }));
    if (ctx.json) {
      ctx.emit(
        true,
        rows.map(({ progress, ...i }) => ({
          ...i,
          total: progress.total,
          concluded: progress.concluded,
          open: progress.open.length,
          conflicts: progress.conflicts,
        })),
      );
    } else if (rows.length === 0) ctx.out(t('inspect.none') + '\n' + t('inspect.none.hint'));
    else {
      const header = [
        t('list.col.id'),
        t('list.col.unit'),
        t('list.col.start'),
        t('list.col.progress'),
        t('list.col.title'),
      ];
      ctx.out(
        table(
          header,
          rows.map((r) => [r.id, `${r.unit}（${kindName(r.unitKind)}）`, r.start, progressLine(r.progress), r.title]),
        ),
      );
    }
    return 0;
  });
}

export async function inspectionShow(
  ctx: Context,
  [id]: [string | undefined],
  options: GlobalOptions,
): Promise<number> {
  return withStore(ctx, options, 'read', (store) => {
    const inspection = findInspection(store, id);
    const p = inspectionProgress(store, inspection);
    // Counts only: readable on a protected database nobody unlocked (issue 17).
    const problems = problemCounts(
      currentProblems(store, inspection.id, false, false),
      localDate(ctx.now()),
      recordedFeedback(inspection),
    );
    const conflicts = conflictsOf(store, inspection.id, false).map((c) => ({
      id: c.id,
      kind: c.kind,
      subject: c.subject,
      label: c.label,
      values: c.heads.length,
    }));
    if (ctx.json) ctx.emit(true, { inspection, progress: p, problems, conflicts });
    else {
      const lines = [
        inspectionHeader(inspection, ctx.colour),
        '',
        progressTable(p, ctx.colour),
        '',
        openItemsText(p, ctx.colour),
      ];
      if (conflicts.length > 0) lines.push('', ctx.colour.red(t('show.unresolved', { n: conflicts.length })));
      if (problems.total > 0)
        lines.push(
          '',
          t('show.problems', { total: problems.total, closed: problems.closed, rate: problems.closureRate }) +
            (problems.overdue ? ctx.colour.red(t('show.overdue', { n: problems.overdue })) : ''),
        );
      const feedback = recordedFeedback(inspection);
      if (feedback) lines.push(t('deadline.showFeedback', { date: feedback.date, days: feedback.rectifyDays }));
      ctx.out(lines.join('\n'));
    }
    return 0;
  });
}

export async function inspectionUpgrade(
  ctx: Context,
  [id]: [string],
  options: GlobalOptions & { checklist: string },
): Promise<number> {
  const actor = actorOf(ctx, options);
  const { upgradeChecklist } = await import('../../inspect/upgrade.js');
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, id);
    const result = upgradeChecklist(store, actor, inspection.id, options.checklist);
    if (ctx.json) ctx.emit(true, result);
    else {
      ctx.out(
        t('upgrade.done', { id: result.checklistId, from: result.from, to: result.to, unchanged: result.unchanged }),
      );
      if (result.recheck.length) ctx.out(ctx.colour.yellow(t('upgrade.recheck', { items: result.recheck.join('、') })));
      if (result.added.length) ctx.out(t('upgrade.added', { items: result.added.join('、') }));
      const setAside = (title: string, list: typeof result.retired) => {
        if (list.length === 0) return;
        ctx.out(ctx.colour.yellow(title));
        for (const i of list) {
          const state = [
            i.result ? t('upgrade.setAside.result', { result: resultName(i.result) }) : t('upgrade.setAside.noResult'),
            t('upgrade.setAside.records', { n: i.records }),
          ];
          if (i.problems.length) state.push(t('upgrade.setAside.problems', { ids: i.problems.join('、') }));
          ctx.out(t('upgrade.setAside.item', { id: i.itemId, title: i.title, state: state.join('，') }));
        }
      };
      setAside(t('upgrade.retired'), result.retired);
      setAside(t('upgrade.outOfScope'), result.outOfScope);
      if ([...result.retired, ...result.outOfScope].some((i) => i.problems.length > 0))
        ctx.out(ctx.colour.yellow(t('upgrade.setAside.hint')));
    }
    return 0;
  });
}
