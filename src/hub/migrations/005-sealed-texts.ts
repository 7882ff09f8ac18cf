// Hub migration 5: an import from a protected laptop seals its records' notes and subjects together, one text per
// records.imported event (docs/format.md §21), which the hub cannot open: such a record's row holds neither
// (note may be null), keeps its place among its event's records (position) and says which of the two its event
// holds (in_texts: bit 1 the note, bit 2 the subject; cleared when an amendment writes the field), as the
// laptop's records do (its migration 17). The reading role may read those events (a view: the events table holds
// record.added payloads with names), so that a `--hub` output on a laptop holding the key opens their texts; their
// interviewee names are ciphertext, as the hub takes no name in clear. The key "texts" appears unescaped in a
// payload only as that member's name.
export const sql = `
ALTER TABLE records ALTER COLUMN note DROP NOT NULL,
  ADD COLUMN position integer NOT NULL DEFAULT 0,
  ADD COLUMN in_texts integer NOT NULL DEFAULT 0;
CREATE VIEW sealed_imports AS
  SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id FROM events
  WHERE type = 'records.imported' AND strpos(payload, '"texts":') > 0;
`;
