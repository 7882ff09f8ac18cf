// Migration 12: evidence files encrypted at rest (issue 17). On a database with a data key every chunk of a
// new evidence file is sealed with it (blobs.ts): the blob's row says which data key (NULL: the chunks are the
// file's bytes in clear), and the size and sha256 of the chunks as stored, so that a bundle or a reader
// without the key can still check that the bytes it got are the bytes that were sealed.
export const sql = `
ALTER TABLE blobs ADD COLUMN key_id TEXT;          -- hex id of the data key that sealed every chunk; NULL = clear
ALTER TABLE blobs ADD COLUMN stored_size INTEGER;  -- bytes of the sealed chunks together (NULL when clear)
ALTER TABLE blobs ADD COLUMN stored_sha256 TEXT;   -- sha256 of the sealed chunks in order (NULL when clear)
`;
