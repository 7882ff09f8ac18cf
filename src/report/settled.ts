// Is the data of a document settled? Before an official document is made: the open conflicts it is made
// from (every conclusion conflict; the problem fields its kind prints), problems that no longer follow
// their item's resolved conclusion, and word-for-word duplicate problems — each blocks it, with the command
// that settles it. Problems merely sharing an item, conflicts the document does not print, and records
// entered twice are warnings.
import { t } from '../i18n/index.js';
import { methodName } from '../checklist/describe.js';
import { duplicateRecordGroups } from '../store/lead-queries.js';
import type { Store } from '../store/store.js';
import { conflictsOf, headLines, type Conflict } from '../team/conflicts.js';
import { conclusionText } from '../team/conflict-text.js';
import { currentProblems } from '../problems/problems.js';
import { duplicateGroups, mergeCommand, type DuplicateGroup } from '../problems/duplicates.js';
import { canFollow, mergeTargets, staleProblems, type StaleProblem } from '../problems/follow.js';

/** The problem fields each kind of document prints (by its shipped template); conclusions touch every kind. */
const FIELDS_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  feedback: ['description', 'items', 'methods', 'mergedInto'],
  notice: ['description', 'items', 'rectification', 'type', 'deadline', 'unit', 'mergedInto'],
};

export interface Settled {
  conflicts: Conflict[];
  otherConflicts: Conflict[];
  stale: StaleProblem[];
  /** Per stale problem: another problem on its item, not stale itself, to merge it into. */
  mergeTargets: Map<string, string>;
  duplicates: DuplicateGroup[];
  sameItem: DuplicateGroup[];
  duplicateRecords: ReturnType<typeof duplicateRecordGroups>;
}

/** `customTemplate`: a template of the user's may print any field, so every conflict touches it. */
export function checkSettled(
  store: Store,
  inspectionId: string,
  kind: string,
  options: { customTemplate?: boolean } = {},
): Settled {
  const fields = options.customTemplate ? undefined : FIELDS_BY_KIND[kind];
  const problems = currentProblems(store, inspectionId);
  const current = new Set(problems.map((p) => p.id));
  const touches = (c: Conflict) => {
    if (c.kind === 'conclusion') return true;
    const problemId = c.subject.slice(0, c.subject.lastIndexOf('.'));
    if (c.field !== 'mergedInto' && !current.has(problemId)) return false; // merged away: in no document
    return !fields || fields.includes(c.field);
  };
  const all = conflictsOf(store, inspectionId);
  const groups = duplicateGroups(problems);
  const stale = staleProblems(store, inspectionId);
  return {
    conflicts: all.filter(touches),
    otherConflicts: all.filter((c) => !touches(c)),
    stale,
    mergeTargets: mergeTargets(stale, problems),
    duplicates: groups.filter((g) => g.exact),
    sameItem: groups.filter((g) => !g.exact),
    duplicateRecords: duplicateRecordGroups(store, inspectionId),
  };
}

export const isSettled = (s: Settled) => s.conflicts.length + s.stale.length + s.duplicates.length === 0;

export const unsettledCount = (s: Settled) => s.conflicts.length + s.stale.length + s.duplicates.length;

/** What blocks the document, one entry per thing, each with the command that settles it. */
export function unsettledLines(s: Settled): string[] {
  return [
    ...s.conflicts.map((c) =>
      [
        t('settled.conflict', { id: c.id, label: c.label }),
        ...headLines(c).map((l) => `    ${l}`),
        `    → ducha conflicts resolve ${c.id} --take 1`,
      ].join('\n'),
    ),
    ...s.stale.map((x) => staleLine(x, s.mergeTargets.get(x.problem.id))),
    ...s.duplicates.map(
      (g) =>
        `${t('settled.duplicates', { item: g.item.itemId, n: g.problems.length, ids: g.problems.map((p) => p.id).join('、') })}\n    → ${mergeCommand(g)}`,
    ),
  ];
}

function staleLine(x: StaleProblem, target: string | undefined): string {
  const head = t('settled.stale', {
    id: x.problem.id,
    item: x.item.itemId,
    actor: x.madeFrom.actor,
    from: conclusionText(x.madeFrom.value),
    chosen: conclusionText(x.resolution.value),
  });
  const commands = [
    canFollow(x) ? t('settled.stale.follow', { id: x.problem.id }) : '',
    target ? t('settled.stale.merge', { command: `ducha problem merge ${target} ${x.problem.id}` }) : '',
    t('settled.stale.keep', { id: x.problem.id }),
  ].filter(Boolean);
  return [head, ...commands.map((c) => `    → ${c}`)].join('\n');
}

/** What is worth knowing but does not block: other conflicts, problems sharing an item, duplicate records. */
export function warningLines(s: Settled): string[] {
  return [
    ...(s.otherConflicts.length
      ? [
          t('settled.otherConflicts', {
            n: s.otherConflicts.length,
            labels: s.otherConflicts.map((c) => c.label).join('、'),
          }),
        ]
      : []),
    ...s.sameItem.map((g) =>
      t('settled.sameItem', {
        item: g.item.itemId,
        ids: g.problems.map((p) => p.id).join('、'),
        command: mergeCommand(g),
      }),
    ),
    ...s.duplicateRecords.map((g) =>
      t('settled.duplicateRecords', {
        item: g.itemId,
        method: methodName(g.method),
        n: g.ids.length,
        ids: g.ids.join('、'),
      }),
    ),
  ];
}

/** For a draft: a remark per problem that is not settled, for the ledger's 备注. */
export function draftRemarks(s: Settled): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, text: string) => (out.get(id) ?? out.set(id, []).get(id)!).push(text);
  for (const x of s.stale) add(x.problem.id, t('settled.remark.stale'));
  for (const g of s.duplicates)
    for (const p of g.problems.slice(1)) add(p.id, t('settled.remark.duplicate', { id: g.problems[0]!.id }));
  return out;
}
