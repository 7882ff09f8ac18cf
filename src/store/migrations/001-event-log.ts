// Migration 1: the event log, device identity, content-addressed blobs, and the first projections
// (inspections, their checklist snapshots, records, conclusions as registers).
export const sql = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The source of truth: append-only, one hash chain per device.
CREATE TABLE events (
  seq_no    INTEGER PRIMARY KEY,          -- local insertion order
  id        TEXT NOT NULL,                -- 80 random bits; no index: (device, seq) identifies an event
  device    TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  type      TEXT NOT NULL,
  payload   TEXT NOT NULL,                -- canonical JSON
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  inspection_id TEXT,                     -- what a bundle of chosen inspections selects by
  UNIQUE (device, seq)
);
CREATE INDEX events_by_inspection ON events (inspection_id, seq_no);

CREATE TABLE devices (
  device     TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,               -- base64 SPKI DER, Ed25519
  name       TEXT,
  added_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Content-addressed files (evidence, checklist snapshots), stored in chunks so no file needs to fit in memory.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  n      INTEGER NOT NULL,
  data   BLOB NOT NULL,
  PRIMARY KEY (sha256, n)
) WITHOUT ROWID;

-- Projections: always written in the same transaction as their event, and checked by ducha verify.
CREATE TABLE inspections (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  unit        TEXT NOT NULL,
  unit_kind   TEXT NOT NULL,
  region      TEXT,
  team        TEXT NOT NULL,              -- JSON array of names
  start_date  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  event_id    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE inspection_checklists (
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  checklist_id  TEXT NOT NULL,
  position      INTEGER NOT NULL,
  version       TEXT NOT NULL,
  sha256        TEXT NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (inspection_id, checklist_id)
) WITHOUT ROWID;

-- Items whose normative text changed when the inspection adopted a newer checklist version.
CREATE TABLE rechecks (
  inspection_id TEXT NOT NULL,
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  sha256        TEXT NOT NULL,              -- the version that asks for the re-check
  PRIMARY KEY (inspection_id, checklist_id, item_id, sha256)
) WITHOUT ROWID;

-- A rowid table: rows carry free text, too large for a WITHOUT ROWID tree to stay compact.
CREATE TABLE records (
  id            TEXT NOT NULL UNIQUE,
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  method        TEXT NOT NULL CHECK (method IN ('listen', 'check', 'talk', 'visit')),
  subject       TEXT,
  interviewee   TEXT,                     -- confidential: never printed without --reveal-identities
  note          TEXT NOT NULL,
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL,
  event_id      TEXT NOT NULL
);
CREATE INDEX records_by_item ON records (inspection_id, checklist_id, item_id);

CREATE TABLE record_evidence (
  record_id TEXT NOT NULL REFERENCES records(id),
  position  INTEGER NOT NULL,
  sha256    TEXT NOT NULL REFERENCES blobs(sha256),
  name      TEXT NOT NULL,
  size      INTEGER NOT NULL,
  mime      TEXT NOT NULL,
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

-- Record counts per item and method, so progress never scans the records.
CREATE TABLE item_stats (
  inspection_id TEXT NOT NULL,
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  listen        INTEGER NOT NULL DEFAULT 0,
  "check"       INTEGER NOT NULL DEFAULT 0,
  talk          INTEGER NOT NULL DEFAULT 0,
  visit         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (inspection_id, checklist_id, item_id)
) WITHOUT ROWID;

-- Single-valued things (an item's conclusion, later a problem's fields) as registers: the current value is
-- every event that no other event supersedes. One head is a value; several are a conflict, kept.
CREATE TABLE registers (
  entity   TEXT NOT NULL,
  event_id TEXT NOT NULL,
  value    TEXT NOT NULL,                 -- canonical JSON
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL,
  PRIMARY KEY (entity, event_id)
) WITHOUT ROWID;

CREATE TABLE superseded (
  entity   TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (entity, event_id)
) WITHOUT ROWID;

-- Not history: where the last interactive run stopped, per inspection.
CREATE TABLE run_cursor (
  inspection_id TEXT PRIMARY KEY,
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  at            TEXT NOT NULL
) WITHOUT ROWID;
`;
