// What `ducha verify --against` reads: the elements (events, links) and signed heads of a database — the one
// checked, by place, and another one (opened read-only, never migrated, nothing of it run), in full.
import type Database from 'better-sqlite3';
import { linkHash } from './hash.js';
import { prepared } from './prepared.js';
import { readOnlyConnection } from './read-only.js';

type Db = Database.Database;

const hasTable = (db: Db, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The hash at (device, seq) in this database: its event's, or its link's; undefined when it holds neither. */
export function hashAt(db: Db, algorithm: string, device: string, seq: number): string | undefined {
  const event = prepared(db, 'SELECT hash FROM events WHERE device = ? AND seq = ?', true).get(device, seq) as
    [string] | undefined;
  if (event) return event[0];
  if (!hasTable(db, 'links')) return undefined;
  const link = prepared(db, 'SELECT prev_hash, digest FROM links WHERE device = ? AND seq = ?', true).get(
    device,
    seq,
  ) as [string, string] | undefined;
  return link && linkHash(algorithm, link[0], link[1]);
}

export interface OtherDatabase {
  device: string;
  suite: string;
  events(): IterableIterator<{ device: string; seq: number; hash: string }>;
  heads(): Array<{ device: string; seq: number; hash: string }>;
  close(): void;
}

/** Another ducha database, read-only: its own device, suite, events and signed heads (none before format 2). */
export function otherDatabase(file: string): OtherDatabase {
  const { db, tidy } = readOnlyConnection(file);
  db.pragma('trusted_schema = OFF');
  const meta = (key: string) =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  return {
    device: meta('device') ?? '',
    suite: meta('suite') ?? 'default',
    events: () =>
      db.prepare('SELECT device, seq, hash FROM events ORDER BY device, seq').iterate() as IterableIterator<{
        device: string;
        seq: number;
        hash: string;
      }>,
    heads: () =>
      hasTable(db, 'signatures')
        ? (db.prepare('SELECT device, seq, hash FROM signatures ORDER BY device, seq').all() as Array<{
            device: string;
            seq: number;
            hash: string;
          }>)
        : [],
    close: () => {
      db.close();
      tidy();
    },
  };
}
