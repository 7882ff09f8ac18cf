// Adopting a newer version of a checklist in an inspection: results carry over only for items whose
// question and basis are unchanged; the others are flagged for re-check; items the new version retires
// or no longer asks of this unit keep their conclusions and records in the history and are reported.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { canonicalJson } from '../store/canonical.js';
import { loadChecklistBytes } from '../checklist/load.js';
import type { Item, Result } from '../checklist/schema.js';
import { INPUT_LIMITS, InputFileError, readInputFile } from '../util/input.js';
import { putBytes } from '../store/blobs.js';
import { conclusions, getInspection, itemStats } from '../store/queries.js';
import { problemsOf } from '../store/problem-queries.js';
import type { Store } from '../store/store.js';
import { currentResult, inspectionSnapshots, itemKey } from './items.js';

/** What an inspection already holds for an item that the new version no longer asks. */
export interface SetAsideItem {
  itemId: string;
  title: string;
  /** The current conclusion, if there is exactly one. */
  result?: Result;
  records: number;
  /** Problems (not merged away) that name the item. */
  problems: string[];
}

export interface UpgradeResult {
  checklistId: string;
  from: string;
  to: string;
  unchanged: number;
  recheck: string[];
  added: string[];
  /** Ids of the items the new version no longer has (kept for callers of 1.0's output). */
  removed: string[];
  /** Every removed item, with what the inspection holds for it: nothing of it is deleted. */
  retired: SetAsideItem[];
  /** Items still in the checklist that no longer apply to this unit kind, and held a conclusion or records. */
  outOfScope: SetAsideItem[];
}

/** Text as compared across versions: NFKC (full- and half-width punctuation alike) without whitespace. */
const plain = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
/** What a conclusion answers: the question and the basis. A quote retyped in full-width brackets is the same quote. */
const normative = (item: Item) =>
  canonicalJson({
    check: plain(item.check),
    basis: item.basis.map((b) => (b.quote === undefined ? b : { ...b, quote: plain(b.quote) })),
  });

/** Adopt a newer version of a checklist: results carry over only where the question and basis are unchanged. */
export function upgradeChecklist(store: Store, actor: string, inspectionId: string, file: string): UpgradeResult {
  let bytes: Buffer;
  try {
    bytes = readInputFile(file, { maxBytes: INPUT_LIMITS.checklist });
  } catch (error) {
    if (error instanceof InputFileError && error.reason !== 'not-regular' && error.reason !== 'too-large') {
      throw new InputError(t('inspect.fileUnreadable', { file, reason: error.reason }));
    }
    throw error;
  }
  const loaded = loadChecklistBytes(bytes, file);
  if (!loaded.checklist) {
    const first = loaded.problems.find((p) => p.severity === 'error')!;
    throw new InputError(first.message, {
      file,
      line: first.line,
      column: first.column,
      hint: t('inspect.lintFirst', { file }),
    });
  }
  const next = loaded.checklist;
  const current = inspectionSnapshots(store, inspectionId).find((s) => s.checklist.id === next.id);
  if (!current) throw new InputError(t('inspect.upgradeNotInInspection', { id: next.id }));
  const unitKind = getInspection(store, inspectionId)?.unitKind ?? '';
  const oldItems = new Map(current.checklist.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  const newItems = next.sections.flatMap((s) => s.items);
  const newById = new Map(newItems.map((i) => [i.id, i]));
  const recheck = newItems
    .filter((i) => oldItems.has(i.id) && normative(oldItems.get(i.id)!) !== normative(i))
    .map((i) => i.id);
  const held = holdings(store, inspectionId, next.id);
  const applies = (item: Item, scope: readonly string[]) => (item.applies_to ?? scope).includes(unitKind);
  const removed = [...oldItems.keys()].filter((id) => !newById.has(id));
  const result: UpgradeResult = {
    checklistId: next.id,
    from: current.version,
    to: next.version,
    unchanged: newItems.filter((i) => oldItems.has(i.id)).length - recheck.length,
    recheck,
    added: newItems.filter((i) => !oldItems.has(i.id)).map((i) => i.id),
    removed,
    retired: removed.map((id) => held(oldItems.get(id)!)),
    outOfScope: newItems
      .filter(
        (i) =>
          oldItems.has(i.id) &&
          applies(oldItems.get(i.id)!, current.checklist.applies_to) &&
          !applies(i, next.applies_to),
      )
      .map(held)
      .filter((h) => h.result !== undefined || h.records > 0 || h.problems.length > 0),
  };
  store.write(() => {
    const blob = putBytes(store, bytes);
    if (blob.sha256 === current.sha256) throw new InputError(t('inspect.upgradeSame', { id: next.id }));
    store.append(actor, 'inspection.checklist-upgraded', {
      inspectionId,
      checklistId: next.id,
      version: next.version,
      sha256: blob.sha256,
      recheck,
    });
  });
  return result;
}

/** For one checklist of the inspection: an item's current conclusion, record count and linked problems. */
function holdings(store: Store, inspectionId: string, checklistId: string): (item: Item) => SetAsideItem {
  const heads = conclusions(store, inspectionId);
  const stats = itemStats(store, inspectionId);
  const problems = problemsOf(store, inspectionId).filter((p) => p.fields.mergedInto === undefined);
  return (item) => {
    const key = itemKey(checklistId, item.id);
    const counts = stats.get(key);
    const linked = problems.filter((p) =>
      (p.fields.items ?? []).some((h) =>
        (h.value as Array<{ checklistId: string; itemId: string }>).some(
          (i) => i.checklistId === checklistId && i.itemId === item.id,
        ),
      ),
    );
    return {
      itemId: item.id,
      title: item.title,
      result: currentResult(heads.get(key))?.result,
      records: counts ? counts.listen + counts.check + counts.talk + counts.visit : 0,
      problems: linked.map((p) => p.id),
    };
  };
}
