// Migration 2: the problem list (问题清单). A row says a problem exists; its fields are registers.
export const sql = `
-- Problems (问题清单): the row says it exists; its fields are registers under problem/<inspection>/<id>/.
CREATE TABLE problems (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  event_id      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX problems_by_inspection ON problems (inspection_id);
`;
