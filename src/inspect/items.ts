// The items of an inspection: its checklist snapshots, which items apply to the unit, which conditions
// hold, and how a user's ITEM argument (QS-01 or qingshi-baogao:QS-01) names one.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { snapshotChecklist } from '../store/snapshots.js';
import type { Checklist, Item, Section } from '../checklist/schema.js';
import { inspectionChecklists } from '../store/queries.js';
import type { Store } from '../store/store.js';
import type { ConclusionHead } from '../store/queries.js';
import { closest } from '../util/closest.js';

export interface SnapshotChecklist {
  checklist: Checklist;
  sha256: string;
  version: string;
}

const cache = new Map<string, Checklist>();

/** The checklists an inspection was created with (or upgraded to), parsed from their stored snapshots. */
export function inspectionSnapshots(store: Store, inspectionId: string): SnapshotChecklist[] {
  return inspectionChecklists(store, inspectionId).map((row) => {
    let checklist = cache.get(row.sha256);
    if (!checklist) {
      const parsed = snapshotChecklist(store, row.sha256);
      if (!parsed)
        throw new InputError(t('inspect.snapshotBroken', { id: row.checklistId, sha: row.sha256.slice(0, 12) }));
      checklist = parsed;
      cache.set(row.sha256, checklist);
    }
    return { checklist, sha256: row.sha256, version: row.version };
  });
}

export interface ItemRef {
  checklist: Checklist;
  sha256: string;
  section: Section;
  item: Item;
  key: string;
}

export const itemKey = (checklistId: string, itemId: string) => `${checklistId}/${itemId}`;

export function allItems(snapshots: readonly SnapshotChecklist[]): ItemRef[] {
  return snapshots.flatMap(({ checklist, sha256 }) =>
    checklist.sections.flatMap((section) =>
      section.items.map((item) => ({ checklist, sha256, section, item, key: itemKey(checklist.id, item.id) })),
    ),
  );
}

/** Does the item apply to this kind of unit at all? */
export function appliesTo(ref: ItemRef, unitKind: string): boolean {
  return (ref.item.applies_to ?? ref.checklist.applies_to).includes(unitKind as never);
}

/** The single current result of an item, or undefined when unconcluded or in conflict. */
export function currentResult(heads: readonly ConclusionHead[] | undefined): ConclusionHead | undefined {
  return heads && heads.length === 1 ? heads[0] : undefined;
}

/** Is the item's `when` condition met by the current conclusions? */
export function conditionHolds(ref: ItemRef, conclusions: ReadonlyMap<string, ConclusionHead[]>): boolean {
  const when = ref.item.when;
  if (!when) return true;
  const result = currentResult(conclusions.get(itemKey(ref.checklist.id, when.item)));
  return result !== undefined && when.result.includes(result.result);
}

/** Items that are asked: they apply to the unit and their condition holds, in checklist order. */
export function activeItems(
  refs: readonly ItemRef[],
  unitKind: string,
  conclusions: ReadonlyMap<string, ConclusionHead[]>,
): ItemRef[] {
  return refs.filter((r) => appliesTo(r, unitKind) && conditionHolds(r, conclusions));
}

/** Resolve `QS-01` or `qingshi-baogao:QS-01` (case-insensitive item id) to one item of the inspection. */
export function resolveItem(refs: readonly ItemRef[], arg: string): ItemRef {
  const [checklistPart, itemPart] = arg.includes(':') ? arg.split(':', 2) : [undefined, arg];
  const wanted = itemPart!.toUpperCase();
  const matches = refs.filter(
    (r) => r.item.id.toUpperCase() === wanted && (checklistPart === undefined || r.checklist.id === checklistPart),
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new InputError(t('inspect.itemAmbiguous', { item: arg }), {
      hint: matches.map((m) => `${m.checklist.id}:${m.item.id}`).join('  '),
    });
  }
  const guess = closest(
    wanted,
    refs.map((r) => r.item.id),
  );
  throw new InputError(t('inspect.itemNotFound', { item: arg }), {
    hint: guess ? t('cli.usage.didYouMean', { name: guess }) : t('inspect.itemNotFound.hint'),
  });
}
