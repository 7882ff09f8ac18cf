// Migration 4: team work. What each import brought (receipts), and the newest event seen from each device,
// so that a device's history shrinking later is noticed.
export const sql = `
CREATE TABLE imports (
  bundle_sha256 TEXT PRIMARY KEY,
  device        TEXT NOT NULL,
  created_at    TEXT NOT NULL,           -- when the bundle was made
  imported_at   TEXT NOT NULL,
  events        INTEGER NOT NULL,        -- events in the bundle
  new_events    INTEGER NOT NULL,        -- events this database did not have
  actor         TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE device_heads (
  device TEXT PRIMARY KEY,
  seq    INTEGER NOT NULL,
  hash   TEXT NOT NULL
) WITHOUT ROWID;
`;
