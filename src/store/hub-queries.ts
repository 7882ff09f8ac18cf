// What a laptop asks itself for the hub: which events and blobs it holds (to push what the hub lacks), the
// proof that it holds an inspection (the hash of the event that created it, to pull); and storing a pulled
// blob, inside the pull's write transaction.
import { clearPayload } from './sealed.js';
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';

type Db = Database.Database;

/** Per device: how many of its events this database holds, and the newest. */
export function localHeads(db: Db): Array<{ device: string; count: number; max: number }> {
  return prepared(db, 'SELECT device, count(*) AS count, max(seq) AS max FROM events GROUP BY device').all() as Array<{
    device: string;
    count: number;
    max: number;
  }>;
}

/** The device's events up to `max`, by seq. */
export function seqsUpTo(db: Db, device: string, max: number): number[] {
  return (
    prepared(db, 'SELECT seq FROM events WHERE device = ? AND seq <= ? ORDER BY seq', true).all(device, max) as Array<
      [number]
    >
  ).map((r) => r[0]);
}

export function countAfter(db: Db, device: string, seq: number): number {
  return (
    prepared(db, 'SELECT count(*) AS n FROM events WHERE device = ? AND seq > ?').get(device, seq) as { n: number }
  ).n;
}

/** The local position (seq_no) of a device's first event after `seq`, or of the given event. */
export function seqNoAfter(db: Db, device: string, seq: number): number | undefined {
  return (
    (
      prepared(db, 'SELECT min(seq_no) AS n FROM events WHERE device = ? AND seq > ?').get(device, seq) as {
        n: number | null;
      }
    ).n ?? undefined
  );
}
export function seqNoOf(db: Db, device: string, seq: number): number | undefined {
  return (
    prepared(db, 'SELECT seq_no AS n FROM events WHERE device = ? AND seq = ?').get(device, seq) as
      { n: number } | undefined
  )?.n;
}

/**
 * An event as push reads it: its line as a bundle carries it (made by SQLite, so that the row's members and the
 * payload are not each made a string of their own first), with what a batch's manifest needs.
 */
export type PushedRow = [
  line: string,
  device: string,
  seq: number,
  hash: string,
  inspectionId: string | null,
  type: string,
  /** The payload only when it names a sha256 (it may cite a blob); otherwise null. */
  citing: string | null,
];

/** The bundle line of an event (docs/format.md): its members in this order, strings quoted as JSON, the stored canonical payload as it is. */
const LINE = `'{"id":' || json_quote(id) || ',"device":' || json_quote(device) || ',"seq":' || seq ||
  ',"at":' || json_quote(at) || ',"actor":' || json_quote(actor) || ',"type":' || json_quote(type) ||
  ',"payload":' || ${clearPayload()} || ',"prevHash":' || json_quote(prev_hash) || ',"hash":' || json_quote(hash) || '}'`;

/**
 * Every event from a local position on, in the order this database stored them (an order that respects
 * causes), as arrays (cheaper than objects for hundreds of thousands of rows). Read once from start to end:
 * the page cache is made small for it (64 MiB of pages a push never reads twice was most of its memory);
 * the setting lasts as long as this connection, a command's.
 */
export function eventsFrom(db: Db, seqNo: number): IterableIterator<PushedRow> {
  db.pragma('cache_size = -8192');
  return db
    .prepare(
      `SELECT ${LINE}, device, seq, hash, inspection_id, type, CASE WHEN instr(${clearPayload()}, '"sha256"') > 0 THEN ${clearPayload()} END
       FROM events WHERE seq_no >= ? ORDER BY seq_no`,
    )
    .raw(true)
    .iterate(seqNo) as IterableIterator<PushedRow>;
}

export function blobSize(db: Db, sha256: string): number | undefined {
  return (prepared(db, 'SELECT size FROM blobs WHERE sha256 = ?').get(sha256) as { size: number } | undefined)?.size;
}

/** Each inspection held, with the hash of the event that created it: what proves to the hub that this laptop holds it. */
export function creationProofs(db: Db): Array<{ inspectionId: string; hash: string }> {
  return prepared(
    db,
    "SELECT inspection_id AS inspectionId, hash FROM events WHERE type = 'inspection.created' ORDER BY seq_no",
  ).all() as Array<{ inspectionId: string; hash: string }>;
}

export function hashAt(db: Db, device: string, seq: number): string | undefined {
  return (
    prepared(db, 'SELECT hash FROM events WHERE device = ? AND seq = ?').get(device, seq) as
      { hash: string } | undefined
  )?.hash;
}

/** Whether this database holds the event (device, seq). */
export function holdsEvent(db: Db, device: string, seq: number): boolean {
  return prepared(db, 'SELECT 1 FROM events WHERE device = ? AND seq = ?').get(device, seq) !== undefined;
}

/** Store a blob fetched whole (its hash already checked); an empty file has one empty chunk. */
export function insertBlob(db: Db, sha256: string, chunks: readonly Buffer[]): void {
  prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(
    sha256,
    chunks.reduce((n, c) => n + c.length, 0),
  );
  const insert = prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)');
  (chunks.length ? chunks : [Buffer.alloc(0)]).forEach((data, n) => insert.run(sha256, n, data));
}

/** Copy rows into one of this database's tables (the columns both have): a view of the hub built in memory. */
export function insertRows(db: Db, table: string, rows: ReadonlyArray<Record<string, unknown>>, schema = 'main'): void {
  if (rows.length === 0) return;
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?, ?)').all(table, schema) as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((c) => c in rows[0]!);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO "${schema}"."${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  db.transaction(() => {
    for (const row of rows) insert.run(...columns.map((c) => row[c]));
  })();
}

/** Whether this database holds a signed head of `device` at `seq` (a push ends a batch there when it can). */
export function signedAt(db: Db, device: string, seq: number): boolean {
  return prepared(db, 'SELECT 1 FROM signatures WHERE device = ? AND seq = ?').get(device, seq) !== undefined;
}
