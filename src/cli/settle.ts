// Settling what a merge left open, asked one thing at a time in a terminal: a conflict's value, what to do
// with a problem made from a conclusion that was not chosen, whether to merge duplicate problems. Every
// answer is its own write; "later" leaves the thing as it was.
import { InputError } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { Context } from './context.js';
import { isInteractive } from './io.js';
import type { GlobalOptions } from './program.js';
import { actorOf } from './session.js';
import type { Prompter } from '../inspect/prompter.js';
import type { Store } from '../store/store.js';
import { allItems, inspectionSnapshots, itemKey } from '../inspect/items.js';
import { currentProblems, findProblem, mergeProblems } from '../problems/problems.js';
import {
  canFollow,
  confirmProblem,
  followConclusion,
  mergeTargets,
  staleProblems,
  type StaleProblem,
} from '../problems/follow.js';
import type { DuplicateGroup } from '../problems/duplicates.js';
import { fieldsText } from '../problems/fields.js';
import { resolveWith, shortTime, type Conflict, type ConflictHead } from '../team/conflicts.js';
import { conclusionText, valueText } from '../team/conflict-text.js';

/** Ask which value of a conflict to take; undefined when left for later. */
export async function chooseHead(prompter: Prompter, conflict: Conflict): Promise<ConflictHead | undefined> {
  const choices = [
    ...conflict.heads.map((h) => ({
      value: h.index,
      name: `${h.index}. ${valueText(conflict.entity, h.value)}`,
      description: `${h.actor} ${shortTime(h.at)}`,
    })),
    { value: 0, name: t('conflict.skip') },
  ];
  const index = await prompter.select(t('conflict.pick', { label: `${conflict.id} ${conflict.label}` }), choices);
  return conflict.heads.find((h) => h.index === index);
}

/** Walk the conflicts; returns those resolved. */
export async function settleConflicts(
  prompter: Prompter,
  store: Store,
  actor: string,
  conflicts: readonly Conflict[],
): Promise<Conflict[]> {
  const done: Conflict[] = [];
  for (const conflict of conflicts) {
    const head = await chooseHead(prompter, conflict);
    if (!head) {
      prompter.print(t('conflict.skipped', { id: conflict.id }));
      continue;
    }
    resolveWith(store, actor, conflict, head);
    prompter.print(t('conflict.resolved', { id: conflict.id, value: valueText(conflict.entity, head.value) }));
    done.push(conflict);
  }
  return done;
}

type FollowChoice = 'follow' | 'merge' | 'keep' | 'later';

/** For each problem made from a conclusion that was not chosen: rewrite, merge, keep, or later. */
export async function settleStale(
  prompter: Prompter,
  store: Store,
  actor: string,
  inspectionId: string,
): Promise<void> {
  const stale = staleProblems(store, inspectionId);
  if (stale.length === 0) return;
  const targets = mergeTargets(stale, currentProblems(store, inspectionId));
  const refs = allItems(inspectionSnapshots(store, inspectionId));
  for (const x of stale) {
    const target = targets.get(x.problem.id);
    const choices = [
      {
        value: 'follow' as FollowChoice,
        name: t('follow.choice.follow', { chosen: conclusionText(x.resolution.value) }),
        disabled: !canFollow(x),
      },
      ...(target ? [{ value: 'merge' as FollowChoice, name: t('follow.choice.merge', { target }) }] : []),
      { value: 'keep' as FollowChoice, name: t('follow.choice.keep') },
      { value: 'later' as FollowChoice, name: t('follow.choice.later') },
    ];
    const choice = await prompter.select(
      t('follow.pick', { id: x.problem.id, description: x.problem.description }),
      choices,
      { default: (target ? 'merge' : 'follow') as FollowChoice },
    );
    await applyFollow(
      prompter,
      store,
      actor,
      x,
      choice,
      target,
      refs.find((r) => r.key === itemKey(x.item.checklistId, x.item.itemId))?.item.title ?? '',
    );
  }
}

async function applyFollow(
  prompter: Prompter,
  store: Store,
  actor: string,
  x: StaleProblem,
  choice: FollowChoice,
  target: string | undefined,
  title: string,
): Promise<void> {
  if (choice === 'follow') {
    const fields = followConclusion(store, actor, x, title);
    prompter.print(t('problem.followed', { id: x.problem.id, fields: fieldsText(fields) }));
  } else if (choice === 'merge' && target) {
    mergeProblems(store, actor, [findProblem(store, x.problem.inspectionId, target), x.problem]);
    prompter.print(t('import.merged', { others: x.problem.id, keep: target }));
  } else if (choice === 'keep') {
    confirmProblem(store, actor, x.problem);
    prompter.print(t('problem.kept', { id: x.problem.id }));
  }
}

/** Offer to merge each group of duplicate problems into its oldest. */
export async function settleDuplicates(
  prompter: Prompter,
  store: Store,
  actor: string,
  groups: readonly DuplicateGroup[],
): Promise<void> {
  const merged = new Set<string>();
  for (const g of groups) {
    const problems = g.problems.filter((p) => !merged.has(p.id));
    if (problems.length < 2) continue;
    const [keep, ...others] = problems as [(typeof problems)[number], ...typeof problems];
    if (
      !(await prompter.confirm(
        t('settled.mergeOffer', { item: g.item.itemId, ids: problems.map((p) => p.id).join('、'), keep: keep.id }),
        { default: g.exact },
      ))
    )
      continue;
    mergeProblems(
      store,
      actor,
      problems.map((p) => findProblem(store, g.inspectionId, p.id)),
    );
    others.forEach((p) => merged.add(p.id));
    prompter.print(t('import.merged', { others: others.map((p) => p.id).join('、'), keep: keep.id }));
  }
}

/**
 * Before an official document: settled data, or (in a terminal) an offer to settle it now, or a refusal
 * that names what is open and how to settle it. `--draft` writes anyway, marked 征求意见稿. Read from the
 * hub (--hub), nothing is offered: the data is a copy in memory, and what is settled must be settled on a
 * laptop and pushed (the hub stores only what devices sign).
 */
export async function settleBeforeReport(
  ctx: Context,
  options: GlobalOptions & { draft?: boolean; template?: string; hub?: string | boolean },
  store: Store,
  inspectionId: string,
  kind: string,
): Promise<{ draft: boolean; remarks: Map<string, string[]>; notes: string[]; open: string[] }> {
  const { checkSettled, draftRemarks, isSettled, unsettledCount, unsettledLines, warningLines } =
    await import('../report/settled.js');
  const check = () => checkSettled(store, inspectionId, kind, { customTemplate: Boolean(options.template) });
  let s = check();
  if (!isSettled(s) && !options.draft && !options.hub && isInteractive(ctx.io) && !ctx.json) {
    const { terminalPrompter } = await import('../inspect/prompts.js');
    const prompter = terminalPrompter(ctx.io);
    prompter.print(unsettledLines(s).join('\n'));
    if (await prompter.confirm(t('settled.offer', { n: unsettledCount(s) }), { default: true })) {
      const actor = actorOf(ctx, options);
      await settleConflicts(prompter, store, actor, s.conflicts);
      await settleStale(prompter, store, actor, inspectionId);
      await settleDuplicates(prompter, store, actor, check().duplicates);
      s = check();
    }
  }
  const open = unsettledLines(s);
  if (open.length > 0 && !options.draft) {
    throw new InputError(
      [
        t('settled.refused', { kind: t(`report.kind.${kind}` as MessageKey), n: open.length }),
        ...open.map((l) => `  ${l.replace(/\n/g, '\n  ')}`),
      ].join('\n'),
      {
        hint: options.hub ? t('hub.settleOnLaptop') : t('settled.refused.hint'),
        code: 'unsettled',
      },
    );
  }
  return {
    draft: options.draft === true,
    remarks: options.draft ? draftRemarks(s) : new Map(),
    notes: warningLines(s),
    open,
  };
}
