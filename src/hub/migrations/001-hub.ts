// Hub migration 1: the event log as devices signed it, the blobs it cites, the inbox that pushes land in,
// the receipts of every submission, the trusted devices, and the projections the commission's questions
// read (the laptop's tables, same names and columns, plus checklist items with their basis). Roles and
// grants are not here: their names depend on the hub (see roles.ts), and `hub init` applies them each time.
export const sql = `
CREATE TABLE hub_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- The devices whose signed batches and bundles the hub accepts (ducha hub trust).
CREATE TABLE devices (
  device     text PRIMARY KEY,
  public_key text NOT NULL UNIQUE,        -- base64 SPKI DER, Ed25519
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
  seq_no        bigserial PRIMARY KEY,     -- arrival order at the hub
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
  UNIQUE (device, seq)
);
CREATE INDEX events_by_inspection ON events (inspection_id, seq_no);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ducha hub: % is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

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
  submitted_by text NOT NULL DEFAULT session_user,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE inbox_events (
  batch  uuid NOT NULL,                     -- inbox_batches.id, written in the same transaction
  n      integer NOT NULL,
  device text NOT NULL,
  seq    bigint NOT NULL,
  hash   text NOT NULL,                    -- as the pusher says (only for comparing heads; the acceptor recomputes)
  line   text NOT NULL,
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
  event_id    text NOT NULL
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
  event_id      text NOT NULL
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
CREATE TABLE registers (
  entity   text NOT NULL,
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
  entity   text NOT NULL,
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
CREATE TABLE problems (
  id            text NOT NULL,
  inspection_id text NOT NULL,
  created_at    text NOT NULL,
  created_by    text NOT NULL,
  event_id      text NOT NULL,
  status        text NOT NULL DEFAULT 'open',
  deadline      text,
  merged_into   text,
  PRIMARY KEY (inspection_id, id)
);
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

// What the roles of roles.ts use: functions that run as the hub's owner and answer only what they return.
export const functions = `
CREATE TABLE held (
  device  text PRIMARY KEY,
  max_seq bigint NOT NULL,
  count   bigint NOT NULL
);

CREATE FUNCTION inbox_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.submitted_by := session_user;
  NEW.submitted_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER inbox_batches_stamp BEFORE INSERT ON inbox_batches FOR EACH ROW EXECUTE FUNCTION inbox_stamp();

-- Per device asked: the newest event the hub holds or has waiting in its inbox, and how many it holds.
CREATE FUNCTION submit_heads(devices text[]) RETURNS TABLE (device text, max_seq bigint, held bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT d, greatest(h.max_seq, i.max_seq), coalesce(h.count, 0) + coalesce(i.count, 0)
  FROM unnest(devices) AS d
  LEFT JOIN held h ON h.device = d
  LEFT JOIN LATERAL (SELECT max(seq) AS max_seq, count(*) AS count FROM inbox_events e WHERE e.device = d) i ON true
$$;

-- Whether the hub trusts this device with this key (a push from an unregistered laptop is told at once).
CREATE FUNCTION submit_trusted(d text, key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM devices WHERE device = d AND public_key = key)
$$;

-- The hashes the hub holds (or has waiting) for the given events of one device: a pusher compares them with
-- its own, since a copied database that kept writing has the same numbers with other events.
CREATE FUNCTION submit_hashes(d text, seqs bigint[]) RETURNS TABLE (seq bigint, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.seq, e.hash FROM events e WHERE e.device = d AND e.seq = ANY(seqs)
  UNION SELECT i.seq, i.hash FROM inbox_events i WHERE i.device = d AND i.seq = ANY(seqs)
$$;

-- Of the given events of one device, those the hub neither holds nor has in its inbox.
CREATE FUNCTION submit_missing(d text, seqs bigint[]) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s FROM unnest(seqs) AS s
  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.device = d AND e.seq = s)
    AND NOT EXISTS (SELECT 1 FROM inbox_events e WHERE e.device = d AND e.seq = s)
$$;

-- Of the given blobs, those the hub does not hold.
CREATE FUNCTION submit_missing_blobs(shas text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s FROM unnest(shas) AS s WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s)
$$;

-- What became of a device's submissions after the given one: accepted, or refused and why; and how many wait.
CREATE FUNCTION submit_status(d text, after bigint) RETURNS TABLE (id bigint, status text, code text, reason text, events integer, new_events integer, decided_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT id, status, code, reason, events, new_events, decided_at FROM submissions WHERE device = d AND id > after ORDER BY id
$$;
CREATE FUNCTION submit_waiting(d text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT count(*) FROM inbox_batches WHERE device = d
$$;

-- Pulling: a laptop proves it holds an inspection by the hash of the event that created it, which only
-- those who were given the inspection's history know; it may then read that inspection's events and blobs.
CREATE FUNCTION pull_proven(ids text[], proofs text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT p.i FROM unnest(ids, proofs) AS p(i, h)
  WHERE EXISTS (SELECT 1 FROM events e WHERE e.inspection_id = p.i AND e.type = 'inspection.created' AND e.hash = p.h)
$$;
CREATE FUNCTION pull_keys(ids text[], proofs text[]) RETURNS TABLE (device text, seq bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.device, e.seq FROM events e WHERE e.inspection_id IN (SELECT pull_proven(ids, proofs)) ORDER BY e.seq_no
$$;
CREATE FUNCTION pull_events(ids text[], proofs text[], devices text[], seqs bigint[])
RETURNS TABLE (id text, device text, seq bigint, at text, actor text, type text, payload text, prev_hash text, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.id, e.device, e.seq, e.at, e.actor, e.type, e.payload, e.prev_hash, e.hash
  FROM unnest(devices, seqs) AS k(d, s) JOIN events e ON e.device = k.d AND e.seq = k.s
  WHERE e.inspection_id IN (SELECT pull_proven(ids, proofs)) ORDER BY e.seq_no
$$;
CREATE FUNCTION pull_blob_sizes(ids text[], proofs text[]) RETURNS TABLE (sha256 text, size bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT DISTINCT b.sha256, b.size FROM blob_citations c JOIN blobs b ON b.sha256 = c.sha256 WHERE c.inspection_id IN (SELECT pull_proven(ids, proofs))
$$;
CREATE FUNCTION pull_blob(ids text[], proofs text[], sha text) RETURNS TABLE (n integer, data bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT k.n, k.data FROM blob_chunks k
  WHERE k.sha256 = sha AND EXISTS (SELECT 1 FROM blob_citations c WHERE c.sha256 = sha AND c.inspection_id IN (SELECT pull_proven(ids, proofs)))
  ORDER BY k.n
$$;
`;

// Views: what the read role sees beyond the projections, and the four documented for reporting tools.
export const views = `
-- Every event but the records (whose payloads carry interviewee names): what documents about decisions read.
CREATE VIEW decision_events AS
  SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id FROM events WHERE type <> 'record.added';

-- Every interviewee name recorded: what ducha's --hub outputs redact.
CREATE VIEW interviewee_names AS SELECT name AS interviewee FROM interviewees;

-- A problem's current value of one field (the latest head, as the laptop shows it while devices disagree).
CREATE FUNCTION problem_field(inspection text, problem text, field text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = ducha, pg_temp AS $$
  SELECT value::jsonb FROM registers WHERE entity = 'problem/' || inspection || '/' || problem || '/' || field
  ORDER BY at COLLATE "C" DESC, event_id COLLATE "C" DESC LIMIT 1
$$;

CREATE VIEW progress_by_team AS
  SELECT i.id AS inspection_id, i.title, i.unit, i.unit_kind, i.region, i.team, i.start_date,
    coalesce(s.listen + s."check" + s.talk + s.visit, 0) AS records,
    coalesce(s.listen, 0) AS listen, coalesce(s."check", 0) AS "check", coalesce(s.talk, 0) AS talk, coalesce(s.visit, 0) AS visit,
    coalesce(c.concluded, 0) AS items_concluded, coalesce(c.lacking, 0) AS items_lacking, coalesce(c.conflicts, 0) AS items_in_conflict,
    coalesce(p.problems, 0) AS problems, coalesce(p.closed, 0) AS closed, coalesce(p.overdue, 0) AS overdue
  FROM inspections i
  LEFT JOIN (SELECT inspection_id, sum(listen) AS listen, sum("check") AS "check", sum(talk) AS talk, sum(visit) AS visit FROM item_stats GROUP BY inspection_id) s ON s.inspection_id = i.id
  LEFT JOIN (SELECT inspection_id, count(*) FILTER (WHERE heads = 1) AS concluded, count(*) FILTER (WHERE heads = 1 AND result IN ('partial', 'noncompliant')) AS lacking,
               count(*) FILTER (WHERE heads > 1) AS conflicts FROM conclusion_heads GROUP BY inspection_id) c ON c.inspection_id = i.id
  LEFT JOIN (SELECT inspection_id, count(*) AS problems, count(*) FILTER (WHERE status = 'closed') AS closed,
               count(*) FILTER (WHERE deadline IS NOT NULL AND status <> 'closed' AND deadline < to_char(current_date, 'YYYY-MM-DD')) AS overdue
             FROM problems WHERE merged_into IS NULL GROUP BY inspection_id) p ON p.inspection_id = i.id;

CREATE VIEW problems_by_article AS
  SELECT coalesce(ci.source, '') AS source, ci.article, count(DISTINCT (p.inspection_id, p.id)) AS problems,
    count(DISTINCT (p.inspection_id, p.id)) FILTER (WHERE p.status = 'closed') AS closed,
    count(DISTINCT p.inspection_id) AS inspections
  FROM problems p
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(problem_field(p.inspection_id, p.id, 'items'), '[]'::jsonb)) AS it
  JOIN inspection_checklists ic ON ic.inspection_id = p.inspection_id AND ic.checklist_id = it->>'checklistId'
  JOIN checklist_items ci ON ci.sha256 = ic.sha256 AND ci.item_id = it->>'itemId'
  WHERE p.merged_into IS NULL
  GROUP BY 1, 2;

CREATE VIEW closure_rate AS
  SELECT i.unit_kind, coalesce(i.region, '') AS region, count(*) AS problems, count(*) FILTER (WHERE p.status = 'closed') AS closed,
    round(100.0 * count(*) FILTER (WHERE p.status = 'closed') / count(*), 1) AS closure_percent
  FROM problems p JOIN inspections i ON i.id = p.inspection_id
  WHERE p.merged_into IS NULL
  GROUP BY 1, 2;

CREATE VIEW overdue_by_unit AS
  SELECT coalesce(problem_field(p.inspection_id, p.id, 'unit') #>> '{}', i.unit) AS unit, count(*) AS overdue, min(p.deadline) AS oldest_deadline,
    count(DISTINCT p.inspection_id) AS inspections
  FROM problems p JOIN inspections i ON i.id = p.inspection_id
  WHERE p.merged_into IS NULL AND p.deadline IS NOT NULL AND p.status <> 'closed' AND p.deadline < to_char(current_date, 'YYYY-MM-DD')
  GROUP BY 1;
`;
