// 回头看: two rounds at the same unit compared. Items: improved, regressed, unchanged, newly checked, not
// re-checked. Problems, matched by the items they concern (or the same description when they concern
// none): resolved, persisting, recurred (closed in the old round and found again: 问题反弹), new, and not
// re-checked (the new round did not look at its items again). Interviewee names are redacted unless revealed.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { resultName } from '../checklist/describe.js';
import type { Result } from '../checklist/schema.js';
import type { Store } from '../store/store.js';
import type { InspectionRow } from '../store/queries.js';
import { allItems, itemKey } from '../inspect/items.js';
import { itemStatus } from '../inspect/progress.js';
import { progressInput } from '../inspect/status.js';
import { currentProblems, type Problem } from '../problems/problems.js';
import { statusName } from '../problems/lifecycle.js';
import { chineseDate, openEnded as sentence } from '../util/numbers.js';
import { redactModel, redactorFor, type Redactor } from '../report/redact.js';

export interface ItemChange {
  number: number;
  checklist: string;
  item: string;
  title: string;
  before: string;
  after: string;
}

export interface ProblemChange {
  number: number;
  /** Without closing punctuation: a template ends the sentence. */
  description: string;
  /** Item codes (QS-05), for the terminal and --json; documents print itemTitles. */
  items: string;
  itemTitles: string;
  before: string;
  after: string;
  oldId: string;
  newId: string;
  oldStatus: string;
}

type Group<T> = { list: T[]; count: number; any: boolean };

export interface CompareModel {
  meta: { title: string; office: string; date: string; dateText: string; revealIdentities: boolean };
  unit: string;
  old: { id: string; title: string; start: string; startText: string };
  new: { id: string; title: string; start: string; startText: string };
  items: {
    improved: Group<ItemChange>;
    regressed: Group<ItemChange>;
    unchanged: Group<ItemChange>;
    newlyChecked: Group<ItemChange>;
    notRechecked: Group<ItemChange>;
  };
  problems: {
    resolved: Group<ProblemChange>;
    persisting: Group<ProblemChange>;
    recurred: Group<ProblemChange>;
    new: Group<ProblemChange>;
    notRechecked: Group<ProblemChange>;
  };
}

const RANK: Partial<Record<Result, number>> = { compliant: 3, partial: 2, noncompliant: 1 };
const group = <T extends { number: number }>(list: Array<Omit<T, 'number'>>): Group<T> => ({
  list: list.map((x, i) => ({ ...x, number: i + 1 }) as T),
  count: list.length,
  any: list.length > 0,
});

function results(
  store: Store,
  inspection: InspectionRow,
): Map<string, { result?: Result; title: string; checklist: string; item: string }> {
  const input = progressInput(store, inspection);
  const map = new Map<string, { result?: Result; title: string; checklist: string; item: string }>();
  for (const ref of allItems(input.snapshots)) {
    const { head, status } = itemStatus(ref, input);
    map.set(ref.key, {
      result: status === 'done' ? head?.result : undefined,
      title: ref.item.title,
      checklist: ref.checklist.title,
      item: ref.item.id,
    });
  }
  return map;
}

export function compareRounds(
  store: Store,
  before: InspectionRow,
  after: InspectionRow,
  options: {
    allowOtherUnit?: boolean;
    office: string;
    date: string;
    revealIdentities?: boolean;
    redactor?: Redactor;
    title?: string;
  },
): CompareModel {
  if (before.id === after.id) throw new InputError(t('compare.same'));
  if (before.unit !== after.unit && !options.allowOtherUnit)
    throw new InputError(t('compare.otherUnit', { a: before.unit, b: after.unit }), {
      hint: t('compare.otherUnit.hint'),
    });
  if (before.start > after.start)
    throw new InputError(t('compare.order', { a: before.id, b: after.id }), {
      hint: t('compare.order.hint', { a: after.id, b: before.id }),
    });

  const a = results(store, before);
  const b = results(store, after);
  const items: Record<keyof CompareModel['items'], Array<Omit<ItemChange, 'number'>>> = {
    improved: [],
    regressed: [],
    unchanged: [],
    newlyChecked: [],
    notRechecked: [],
  };
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    const info = (y ?? x)!;
    const change = {
      checklist: info.checklist,
      item: info.item,
      title: info.title,
      before: name(x?.result),
      after: name(y?.result),
    };
    const rx = x?.result === undefined ? undefined : (RANK[x.result] ?? 0);
    const ry = y?.result === undefined ? undefined : (RANK[y.result] ?? 0);
    if (rx === undefined && ry === undefined) continue;
    if (rx === undefined) items.newlyChecked.push(change);
    else if (ry === undefined) items.notRechecked.push(change);
    else if (ry > rx && rx > 0) items.improved.push(change);
    else if (ry < rx && ry > 0) items.regressed.push(change);
    else if (ry === rx) items.unchanged.push(change);
    else items.newlyChecked.push(change); // from or to 不适用: not comparable, counted as a fresh judgement
  }

  const oldProblems = currentProblems(store, before.id);
  const newProblems = currentProblems(store, after.id);
  const keys = (p: Problem) => new Set(p.items.map((i) => itemKey(i.checklistId, i.itemId)));
  const matches = (p: Problem, q: Problem) => {
    const kp = keys(p);
    const kq = keys(q);
    return kp.size === 0 || kq.size === 0
      ? p.description.trim() === q.description.trim()
      : [...kp].some((k) => kq.has(k));
  };
  const problems: Record<keyof CompareModel['problems'], Array<Omit<ProblemChange, 'number'>>> = {
    resolved: [],
    persisting: [],
    recurred: [],
    new: [],
    notRechecked: [],
  };
  const matched = new Set<string>();
  const titleOf = (p: Problem) =>
    p.items
      .map(
        (i) => (b.get(itemKey(i.checklistId, i.itemId)) ?? a.get(itemKey(i.checklistId, i.itemId)))?.title ?? i.itemId,
      )
      .join('、');
  const describe = (p: Problem, q?: Problem): Omit<ProblemChange, 'number'> => ({
    description: sentence((q ?? p).description),
    items: (q ?? p).items.map((i) => i.itemId).join('、'),
    itemTitles: titleOf(q ?? p),
    before: p.description,
    after: q?.description ?? '',
    oldId: p.id,
    newId: q?.id ?? '',
    oldStatus: statusName(p.status),
  });
  for (const p of oldProblems) {
    const again = newProblems.filter((q) => matches(p, q));
    again.forEach((q) => matched.add(q.id));
    // Resolved only if the new round looked again: some item of the problem was concluded there.
    const rechecked =
      p.items.length === 0 || p.items.some((i) => b.get(itemKey(i.checklistId, i.itemId))?.result !== undefined);
    if (again.length === 0) (rechecked ? problems.resolved : problems.notRechecked).push(describe(p));
    else for (const q of again) (p.status === 'closed' ? problems.recurred : problems.persisting).push(describe(p, q));
  }
  for (const q of newProblems) {
    if (!matched.has(q.id))
      problems.new.push({
        description: sentence(q.description),
        items: q.items.map((i) => i.itemId).join('、'),
        itemTitles: titleOf(q),
        before: '',
        after: q.description,
        oldId: '',
        newId: q.id,
        oldStatus: '',
      });
  }

  const round = (i: InspectionRow) => ({ id: i.id, title: i.title, start: i.start, startText: chineseDate(i.start) });
  const model: CompareModel = {
    meta: {
      title: options.title ?? '',
      office: options.office,
      date: options.date,
      dateText: chineseDate(options.date),
      revealIdentities: options.revealIdentities ?? false,
    },
    unit: after.unit,
    old: round(before),
    new: round(after),
    items: {
      improved: group<ItemChange>(items.improved),
      regressed: group<ItemChange>(items.regressed),
      unchanged: group<ItemChange>(items.unchanged),
      newlyChecked: group<ItemChange>(items.newlyChecked),
      notRechecked: group<ItemChange>(items.notRechecked),
    },
    problems: {
      resolved: group<ProblemChange>(problems.resolved),
      persisting: group<ProblemChange>(problems.persisting),
      recurred: group<ProblemChange>(problems.recurred),
      new: group<ProblemChange>(problems.new),
      notRechecked: group<ProblemChange>(problems.notRechecked),
    },
  };
  return redactModel(model, options.redactor ?? redactorFor(store, options.revealIdentities ?? false));
}

function name(result: Result | undefined): string {
  return result ? resultName(result) : t('result.none');
}
