// The hub's own counts, for summaries over every inspection: per inspection (records by method, items
// concluded, lacking and in conflict, problems and those closed) recounted from the projections for every
// inspection a group of events touched — a few dozen rows each — and checked in full by `hub verify`.
// (Per item over all inspections, item_totals moves with each conclusion instead: see registers.ts.)
import { run } from './bulk.js';
import type { HubClient } from './connect.js';

/** The counts of one inspection, from its rows (also what `hub verify` compares every inspection with). */
export const COUNTS = `
  SELECT s.listen, s."check", s.talk, s.visit, c.concluded, c.lacking, c.conflicts, p.problems, p.closed
  FROM (SELECT coalesce(sum(listen), 0) AS listen, coalesce(sum("check"), 0) AS "check", coalesce(sum(talk), 0) AS talk, coalesce(sum(visit), 0) AS visit
        FROM item_stats WHERE inspection_id = k.id OFFSET 0) s,
       (SELECT count(*) FILTER (WHERE heads = 1) AS concluded, count(*) FILTER (WHERE heads = 1 AND result IN ('partial', 'noncompliant')) AS lacking,
               count(*) FILTER (WHERE heads > 1) AS conflicts FROM conclusion_heads WHERE inspection_id = k.id OFFSET 0) c,
       (SELECT count(*) AS problems, count(*) FILTER (WHERE status = 'closed') AS closed FROM problems WHERE inspection_id = k.id AND merged_into IS NULL OFFSET 0) p`;

/** Recount the given inspections. */
export async function recount(client: HubClient, inspections: ReadonlySet<string>): Promise<void> {
  if (!inspections.size) return;
  await run(
    client,
    `UPDATE inspections i SET n_listen = x.listen, n_check = x."check", n_talk = x.talk, n_visit = x.visit, n_concluded = x.concluded, n_lacking = x.lacking,
       n_conflicts = x.conflicts, n_problems = x.problems, n_closed = x.closed
     FROM (SELECT k.id, x.* FROM json_array_elements_text($1::json) AS k(id) CROSS JOIN LATERAL (${COUNTS}) x) x
     WHERE i.id = x.id`,
    [JSON.stringify([...inspections])],
  );
}
