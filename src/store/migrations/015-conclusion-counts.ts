// Migration 15: what a summary reads of the conclusions, from three small partial indexes instead of the table.
// conclusion_heads holds each item's current conclusion with its note (ciphertext on a protected database,
// several times the clear note's length); the summary's counts per item and per inspection need only the
// result of the heads that are not in conflict. The first two indexes cover those counts (`heads` among their
// columns, which SQLite needs to see them as covering), so the summary
// reads neither the notes nor a temporary sort: per item in index order (no GROUP BY sorter, which on a
// protected database runs in memory: temp_store = MEMORY), per inspection likewise. The third lists the good
// practices, so only their rows are read for their notes. A conclusion is written once per item and
// decision, so the indexes cost nothing an import of records pays (store/summary-queries.ts reads them).
export const sql = `
CREATE INDEX conclusion_counts_by_item ON conclusion_heads (checklist_id, item_id, heads, inspection_id, result) WHERE heads = 1;
CREATE INDEX conclusion_counts_by_inspection ON conclusion_heads (inspection_id, heads, result) WHERE heads = 1;
CREATE INDEX conclusion_good_practices ON conclusion_heads (inspection_id, checklist_id, item_id) WHERE heads = 1 AND good_practice = 1;
`;
