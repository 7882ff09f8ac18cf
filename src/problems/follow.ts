// Problems that no longer follow their item's conclusion: when a conclusion conflict is resolved, every
// problem made from a value that was not chosen is flagged — never rewritten behind anyone's back. The lead
// then updates it from the chosen conclusion, merges it into another problem, or keeps it as written; each
// of these is an event after the resolution, which clears the flag.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { METHODS } from '../checklist/format.js';
import type { ConclusionValue, ProblemFields, StoredEvent } from '../store/events.js';
import { conclusions, itemStats } from '../store/queries.js';
import { problemsOf } from '../store/problem-queries.js';
import { decisionEvents } from '../store/lead-queries.js';
import type { Store } from '../store/store.js';
import { currentProblems, type Problem } from './problems.js';

export interface StaleProblem {
  problem: Problem;
  item: { checklistId: string; itemId: string };
  /** The resolution that chose another value than the one the problem was made from. */
  resolution: { eventId: string; actor: string; at: string; value: ConclusionValue };
  /** The value the problem was made from, and who concluded it. */
  madeFrom: { eventId: string; actor: string; device: string; at: string; value: ConclusionValue };
}

interface Concluded {
  eventId: string;
  actor: string;
  device: string;
  at: string;
  value: ConclusionValue;
}

/** Two conclusions say the same when their result and their note do (the note becomes the problem's text). */
const same = (a: ConclusionValue, b: ConclusionValue) =>
  a.result === b.result && (a.note ?? '').trim() === (b.note ?? '').trim();

/** Fields whose edit after the resolution shows that someone has looked at the problem again. */
const REVIEWED: ReadonlyArray<keyof ProblemFields> = ['description', 'methods', 'items'];

export function staleProblems(store: Store, inspectionId: string): StaleProblem[] {
  const prefix = `conclusion/${inspectionId}/`;
  const resolutions = decisionEvents(store, inspectionId, 'register.resolved').filter((e) =>
    e.payload.entity.startsWith(prefix),
  );
  if (resolutions.length === 0) return [];
  const heads = conclusions(store, inspectionId);
  const concluded = new Map<string, Concluded>();
  for (const e of decisionEvents(store, inspectionId, 'conclusion.set')) {
    const { inspectionId: _i, checklistId: _c, itemId: _t, supersedes: _s, ...value } = e.payload;
    concluded.set(e.id, { eventId: e.id, actor: e.actor, device: e.device, at: e.at, value });
  }
  for (const e of resolutions)
    concluded.set(e.id, {
      eventId: e.id,
      actor: e.actor,
      device: e.device,
      at: e.at,
      value: e.payload.value as ConclusionValue,
    });
  const created = new Map(decisionEvents(store, inspectionId, 'problem.created').map((e) => [e.payload.id, e]));
  const updates = new Map<string, Array<StoredEvent<'problem.updated'>>>();
  for (const e of decisionEvents(store, inspectionId, 'problem.updated'))
    (updates.get(e.payload.id) ?? updates.set(e.payload.id, []).get(e.payload.id)!).push(e);
  const problems = currentProblems(store, inspectionId);

  const out: StaleProblem[] = [];
  for (const r of resolutions) {
    const key = r.payload.entity.slice(prefix.length);
    const current = heads.get(key) ?? [];
    if (current.length !== 1 || current[0]!.eventId !== r.id) continue; // superseded since, or in conflict again
    const chosen = r.payload.value as ConclusionValue;
    const superseded = r.payload.supersedes
      .map((id) => concluded.get(id))
      .filter((c): c is Concluded => c !== undefined);
    const rejected = superseded.filter((c) => !same(c.value, chosen));
    if (rejected.length === 0) continue;
    const chosenDevices = new Set(superseded.filter((c) => same(c.value, chosen)).map((c) => c.device));
    const [checklistId, itemId] = key.split('/') as [string, string];
    for (const problem of problems) {
      if (!problem.items.some((i) => i.checklistId === checklistId && i.itemId === itemId)) continue;
      const made = created.get(problem.id);
      if (!made) continue;
      let madeFrom: Concluded | undefined;
      if (made.payload.basedOn) {
        const basis = concluded.get(made.payload.basedOn);
        if (!basis || same(basis.value, chosen)) continue;
        madeFrom = basis;
      } else {
        // Made before the proposal recorded its conclusion: the laptop that concluded the rejected value made it.
        if (made.at >= r.at || chosenDevices.has(made.device)) continue;
        madeFrom = rejected.find((c) => c.device === made.device);
        if (!madeFrom) continue;
      }
      const reviewed = (updates.get(problem.id) ?? []).some(
        (u) => u.at >= r.at && REVIEWED.some((f) => u.payload.fields[f] !== undefined),
      );
      if (reviewed) continue;
      out.push({
        problem,
        item: { checklistId, itemId },
        resolution: { eventId: r.id, actor: r.actor, at: r.at, value: chosen },
        madeFrom,
      });
    }
  }
  return out;
}

/** Per stale problem: another current problem on its item that is not stale itself — where it can be merged. */
export function mergeTargets(stale: readonly StaleProblem[], problems: readonly Problem[]): Map<string, string> {
  const staleIds = new Set(stale.map((x) => x.problem.id));
  const out = new Map<string, string>();
  for (const x of stale) {
    const target = problems.find(
      (p) =>
        !staleIds.has(p.id) && p.items.some((i) => i.checklistId === x.item.checklistId && i.itemId === x.item.itemId),
    );
    if (target) out.set(x.problem.id, target.id);
  }
  return out;
}

/** Can the problem be rewritten from the chosen conclusion? Only a 基本符合 or 不符合 one describes a problem. */
export const canFollow = (stale: StaleProblem) =>
  stale.resolution.value.result === 'partial' || stale.resolution.value.result === 'noncompliant';

/**
 * Rewrite the problem from the chosen conclusion, as `problem propose` would make it now: its note as the
 * description (else the item's title), and the methods that have records on the item.
 */
export function followConclusion(
  store: Store,
  actor: string,
  stale: StaleProblem,
  itemTitle: string,
): Pick<ProblemFields, 'description' | 'methods'> {
  if (!canFollow(stale))
    throw new InputError(t('follow.cannot', { id: stale.problem.id }), {
      hint: t('follow.cannot.hint', { id: stale.problem.id }),
    });
  const counts = itemStats(store, stale.problem.inspectionId).get(`${stale.item.checklistId}/${stale.item.itemId}`);
  const fields = {
    description: stale.resolution.value.note?.trim() || itemTitle,
    methods: METHODS.filter((m) => (counts?.[m] ?? 0) > 0),
  };
  update(store, actor, stale.problem, fields);
  return fields;
}

/** Keep the problem as written: its description is stated again by the lead, which records the decision. */
export function confirmProblem(store: Store, actor: string, problem: Problem): void {
  update(store, actor, problem, { description: problem.description });
}

function update(store: Store, actor: string, problem: Problem, fields: Partial<ProblemFields>): void {
  store.write(() => {
    const row = problemsOf(store, problem.inspectionId).find((p) => p.id === problem.id);
    const supersedes = Object.fromEntries(
      Object.keys(fields).map((f) => [f, (row?.fields[f] ?? []).map((h) => h.eventId)]),
    );
    store.append(actor, 'problem.updated', { id: problem.id, inspectionId: problem.inspectionId, fields, supersedes });
  });
}
