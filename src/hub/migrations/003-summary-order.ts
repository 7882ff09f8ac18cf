// Hub migration 3: the inspections in the order a summary lists them (newest first, then by id, byte order
// as on a laptop), so that `summary --hub` over every inspection reads them from an index instead of sorting
// them: with 20,000 inspections PostgreSQL's sort outgrew work_mem and spilled to a temporary file (hub/read.ts).
export const sql = `
CREATE INDEX inspections_newest ON inspections (created_at COLLATE "C" DESC, id COLLATE "C");
`;
