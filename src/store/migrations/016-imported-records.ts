// Migration 16: records entered in bulk share one event (records.imported, docs/format.md §3), so a record's
// row no longer has an event of its own to be keyed by. The row keeps its event's local position (seq_no, no
// longer unique) and its place among that event's records (position: 0 for a record.added event); SQLite's
// own row id keys the table. An imported record's note is kept in its row (reading it out of an event of
// hundreds of records would parse them all); a record.added one's stays in its event alone (migration 10).
// The rows are copied in their order; the triggers of migration 14 go with the old table and are made again.
export const sql = `
CREATE TABLE records_new (
  seq_no        INTEGER NOT NULL,         -- the event that added it (record.added or records.imported): events.seq_no
  position      INTEGER NOT NULL DEFAULT 0, -- its place among that event's records (0: a record.added event)
  id            TEXT NOT NULL UNIQUE,
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  method        TEXT NOT NULL CHECK (method IN ('listen', 'check', 'talk', 'visit')),
  subject       TEXT,
  interviewee   TEXT,                     -- confidential: never printed without --reveal-identities
  note          TEXT,                     -- an imported record's, or one amended (typed-heads.ts); NULL: its record.added event's
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  withdrawn     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO records_new (seq_no, position, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id, withdrawn)
  SELECT seq_no, 0, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id, withdrawn
  FROM records ORDER BY seq_no;
DROP TABLE records;
ALTER TABLE records_new RENAME TO records;
CREATE INDEX records_by_item ON records (inspection_id, checklist_id, item_id);

CREATE TRIGGER interviewee_names_insert AFTER INSERT ON records WHEN new.interviewee IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO interviewee_names (interviewee) VALUES (new.interviewee);
END;

CREATE TRIGGER interviewee_names_update AFTER UPDATE OF interviewee ON records WHEN new.interviewee IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO interviewee_names (interviewee) VALUES (new.interviewee);
END;
`;
