// Migration 17: on a protected database an import's notes and subjects are sealed together, one text per
// records.imported event (its `texts`, docs/format.md §21), not one per record: its records' rows then hold
// neither, and say so in in_texts — bit 1 the note, bit 2 the subject is read from the event's texts — until an
// amendment writes that field into the row (typed-heads.ts clears its bit).
export const sql = `
ALTER TABLE records ADD COLUMN in_texts INTEGER NOT NULL DEFAULT 0;
`;
