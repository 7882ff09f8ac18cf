// Migration 9: what the team lead looks up. Each import's receipt keeps what it brought (the bundle's file
// name, who exported it, its inspections, the new events by kind), for `ducha team history`: a local
// table, not an event — it is not part of the signed history and never travels in a bundle. And an index
// over the few events that are decisions (everything but records), so conflicts, their resolutions and
// the events they superseded are found without reading every record of an inspection; records, the bulk
// of the log, are left out so importing them costs nothing more.
export const sql = `
ALTER TABLE imports ADD COLUMN file TEXT;
ALTER TABLE imports ADD COLUMN summary TEXT;   -- JSON: exporter, inspections, newByType, blobs, newBlobs

CREATE INDEX events_decisions ON events (inspection_id, type) WHERE type <> 'record.added';
`;
