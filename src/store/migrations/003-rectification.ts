// Migration 3: rectification steps (整改进展、申请销号、退回、销号、重新打开) with the evidence each cites.
// The current status is a register (problem/<inspection>/<id>/status); these rows are the history.
export const sql = `
CREATE TABLE rectification_steps (
  event_id      TEXT PRIMARY KEY,
  problem_id    TEXT NOT NULL REFERENCES problems(id),
  inspection_id TEXT NOT NULL,
  kind          TEXT NOT NULL,             -- progress | request | return | close | reopen
  status        TEXT NOT NULL,             -- the status the step leads to
  note          TEXT,
  reason        TEXT,                      -- reopening, or closing one's own request
  self_close    INTEGER NOT NULL DEFAULT 0,
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX rectification_steps_by_problem ON rectification_steps (problem_id, at);

CREATE TABLE step_evidence (
  event_id TEXT NOT NULL REFERENCES rectification_steps(event_id),
  position INTEGER NOT NULL,
  sha256   TEXT NOT NULL REFERENCES blobs(sha256),
  name     TEXT NOT NULL,
  size     INTEGER NOT NULL,
  mime     TEXT NOT NULL,
  PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
`;
