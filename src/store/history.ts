// The events of one inspection in the order they happened, for ducha inspection history.
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { rowToEvent, type EventRow } from './store.js';
import type { StoredEvent } from './events.js';

/** Every event of the inspection, by time, then event id (the same order on every laptop). */
export function inspectionEvents(from: QuerySource, inspectionId: string): StoredEvent[] {
  const db = connection(from);
  return (
    prepared(db, 'SELECT * FROM events WHERE inspection_id = ? ORDER BY at, seq_no').all(inspectionId) as EventRow[]
  ).map(rowToEvent);
}
