// A view of some inspections on the hub as a laptop database in memory: their projection rows (and decision
// events) copied from PostgreSQL by SQL, so that compare, reports and the problem list build their models
// with the laptop's own code — the document a hub prints is the one a laptop holding the same events prints.
// The copy is read-only: nothing decided on it could reach the hub (which stores only what devices sign).
import { openMemoryStore } from '../store/open.js';
import { insertRows } from '../store/hub-queries.js';
import type { Store } from '../store/store.js';
import type { HubClient } from './connect.js';

/** Every register of the chosen inspections: for each kind, one range of the key (entities are in byte order). */
const REGISTERS = (table: string) =>
  `SELECT r.* FROM unnest($1::text[]) AS i CROSS JOIN unnest(ARRAY['conclusion/', 'problem/', 'record/', 'inspection/']) AS k
   CROSS JOIN LATERAL (SELECT * FROM ${table} r WHERE r.entity >= k || i || '/' AND r.entity < k || i || '0' OFFSET 0) r`;

/** Each table copied, and how its rows of the chosen inspections ($1) are selected on the hub. */
const TABLES: ReadonlyArray<[string, string]> = [
  ['inspections', 'SELECT * FROM inspections WHERE id = ANY($1::text[])'],
  ['inspection_checklists', 'SELECT * FROM inspection_checklists WHERE inspection_id = ANY($1::text[])'],
  ['rechecks', 'SELECT * FROM rechecks WHERE inspection_id = ANY($1::text[])'],
  // The laptop's records keep where in its log each was added (seq_no, position); the hub's keep their place in
  // their event only: the rows are numbered as the hub returns them (a laptop lists records by time, then by that
  // number) — but for a record whose note and subject are in its import's sealed texts (in_texts), numbered as
  // that event, copied below, so that the laptop's queries find them there (record-queries.ts).
  [
    'records',
    `WITH imports AS (SELECT id, seq_no FROM sealed_imports WHERE inspection_id = ANY($1::text[]))
     SELECT r.*, CASE WHEN r.in_texts <> 0 THEN i.seq_no ELSE row_number() OVER () END AS seq_no
     FROM records r LEFT JOIN imports i ON r.in_texts <> 0 AND i.id = r.event_id WHERE r.inspection_id = ANY($1::text[])`,
  ],
  [
    'record_evidence',
    'SELECT e.* FROM record_evidence e JOIN records r ON r.id = e.record_id WHERE r.inspection_id = ANY($1::text[])',
  ],
  ['item_stats', 'SELECT * FROM item_stats WHERE inspection_id = ANY($1::text[])'],
  ['conclusion_heads', 'SELECT * FROM conclusion_heads WHERE inspection_id = ANY($1::text[])'],
  ['problems', 'SELECT * FROM problems WHERE inspection_id = ANY($1::text[])'],
  ['rectification_steps', 'SELECT * FROM rectification_steps WHERE inspection_id = ANY($1::text[])'],
  [
    'step_evidence',
    'SELECT e.* FROM step_evidence e JOIN rectification_steps s ON s.event_id = e.event_id WHERE s.inspection_id = ANY($1::text[])',
  ],
  ['registers', REGISTERS('registers')],
  ['superseded', REGISTERS('superseded')],
  [
    'snapshot_cache',
    'SELECT DISTINCT c.* FROM snapshot_cache c WHERE c.sha256 IN (SELECT sha256 FROM inspection_checklists WHERE inspection_id = ANY($1::text[]) UNION SELECT sha256 FROM rechecks WHERE inspection_id = ANY($1::text[]))',
  ],
  ['events', 'SELECT * FROM decision_events WHERE inspection_id = ANY($1::text[]) ORDER BY seq_no'],
  // Imports whose records' notes and subjects are sealed together (hub migration 5): read where those rows point.
  ['events', 'SELECT * FROM sealed_imports WHERE inspection_id = ANY($1::text[]) ORDER BY seq_no'],
];

/** The chosen inspections as a read-only laptop database in memory; the caller closes it. */
export async function hubSlice(client: HubClient, inspectionIds: readonly string[]): Promise<Store> {
  const store = openMemoryStore();
  try {
    await copySlice(client, inspectionIds, store.db);
    store.db.pragma('query_only = ON');
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The chosen inspections' rows copied into the laptop-shaped tables of `schema` (hub verify copies them beside a
 * replay of their events); only the tables that schema has.
 */
export async function copySlice(
  client: HubClient,
  inspectionIds: readonly string[],
  db: Store['db'],
  schema = 'main',
): Promise<void> {
  const present = new Set(
    (
      db.prepare(`SELECT name FROM "${schema}".sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((t) => t.name),
  );
  for (const [table, sql] of TABLES) {
    if (!present.has(table)) continue;
    const rows = (await client.query(sql, [inspectionIds])).rows as Array<Record<string, unknown>>;
    insertRows(
      db,
      table,
      rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, sqliteValue(v)]))),
      schema,
    );
  }
}

function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}
