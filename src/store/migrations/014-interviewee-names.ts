// Migration 14: every interviewee name the records have held, once each (issue 17). What a shared output
// redacts is every name recorded (store/queries.ts intervieweeNames); reading them as the distinct values of
// records.interviewee scanned every record — on a protected database the largest part of a `summary`. This
// table is kept by the triggers below, in the write that stores or corrects a record, whatever writes it
// (a record, an import, an amendment, a bundle, a pull, the replay of verify); a name stays after a
// correction replaces it, as it stays in the events. A protected database holds its names sealed (equal
// names are equal ciphertext: docs/format.md §18); `ducha protect` seals the records' names, which adds their
// sealed form here, and deletes the clear ones (store/sealed.ts). `ducha verify` checks that every record's
// name is here. The hub keeps the same table (hub migration 001).
export const sql = `
CREATE TABLE interviewee_names (
  interviewee TEXT PRIMARY KEY              -- as stored in records.interviewee (ciphertext on a protected database)
) WITHOUT ROWID;

INSERT OR IGNORE INTO interviewee_names (interviewee)
  SELECT DISTINCT interviewee FROM records WHERE interviewee IS NOT NULL;

CREATE TRIGGER interviewee_names_insert AFTER INSERT ON records WHEN new.interviewee IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO interviewee_names (interviewee) VALUES (new.interviewee);
END;

CREATE TRIGGER interviewee_names_update AFTER UPDATE OF interviewee ON records WHEN new.interviewee IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO interviewee_names (interviewee) VALUES (new.interviewee);
END;
`;
