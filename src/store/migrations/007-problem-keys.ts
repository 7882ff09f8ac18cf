// Migration 7: a problem is identified by its inspection and its short id, not by the short id alone.
// Short ids are 30 random bits, chosen on each laptop: two laptops could pick the same one for problems
// of different inspections, and the bundle that brought the second one could then never be imported.
// SQLite cannot change a primary key in place: the tables are rebuilt (foreign keys are off while
// migrations run, and checked before they commit), their rows copied as they are.
export const sql = `
CREATE TABLE problems_new (
  id            TEXT NOT NULL,
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open',
  deadline      TEXT,
  merged_into   TEXT,
  PRIMARY KEY (inspection_id, id)
) WITHOUT ROWID;
INSERT INTO problems_new (id, inspection_id, created_at, created_by, event_id, status, deadline, merged_into)
  SELECT id, inspection_id, created_at, created_by, event_id, status, deadline, merged_into FROM problems;
DROP TABLE problems;
ALTER TABLE problems_new RENAME TO problems;
-- New ids are checked against every inspection's, and a problem can be found by id alone.
CREATE INDEX problems_by_id ON problems (id);

CREATE TABLE rectification_steps_new (
  event_id      TEXT PRIMARY KEY,
  problem_id    TEXT NOT NULL,
  inspection_id TEXT NOT NULL,
  kind          TEXT NOT NULL,             -- progress | request | return | close | reopen
  status        TEXT NOT NULL,             -- the status the step leads to
  note          TEXT,
  reason        TEXT,                      -- reopening, or closing one's own request
  self_close    INTEGER NOT NULL DEFAULT 0,
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL,
  FOREIGN KEY (inspection_id, problem_id) REFERENCES problems (inspection_id, id)
) WITHOUT ROWID;
INSERT INTO rectification_steps_new (event_id, problem_id, inspection_id, kind, status, note, reason, self_close, actor, at)
  SELECT event_id, problem_id, inspection_id, kind, status, note, reason, self_close, actor, at FROM rectification_steps;
DROP TABLE rectification_steps;
ALTER TABLE rectification_steps_new RENAME TO rectification_steps;
CREATE INDEX rectification_steps_by_problem ON rectification_steps (inspection_id, problem_id, at);
`;
