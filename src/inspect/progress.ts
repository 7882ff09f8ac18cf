// Progress of an inspection, per checklist, section and method, and its open items: a pure function of
// the snapshots, the record counts and the conclusions.
import { METHODS } from '../checklist/format.js';
import type { Method, Result } from '../checklist/schema.js';
import type { ConclusionHead, MethodCounts } from '../store/queries.js';
import { activeItems, allItems, appliesTo, currentResult, type ItemRef, type SnapshotChecklist } from './items.js';

export type ResultCounts = Record<Result, number>;

export interface ProgressBlock {
  /** Items asked (applicable, condition met). */
  total: number;
  concluded: number;
  results: ResultCounts;
  /** Records per method. */
  methods: MethodCounts;
}

export interface OpenItem {
  checklistId: string;
  sectionId: string;
  itemId: string;
  title: string;
  /** Why it is open: no conclusion, a conflict between devices, or a changed question to re-check. */
  status: 'open' | 'conflict' | 'recheck';
  /** Required methods that have no record yet. */
  missing: Method[];
}

export interface ChecklistProgress extends ProgressBlock {
  id: string;
  title: string;
  version: string;
  sections: Array<ProgressBlock & { id: string; title: string }>;
}

export interface ItemState {
  checklistId: string;
  itemId: string;
  status: OpenItem['status'] | 'done';
  result?: Result;
  goodPractice?: boolean;
}

export interface Progress extends ProgressBlock {
  checklists: ChecklistProgress[];
  /** Every item asked, in checklist order, with its state and result. */
  items: ItemState[];
  open: OpenItem[];
  conflicts: number;
  rechecks: number;
  /**
   * Items with a conclusion or records that the current checklist versions no longer ask of this unit: retired
   * by an upgrade, or narrowed to other unit kinds. Kept in the history; not counted above.
   */
  setAside: Array<{ checklistId: string; itemId: string; result?: Result }>;
}

export interface ProgressInput {
  snapshots: readonly SnapshotChecklist[];
  unitKind: string;
  stats: ReadonlyMap<string, MethodCounts>;
  conclusions: ReadonlyMap<string, ConclusionHead[]>;
  rechecks: ReadonlyArray<{ checklistId: string; itemId: string; sha256: string }>;
}

const zeroMethods = (): MethodCounts => ({ listen: 0, check: 0, talk: 0, visit: 0 });
const zeroResults = (): ResultCounts => ({ compliant: 0, partial: 0, noncompliant: 0, 'not-applicable': 0 });
const block = (): ProgressBlock => ({ total: 0, concluded: 0, results: zeroResults(), methods: zeroMethods() });

/** The state of one item: concluded (with its result), open, in conflict, or to re-check. */
export function itemStatus(
  ref: ItemRef,
  input: Pick<ProgressInput, 'conclusions' | 'rechecks'>,
): { status: OpenItem['status'] | 'done'; head?: ConclusionHead } {
  const heads = input.conclusions.get(ref.key) ?? [];
  if (heads.length > 1) return { status: 'conflict' };
  const head = heads[0];
  if (!head) return { status: 'open' };
  const flagged = input.rechecks.some(
    (r) => r.checklistId === ref.checklist.id && r.itemId === ref.item.id && r.sha256 === ref.sha256,
  );
  if (flagged && head.checklistSha !== ref.sha256) return { status: 'recheck', head };
  return { status: 'done', head };
}

export function progress(input: ProgressInput): Progress {
  const total: Progress = { ...block(), checklists: [], items: [], open: [], conflicts: 0, rechecks: 0, setAside: [] };
  const refs = allItems(input.snapshots);
  const active = new Set(activeItems(refs, input.unitKind, input.conclusions).map((r) => r.key));
  for (const snap of input.snapshots) {
    const c = snap.checklist;
    const cp: ChecklistProgress = { ...block(), id: c.id, title: c.title, version: snap.version, sections: [] };
    for (const section of c.sections) {
      const sp = { ...block(), id: section.id, title: section.title };
      for (const item of section.items) {
        const ref: ItemRef = { checklist: c, sha256: snap.sha256, section, item, key: `${c.id}/${item.id}` };
        if (!active.has(ref.key)) continue;
        const counts = input.stats.get(ref.key) ?? zeroMethods();
        const { status, head } = itemStatus(ref, input);
        for (const target of [sp, cp, total]) {
          target.total++;
          for (const m of METHODS) target.methods[m] += counts[m];
          if (status === 'done' && head) {
            target.concluded++;
            target.results[head.result]++;
          }
        }
        total.items.push({
          checklistId: c.id,
          itemId: item.id,
          status,
          result: head?.result,
          goodPractice: head?.goodPractice,
        });
        if (status === 'conflict') total.conflicts++;
        if (status === 'recheck') total.rechecks++;
        if (status !== 'done') {
          const missing = item.evidence.required.filter((m) => counts[m] === 0);
          total.open.push({
            checklistId: c.id,
            sectionId: section.id,
            itemId: item.id,
            title: item.title,
            status,
            missing,
          });
        }
      }
      cp.sections.push(sp);
    }
    total.checklists.push(cp);
  }
  total.setAside = setAside(refs, input);
  return total;
}

/** Conclusions and records of items the inspection's checklists no longer ask of this unit, in key order. */
function setAside(refs: readonly ItemRef[], input: ProgressInput): Progress['setAside'] {
  const asked = new Set(refs.filter((r) => appliesTo(r, input.unitKind)).map((r) => r.key));
  const held = new Set([...input.conclusions.keys(), ...input.stats.keys()]);
  return [...held]
    .filter((key) => !asked.has(key))
    .sort()
    .map((key) => {
      const slash = key.indexOf('/');
      return {
        checklistId: key.slice(0, slash),
        itemId: key.slice(slash + 1),
        result: currentResult(input.conclusions.get(key))?.result,
      };
    });
}
