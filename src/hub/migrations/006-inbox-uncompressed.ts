// Hub migration 6: a waiting batch's events and links kept out of line without compression. Each batch's lines
// are one text of up to the push's bound of bytes (megabytes), which PostgreSQL compressed with pglz on the way
// in and decompressed again for the acceptor, though a batch waits only until it is accepted and deleted:
// 257,408 events pushed into the inbox cost PostgreSQL ≈ 1.5 s less CPU without it (BENCHMARKS.md). lz4 would
// be cheaper than pglz but not every server is built with it. Rows stored before keep their form.
export const sql = `
ALTER TABLE inbox_batches ALTER COLUMN events SET STORAGE EXTERNAL, ALTER COLUMN links SET STORAGE EXTERNAL;
`;
