// The team history of this database: every bundle imported — from which device and the name it is trusted
// under, who exported it and when, when it was imported and by whom, and what it brought. Read from the
// local import receipts (not from the signed log: receipts never travel in a bundle).
import { deviceNames, importReceipts } from '../store/lead-queries.js';
import type { Store } from '../store/store.js';

export interface HistoryEntry {
  bundle: string;
  file: string | null;
  device: string;
  /** The name the device is trusted under; for this device, null (its name is the profile's). */
  deviceName: string | null;
  self: boolean;
  exporter: string | null;
  exportedAt: string;
  importedAt: string;
  importedBy: string;
  inspections: Array<{ id: string; title: string; unit: string }>;
  events: number;
  newEvents: number;
  /** New events by type; null for imports made before ducha recorded it. */
  newByType: Record<string, number> | null;
  blobs: number | null;
  newBlobs: number | null;
}

interface Summary {
  exporter?: string;
  inspections?: HistoryEntry['inspections'];
  newByType?: Record<string, number>;
  blobs?: number;
  newBlobs?: number;
}

export function teamHistory(store: Store, inspectionId?: string): HistoryEntry[] {
  const names = deviceNames(store.db);
  return importReceipts(store.db)
    .map((r) => {
      const s = (r.summary ?? {}) as Summary;
      return {
        bundle: r.bundleSha256,
        file: r.file,
        device: r.device,
        deviceName: names.get(r.device) ?? null,
        self: r.device === store.device,
        exporter: s.exporter ?? null,
        exportedAt: r.createdAt,
        importedAt: r.importedAt,
        importedBy: r.actor,
        inspections: s.inspections ?? [],
        events: r.events,
        newEvents: r.newEvents,
        newByType: s.newByType ?? null,
        blobs: s.blobs ?? null,
        newBlobs: s.newBlobs ?? null,
      };
    })
    .filter((e) => !inspectionId || e.inspections.some((i) => i.id === inspectionId));
}
