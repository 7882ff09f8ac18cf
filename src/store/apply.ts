// Projections: how each event changes the tables commands query. Pure SQL on the given connection, so the
// same code writes the live tables and replays the log for ducha verify.
import type Database from 'better-sqlite3';
import { canonicalJson } from './canonical.js';
import { prepared } from './prepared.js';
import { cacheSnapshot } from './snapshots.js';
import { IN_TEXTS_BOTH, recordShape } from './record-texts.js';
import { refreshTypedHeads } from './typed-heads.js';
import {
  WITHDRAWN,
  conclusionEntity,
  importedRecords,
  sealedTexts,
  inspectionEntity,
  problemEntity,
  recordEntity,
  type EventType,
  type InspectionField,
  type ProblemField,
  type RecordAdded,
  type RecordField,
  type StoredEvent,
} from './events.js';

type Db = Database.Database;
/** `seqNo`: the event's row in `events` (its local position), which record rows point at. */
type Reducer<T extends EventType> = (db: Db, event: StoredEvent<T>, seqNo: number | undefined) => void;

/** One statement per method, so that the statement cache is looked up by a constant string. */
const COUNT_METHOD: Readonly<Record<string, string>> = Object.fromEntries(
  ['listen', 'check', 'talk', 'visit'].map((m) => [
    m,
    `INSERT INTO item_stats (inspection_id, checklist_id, item_id, "${m}") VALUES (?, ?, ?, 1)
     ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET "${m}" = "${m}" + 1`,
  ]),
);

/** Where an event already inserted into `events` is (for a caller that does not pass it). */
function seqNoOf(db: Db, e: StoredEvent): number {
  const row = prepared(db, 'SELECT seq_no FROM events WHERE device = ? AND seq = ?').get(e.device, e.seq) as
    { seq_no: number } | undefined;
  if (!row) throw new Error(`event ${e.device}/${e.seq} is not in the log`);
  return row.seq_no;
}

const RECORD_COLUMNS =
  'seq_no, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id';
const marks = (columns: string) => columns.replace(/[a-z_]+/g, '?');
const INSERT_RECORD = `INSERT INTO records (position, in_texts, ${RECORD_COLUMNS}) VALUES (?, ?, ${marks(RECORD_COLUMNS)})`;
// Databases of earlier migrations (tests make them to stand for earlier versions' files) lack the later columns.
const INSERT_RECORD_BEFORE_17 = `INSERT INTO records (position, ${RECORD_COLUMNS}) VALUES (?, ${marks(RECORD_COLUMNS)})`;
const INSERT_RECORD_BEFORE_16 = `INSERT INTO records (${RECORD_COLUMNS}) VALUES (${marks(RECORD_COLUMNS)})`;

/**
 * A record's row: `seqNo` and `position` say where in the log it was added; `note` is NULL when its event alone
 * holds it; `inTexts` (IN_TEXTS_*) when its note and subject are in its event's sealed texts.
 */
function addRecordRow(
  db: Db,
  e: StoredEvent,
  seqNo: number,
  position: number,
  r: RecordAdded,
  note: string | null,
  inTexts = 0,
) {
  const values = [
    seqNo,
    r.id,
    r.inspectionId,
    r.checklistId,
    r.itemId,
    r.method,
    r.subject ?? null,
    r.interviewee ?? null,
    note,
    e.actor,
    e.at,
    e.id,
  ];
  const shape = recordShape(db);
  if (shape === 'current') prepared(db, INSERT_RECORD).run(position, inTexts, ...values);
  else if (shape === 'before17' && inTexts === 0) prepared(db, INSERT_RECORD_BEFORE_17).run(position, ...values);
  else if (shape === 'before16' && position === 0 && inTexts === 0)
    prepared(db, INSERT_RECORD_BEFORE_16).run(...values);
  else throw new Error(`records.imported needs migration ${inTexts === 0 ? 16 : 17}`);
}

/** One more record of its method for its item (item_stats). */
function countRecord(db: Db, r: RecordAdded): void {
  const count = COUNT_METHOD[r.method];
  if (!count) throw new Error(`unknown method ${r.method}`);
  prepared(db, count).run(r.inspectionId, r.checklistId, r.itemId);
}

const reducers: { [T in EventType]: Reducer<T> } = {
  'inspection.created': (db, e) => {
    const i = e.payload.inspection;
    prepared(
      db,
      'INSERT INTO inspections (id, title, unit, unit_kind, region, team, start_date, created_at, created_by, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(i.id, i.title, i.unit, i.unitKind, i.region ?? null, JSON.stringify(i.team), i.start, e.at, e.actor, e.id);
    const add = prepared(
      db,
      'INSERT INTO inspection_checklists (inspection_id, checklist_id, position, version, sha256) VALUES (?, ?, ?, ?, ?)',
    );
    e.payload.checklists.forEach((c, position) => {
      add.run(i.id, c.id, position, c.version, c.sha256);
      cacheSnapshot(db, c.sha256);
    });
  },
  'inspection.checklist-upgraded': (db, e) => {
    const p = e.payload;
    prepared(
      db,
      'UPDATE inspection_checklists SET version = ?, sha256 = ? WHERE inspection_id = ? AND checklist_id = ?',
    ).run(p.version, p.sha256, p.inspectionId, p.checklistId);
    const add = prepared(
      db,
      'INSERT OR IGNORE INTO rechecks (inspection_id, checklist_id, item_id, sha256) VALUES (?, ?, ?, ?)',
    );
    for (const item of p.recheck) add.run(p.inspectionId, p.checklistId, item, p.sha256);
    cacheSnapshot(db, p.sha256);
  },
  'record.added': (db, e, seqNo) => {
    const r = e.payload;
    // The note stays in the event alone (migration 10): the row points at the event by its seq_no.
    addRecordRow(db, e, seqNo ?? seqNoOf(db, e), 0, r, null);
    if (r.evidence.length > 0) {
      const evidence = prepared(
        db,
        'INSERT INTO record_evidence (record_id, position, sha256, name, size, mime) VALUES (?, ?, ?, ?, ?, ?)',
      );
      r.evidence.forEach((f, position) => evidence.run(r.id, position, f.sha256, f.name, f.size, f.mime));
    }
    countRecord(db, r);
  },
  'records.imported': (db, e, seqNo) => {
    const at = seqNo ?? seqNoOf(db, e);
    // An imported record's note is kept in its row (migration 16): its event holds hundreds. When the event seals
    // them together (a protected database's `texts`), neither note nor subject is in the row (migration 17).
    const inTexts = sealedTexts(e.payload) ? IN_TEXTS_BOTH : 0;
    importedRecords(e.payload).forEach((r, position) => {
      addRecordRow(db, e, at, position, r, inTexts ? null : r.note, inTexts);
      countRecord(db, r);
    });
  },
  'conclusion.set': (db, e) => {
    // The reason for a change belongs to the event (history), not to the value.
    const { inspectionId, checklistId, itemId, supersedes, changeReason: _, ...value } = e.payload;
    setRegister(db, conclusionEntity(inspectionId, checklistId, itemId), e, value, supersedes);
  },
  'conclusion.withdrawn': (db, e) => {
    const p = e.payload;
    setRegister(db, conclusionEntity(p.inspectionId, p.checklistId, p.itemId), e, { result: WITHDRAWN }, p.supersedes);
  },
  'record.amended': (db, e) => {
    const p = e.payload;
    for (const [field, value] of Object.entries(p.fields)) {
      if (value !== undefined)
        setRegister(db, recordEntity(p.inspectionId, p.id, field), e, value, p.supersedes[field as RecordField] ?? []);
    }
  },
  'record.withdrawn': (db, e) => {
    const p = e.payload;
    setRegister(db, recordEntity(p.inspectionId, p.id, 'withdrawn'), e, true, p.supersedes);
  },
  'inspection.updated': (db, e) => {
    const p = e.payload;
    for (const [field, value] of Object.entries(p.fields)) {
      if (value !== undefined)
        setRegister(
          db,
          inspectionEntity(p.inspectionId, field),
          e,
          value,
          p.supersedes[field as InspectionField] ?? [],
        );
    }
  },
  'problem.created': (db, e) => {
    const p = e.payload;
    prepared(
      db,
      'INSERT INTO problems (id, inspection_id, created_at, created_by, event_id) VALUES (?, ?, ?, ?, ?)',
    ).run(p.id, p.inspectionId, e.at, e.actor, e.id);
    for (const [field, value] of Object.entries(p.fields)) {
      if (value !== undefined) setRegister(db, problemEntity(p.inspectionId, p.id, field), e, value, []);
    }
  },
  'problem.progressed': (db, e) => {
    const p = e.payload;
    prepared(
      db,
      'INSERT INTO rectification_steps (event_id, problem_id, inspection_id, kind, status, note, reason, self_close, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      e.id,
      p.problemId,
      p.inspectionId,
      p.kind,
      p.status,
      p.note ?? null,
      p.reason ?? null,
      p.selfClose ? 1 : 0,
      e.actor,
      e.at,
    );
    const evidence = prepared(
      db,
      'INSERT INTO step_evidence (event_id, position, sha256, name, size, mime) VALUES (?, ?, ?, ?, ?, ?)',
    );
    p.evidence.forEach((f, position) => evidence.run(e.id, position, f.sha256, f.name, f.size, f.mime));
    setRegister(
      db,
      problemEntity(p.inspectionId, p.problemId, 'status'),
      e,
      { status: p.status, kind: p.kind },
      p.supersedes,
    );
  },
  'register.resolved': (db, e) => {
    setRegister(db, e.payload.entity, e, e.payload.value, e.payload.supersedes);
  },
  'problem.updated': (db, e) => {
    const p = e.payload;
    for (const [field, value] of Object.entries(p.fields)) {
      if (value !== undefined)
        setRegister(
          db,
          problemEntity(p.inspectionId, p.id, field),
          e,
          value,
          p.supersedes[field as ProblemField] ?? [],
        );
    }
  },
};

/**
 * A register keeps as heads every event nobody supersedes. Order-independent: an event that arrives after
 * the one superseding it never becomes a head, so any import order gives the same heads.
 */
export function setRegister(
  db: Db,
  entity: string,
  e: StoredEvent,
  value: unknown,
  supersedes: readonly string[],
): void {
  const mark = prepared(db, 'INSERT OR IGNORE INTO superseded (entity, event_id) VALUES (?, ?)');
  const drop = prepared(db, 'DELETE FROM registers WHERE entity = ? AND event_id = ?');
  for (const old of supersedes) {
    mark.run(entity, old);
    drop.run(entity, old);
  }
  if (!prepared(db, 'SELECT 1 FROM superseded WHERE entity = ? AND event_id = ?').get(entity, e.id)) {
    prepared(db, 'INSERT INTO registers (entity, event_id, value, actor, at) VALUES (?, ?, ?, ?, ?)').run(
      entity,
      e.id,
      canonicalJson(value),
      e.actor,
      e.at,
    );
  }
  refreshTypedHeads(db, entity);
}

/**
 * Apply an event already in `events` to the projections. `seqNo` is its row there (its local position); when
 * not given it is looked up, so callers that insert and apply separately (an import) need not know it.
 */
export function applyEvent(db: Db, event: StoredEvent, seqNo?: number): void {
  const reducer = reducers[event.type] as Reducer<EventType> | undefined;
  if (!reducer) throw new Error(`unknown event type ${event.type}`);
  reducer(db, event, seqNo);
}
