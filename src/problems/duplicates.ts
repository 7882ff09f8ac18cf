// Problems raised twice for the same item — typically by two inspectors who each ran `problem propose`
// offline: word-for-word copies (the same items, the same description) and problems that merely share an
// item, with the merge that folds them into the oldest.
import { decisionEvents } from '../store/lead-queries.js';
import type { Store } from '../store/store.js';
import type { Problem } from './problems.js';

export interface DuplicateGroup {
  inspectionId: string;
  /** The item they share (the first one, when they share several). */
  item: { checklistId: string; itemId: string };
  /** Oldest first: the first is the one to keep. */
  problems: Problem[];
  /** Word for word the same: same items and the same description. */
  exact: boolean;
}

/** Description without spacing and closing punctuation differences. */
const normal = (text: string) => text.replace(/\s+/g, '').replace(/[。；;.，,！!]+$/u, '');
const itemSet = (p: Problem) =>
  p.items
    .map((i) => `${i.checklistId}/${i.itemId}`)
    .sort()
    .join('|');
const signature = (p: Problem) => `${itemSet(p)}\n${normal(p.description)}`;

/**
 * For every item covered by more than one current problem: the groups of exact copies, and (when the
 * problems there are not all copies of one) the group of all problems sharing the item.
 */
export function duplicateGroups(problems: readonly Problem[]): DuplicateGroup[] {
  const byItem = new Map<string, Problem[]>();
  const sorted = [...problems]
    .filter((p) => !p.mergedInto)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  for (const p of sorted) {
    for (const i of p.items) {
      const key = `${i.checklistId}/${i.itemId}`;
      (byItem.get(key) ?? byItem.set(key, []).get(key)!).push(p);
    }
  }
  const groups: DuplicateGroup[] = [];
  const seen = new Set<string>();
  for (const [key, list] of byItem) {
    if (list.length < 2) continue;
    const [checklistId, itemId] = key.split('/') as [string, string];
    const partitions = new Map<string, Problem[]>();
    for (const p of list) (partitions.get(signature(p)) ?? partitions.set(signature(p), []).get(signature(p))!).push(p);
    const candidates: Array<{ problems: Problem[]; exact: boolean }> = [...partitions.values()]
      .filter((g) => g.length > 1)
      .map((g) => ({ problems: g, exact: true }));
    if (partitions.size > 1) candidates.push({ problems: list, exact: false });
    for (const g of candidates) {
      const id = `${g.exact}:${g.problems.map((p) => p.id).join(',')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      groups.push({ inspectionId: list[0]!.inspectionId, item: { checklistId, itemId }, ...g });
    }
  }
  return groups;
}

/** The command that folds a group into its oldest problem. */
export const mergeCommand = (group: Pick<DuplicateGroup, 'problems'>) =>
  `ducha problem merge ${group.problems.map((p) => p.id).join(' ')}`;

/**
 * Who created the inspection, when it was created on another device: proposing problems there, as well as
 * on the lead's laptop, is what makes duplicates. Undefined when this device created it.
 */
export function createdElsewhere(store: Store, inspectionId: string): string | undefined {
  const created = decisionEvents(store, inspectionId, 'inspection.created')[0];
  return created && created.device !== store.device ? created.actor : undefined;
}
