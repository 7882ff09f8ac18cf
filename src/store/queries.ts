// Read queries over the projections: what commands show. (Writes go through Store.append only.)
import { clearPayload } from './sealed.js';
import type { Method } from '../checklist/schema.js';
import { WITHDRAWN, type ConclusionValue } from './events.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { RECORD_SOURCES, recordNote } from './record-queries.js';

export interface InspectionRow {
  id: string;
  title: string;
  unit: string;
  unitKind: string;
  region: string | null;
  team: string[];
  start: string;
  createdAt: string;
  createdBy: string;
  /** The date the feedback was issued (recorded once issued, or set explicitly), and the rectification days then in force. */
  feedbackDate: string | null;
  rectifyDays: number | null;
}

interface RawInspection {
  id: string;
  title: string;
  unit: string;
  unit_kind: string;
  region: string | null;
  team: string;
  start_date: string;
  created_at: string;
  created_by: string;
  feedback_date: string | null;
  rectify_days: number | null;
}

const toInspection = (r: RawInspection): InspectionRow => ({
  id: r.id,
  title: r.title,
  unit: r.unit,
  unitKind: r.unit_kind,
  region: r.region,
  team: JSON.parse(r.team) as string[],
  start: r.start_date,
  createdAt: r.created_at,
  createdBy: r.created_by,
  feedbackDate: r.feedback_date,
  rectifyDays: r.rectify_days,
});

export function listInspections(from: QuerySource): InspectionRow[] {
  const db = connection(from);
  return (prepared(db, 'SELECT * FROM inspections ORDER BY created_at DESC, id').all() as RawInspection[]).map(
    toInspection,
  );
}

export function getInspection(from: QuerySource, id: string): InspectionRow | undefined {
  const db = connection(from);
  const row = prepared(db, 'SELECT * FROM inspections WHERE id = ?').get(id) as RawInspection | undefined;
  return row && toInspection(row);
}

export function inspectionIdsWithPrefix(from: QuerySource, prefix: string): string[] {
  const db = connection(from);
  return (
    prepared(db, 'SELECT id FROM inspections WHERE id >= ? AND id < ? || char(1114111) ORDER BY id').all(
      prefix,
      prefix,
    ) as Array<{ id: string }>
  ).map((r) => r.id);
}

export interface InspectionChecklistRow {
  checklistId: string;
  position: number;
  version: string;
  sha256: string;
}

export function inspectionChecklists(from: QuerySource, inspectionId: string): InspectionChecklistRow[] {
  const db = connection(from);
  return prepared(
    db,
    'SELECT checklist_id AS checklistId, position, version, sha256 FROM inspection_checklists WHERE inspection_id = ? ORDER BY position',
  ).all(inspectionId) as InspectionChecklistRow[];
}

export type MethodCounts = Record<Method, number>;

/** Record counts per item and method: key `checklistId/itemId`. */
export function itemStats(from: QuerySource, inspectionId: string): Map<string, MethodCounts> {
  const db = connection(from);
  const rows = prepared(
    db,
    'SELECT checklist_id, item_id, listen, "check", talk, visit FROM item_stats WHERE inspection_id = ?',
  ).all(inspectionId) as Array<MethodCounts & { checklist_id: string; item_id: string }>;
  return new Map(
    rows.map((r) => [
      `${r.checklist_id}/${r.item_id}`,
      { listen: r.listen, check: r.check, talk: r.talk, visit: r.visit },
    ]),
  );
}

export interface ConclusionHead extends ConclusionValue {
  eventId: string;
  actor: string;
  at: string;
}

/**
 * Every item's conclusion heads (several heads = an unresolved conflict): key `checklistId/itemId`. A withdrawn
 * conclusion alone is no conclusion (the item is left out); beside another head it stays, as one side of the
 * conflict, with `result: 'withdrawn'` (shown as 已撤回). `texts: false` leaves out the note and the reason (the
 * progress counts need neither), so that a protected database nobody unlocked can still show its progress.
 */
export function conclusions(
  from: QuerySource,
  inspectionId: string,
  options: { texts?: boolean } = {},
): Map<string, ConclusionHead[]> {
  const db = connection(from);
  const prefix = `conclusion/${inspectionId}/`;
  const texts = options.texts !== false;
  const rows = prepared(
    db,
    `SELECT entity, event_id, ${texts ? 'ducha_dec_value(entity, value)' : "json_remove(value, '$.note', '$.reason')"} AS value, actor, at FROM registers WHERE entity >= ? AND entity < ? ORDER BY entity, at, event_id`,
  ).all(prefix, prefix + '\uffff') as Array<{
    entity: string;
    event_id: string;
    value: string;
    actor: string;
    at: string;
  }>;
  const map = new Map<string, ConclusionHead[]>();
  for (const r of rows) {
    const key = r.entity.slice(prefix.length);
    const list = map.get(key) ?? [];
    list.push({ ...(JSON.parse(r.value) as ConclusionValue), eventId: r.event_id, actor: r.actor, at: r.at });
    map.set(key, list);
  }
  for (const [key, heads] of map) if (heads.every((h) => (h.result as string) === WITHDRAWN)) map.delete(key);
  return map;
}

/** The event ids of a register's heads, whatever their value (a withdrawal too): what a new value supersedes. */
export function registerHeads(from: QuerySource, entity: string): string[] {
  const db = connection(from);
  return (
    prepared(db, 'SELECT event_id FROM registers WHERE entity = ? ORDER BY at, event_id').all(entity) as Array<{
      event_id: string;
    }>
  ).map((r) => r.event_id);
}

export function rechecks(
  from: QuerySource,
  inspectionId: string,
): Array<{ checklistId: string; itemId: string; sha256: string }> {
  const db = connection(from);
  return prepared(
    db,
    'SELECT checklist_id AS checklistId, item_id AS itemId, sha256 FROM rechecks WHERE inspection_id = ?',
  ).all(inspectionId) as Array<{
    checklistId: string;
    itemId: string;
    sha256: string;
  }>;
}

export interface RecordRow {
  id: string;
  method: Method;
  subject: string | null;
  interviewee: string | null;
  note: string;
  actor: string;
  at: string;
  evidence: Array<{ sha256: string; name: string; size: number; mime: string }>;
}

/** The records of an item that still count (withdrawn ones are left out; amended ones as amended). */
export function recordsForItem(
  from: QuerySource,
  inspectionId: string,
  checklistId: string,
  itemId: string,
): RecordRow[] {
  const db = connection(from);
  const rows = prepared(
    db,
    `SELECT id, method, ${RECORD_SOURCES}, ${recordNote()} AS note, actor, at FROM records WHERE inspection_id = ? AND checklist_id = ? AND item_id = ? AND withdrawn = 0 ORDER BY at, seq_no, position`,
  ).all(inspectionId, checklistId, itemId) as Array<Omit<RecordRow, 'evidence'>>;
  const evidence = prepared(
    db,
    "SELECT sha256, ducha_dec('evidence.name', name) AS name, size, mime FROM record_evidence WHERE record_id = ? ORDER BY position",
  );
  return rows.map((r) => ({ ...r, evidence: evidence.all(r.id) as RecordRow['evidence'] }));
}

export function evidenceByPrefix(
  from: QuerySource,
  prefix: string,
): Array<{ sha256: string; name: string; size: number; mime: string }> {
  const db = connection(from);
  return prepared(
    db,
    // Of the names a file was recorded under, a clear one first: one sealed with a key this database does not
    // hold (another device's record) would refuse the read of a file this database can open.
    `SELECT b.sha256, coalesce(ducha_dec('evidence.name', e.name), b.sha256) AS name, b.size, coalesce(e.mime, 'application/octet-stream') AS mime
       FROM blobs b LEFT JOIN (
         SELECT x.sha256, x.name, x.mime, row_number() OVER (PARTITION BY x.sha256 ORDER BY x.name LIKE 'ducha-enc:%') AS k
           FROM record_evidence x WHERE x.sha256 >= @p AND x.sha256 < @p || 'g') e ON e.sha256 = b.sha256 AND e.k = 1
      WHERE b.sha256 >= @p AND b.sha256 < @p || 'g'`,
  ).all({ p: prefix }) as Array<{ sha256: string; name: string; size: number; mime: string }>;
}

export function getRunCursor(
  from: QuerySource,
  inspectionId: string,
): { checklistId: string; itemId: string } | undefined {
  const db = connection(from);
  return prepared(
    db,
    'SELECT checklist_id AS checklistId, item_id AS itemId FROM run_cursor WHERE inspection_id = ?',
  ).get(inspectionId) as { checklistId: string; itemId: string } | undefined;
}

export function setRunCursor(
  from: QuerySource,
  inspectionId: string,
  checklistId: string,
  itemId: string,
  at: string,
): void {
  const db = connection(from);
  prepared(
    db,
    'INSERT INTO run_cursor (inspection_id, checklist_id, item_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (inspection_id) DO UPDATE SET checklist_id = excluded.checklist_id, item_id = excluded.item_id, at = excluded.at',
  ).run(inspectionId, checklistId, itemId, at);
}

export function meta(from: QuerySource, key: string): string | undefined {
  const db = connection(from);
  return (prepared(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

// Problems moved to problem-queries.ts; hub/read.ts still imports the row type from here.
export type { ProblemRow } from './problem-queries.js';

/** The local position (seq_no) the next event appended will take: after the largest one, as SQLite gives them. */
export function nextSeqNo(from: QuerySource): number {
  return ((prepared(connection(from), 'SELECT max(seq_no) AS n FROM events').get() as { n: number | null }).n ?? 0) + 1;
}

/** Every interviewee name recorded in the database, in any inspection: what shared outputs redact. */
export function intervieweeNames(from: QuerySource): string[] {
  const db = connection(from);
  // Every name the records have held, once each (migration 14's list, kept by triggers), then decrypted: names
  // sealed deterministically (format.md §18) are equal ciphertext, so each distinct name is opened once.
  const names = (
    prepared(db, "SELECT ducha_dec('interviewee', interviewee) AS interviewee FROM interviewee_names").all() as Array<{
      interviewee: string;
    }>
  ).map((r) => r.interviewee);
  // A name replaced by a correction is still a name to keep out of documents: the list has it since migration 14,
  // a name replaced before is in the events only. Only databases with corrections pay for this.
  if (prepared(db, "SELECT 1 FROM registers WHERE entity >= 'record/' AND entity < 'record0' LIMIT 1").get()) {
    const rows = prepared(
      db,
      `SELECT ducha_dec('interviewee', json_extract(${clearPayload()}, '$.fields.interviewee')) AS name FROM events WHERE type = 'record.amended'
       UNION SELECT ducha_dec('interviewee', json_extract(${clearPayload()}, '$.interviewee')) FROM events WHERE type = 'record.added'
         AND json_extract(${clearPayload()}, '$.id') IN (SELECT json_extract(${clearPayload()}, '$.id') FROM events WHERE type = 'record.amended')`,
    ).all() as Array<{ name: unknown }>;
    for (const r of rows) if (typeof r.name === 'string' && r.name.trim() !== '') names.push(r.name);
  }
  return [...new Set(names)];
}

/** Where the given interviewee names were recorded (inspection and item), in recording order. */
export function intervieweeRecords(
  from: QuerySource,
  names: readonly string[],
): Array<{ inspectionId: string; itemId: string }> {
  const db = connection(from);
  return prepared(
    db,
    "SELECT inspection_id AS inspectionId, item_id AS itemId FROM records WHERE ducha_dec('interviewee', interviewee) IN (SELECT value FROM json_each(?)) ORDER BY at, seq_no, position",
  ).all(JSON.stringify(names)) as Array<{ inspectionId: string; itemId: string }>;
}
