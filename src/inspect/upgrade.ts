// Adopting a newer version of a checklist in an inspection: results carry over only for items whose
// question and basis are unchanged; the others are flagged for re-check.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { canonicalJson } from '../store/canonical.js';
import { loadChecklistBytes } from '../checklist/load.js';
import { INPUT_LIMITS, InputFileError, readInputFile } from '../util/input.js';
import { putBytes } from '../store/blobs.js';
import type { Store } from '../store/store.js';
import { inspectionSnapshots } from './items.js';

export interface UpgradeResult {
  checklistId: string;
  from: string;
  to: string;
  unchanged: number;
  recheck: string[];
  added: string[];
  removed: string[];
}

const normative = (item: { check: string; basis: unknown }) => canonicalJson({ check: item.check.trim(), basis: item.basis });

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
    throw new InputError(first.message, { file, line: first.line, column: first.column, hint: t('inspect.lintFirst', { file }) });
  }
  const next = loaded.checklist;
  const current = inspectionSnapshots(store.db, inspectionId).find((s) => s.checklist.id === next.id);
  if (!current) throw new InputError(t('inspect.upgradeNotInInspection', { id: next.id }));
  const oldItems = new Map(current.checklist.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  const newItems = next.sections.flatMap((s) => s.items);
  const recheck = newItems.filter((i) => oldItems.has(i.id) && normative(oldItems.get(i.id)!) !== normative(i)).map((i) => i.id);
  const result: UpgradeResult = {
    checklistId: next.id,
    from: current.version,
    to: next.version,
    unchanged: newItems.filter((i) => oldItems.has(i.id)).length - recheck.length,
    recheck,
    added: newItems.filter((i) => !oldItems.has(i.id)).map((i) => i.id),
    removed: [...oldItems.keys()].filter((id) => !newItems.some((i) => i.id === id)),
  };
  store.write(() => {
    const blob = putBytes(store.db, bytes);
    if (blob.sha256 === current.sha256) throw new InputError(t('inspect.upgradeSame', { id: next.id }));
    store.append(actor, 'inspection.checklist-upgraded', { inspectionId, checklistId: next.id, version: next.version, sha256: blob.sha256, recheck });
  });
  return result;
}
