// Who did what, for the team lead: every record with the person who entered it, the device it came from
// and the name that device is trusted under (a record whose recorder is not that name is marked), the
// evidence it cites, and exact duplicates; and every evidence file of an inspection with where it is cited.
import {
  deviceNames,
  duplicateRecordGroups,
  evidenceOf,
  recordsWithDevices,
  type EvidenceRow,
  type LeadRecord,
} from '../store/lead-queries.js';
import type { Store } from '../store/store.js';

export interface RecordView extends LeadRecord {
  /** The name the device is trusted under; for this device, the profile's name; null when unknown. */
  deviceName: string | null;
  /** This database's own device. */
  ownDevice: boolean;
  /** The recorder differs from the device's name (`--actor` or DUCHA_ACTOR set to someone else). */
  actorDiffers: boolean;
  /** Earlier records that say exactly the same (same item, method, note, subject, interviewee). */
  duplicateOf: string[];
}

export interface RecordFilter {
  item?: { checklistId: string; itemId: string };
  /** A recorder's name, or the name a device is trusted under. */
  by?: string;
}

export function recordList(
  store: Store,
  inspectionId: string,
  filter: RecordFilter,
  selfName: string | undefined,
): RecordView[] {
  const names = deviceNames(store.db);
  const duplicates = new Map<string, string[]>();
  for (const g of duplicateRecordGroups(store.db, inspectionId))
    g.ids.forEach((id, i) => i > 0 && duplicates.set(id, g.ids.slice(0, i)));
  return recordsWithDevices(store.db, inspectionId, filter.item)
    .map((r) => {
      const ownDevice = r.device === store.device;
      const deviceName = ownDevice ? (selfName ?? null) : (names.get(r.device) ?? null);
      return {
        ...r,
        deviceName,
        ownDevice,
        actorDiffers: deviceName !== null && deviceName !== r.actor,
        duplicateOf: duplicates.get(r.id) ?? [],
      };
    })
    .filter((r) => !filter.by || r.actor === filter.by || r.deviceName === filter.by);
}

export interface EvidenceView extends EvidenceRow {
  /** How many times the same file (by sha256) is cited in this inspection. */
  citations: number;
}

export function evidenceList(store: Store, inspectionId: string): EvidenceView[] {
  const rows = evidenceOf(store.db, inspectionId);
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.sha256, (count.get(r.sha256) ?? 0) + 1);
  return rows.map((r) => ({ ...r, citations: count.get(r.sha256)! }));
}
