// An inspection's current state from the store: snapshots, counts, conclusions, progress.
import { conclusions, itemStats, rechecks, type InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { inspectionSnapshots } from './items.js';
import { progress, type Progress, type ProgressInput } from './progress.js';

export function progressInput(store: Store, inspection: InspectionRow): ProgressInput {
  return {
    snapshots: inspectionSnapshots(store, inspection.id),
    unitKind: inspection.unitKind,
    stats: itemStats(store, inspection.id),
    conclusions: conclusions(store, inspection.id),
    rechecks: rechecks(store, inspection.id),
  };
}

export function inspectionProgress(store: Store, inspection: InspectionRow): Progress {
  return progress(progressInput(store, inspection));
}
