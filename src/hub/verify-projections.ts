// `hub verify`'s replay: the hub's projection rows of each inspection against the laptop's own reducers
// (store/apply.ts) run over the hub's events of that inspection, a few hundred inspections at a time. Both sides
// are laptop databases in memory: the hub's rows as `report --hub` and `compare --hub` read them (slice.ts), and
// the replay — so a row edited in the hub's tables (a problem's severity, a conclusion, a record) is found, as a
// laptop's `verify` finds one in its own (store/verify.ts).
import type Database from 'better-sqlite3';
import { applyEvent } from '../store/apply.js';
import { canonicalJson } from '../store/canonical.js';
import type { StoredEvent } from '../store/events.js';
import { PROJECTIONS } from '../store/migrations/index.js';
import { openMemoryStore } from '../store/open.js';
import type { HubClient } from './connect.js';
import { hubSlice } from './slice.js';

/** Inspections replayed at once: what both copies hold in memory. */
const CHUNK = 200;
/** Rows named per table at most (as the other checks of `hub verify` name at most 20). */
const SHOWN = 20;

interface EventRow {
  seq_no: string;
  id: string;
  device: string;
  seq: string;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/**
 * Each projection row the hub holds that its events do not make (or that they make and the hub lacks), named
 * `table: key`; returns the number of inspections replayed. An event the laptop's reducers refuse is named too.
 */
export async function replayProjections(
  client: HubClient,
  report: (detail: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const ids = (await client.query<{ id: string }>('SELECT id FROM inspections ORDER BY id COLLATE "C"')).rows.map(
    (r) => r.id,
  );
  const shown = new Map<string, number>();
  const name = (table: string, detail: string) => {
    const n = shown.get(table) ?? 0;
    shown.set(table, n + 1);
    if (n < SHOWN) report(`${table}: ${detail}`);
  };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const hub = await hubSlice(client, chunk);
    const replay = openMemoryStore();
    try {
      const events = (
        await client.query<EventRow>(
          'SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash FROM events WHERE inspection_id = ANY($1::text[]) ORDER BY seq_no',
          [chunk],
        )
      ).rows;
      // A record's note stays in its record.added event on a laptop (its row's note is NULL); the hub's row holds it.
      const notes = new Map<string, string | null>();
      replay.db.transaction(() => {
        for (const r of events) {
          const event = {
            id: r.id,
            device: r.device,
            seq: Number(r.seq),
            at: r.at,
            actor: r.actor,
            type: r.type,
            payload: JSON.parse(r.payload) as unknown,
            prevHash: r.prev_hash,
            hash: r.hash,
          } as StoredEvent;
          if (event.type === 'record.added') notes.set(event.id, (event.payload as { note?: string }).note ?? null);
          try {
            applyEvent(replay.db, event, Number(r.seq_no));
          } catch (error) {
            name('events', `${r.device}/${r.seq}: ${(error as Error).message}`);
          }
        }
      })();
      for (const [table, key] of Object.entries(PROJECTIONS))
        for (const k of differing(hub.db, replay.db, table, key, notes)) name(table, k);
    } finally {
      hub.close();
      replay.close();
    }
    onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
  }
  return ids.length;
}

/** The keys of the rows in which the hub's copy and the replay differ (present in one only, or unequal). */
function differing(
  hub: Database.Database,
  replay: Database.Database,
  table: string,
  key: string,
  notes: ReadonlyMap<string, string | null>,
): string[] {
  const columns = key.split(', ');
  const read = (db: Database.Database, replayed: boolean) => {
    const rows = new Map<string, string>();
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all() as Array<Record<string, unknown>>) {
      if (table === 'records') {
        // Where in the log a record was added is each copy's own numbering (slice.ts numbers the hub's).
        delete row.seq_no;
        if (replayed && row.note === null && row.in_texts === 0) row.note = notes.get(String(row.event_id)) ?? null;
      }
      rows.set(columns.map((c) => String(row[c])).join('/'), comparable(row));
    }
    return rows;
  };
  const a = read(hub, false);
  const b = read(replay, true);
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(k);
  for (const k of b.keys()) if (!a.has(k)) out.push(k);
  return out;
}

/** A row as text: every value as a string, JSON values (registers, snapshots) by their canonical form. */
function comparable(row: Record<string, unknown>): string {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = v === null ? null : k === 'value' || k === 'json' ? canonicalJson(JSON.parse(String(v))) : String(v);
  return JSON.stringify(out);
}
