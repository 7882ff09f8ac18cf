// Looking up one record by its id or a prefix of it, wherever it is: for amending and withdrawing.
import type Database from 'better-sqlite3';
import type { Method } from '../checklist/schema.js';
import { prepared } from './prepared.js';

export interface StoredRecord {
  id: string;
  inspectionId: string;
  checklistId: string;
  itemId: string;
  method: Method;
  subject: string | null;
  interviewee: string | null;
  note: string;
  actor: string;
  at: string;
  withdrawn: boolean;
}

const COLUMNS = 'id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, withdrawn';

interface RawRecord {
  id: string;
  inspection_id: string;
  checklist_id: string;
  item_id: string;
  method: Method;
  subject: string | null;
  interviewee: string | null;
  note: string;
  actor: string;
  at: string;
  withdrawn: number;
}

const toRecord = (r: RawRecord): StoredRecord => ({
  id: r.id,
  inspectionId: r.inspection_id,
  checklistId: r.checklist_id,
  itemId: r.item_id,
  method: r.method,
  subject: r.subject,
  interviewee: r.interviewee,
  note: r.note,
  actor: r.actor,
  at: r.at,
  withdrawn: r.withdrawn === 1,
});

/** Records whose id starts with `prefix` (at most `limit`, in id order). */
export function recordsWithPrefix(db: Database.Database, prefix: string, limit = 10): StoredRecord[] {
  return (prepared(db, `SELECT ${COLUMNS} FROM records WHERE id >= ? AND id < ? || char(1114111) ORDER BY id LIMIT ?`).all(prefix, prefix, limit) as RawRecord[]).map(toRecord);
}

export function getRecord(db: Database.Database, id: string): StoredRecord | undefined {
  const row = prepared(db, `SELECT ${COLUMNS} FROM records WHERE id = ?`).get(id) as RawRecord | undefined;
  return row && toRecord(row);
}

/** The current heads of a record's registers (its amended fields, its withdrawal), by field. */
export function recordHeads(db: Database.Database, inspectionId: string, recordId: string): Record<string, string[]> {
  const prefix = `record/${inspectionId}/${recordId}/`;
  const rows = prepared(db, 'SELECT entity, event_id FROM registers WHERE entity >= ? AND entity < ? ORDER BY entity, at, event_id').all(prefix, prefix + '\uffff') as Array<{
    entity: string;
    event_id: string;
  }>;
  const heads: Record<string, string[]> = {};
  for (const r of rows) (heads[r.entity.slice(prefix.length)] ??= []).push(r.event_id);
  return heads;
}
