// Looking up records: one by its id or a prefix of it, wherever it is (for amending and withdrawing), and the
// sources of an inspection's records (for reports).
import { clearPayload } from './sealed.js';
import type { Method } from '../checklist/schema.js';
import { dec } from './confidential.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import type { Store } from './store.js';

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

/**
 * A record's note as every query reads it (`alias` names the records table in the query): the amended one,
 * else its record.added event's — the row keeps a note only once amended (migration 10), or always for an imported
 * record (migration 16: its records.imported event holds hundreds) — decrypted on a protected database (issue 17).
 */
export const recordNote = (alias = 'records') => `ducha_dec('note', ${storedNote(alias)})`;

/** A record's note as stored (ciphertext text on a protected database; a sealed event's opened): what recordNote decrypts. */
export const storedNote = (alias = 'records') =>
  `coalesce(${alias}.note, (SELECT json_extract(${clearPayload('events')}, '$.note') FROM events WHERE events.seq_no = ${alias}.seq_no))`;

/** A record's subject and interviewee as the queries read them (decrypted). */
export const RECORD_SOURCES = `${dec('subject', 'subject')}, ${dec('interviewee', 'interviewee')}`;

const COLUMNS = `id, inspection_id, checklist_id, item_id, method, ${RECORD_SOURCES}, ${recordNote()} AS note, actor, at, withdrawn`;

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
export function recordsWithPrefix(from: QuerySource, prefix: string, limit = 10): StoredRecord[] {
  const db = connection(from);
  return (
    prepared(db, `SELECT ${COLUMNS} FROM records WHERE id >= ? AND id < ? || char(1114111) ORDER BY id LIMIT ?`).all(
      prefix,
      prefix,
      limit,
    ) as RawRecord[]
  ).map(toRecord);
}

export function getRecord(from: QuerySource, id: string): StoredRecord | undefined {
  const db = connection(from);
  const row = prepared(db, `SELECT ${COLUMNS} FROM records WHERE id = ?`).get(id) as RawRecord | undefined;
  return row && toRecord(row);
}

/** The current heads of a record's registers (its amended fields, its withdrawal), by field. */
export function recordHeads(from: QuerySource, inspectionId: string, recordId: string): Record<string, string[]> {
  const db = connection(from);
  const prefix = `record/${inspectionId}/${recordId}/`;
  const rows = prepared(
    db,
    'SELECT entity, event_id FROM registers WHERE entity >= ? AND entity < ? ORDER BY entity, at, event_id',
  ).all(prefix, prefix + '\uffff') as Array<{
    entity: string;
    event_id: string;
  }>;
  const heads: Record<string, string[]> = {};
  for (const r of rows) (heads[r.entity.slice(prefix.length)] ??= []).push(r.event_id);
  return heads;
}

export interface RecordSourceRow {
  checklistId: string;
  itemId: string;
  method: Method;
  subject: string | null;
  interviewee: string | null;
}

/** Who or what each record of an inspection that still counts (not withdrawn) was taken from, in recording order. */
export function recordSourceRows(store: Store, inspectionId: string): RecordSourceRow[] {
  return prepared(
    store.db,
    `SELECT checklist_id AS checklistId, item_id AS itemId, method, ${RECORD_SOURCES} FROM records WHERE inspection_id = ? AND withdrawn = 0 ORDER BY at, seq_no, position`,
  ).all(inspectionId) as RecordSourceRow[];
}
