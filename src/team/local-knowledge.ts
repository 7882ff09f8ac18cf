// What this laptop's database holds, as the rules of acceptance ask it (knowledge.ts): looked up as each
// question comes, inside the import's transaction, so events stored earlier in the same import are seen.
import { snapshotChecklist } from '../store/snapshots.js';
import { getInspection } from '../store/queries.js';
import {
  adoptedSnapshots,
  blobSize,
  hasLinks,
  heldEvent,
  heldLink,
  problemExists,
  recordExists,
  recordIdTaken,
  signedHeadsOf,
  stepOf,
  trustedDevice,
} from '../store/team-queries.js';
import { linkHash } from '../store/hash.js';
import type { Store } from '../store/store.js';
import type { Knowledge, SnapshotFacts } from './knowledge.js';

export function sqliteKnowledge(store: Store): Knowledge {
  const db = store.db;
  const format2 = store.format === 2;
  // Most devices have no links here: asking only for those that do keeps an import's look-ups as before.
  const linked = new Map<string, boolean>();
  const snapshots = new Map<string, SnapshotFacts | undefined>();
  return {
    ownDevice: store.device,
    suite: store.suite,
    event: (device, seq) => {
      const held = heldEvent(db, device, seq);
      if (held || !format2) return held;
      let any = linked.get(device);
      if (any === undefined) linked.set(device, (any = hasLinks(db, device)));
      if (!any) return undefined;
      const link = heldLink(db, device, seq);
      return (
        link && { hash: linkHash(store.hashAlgorithm, link.prevHash, link.digest), prevHash: link.prevHash, link: true }
      );
    },
    hasInspection: (id) => getInspection(db, id) !== undefined,
    hasProblem: (inspectionId, id) => problemExists(db, inspectionId, id),
    trustedKey: (device) => trustedDevice(db, device)?.publicKey,
    signedHeads: (device) => (format2 ? signedHeadsOf(db, device) : []),
    inspectionSnapshots: (inspectionId) => adoptedSnapshots(db, inspectionId),
    snapshot: (sha256) => {
      if (!snapshots.has(sha256)) {
        const checklist = blobSize(db, sha256) === undefined ? undefined : snapshotChecklist(db, sha256);
        const items = new Set(
          (checklist?.sections ?? []).flatMap((s) =>
            Array.isArray(s?.items) ? s.items.map((i) => String(i?.id)) : [],
          ),
        );
        snapshots.set(
          sha256,
          checklist && typeof checklist.id === 'string'
            ? { id: checklist.id, version: String(checklist.version), items }
            : undefined,
        );
      }
      return snapshots.get(sha256);
    },
    blobSize: (sha256) => blobSize(db, sha256),
    hasRecord: (inspectionId, id) => recordExists(db, inspectionId, id),
    recordTaken: (id) => recordIdTaken(db, id),
    step: (inspectionId, eventId) => stepOf(db, inspectionId, eventId),
  };
}
