// Hub migration 2: evidence files a protected laptop stores sealed (issue 17, docs/format.md §20) are kept on
// the hub as they are stored — the key id, the sealed chunks' size and SHA-256 beside the clear file's sha256
// and size, NULL for a clear file, as on a laptop after its migration 12 — and the functions a laptop calls
// to learn which of its files the hub wants and, for pull, in which form the hub holds each.
export const sql = `
ALTER TABLE blobs
  ADD COLUMN key_id        text,
  ADD COLUMN stored_size   bigint,
  ADD COLUMN stored_sha256 text,
  ADD CONSTRAINT blobs_sealed_whole CHECK (
    (key_id IS NULL AND stored_size IS NULL AND stored_sha256 IS NULL)
    OR (key_id ~ '^[0-9a-f]{32}$' AND stored_size >= 0 AND stored_sha256 ~ '^[0-9a-f]{64}$'));

-- What pull_blob_entries asks of every file it lists.
CREATE INDEX record_evidence_by_sha256 ON record_evidence (sha256);
CREATE INDEX step_evidence_by_sha256 ON step_evidence (sha256);

-- Of the given files (and whether the pusher holds each in clear), those the hub wants: the ones it lacks, and
-- the ones it holds only sealed when the pusher's copy is clear (a clear copy every laptop can open replaces it).
CREATE FUNCTION submit_wanted_blobs(shas text[], clear boolean[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s FROM unnest(shas, clear) AS k(s, c)
  WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = k.s AND (b.key_id IS NULL OR NOT k.c))
$$;

-- The files of the inspections a laptop proves it holds, in the form the hub holds them: clear (key_id NULL),
-- or sealed under key_id with the sealed chunks' size and SHA-256; evidence tells a file records or
-- rectification steps cite from a checklist snapshot (which a laptop keeps clear).
CREATE FUNCTION pull_blob_entries(ids text[], proofs text[])
RETURNS TABLE (sha256 text, size bigint, key_id text, stored_size bigint, stored_sha256 text, evidence boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT DISTINCT b.sha256, b.size, b.key_id, b.stored_size, b.stored_sha256,
    (EXISTS (SELECT 1 FROM record_evidence r WHERE r.sha256 = b.sha256) OR EXISTS (SELECT 1 FROM step_evidence s WHERE s.sha256 = b.sha256))
      AND NOT EXISTS (SELECT 1 FROM inspection_checklists i WHERE i.sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM snapshot_cache sc WHERE sc.sha256 = b.sha256)
  FROM blob_citations c JOIN blobs b ON b.sha256 = c.sha256 WHERE c.inspection_id IN (SELECT pull_proven(ids, proofs))
$$;
`;
