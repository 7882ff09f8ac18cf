// An inspection's current state from the store: snapshots, counts, conclusions, progress.
import { conclusions, itemStats, rechecks, type InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { inspectionSnapshots } from './items.js';
import { progress, type Progress, type ProgressInput } from './progress.js';

/** `texts: false`: the conclusions without their notes and reasons (enough for progress; readable locked, issue 17). */
export function progressInput(store: Store, inspection: InspectionRow, texts = true): ProgressInput {
  return {
    snapshots: inspectionSnapshots(store, inspection.id),
    unitKind: inspection.unitKind,
    stats: itemStats(store, inspection.id),
    conclusions: conclusions(store, inspection.id, { texts }),
    rechecks: rechecks(store, inspection.id),
  };
}

export function inspectionProgress(store: Store, inspection: InspectionRow): Progress {
  return progress(progressInput(store, inspection, false));
}
