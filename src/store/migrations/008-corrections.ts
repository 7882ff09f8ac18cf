// Migration 8: corrections and one feedback date. A record can be amended or withdrawn (its fields become
// registers, copied into the row; a withdrawn one no longer counts), and an inspection records the date its
// feedback was issued with the rectification period then in force, from which default deadlines derive.
// Both start empty: no record was amended and no feedback date recorded before this migration.
export const sql = `
ALTER TABLE records ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inspections ADD COLUMN feedback_date TEXT;
ALTER TABLE inspections ADD COLUMN rectify_days INTEGER;
`;
