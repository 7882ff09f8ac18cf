// Hub migration 1, its functions: what the roles of init.ts use — functions that run as the hub's owner and
// answer only what they return — and the table of what the hub holds per device, which they read.
export const functions = `
CREATE TABLE held (
  device  text PRIMARY KEY,
  max_seq bigint NOT NULL,
  count   bigint NOT NULL
);

CREATE FUNCTION inbox_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.submitted_by := session_user;
  NEW.submitted_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER inbox_batches_stamp BEFORE INSERT ON inbox_batches FOR EACH ROW EXECUTE FUNCTION inbox_stamp();

-- Per device asked: the newest event the hub holds or has waiting in its inbox, and how many it holds.
CREATE FUNCTION submit_heads(devices text[]) RETURNS TABLE (device text, max_seq bigint, held bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT d, greatest(h.max_seq, i.max_seq), coalesce(h.count, 0) + coalesce(i.count, 0)
  FROM unnest(devices) AS d
  LEFT JOIN held h ON h.device = d
  LEFT JOIN LATERAL (SELECT max(seq) AS max_seq, count(*) AS count FROM inbox_events e WHERE e.device = d) i ON true
$$;

-- Whether the hub trusts this device with this key (a push from an unregistered laptop is told at once).
CREATE FUNCTION submit_trusted(d text, key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM devices WHERE device = d AND public_key = key)
$$;

-- The hashes the hub holds (or has waiting) for the given events of one device: a pusher compares them with
-- its own, since a copied database that kept writing has the same numbers with other events.
CREATE FUNCTION submit_hashes(d text, seqs bigint[]) RETURNS TABLE (seq bigint, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.seq, e.hash FROM events e WHERE e.device = d AND e.seq = ANY(seqs)
  UNION SELECT i.seq, i.hash FROM inbox_events i WHERE i.device = d AND i.seq = ANY(seqs)
$$;

-- Of the given events of one device, those the hub neither holds nor has in its inbox.
CREATE FUNCTION submit_missing(d text, seqs bigint[]) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s FROM unnest(seqs) AS s
  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.device = d AND e.seq = s)
    AND NOT EXISTS (SELECT 1 FROM inbox_events e WHERE e.device = d AND e.seq = s)
$$;

-- Of the given blobs, those the hub does not hold.
CREATE FUNCTION submit_missing_blobs(shas text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s FROM unnest(shas) AS s WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s)
$$;

-- What became of a device's submissions after the given one: accepted, or refused and why; and how many wait.
CREATE FUNCTION submit_status(d text, after bigint) RETURNS TABLE (id bigint, status text, code text, reason text, events integer, new_events integer, decided_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT id, status, code, reason, events, new_events, decided_at FROM submissions WHERE device = d AND id > after ORDER BY id
$$;
CREATE FUNCTION submit_waiting(d text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT count(*) FROM inbox_batches WHERE device = d
$$;

-- The hub's crypto suite (chosen at hub init): a laptop of the other suite is told before it sends anything.
CREATE FUNCTION submit_suite() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT coalesce((SELECT value FROM hub_meta WHERE key = 'suite'), 'default')
$$;

-- Format 2, for a pull's coverage (docs/format.md §12): per device asked, the signed heads the hub holds at or
-- above a position; and a device's chain between two positions as links (an event's digest, or a held link),
-- which reveal no event's content.
CREATE FUNCTION pull_heads(devices text[], los bigint[]) RETURNS TABLE (device text, seq bigint, hash text, signature text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT s.device, s.seq, s.hash, s.signature FROM unnest(devices, los) AS k(d, lo) JOIN signatures s ON s.device = k.d AND s.seq >= k.lo ORDER BY s.device, s.seq
$$;
CREATE FUNCTION pull_devices(devices text[]) RETURNS TABLE (device text, public_key text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT d.device, d.public_key, d.name FROM devices d WHERE d.device = ANY(devices)
$$;
CREATE FUNCTION pull_links(d text, lo bigint, hi bigint) RETURNS TABLE (seq bigint, prev_hash text, digest text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.seq, e.prev_hash, e.digest FROM events e WHERE e.device = d AND e.seq BETWEEN lo AND hi AND e.digest IS NOT NULL
  UNION ALL SELECT l.seq, l.prev_hash, l.digest FROM links l WHERE l.device = d AND l.seq BETWEEN lo AND hi
$$;

-- Pulling: a laptop proves it holds an inspection by the hash of the event that created it, which only
-- those who were given the inspection's history know; it may then read that inspection's events and blobs.
CREATE FUNCTION pull_proven(ids text[], proofs text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT p.i FROM unnest(ids, proofs) AS p(i, h)
  WHERE EXISTS (SELECT 1 FROM events e WHERE e.inspection_id = p.i AND e.type = 'inspection.created' AND e.hash = p.h)
$$;
CREATE FUNCTION pull_keys(ids text[], proofs text[]) RETURNS TABLE (device text, seq bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.device, e.seq FROM events e WHERE e.inspection_id IN (SELECT pull_proven(ids, proofs)) ORDER BY e.seq_no
$$;
CREATE FUNCTION pull_events(ids text[], proofs text[], devices text[], seqs bigint[])
RETURNS TABLE (id text, device text, seq bigint, at text, actor text, type text, payload text, prev_hash text, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT e.id, e.device, e.seq, e.at, e.actor, e.type, e.payload, e.prev_hash, e.hash
  FROM unnest(devices, seqs) AS k(d, s) JOIN events e ON e.device = k.d AND e.seq = k.s
  WHERE e.inspection_id IN (SELECT pull_proven(ids, proofs)) ORDER BY e.seq_no
$$;
CREATE FUNCTION pull_blob_sizes(ids text[], proofs text[]) RETURNS TABLE (sha256 text, size bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT DISTINCT b.sha256, b.size FROM blob_citations c JOIN blobs b ON b.sha256 = c.sha256 WHERE c.inspection_id IN (SELECT pull_proven(ids, proofs))
$$;
CREATE FUNCTION pull_blob(ids text[], proofs text[], sha text) RETURNS TABLE (n integer, data bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ducha, pg_temp AS $$
  SELECT k.n, k.data FROM blob_chunks k
  WHERE k.sha256 = sha AND EXISTS (SELECT 1 FROM blob_citations c WHERE c.sha256 = sha AND c.inspection_id IN (SELECT pull_proven(ids, proofs)))
  ORDER BY k.n
$$;
`;
