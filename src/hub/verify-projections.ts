// `hub verify`'s replay: the hub's projection rows of each inspection against the laptop's own reducers
// (store/apply.ts) run over the hub's events of that inspection, about 20,000 records' worth of inspections at a time. Both sides
// are laptop-shaped tables in one SQLite database in memory — the replay in `main`, and beside it the hub's rows
// as `report --hub` and `compare --hub` read them (slice.ts) — compared by SQL; so a row edited in the hub's
// tables (a problem's severity, a conclusion, a record) is found, as a laptop's `verify` finds one in its own.
import { applyEvent } from '../store/apply.js';
import { PROJECTIONS } from '../store/migrations/index.js';
import { openMemoryStore } from '../store/open.js';
import { rowToEvent, type HubEventRow } from '../store/store.js';
import type { HubClient } from './connect.js';
import { copySlice } from './slice.js';

/** Records (as the hub counts them per inspection) replayed at once, at least one inspection: what memory holds. */
const CHUNK_RECORDS = 20_000;
/** Rows named per table at most (as the other checks of `hub verify` name at most 20). */
const SHOWN = 20;

/**
 * Each projection row the hub holds that its events do not make (or that they make and the hub lacks), named
 * `table: key`; returns the number of inspections replayed. An event the laptop's reducers refuse is named too.
 */
export async function replayProjections(
  client: HubClient,
  report: (detail: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const inspections = (
    await client.query<{ id: string; records: string }>(
      'SELECT id, n_listen + n_check + n_talk + n_visit AS records FROM inspections ORDER BY id COLLATE "C"',
    )
  ).rows;
  const chunks: string[][] = [];
  let weight = Infinity;
  for (const r of inspections) {
    if (weight + Number(r.records) > CHUNK_RECORDS) {
      chunks.push([]);
      weight = 0;
    }
    chunks.at(-1)!.push(r.id);
    weight += Number(r.records);
  }
  const shown = new Map<string, number>();
  const name = (table: string, detail: string) => {
    const n = shown.get(table) ?? 0;
    shown.set(table, n + 1);
    if (n < SHOWN) report(`${table}: ${detail}`);
  };
  let done = 0;
  for (const chunk of chunks) {
    const store = openMemoryStore();
    try {
      const db = store.db;
      db.exec("ATTACH DATABASE ':memory:' AS hub");
      for (const table of Object.keys(PROJECTIONS))
        db.exec(`CREATE TABLE hub."${table}" AS SELECT * FROM main."${table}" WHERE 0`);
      // A record's note stays in its record.added event on a laptop (its row's note is NULL); the hub's row holds it.
      db.exec('CREATE TEMP TABLE notes (event_id TEXT PRIMARY KEY, note TEXT)');
      await copySlice(client, chunk, db, 'hub');
      const events = (
        await client.query<HubEventRow & { seq_no: string }>(
          'SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash FROM events WHERE inspection_id = ANY($1::text[]) ORDER BY seq_no',
          [chunk],
        )
      ).rows;
      const note = db.prepare('INSERT OR IGNORE INTO temp.notes (event_id, note) VALUES (?, ?)');
      db.transaction(() => {
        for (const r of events) {
          const event = rowToEvent({ ...r, seq: Number(r.seq), seq_no: Number(r.seq_no) });
          try {
            applyEvent(db, event, Number(r.seq_no));
          } catch (error) {
            name('events', `${r.device}/${r.seq}: ${(error as Error).message}`);
          }
          if (event.type === 'record.added') note.run(event.id, (event.payload as { note?: string }).note ?? null);
        }
        db.exec(
          'UPDATE main.records SET note = (SELECT n.note FROM temp.notes n WHERE n.event_id = records.event_id) WHERE note IS NULL AND in_texts = 0',
        );
      })();
      for (const [table, key] of Object.entries(PROJECTIONS)) for (const k of differing(db, table, key)) name(table, k);
    } finally {
      store.close();
    }
    done += chunk.length;
    onProgress?.(done, inspections.length);
  }
  return inspections.length;
}

/** The keys of the rows in which the replay (`main`) and the hub's copy (`hub`) differ, or that one of them lacks. */
function differing(db: ReturnType<typeof openMemoryStore>['db'], table: string, key: string): string[] {
  // Where in the log a record was added is each side's own numbering (slice.ts numbers the hub's rows).
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((c) => !(table === 'records' && c === 'seq_no'));
  const list = columns.map((c) => `"${c}"`).join(', ');
  const k = key
    .split(', ')
    .map((c) => `"${c}"`)
    .join(" || '/' || ");
  return db
    .prepare(
      `SELECT ${k} AS k FROM (SELECT ${list} FROM main."${table}" EXCEPT SELECT ${list} FROM hub."${table}")
       UNION SELECT ${k} AS k FROM (SELECT ${list} FROM hub."${table}" EXCEPT SELECT ${list} FROM main."${table}") ORDER BY k`,
    )
    .pluck()
    .all() as string[];
}
