// The events of one inspection in the order they happened, for ducha inspection history.
import { clearPayload } from './sealed.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { rowToEvent, type EventRow } from './store.js';
import type { StoredEvent } from './events.js';

/** Every event of the inspection, by time, then event id (the same order on every laptop). */
export function inspectionEvents(from: QuerySource, inspectionId: string): StoredEvent[] {
  const db = connection(from);
  return (
    prepared(
      db,
      // Shown to the user: confidential fields decrypted (issue 17).
      `SELECT seq_no, id, device, seq, at, actor, type, ducha_dec_payload(type, ${clearPayload()}) AS payload, prev_hash, hash, inspection_id FROM events WHERE inspection_id = ? ORDER BY at, seq_no`,
    ).all(inspectionId) as EventRow[]
  ).map(rowToEvent);
}
