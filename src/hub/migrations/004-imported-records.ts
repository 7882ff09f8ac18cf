// Hub migration 4: records entered in bulk travel in records.imported events (docs/format.md §3), whose
// payloads carry interviewee names as record.added's do: the view of decisions leaves them out too.
export const sql = `
CREATE OR REPLACE VIEW decision_events AS
  SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id FROM events
  WHERE type NOT IN ('record.added', 'records.imported');
`;
