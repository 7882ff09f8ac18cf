// Migration 10: a record's note is stored once. It is the bulk of a record (a sentence or a paragraph) and
// the record.added event holds it already: the records projection keeps it only once an amendment changed
// it (NULL: as in the event), and points at its event by the event's local position (events.seq_no, the
// row id, so reading the note back costs one lookup of a row by its id). Every other column stays, as the
// queries filter and sort by them. A record's row is matched with its event through a temporary index.
import type Database from 'better-sqlite3';

export const sql = `
CREATE TEMP TABLE m010_count AS SELECT count(*) AS n FROM main.records;
CREATE INDEX records_by_event ON records (event_id);

CREATE TABLE records_new (
  seq_no        INTEGER PRIMARY KEY,      -- its record.added event's seq_no: the note is read from its payload
  id            TEXT NOT NULL UNIQUE,
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  method        TEXT NOT NULL CHECK (method IN ('listen', 'check', 'talk', 'visit')),
  subject       TEXT,
  interviewee   TEXT,                     -- confidential: never printed without --reveal-identities
  note          TEXT,                     -- only once amended (typed-heads.ts); NULL: the event's note
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  withdrawn     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO records_new (seq_no, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id, withdrawn)
  SELECT e.seq_no, r.id, r.inspection_id, r.checklist_id, r.item_id, r.method, r.subject, r.interviewee,
    CASE WHEN EXISTS (SELECT 1 FROM registers g WHERE g.entity = 'record/' || r.inspection_id || '/' || r.id || '/note') THEN r.note END,
    r.actor, r.at, r.event_id, r.withdrawn
  FROM events e JOIN records r ON r.event_id = e.id
  WHERE e.type = 'record.added';
DROP TABLE records;
ALTER TABLE records_new RENAME TO records;
CREATE INDEX records_by_item ON records (inspection_id, checklist_id, item_id);
`;

/** Refuse (the migration is rolled back) if a record had no record.added event to point at: nothing is dropped. */
export function backfill(db: Database.Database): void {
  const before = (db.prepare('SELECT n FROM temp.m010_count').get() as { n: number }).n;
  const after = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  db.exec('DROP TABLE temp.m010_count');
  if (after !== before)
    throw new Error(
      `migration 10: ${before - after} of ${before} records have no record.added event (run ducha verify on a copy of the database)`,
    );
}
