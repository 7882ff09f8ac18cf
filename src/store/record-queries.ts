// Looking up records: one by its id or a prefix of it, wherever it is (for amending and withdrawing), and the
// sources of an inspection's records (for reports).
import { clearPayload } from './sealed.js';
import type { Method } from '../checklist/schema.js';
import { dec } from './confidential.js';
import { prepared } from './prepared.js';
import type Database from 'better-sqlite3';
import { IN_TEXTS_NOTE, IN_TEXTS_SUBJECT, recordShape } from './record-texts.js';
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
 * A record's note or subject sealed in its import's texts (migration 17: in_texts), opened: the event found by
 * the row's seq_no, its payload read only when its texts are not kept opened already (record-texts.ts) — as its
 * hash covers it, should the event be stored sealed whole (one that arrived with a name in clear beside them).
 */
const textOf = (alias: string, member: 'note' | 'subject') =>
  `(SELECT ducha_text(e.hash, ${alias}.position, '${member}', CASE WHEN ducha_texts_held(e.hash) THEN NULL ELSE ${clearPayload('e')} END) FROM events e WHERE e.seq_no = ${alias}.seq_no)`;

/**
 * A record's note as every query reads it (`alias` names the records table in the query): the amended one,
 * else its record.added event's — the row keeps a note only once amended (migration 10), or always for an imported
 * record (migration 16: its records.imported event holds hundreds) but for one whose import sealed the notes
 * together (migration 17) — decrypted on a protected database (issue 17).
 */
export const recordNote = (alias = 'records', texts = true) =>
  texts
    ? `(CASE WHEN ${alias}.in_texts & ${IN_TEXTS_NOTE} THEN ${textOf(alias, 'note')} ELSE ducha_dec('note', ${rowNote(alias)}) END)`
    : `ducha_dec('note', ${rowNote(alias)})`;

/** A record's note as stored (ciphertext text on a protected database; a sealed event's opened, an import's texts' opened). */
export const storedNote = (alias = 'records') =>
  `(CASE WHEN ${alias}.in_texts & ${IN_TEXTS_NOTE} THEN ${textOf(alias, 'note')} ELSE ${rowNote(alias)} END)`;

/** The note of a row or of its record.added event. */
const rowNote = (alias: string) =>
  `coalesce(${alias}.note, (SELECT json_extract(${clearPayload('events')}, '$.note') FROM events WHERE events.seq_no = ${alias}.seq_no))`;

/** A record's subject as stored (ciphertext text on a protected database, an import's texts' opened). */
export const storedSubject = (alias = 'records') =>
  `(CASE WHEN ${alias}.in_texts & ${IN_TEXTS_SUBJECT} THEN ${textOf(alias, 'subject')} ELSE ${alias}.subject END)`;

/** A record's subject as the queries read it (decrypted). */
export const recordSubject = (alias = 'records', texts = true) =>
  texts
    ? `(CASE WHEN ${alias}.in_texts & ${IN_TEXTS_SUBJECT} THEN ${textOf(alias, 'subject')} ELSE ducha_dec('subject', ${alias}.subject) END)`
    : `ducha_dec('subject', ${alias}.subject)`;

/** A record's subject and interviewee as the queries read them (decrypted). */
export const RECORD_SOURCES = `${recordSubject()} AS subject, ${dec('interviewee', 'interviewee')}`;

const columns = (texts: boolean) =>
  `id, inspection_id, checklist_id, item_id, method, ${recordSubject('records', texts)} AS subject, ${dec('interviewee', 'interviewee')}, ${recordNote('records', texts)} AS note, actor, at, withdrawn`;
const COLUMNS = columns(true);
/**
 * The columns for looking a record up in `db`: a database of migrations before 17 (tests write with today's code
 * into the shapes of earlier versions' files, to stand for them) has no in_texts, and no sealed texts.
 */
const columnsIn = (db: Database.Database) => (recordShape(db) === 'current' ? COLUMNS : columns(false));

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
    prepared(
      db,
      `SELECT ${columnsIn(db)} FROM records WHERE id >= ? AND id < ? || char(1114111) ORDER BY id LIMIT ?`,
    ).all(prefix, prefix, limit) as RawRecord[]
  ).map(toRecord);
}

export function getRecord(from: QuerySource, id: string): StoredRecord | undefined {
  const db = connection(from);
  const row = prepared(db, `SELECT ${columnsIn(db)} FROM records WHERE id = ?`).get(id) as RawRecord | undefined;
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
