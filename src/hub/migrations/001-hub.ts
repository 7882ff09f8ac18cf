// Hub migration 1, its tables: the event log as devices signed it, the blobs it cites, the inbox that pushes
// land in, the receipts of every submission, the trusted devices, and the projections the commission's
// questions read (the laptop's tables, same names and columns as after the laptop's migration 9, plus a few
// columns and tables of the hub's own, marked "hub only"). Its functions and views are in the files beside
// it. Roles and grants are not here: their names depend on the hub (see init.ts), and `hub init` applies
// them each time.
export const sql = `
CREATE TABLE hub_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- The devices whose signed batches, bundles and heads the hub accepts (ducha hub trust): the key trusted
-- for each device, of the hub's suite (hub_meta 'suite', chosen at hub init).
CREATE TABLE devices (
  device     text PRIMARY KEY,
  public_key text NOT NULL UNIQUE,        -- base64 SPKI DER, of the hub's suite (Ed25519 or SM2)
  name       text NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  added_by   text NOT NULL DEFAULT current_user
);

-- Every submission: a pushed batch or an imported bundle, accepted or refused, and why.
CREATE TABLE submissions (
  id            bigserial PRIMARY KEY,
  batch         uuid UNIQUE,               -- the inbox batch (pushes); null for bundles
  source        text NOT NULL CHECK (source IN ('push', 'bundle')),
  device        text NOT NULL,             -- who signed it
  exporter      text NOT NULL,
  manifest_sha256 text NOT NULL,
  submitted_by  text NOT NULL,             -- the database role that submitted it
  submitted_at  timestamptz NOT NULL,
  decided_at    timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL CHECK (status IN ('accepted', 'refused')),
  code          text,
  reason        text,
  events        integer NOT NULL DEFAULT 0,
  new_events    integer NOT NULL DEFAULT 0,
  blobs         integer NOT NULL DEFAULT 0,
  new_blobs     integer NOT NULL DEFAULT 0
);
CREATE INDEX submissions_by_device ON submissions (device, id);

-- The source of truth: events exactly as their devices hashed them. Append-only (see the trigger below).
CREATE TABLE events (
  seq_no        bigserial,                 -- arrival order at the hub (from a sequence: no index of its own to keep)
  id            text NOT NULL,
  device        text NOT NULL,
  seq           bigint NOT NULL CHECK (seq >= 1),
  at            text NOT NULL,
  actor         text NOT NULL,
  type          text NOT NULL,
  payload       text NOT NULL,             -- canonical JSON, the bytes that were hashed
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  inspection_id text NOT NULL,
  submission    bigint NOT NULL,           -- the submission that brought it
  digest        text,                      -- format 2: H(canonical body), what a link to it carries (docs/format.md §9.3); null in format 1
  PRIMARY KEY (device, seq)
);
CREATE INDEX events_by_inspection ON events (inspection_id, seq_no);
-- The checklist snapshots each inspection adopted, as payload references are checked against them.
CREATE INDEX events_adoptions ON events (inspection_id, seq_no) WHERE type IN ('inspection.created', 'inspection.checklist-upgraded');

-- Format 2 (docs/format.md §9.4): the signed heads that covered what the hub accepted, each checked against
-- the key trusted for its own device when it arrived (hub verify checks them again). Append-only.
CREATE TABLE signatures (
  device     text NOT NULL,
  seq        bigint NOT NULL CHECK (seq >= 1),
  hash       text NOT NULL,
  signature  text NOT NULL,              -- base64 of the signature of the statement ducha-head/2
  submission bigint NOT NULL,
  PRIMARY KEY (device, seq)
);
-- Format 2 (§9.3): events the hub does not hold, by their digest, where a submission carried a link; a link
-- is removed when its event arrives (the event's hash is the link's).
CREATE TABLE links (
  device    text NOT NULL,
  seq       bigint NOT NULL CHECK (seq >= 1),
  prev_hash text NOT NULL,
  digest    text NOT NULL,
  hash      text NOT NULL,
  PRIMARY KEY (device, seq)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ducha hub: % is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER signatures_append_only BEFORE UPDATE OR DELETE ON signatures FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Per device, the newest event any accepted submission claimed (as a laptop keeps device_heads).
CREATE TABLE device_heads (
  device text PRIMARY KEY,
  seq    bigint NOT NULL,
  hash   text NOT NULL
);

CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size   bigint NOT NULL
);
CREATE TABLE blob_chunks (
  sha256 text NOT NULL,
  n      integer NOT NULL,
  data   bytea NOT NULL,
  PRIMARY KEY (sha256, n)
);
-- Which inspection's events cite which blob: what a laptop may pull.
CREATE TABLE blob_citations (
  inspection_id text NOT NULL,
  sha256        text NOT NULL,
  PRIMARY KEY (inspection_id, sha256)
);

-- The inbox: a push writes a batch here in one transaction (events as lines, blobs in chunks, and the
-- signed manifest); nothing here is history until the acceptor has checked it.
CREATE TABLE inbox_batches (
  id           uuid PRIMARY KEY,
  device       text NOT NULL,
  manifest     bytea NOT NULL,
  signature    bytea NOT NULL,
  links        text NOT NULL DEFAULT '',   -- format 2: the links part (UTF-8 JSON lines), byte for byte as the manifest hashes it
  events       text NOT NULL,              -- the events part (UTF-8 JSON lines), byte for byte as the manifest hashes it
  submitted_by text NOT NULL DEFAULT session_user,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
-- Which events each waiting batch brings, as the pusher says (only for telling pushers what the hub holds
-- or has waiting; the acceptor reads the events themselves from inbox_batches.events and recomputes all).
CREATE TABLE inbox_events (
  batch  uuid NOT NULL,                     -- inbox_batches.id, written in the same transaction
  n      integer NOT NULL,
  device text NOT NULL,
  seq    bigint NOT NULL,
  hash   text NOT NULL,
  PRIMARY KEY (batch, n)
);
CREATE INDEX inbox_events_by_key ON inbox_events (device, seq);
CREATE TABLE inbox_blobs (
  batch  uuid NOT NULL,
  sha256 text NOT NULL,
  n      integer NOT NULL,
  data   bytea NOT NULL,
  PRIMARY KEY (batch, sha256, n)
);
CREATE FUNCTION inbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ducha_inbox', NEW.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER inbox_batches_notify AFTER INSERT ON inbox_batches FOR EACH ROW EXECUTE FUNCTION inbox_notify();

-- Projections: the laptop's tables (src/store/migrations), written by the acceptor in the transaction that
-- stores their events. The references the laptop's foreign keys hold (a record's inspection, a step's
-- problem, evidence's blob) are checked by the acceptor for a whole group of events at once (project.ts)
-- instead of row by row. Text that JSON can carry but PostgreSQL cannot (U+0000) is shown as U+FFFD here;
-- the events keep it exactly.
CREATE TABLE inspections (
  id          text PRIMARY KEY,
  title       text NOT NULL,
  unit        text NOT NULL,
  unit_kind   text NOT NULL,
  region      text,
  team        text NOT NULL,               -- JSON array of names
  start_date  text NOT NULL,
  created_at  text NOT NULL,
  created_by  text NOT NULL,
  event_id    text NOT NULL,
  feedback_date text,                      -- the latest head of inspection/<id>/feedback (laptop migration 8)
  rectify_days  bigint,
  feedback_due  text,                      -- hub only: feedback_date + rectify_days, the default deadline (problems/deadlines.ts)
  -- hub only: the inspection's counts, recounted by the acceptor for every inspection a group of events
  -- touches, so that a summary over every inspection reads one row each (hub verify recounts them all):
  -- records that count, by method (item_stats); items concluded, found lacking (conclusion_heads with one
  -- head), in conflict (several heads); problems and those closed (merged ones counted in their target).
  n_listen      integer NOT NULL DEFAULT 0,
  n_check       integer NOT NULL DEFAULT 0,
  n_talk        integer NOT NULL DEFAULT 0,
  n_visit       integer NOT NULL DEFAULT 0,
  n_concluded   integer NOT NULL DEFAULT 0,
  n_lacking     integer NOT NULL DEFAULT 0,
  n_conflicts   integer NOT NULL DEFAULT 0,
  n_problems    integer NOT NULL DEFAULT 0,
  n_closed      integer NOT NULL DEFAULT 0
);
CREATE TABLE inspection_checklists (
  inspection_id text NOT NULL,
  checklist_id  text NOT NULL,
  position      integer NOT NULL,
  version       text NOT NULL,
  sha256        text NOT NULL,
  PRIMARY KEY (inspection_id, checklist_id)
);
CREATE TABLE rechecks (
  inspection_id text NOT NULL,
  checklist_id  text NOT NULL,
  item_id       text NOT NULL,
  sha256        text NOT NULL,
  PRIMARY KEY (inspection_id, checklist_id, item_id, sha256)
);
CREATE TABLE records (
  id            text PRIMARY KEY,
  inspection_id text NOT NULL,
  checklist_id  text NOT NULL,
  item_id       text NOT NULL,
  method        text NOT NULL CHECK (method IN ('listen', 'check', 'talk', 'visit')),
  subject       text,
  interviewee   text,                      -- confidential (see README: what the hub holds)
  note          text NOT NULL,
  actor         text NOT NULL,
  at            text NOT NULL,
  event_id      text NOT NULL,
  withdrawn     integer NOT NULL DEFAULT 0   -- 1: withdrawn (record.withdrawn), counted nowhere
);
CREATE INDEX records_by_item ON records (inspection_id, checklist_id, item_id);
CREATE TABLE record_evidence (
  record_id text NOT NULL,
  position  integer NOT NULL,
  sha256    text NOT NULL,
  name      text NOT NULL,
  size      bigint NOT NULL,
  mime      text NOT NULL,
  PRIMARY KEY (record_id, position)
);
CREATE TABLE item_stats (
  inspection_id text NOT NULL,
  checklist_id  text NOT NULL,
  item_id       text NOT NULL,
  listen        integer NOT NULL DEFAULT 0,
  "check"       integer NOT NULL DEFAULT 0,
  talk          integer NOT NULL DEFAULT 0,
  visit         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (inspection_id, checklist_id, item_id)
);
-- Entities in byte order ("C"), so that every register of an inspection or a problem is one range of the key.
CREATE TABLE registers (
  entity   text COLLATE "C" NOT NULL,
  event_id text NOT NULL,
  value    text NOT NULL,                  -- JSON
  actor    text NOT NULL,
  at       text NOT NULL,
  PRIMARY KEY (entity, event_id)
);
-- Every interviewee name recorded (kept by the acceptor): what --hub outputs redact, without reading every record.
CREATE TABLE interviewees (
  name text PRIMARY KEY
);
CREATE TABLE superseded (
  entity   text COLLATE "C" NOT NULL,
  event_id text NOT NULL,
  PRIMARY KEY (entity, event_id)
);
CREATE TABLE conclusion_heads (
  inspection_id text NOT NULL,
  checklist_id  text NOT NULL,
  item_id       text NOT NULL,
  heads         integer NOT NULL,
  result        text,
  good_practice integer NOT NULL DEFAULT 0,
  note          text,
  PRIMARY KEY (inspection_id, checklist_id, item_id)
);
CREATE INDEX conclusion_heads_good ON conclusion_heads (inspection_id) WHERE good_practice = 1 AND heads = 1;
-- hub only: per item, over every inspection, the conclusions with one head (concluded), those not
-- "not applicable" (checked) and those found lacking — kept by the acceptor as conclusions change, so that
-- the summary of the whole hub does not recount a million conclusions (hub verify recounts them).
CREATE TABLE item_totals (
  checklist_id text NOT NULL,
  item_id      text NOT NULL,
  concluded    integer NOT NULL DEFAULT 0,
  checked      integer NOT NULL DEFAULT 0,
  lacking      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (checklist_id, item_id)
);
CREATE TABLE problems (
  id            text NOT NULL,
  inspection_id text NOT NULL,
  created_at    text NOT NULL,
  created_by    text NOT NULL,
  event_id      text NOT NULL,
  status        text NOT NULL DEFAULT 'open',
  deadline      text,
  merged_into   text,
  -- hub only: the deadline every list shows — the problem's own, else (unless 持续整改) the inspection's
  -- feedback_due — kept by the acceptor, so that overdue counts are one comparison (review/summary.ts DUE).
  due           text,
  PRIMARY KEY (inspection_id, id)
);
CREATE INDEX problems_open_due ON problems (due, inspection_id) WHERE status <> 'closed' AND merged_into IS NULL;
CREATE TABLE rectification_steps (
  event_id      text PRIMARY KEY,
  problem_id    text NOT NULL,
  inspection_id text NOT NULL,
  kind          text NOT NULL,
  status        text NOT NULL,
  note          text,
  reason        text,
  self_close    integer NOT NULL DEFAULT 0,
  actor         text NOT NULL,
  at            text NOT NULL
);
CREATE INDEX rectification_steps_by_problem ON rectification_steps (inspection_id, problem_id, at);
CREATE TABLE step_evidence (
  event_id text NOT NULL,
  position integer NOT NULL,
  sha256   text NOT NULL,
  name     text NOT NULL,
  size     bigint NOT NULL,
  mime     text NOT NULL,
  PRIMARY KEY (event_id, position)
);
-- Each checklist snapshot, parsed (the laptop's snapshot_cache), and its items with their basis.
CREATE TABLE snapshot_cache (
  sha256 text PRIMARY KEY,
  json   text NOT NULL
);
CREATE TABLE checklist_items (
  sha256       text NOT NULL,
  checklist_id text NOT NULL,
  item_id      text NOT NULL,
  title        text NOT NULL,
  source       text,                        -- the first basis: its source's title and article
  article      integer,
  PRIMARY KEY (sha256, item_id)
);
`;
