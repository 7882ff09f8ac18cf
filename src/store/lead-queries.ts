// Read queries for the team lead's views: who recorded what on which device, the evidence of an inspection,
// exact duplicate records, the decisions (conclusions, problem events, resolutions) of an inspection, and
// the receipts of imported bundles. Writes only the import receipt, inside the import's transaction.
import { clearPayload } from './sealed.js';
import type { Method } from '../checklist/schema.js';
import type { EvidenceRef, EventType, StoredEvent } from './events.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { RECORD_SOURCES, recordNote, recordSubject, storedNote, storedSubject } from './record-queries.js';
import { storedLengths } from './confidential.js';
import { rowToEvent, type EventRow } from './store.js';

/** Events of one inspection of the given type; records excluded, so the partial index of migration 9 serves it. */
export function decisionEvents<T extends Exclude<EventType, 'record.added'>>(
  from: QuerySource,
  inspectionId: string,
  type: T,
): Array<StoredEvent<T>> {
  const db = connection(from);
  const rows = prepared(
    db,
    `SELECT seq_no, id, device, seq, at, actor, type, ducha_dec_payload(type, ${clearPayload()}) AS payload, prev_hash, hash, inspection_id
     FROM events WHERE inspection_id = ? AND type <> 'record.added' AND type = ? ORDER BY seq_no`,
  ).all(inspectionId, type) as EventRow[];
  return rows.map((r) => rowToEvent(r) as StoredEvent<T>);
}

export interface LeadRecord {
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
  eventId: string;
  device: string;
  evidence: EvidenceRef[];
}

const COLUMNS = `id, checklist_id, item_id, method, ${RECORD_SOURCES}, ${recordNote()} AS note, actor, at, event_id`;

/** The records of an inspection (optionally of one item), each with the device that wrote it and its evidence. */
export function recordsWithDevices(
  from: QuerySource,
  inspectionId: string,
  item?: { checklistId: string; itemId: string },
): LeadRecord[] {
  const db = connection(from);
  const devices = new Map<string, string>();
  for (const [id, device] of prepared(
    db,
    "SELECT id, device FROM events WHERE inspection_id = ? AND type IN ('record.added', 'records.imported')",
    true,
  ).iterate(inspectionId) as IterableIterator<[string, string]>) {
    devices.set(id, device);
  }
  const rows = (
    item
      ? prepared(
          db,
          `SELECT ${COLUMNS} FROM records WHERE inspection_id = ? AND checklist_id = ? AND item_id = ? ORDER BY at, seq_no, position`,
        ).all(inspectionId, item.checklistId, item.itemId)
      : prepared(db, `SELECT ${COLUMNS} FROM records WHERE inspection_id = ? ORDER BY at, seq_no, position`).all(
          inspectionId,
        )
  ) as Array<{
    id: string;
    checklist_id: string;
    item_id: string;
    method: Method;
    subject: string | null;
    interviewee: string | null;
    note: string;
    actor: string;
    at: string;
    event_id: string;
  }>;
  const evidence = prepared(
    db,
    "SELECT sha256, ducha_dec('evidence.name', name) AS name, size, mime FROM record_evidence WHERE record_id = ? ORDER BY position",
  );
  return rows.map((r) => ({
    id: r.id,
    inspectionId,
    checklistId: r.checklist_id,
    itemId: r.item_id,
    method: r.method,
    subject: r.subject,
    interviewee: r.interviewee,
    note: r.note,
    actor: r.actor,
    at: r.at,
    eventId: r.event_id,
    device: devices.get(r.event_id) ?? '',
    evidence: evidence.all(r.id) as EvidenceRef[],
  }));
}

/** Groups of records that say exactly the same thing (item, method, note, subject, interviewee): ids, oldest first. */
export function duplicateRecordGroups(
  from: QuerySource,
  inspectionId: string,
): Array<{ checklistId: string; itemId: string; method: Method; ids: string[]; actors: string[]; ats: string[] }> {
  const db = connection(from);
  const rows = prepared(
    db,
    `SELECT checklist_id, item_id, method, json_group_array(id) AS ids, json_group_array(actor) AS actors, json_group_array(at) AS ats
     FROM (SELECT checklist_id, item_id, method, ${RECORD_SOURCES}, id, actor, at, ${recordNote()} AS note FROM records WHERE inspection_id = ? AND withdrawn = 0 ORDER BY at, seq_no, position)
     GROUP BY checklist_id, item_id, method, note, subject, interviewee HAVING count(*) > 1
     ORDER BY min(at)`,
  ).all(inspectionId) as Array<{
    checklist_id: string;
    item_id: string;
    method: Method;
    ids: string;
    actors: string;
    ats: string;
  }>;
  return rows.map((r) => ({
    checklistId: r.checklist_id,
    itemId: r.item_id,
    method: r.method,
    ids: JSON.parse(r.ids),
    actors: JSON.parse(r.actors),
    ats: JSON.parse(r.ats),
  }));
}

/** Earlier records identical to the given one (same item, method, note, subject and interviewee). */
export function sameRecords(
  from: QuerySource,
  r: {
    inspectionId: string;
    checklistId: string;
    itemId: string;
    method: string;
    note: string;
    subject?: string;
    interviewee?: string;
    exceptId: string;
  },
): Array<{ id: string; actor: string; at: string }> {
  const db = connection(from);
  // Only stored text of a length the wanted text can have (itself, or its ciphertext: storedLengths) is decrypted
  // and compared: on a protected database every stored value is ciphertext, and decrypting every note of the
  // item made `record` slow on a large inspection. The length tests come first; one CASE keeps the order of the
  // rest (SQLite evaluates terms holding a subquery, the note's, after the others).
  const lengths = (name: string, text: string | undefined) => {
    const [clear, gcm, sm4] = text === undefined ? [null, null, null] : storedLengths(text);
    return { [name]: text ?? null, [`${name}0`]: clear, [`${name}1`]: gcm, [`${name}2`]: sm4 };
  };
  const within = (column: string, name: string) =>
    `(CASE WHEN @${name} IS NULL THEN ${column} IS NULL ELSE length(${column}) IN (@${name}0, @${name}1, @${name}2) END)`;
  return prepared(
    db,
    `SELECT id, actor, at FROM records WHERE inspection_id = @inspection AND checklist_id = @checklist AND item_id = @item
       AND method = @method AND id <> @except AND withdrawn = 0 AND ${within(storedSubject(), 's')} AND ${within('interviewee', 'i')}
       AND CASE WHEN length(${storedNote()}) IN (@n0, @n1, @n2) AND ${recordNote()} = @n
         THEN ${recordSubject()} IS @s AND ducha_dec('interviewee', interviewee) IS @i ELSE 0 END
     ORDER BY at, seq_no, position`,
  ).all({
    inspection: r.inspectionId,
    checklist: r.checklistId,
    item: r.itemId,
    method: r.method,
    except: r.exceptId,
    ...lengths('n', r.note),
    ...lengths('s', r.subject),
    ...lengths('i', r.interviewee),
  }) as Array<{ id: string; actor: string; at: string }>;
}

export interface EvidenceRow extends EvidenceRef {
  /** A record's evidence, or a rectification step's. */
  source: 'record' | 'step';
  /** The record id, or the problem id. */
  of: string;
  checklistId: string | null;
  itemId: string | null;
  method: Method | null;
  step: string | null;
  actor: string;
  at: string;
}

/** Every evidence file an inspection cites, in the order it was added. */
export function evidenceOf(from: QuerySource, inspectionId: string): EvidenceRow[] {
  const db = connection(from);
  const records = prepared(
    db,
    `SELECT e.sha256, ducha_dec('evidence.name', e.name) AS name, e.size, e.mime, 'record' AS source, r.id AS "of", r.checklist_id AS checklistId, r.item_id AS itemId, r.method, NULL AS step, r.actor, r.at
     FROM record_evidence e JOIN records r ON r.id = e.record_id WHERE r.inspection_id = ? ORDER BY r.at, r.seq_no, r.position, e.position`,
  ).all(inspectionId) as EvidenceRow[];
  const steps = prepared(
    db,
    `SELECT s.sha256, ducha_dec('evidence.name', s.name) AS name, s.size, s.mime, 'step' AS source, st.problem_id AS "of", NULL AS checklistId, NULL AS itemId, NULL AS method, st.kind AS step, st.actor, st.at
     FROM step_evidence s JOIN rectification_steps st ON st.event_id = s.event_id WHERE st.inspection_id = ? ORDER BY st.at, s.event_id, s.position`,
  ).all(inspectionId) as EvidenceRow[];
  return [...records, ...steps].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Trusted names by device (this device's own row has none: its name is the profile's). */
export function deviceNames(from: QuerySource): Map<string, string | null> {
  const db = connection(from);
  const rows = prepared(db, 'SELECT device, name FROM devices').all() as Array<{ device: string; name: string | null }>;
  return new Map(rows.map((r) => [r.device, r.name]));
}

export interface ImportReceipt {
  bundleSha256: string;
  device: string;
  createdAt: string;
  importedAt: string;
  events: number;
  newEvents: number;
  actor: string;
  file: string | null;
  summary: unknown;
}

export function recordImport(from: QuerySource, r: ImportReceipt): void {
  const db = connection(from);
  prepared(
    db,
    'INSERT OR IGNORE INTO imports (bundle_sha256, device, created_at, imported_at, events, new_events, actor, file, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    r.bundleSha256,
    r.device,
    r.createdAt,
    r.importedAt,
    r.events,
    r.newEvents,
    r.actor,
    r.file,
    r.summary === undefined ? null : JSON.stringify(r.summary),
  );
}

/** Every bundle imported here, oldest first (re-imports of the same bundle are kept once, as first imported). */
export function importReceipts(from: QuerySource): ImportReceipt[] {
  const db = connection(from);
  const rows = prepared(db, 'SELECT * FROM imports ORDER BY imported_at, bundle_sha256').all() as Array<{
    bundle_sha256: string;
    device: string;
    created_at: string;
    imported_at: string;
    events: number;
    new_events: number;
    actor: string;
    file: string | null;
    summary: string | null;
  }>;
  return rows.map((r) => ({
    bundleSha256: r.bundle_sha256,
    device: r.device,
    createdAt: r.created_at,
    importedAt: r.imported_at,
    events: r.events,
    newEvents: r.new_events,
    actor: r.actor,
    file: r.file,
    summary: r.summary === null ? null : JSON.parse(r.summary),
  }));
}
