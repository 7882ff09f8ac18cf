// Migration 5: parsed checklist snapshots as JSON, so commands that read inspections need no YAML parser.
// A cache, not history: derived from the blob it names, checked against it by ducha verify.
export const sql = `
CREATE TABLE snapshot_cache (
  sha256 TEXT PRIMARY KEY REFERENCES blobs(sha256),
  json   TEXT NOT NULL
) WITHOUT ROWID;
`;
