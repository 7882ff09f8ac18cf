// An inspection's current state from the store: snapshots, counts, conclusions, progress.
import type Database from 'better-sqlite3';
import { conclusions, itemStats, rechecks, type InspectionRow } from '../store/queries.js';
import { inspectionSnapshots } from './items.js';
import { progress, type Progress, type ProgressInput } from './progress.js';

export function progressInput(db: Database.Database, inspection: InspectionRow): ProgressInput {
  return {
    snapshots: inspectionSnapshots(db, inspection.id),
    unitKind: inspection.unitKind,
    stats: itemStats(db, inspection.id),
    conclusions: conclusions(db, inspection.id),
    rechecks: rechecks(db, inspection.id),
  };
}

export function inspectionProgress(db: Database.Database, inspection: InspectionRow): Progress {
  return progress(progressInput(db, inspection));
}
