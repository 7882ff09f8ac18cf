// The problem list (问题清单): proposing problems from items found lacking, adding them by hand, editing
// fields (each edit an event that supersedes what its author saw), and merging several into one.
import { InputError } from '../errors.js';
import { parseDate } from '../util/dates.js';
import { t } from '../i18n/index.js';
import { METHODS, SEVERITIES } from '../checklist/format.js';
import type { Method, Severity } from '../checklist/schema.js';
import type { ProblemField, ProblemFields, ProblemStatus, RectificationType } from '../store/events.js';
import { getInspection } from '../store/queries.js';
import { inspectionsWithProblems, problemIdTaken, problemsOf, type ProblemRow } from '../store/problem-queries.js';
import { freshShortId } from '../store/ids.js';
import type { Store } from '../store/store.js';
import { closest } from '../util/closest.js';
import { allItems, itemKey, type ItemRef } from '../inspect/items.js';
import { progressInput } from '../inspect/status.js';
import { itemStatus } from '../inspect/progress.js';
import type { InspectionRow } from '../store/queries.js';
import { findInspection } from '../inspect/inspections.js';
import { fieldName } from './fields.js';
import { checkDeadline } from './deadlines.js';

export const RECTIFICATION_TYPES: readonly RectificationType[] = ['immediate', 'deadline', 'ongoing'];

/** A problem with one value per field; fields where devices disagree are listed in `conflicts`. */
export interface Problem extends ProblemFields {
  id: string;
  /** Rectification status (open until the first step). */
  status: ProblemStatus;
  inspectionId: string;
  createdAt: string;
  createdBy: string;
  conflicts: ProblemField[];
}

/** `texts: false`: descriptions, requirements and measures left empty (counts on a locked protected database). */
export function currentProblems(store: Store, inspectionId: string, includeMerged = false, texts = true): Problem[] {
  return problemsOf(store, inspectionId, { texts })
    .map(toProblem)
    .filter((p) => includeMerged || !p.mergedInto);
}

/** A problem from its register heads (also for rows read from the hub). */
export function toProblem(row: ProblemRow): Problem {
  const fields: Record<string, unknown> = {};
  const conflicts: ProblemField[] = [];
  for (const [field, heads] of Object.entries(row.fields)) {
    if (heads.length > 1) conflicts.push(field as ProblemField);
    // Shown while in conflict: the latest by time, then event id, so every device shows the same one.
    fields[field] = heads[heads.length - 1]!.value;
  }
  const { status, ...rest } = fields as { status?: { status: ProblemStatus } };
  return {
    id: row.id,
    inspectionId: row.inspectionId,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    conflicts,
    ...(rest as unknown as ProblemFields),
    status: status?.status ?? 'open',
  };
}

/**
 * A problem by id or unique prefix, in one inspection or in all. `INSPECTION/PROBLEM` (prefixes of both)
 * names one whose id another inspection also uses.
 */
export function findProblem(
  store: Store,
  inspectionId: string | undefined,
  arg: string,
  includeMerged = false,
): Problem {
  const slash = arg.indexOf('/');
  if (slash > 0 && inspectionId === undefined) {
    inspectionId = findInspection(store, arg.slice(0, slash)).id;
    arg = arg.slice(slash + 1);
  }
  const all = inspectionId
    ? currentProblems(store, inspectionId, includeMerged)
    : inspectionsWithProblems(store).flatMap((id) => currentProblems(store, id, includeMerged));
  const wanted = arg.toLowerCase();
  const matches = all.filter((p) => p.id.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const sameId = new Set(matches.map((p) => p.id)).size < matches.length;
    throw new InputError(t('problem.ambiguous', { id: arg }), {
      hint: matches.map((p) => (sameId ? `${p.inspectionId}/${p.id}` : p.id)).join('  '),
    });
  }
  throw new InputError(t('problem.notFound', { id: arg }), { hint: t('problem.notFound.hint') });
}

/**
 * The items some problem covers: those of every problem in the list, and those of a problem merged into
 * one that is (merging unites the items; this also holds when one was unlinked after the merge).
 */
export function coveredItems(store: Store, inspectionId: string): Set<string> {
  const all = currentProblems(store, inspectionId, true);
  const live = new Set(all.filter((p) => !p.mergedInto).map((p) => p.id));
  const target = (p: Problem): boolean => {
    for (let q: Problem | undefined = p, hops = 0; q && hops <= all.length; hops++) {
      if (!q.mergedInto) return live.has(q.id);
      const next: string = q.mergedInto;
      q = all.find((x) => x.id === next);
    }
    return false;
  };
  return new Set(all.filter(target).flatMap((p) => p.items.map((i) => itemKey(i.checklistId, i.itemId))));
}

export interface Proposal {
  ref: ItemRef;
  fields: ProblemFields;
  /** The conclusion has no description (made before ducha required one): it is never replaced by the item's title. */
  needsDescription: boolean;
  /** The conclusion event it is proposed from, so the problem can follow that conclusion's conflict. */
  basedOn: string;
}

/** Items concluded 基本符合 or 不符合 that no problem covers yet: one proposal each. */
export function proposals(store: Store, inspection: InspectionRow): Proposal[] {
  const input = progressInput(store, inspection);
  const covered = coveredItems(store, inspection.id);
  const refs = allItems(input.snapshots);
  const out: Proposal[] = [];
  for (const ref of refs) {
    const { status, head } = itemStatus(ref, input);
    if (status !== 'done' || !head || (head.result !== 'partial' && head.result !== 'noncompliant')) continue;
    if (covered.has(ref.key)) continue;
    const counts = input.stats.get(ref.key);
    const description = head.note?.trim() ?? '';
    out.push({
      ref,
      needsDescription: description === '',
      fields: {
        description,
        items: [{ checklistId: ref.checklist.id, itemId: ref.item.id }],
        methods: METHODS.filter((m) => (counts?.[m] ?? 0) > 0),
        severity: ref.item.severity ?? 'medium',
        rectification: ref.item.rectification?.trim() || t('problem.defaultRectification'),
        type: 'deadline',
      },
      basedOn: head.eventId,
    });
  }
  return out;
}

/** `basedOn[i]`: the conclusion event problem i was proposed from, so it can follow that conclusion's conflict. */
export function createProblems(
  store: Store,
  actor: string,
  inspectionId: string,
  list: ProblemFields[],
  basedOn: ReadonlyArray<string | undefined> = [],
): string[] {
  return store.write(() =>
    list.map((fields, i) => {
      if (!fields.description?.trim())
        throw new InputError(t('problem.descriptionRequired'), { hint: t('problem.descriptionRequired.hint') });
      if (fields.deadline) checkDeadline(getInspection(store, inspectionId)!, fields.deadline);
      const id = freshShortId(store.services.shortId, (candidate) => problemIdTaken(store, candidate));
      store.append(actor, 'problem.created', {
        id,
        inspectionId,
        fields: clean(fields),
        ...(basedOn[i] ? { basedOn: basedOn[i] } : {}),
      });
      return id;
    }),
  );
}

export interface ProblemEdit {
  description?: string;
  measures?: string;
  severity?: string;
  rectification?: string;
  type?: string;
  unit?: string;
  leader?: string;
  person?: string;
  deadline?: string;
  addItems?: string[];
  removeItems?: string[];
  methods?: string[];
}

/** Check and normalise field values given on the command line. */
export function checkFields(
  edit: ProblemEdit,
  refs: readonly ItemRef[],
  resolve: (refs: readonly ItemRef[], arg: string) => ItemRef,
): Partial<ProblemFields> & { add?: ProblemFields['items']; remove?: ProblemFields['items'] } {
  const out: Partial<ProblemFields> & { add?: ProblemFields['items']; remove?: ProblemFields['items'] } = {};
  if (edit.description !== undefined) out.description = required(edit.description, 'description');
  if (edit.rectification !== undefined) out.rectification = required(edit.rectification, 'rectification');
  if (edit.severity !== undefined) out.severity = oneOf(edit.severity, SEVERITIES, 'severity') as Severity;
  if (edit.type !== undefined) out.type = oneOf(edit.type, RECTIFICATION_TYPES, 'type') as RectificationType;
  if (edit.methods !== undefined) out.methods = edit.methods.map((m) => oneOf(m, METHODS, 'method') as Method);
  for (const key of ['unit', 'leader', 'person', 'measures'] as const)
    if (edit[key] !== undefined) out[key] = edit[key]!.trim() || undefined;
  if (edit.deadline !== undefined) out.deadline = checkDate(edit.deadline, '--deadline');
  const asItem = (arg: string) => {
    const ref = resolve(refs, arg);
    return { checklistId: ref.checklist.id, itemId: ref.item.id };
  };
  if (edit.addItems?.length) out.add = edit.addItems.map(asItem);
  if (edit.removeItems?.length) out.remove = edit.removeItems.map(asItem);
  return out;
}

export function editProblem(
  store: Store,
  actor: string,
  problem: Problem,
  changes: ReturnType<typeof checkFields>,
): Partial<ProblemFields> {
  const { add, remove, ...fields } = changes;
  const same = (a: { checklistId: string; itemId: string }, b: typeof a) =>
    a.checklistId === b.checklistId && a.itemId === b.itemId;
  if (add || remove) {
    const items = [
      ...problem.items.filter((i) => !remove?.some((r) => same(r, i))),
      ...(add ?? []).filter((a) => !problem.items.some((i) => same(a, i))),
    ];
    fields.items = items;
  }
  const changed = Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(problem[k as keyof Problem])),
  ) as Partial<ProblemFields>;
  if (Object.keys(changed).length === 0) throw new InputError(t('problem.nothingChanged'));
  store.write(() => {
    if (changed.deadline) checkDeadline(getInspection(store, problem.inspectionId)!, changed.deadline);
    const heads = headsOf(store, problem);
    const supersedes = Object.fromEntries(Object.keys(changed).map((f) => [f, heads[f] ?? []]));
    store.append(actor, 'problem.updated', {
      id: problem.id,
      inspectionId: problem.inspectionId,
      fields: changed,
      supersedes,
    });
  });
  return changed;
}

/** Fold several problems into the first: items and methods united, the others marked as merged. */
export function mergeProblems(store: Store, actor: string, problems: Problem[]): Problem {
  const [target, ...others] = problems;
  if (!target || others.length === 0) throw new InputError(t('problem.mergeNeedsTwo'));
  if (others.some((p) => p.inspectionId !== target.inspectionId)) throw new InputError(t('problem.mergeAcross'));
  const items = [...target.items];
  for (const p of others)
    for (const i of p.items)
      if (!items.some((x) => x.checklistId === i.checklistId && x.itemId === i.itemId)) items.push(i);
  const methods = METHODS.filter((m) => problems.some((p) => p.methods.includes(m)));
  store.write(() => {
    const targetHeads = headsOf(store, target);
    store.append(actor, 'problem.updated', {
      id: target.id,
      inspectionId: target.inspectionId,
      fields: { items, methods },
      supersedes: { items: targetHeads.items ?? [], methods: targetHeads.methods ?? [] },
    });
    for (const p of others) {
      store.append(actor, 'problem.updated', {
        id: p.id,
        inspectionId: p.inspectionId,
        fields: { mergedInto: target.id },
        supersedes: { mergedInto: headsOf(store, p).mergedInto ?? [] },
      });
    }
  });
  return { ...target, items, methods };
}

function headsOf(store: Store, problem: Problem): Record<string, string[]> {
  const row = problemsOf(store, problem.inspectionId).find((p) => p.id === problem.id);
  return Object.fromEntries(Object.entries(row?.fields ?? {}).map(([f, heads]) => [f, heads.map((h) => h.eventId)]));
}

function clean(fields: ProblemFields): ProblemFields {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''),
  ) as unknown as ProblemFields;
}

function required(value: string, field: string): string {
  if (!value.trim()) throw new InputError(t('problem.emptyField', { field: fieldName(field) }));
  return value.trim();
}

function oneOf(value: string, allowed: readonly string[], field: string): string {
  if (allowed.includes(value)) return value;
  const guess = closest(value, allowed);
  throw new InputError(t('problem.badValue', { field: fieldName(field), value, allowed: allowed.join(', ') }), {
    hint: guess ? t('cli.usage.didYouMean', { name: guess }) : undefined,
  });
}

/** Dates are read in one place (src/util/dates.ts); kept under this name for the callers that use it. */
export const checkDate = (value: string, flag?: string): string => parseDate(value, flag);
