// `ducha conflicts list [--all]` and `ducha conflicts resolve [ID] [--take VALUE]`: what devices disagree
// on, in words; resolving by a value's number or the value itself, or by choosing in a terminal; and
// after a conclusion is settled, the problems made from the value not chosen.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { findInspection } from '../../inspect/inspections.js';
import { isInteractive } from '../io.js';
import { actorOf, withStore } from '../session.js';
import type { Conflict } from '../../team/conflicts.js';
import { headLines, shortTime } from '../../team/conflicts.js';
import { valueText } from '../../team/conflict-text.js';
import type { Store } from '../../store/store.js';
import { conflictLines } from '../format/team.js';

export async function conflictsList(
  ctx: Context,
  [id]: [string | undefined],
  options: GlobalOptions & { all?: boolean },
): Promise<number> {
  const { conflictsOf } = await import('../../team/conflicts.js');
  const { resolvedConflicts } = await import('../../team/resolved.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = id === undefined ? undefined : findInspection(store, String(id)).id;
    const open = conflictsOf(store, inspection);
    const resolved = options.all ? resolvedConflicts(store, inspection) : [];
    if (ctx.json)
      ctx.emit(
        true,
        options.all
          ? [...open.map((c) => ({ ...c, state: 'open' })), ...resolved.map((c) => ({ ...c, state: 'resolved' }))]
          : open,
      );
    else if (open.length === 0 && resolved.length === 0) ctx.out(t(options.all ? 'conflict.noneAll' : 'conflict.none'));
    else {
      if (options.all) ctx.out(open.length ? t('conflict.openTitle') : t('conflict.none'));
      conflictLines(ctx, open).forEach((l) => ctx.out(l));
      if (resolved.length) {
        ctx.out((open.length || options.all ? '\n' : '') + t('conflict.resolvedTitle'));
        for (const r of resolved) {
          ctx.out(`${ctx.colour.bold(r.id)}  ${r.label}  ${ctx.colour.dim(r.inspectionId)}`);
          r.heads.forEach((h, i) =>
            ctx.out(
              `    ${t('conflict.headLine', { n: i + 1, value: h.valueText, actor: h.actor, at: shortTime(h.at) })}${h.chosen ? t('conflict.chosenMark') : ''}`,
            ),
          );
          ctx.out(t('conflict.resolvedBy', { actor: r.resolvedBy, at: shortTime(r.resolvedAt), value: r.valueText }));
        }
      }
    }
    return 0;
  });
}

export async function conflictsResolve(
  ctx: Context,
  [id]: [string | undefined],
  options: GlobalOptions & { take?: string },
): Promise<number> {
  const { conflictsOf, findConflict, matchTake, resolveWith } = await import('../../team/conflicts.js');
  const actor = actorOf(ctx, options);
  const terminal = isInteractive(ctx.io) && !ctx.json;
  return withStore(ctx, options, 'write', async (store) => {
    if (id === undefined) {
      if (!terminal) throw new UsageError(t('conflict.needsId'), { hint: t('conflict.needsId.hint') });
      const { terminalPrompter } = await import('../../inspect/prompts.js');
      const { settleConflicts } = await import('../settle.js');
      const done = await settleConflicts(terminalPrompter(ctx.io), store, actor, conflictsOf(store));
      if (conflictsOf(store).length === 0 && done.length === 0) ctx.out(t('conflict.none'));
      await afterResolving(ctx, store, actor, done);
      return 0;
    }
    const conflict = findConflict(store, String(id));
    let chosen;
    if (options.take !== undefined) chosen = matchTake(conflict, options.take);
    else if (terminal) {
      const { terminalPrompter } = await import('../../inspect/prompts.js');
      const { chooseHead } = await import('../settle.js');
      chosen = await chooseHead(terminalPrompter(ctx.io), conflict);
      if (!chosen) {
        ctx.out(t('conflict.skipped', { id: conflict.id }));
        return 0;
      }
    } else
      throw new UsageError(t('conflict.needsTake', { id: conflict.id, label: conflict.label }), {
        hint: [t('conflict.takeHint', { id: conflict.id }), ...headLines(conflict)].join('\n'),
      });
    const event = resolveWith(store, actor, conflict, chosen);
    if (ctx.json) {
      const { staleProblems } = await import('../../problems/follow.js');
      const stale =
        conflict.kind === 'conclusion' ? staleProblems(store, conflict.inspectionId).map((x) => x.problem.id) : [];
      ctx.emit(true, {
        conflict: conflict.id,
        entity: conflict.entity,
        label: conflict.label,
        value: chosen.value,
        event: event.id,
        stale,
      });
    } else {
      ctx.out(t('conflict.resolved', { id: conflict.id, value: valueText(conflict.entity, chosen.value) }));
      await afterResolving(ctx, store, actor, [conflict]);
    }
    return 0;
  });
}

/**
 * A conclusion settled: the problems made from the value not chosen are named, with the commands that
 * settle them; in a terminal, each is offered at once.
 */
async function afterResolving(ctx: Context, store: Store, actor: string, resolved: readonly Conflict[]): Promise<void> {
  const inspections = [...new Set(resolved.filter((c) => c.kind === 'conclusion').map((c) => c.inspectionId))];
  if (inspections.length === 0) return;
  const { checkSettled, unsettledLines } = await import('../../report/settled.js');
  for (const inspection of inspections) {
    const s = checkSettled(store, inspection, 'feedback');
    if (s.stale.length === 0) continue;
    if (isInteractive(ctx.io)) {
      const { terminalPrompter } = await import('../../inspect/prompts.js');
      const { settleStale } = await import('../settle.js');
      await settleStale(terminalPrompter(ctx.io), store, actor, inspection);
    } else {
      ctx.out(ctx.colour.yellow(t('follow.found')));
      for (const line of unsettledLines({ ...s, conflicts: [], duplicates: [] }))
        ctx.out(`  ${line.replace(/\n/g, '\n  ')}`);
    }
  }
}
