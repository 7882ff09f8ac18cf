// An open database: appends events to this device's hash chain and applies their projections, always
// inside one write transaction per command.
import type Database from 'better-sqlite3';
import { applyEvent } from './apply.js';
import { canonicalJson } from './canonical.js';
import { inspectionOf, type EventPayloads, type EventType, type StoredEvent } from './events.js';
import { GENESIS, eventHash } from './hash.js';
import { prepared } from './prepared.js';

export interface StoreServices {
  clock: () => Date;
  newId: () => string;
  /** A short id that people type (6 characters, 30 bits): unique only once checked against the table. */
  shortId: () => string;
  /** Run after the connection is closed (a read-only opening tidies the -wal/-shm files it made). */
  afterClose?: () => void;
}

export class Store {
  readonly device: string;
  private inWrite = false;
  /** Write transactions committed through this Store: an error message must not say nothing was saved. */
  commits = 0;
  /** This device's chain head, read once per write transaction and advanced in memory. */
  private head?: { seq: number; hash: string };

  constructor(
    readonly db: Database.Database,
    readonly file: string,
    readonly services: StoreServices,
  ) {
    this.device = (db.prepare("SELECT value FROM meta WHERE key = 'device'").get() as { value: string }).value;
  }

  /** Run `fn` as one IMMEDIATE transaction: everything it appends lands together or not at all. */
  write<T>(fn: () => T): T {
    if (this.inWrite) return fn();
    this.inWrite = true;
    this.head = undefined;
    try {
      const result = this.db.transaction(fn).immediate();
      this.commits++;
      return result;
    } finally {
      this.inWrite = false;
      this.head = undefined; // a rolled-back write must not leave a head that never was
    }
  }

  /**
   * As write(), for work that yields to the event loop between steps (an import, so that Ctrl+C is heard and
   * the transaction rolled back): the transaction stays open across the awaits, and nothing else uses this
   * connection meanwhile (each command has its own).
   */
  async writeAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inWrite) return fn();
    this.inWrite = true;
    this.head = undefined;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      this.commits++;
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.inWrite = false;
      this.head = undefined;
    }
  }

  /** Append one event to this device's chain and apply it; must run inside write(). */
  append<T extends EventType>(actor: string, type: T, payload: EventPayloads[T]): StoredEvent<T> {
    if (!this.inWrite) throw new Error('Store.append outside a write transaction');
    const head = (this.head ??= (prepared(this.db, 'SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1').get(this.device) as
      | { seq: number; hash: string }
      | undefined) ?? { seq: 0, hash: GENESIS });
    const body = { id: this.services.newId(), device: this.device, seq: head.seq + 1, at: this.services.clock().toISOString(), actor, type, payload };
    const payloadJson = canonicalJson(payload);
    const event: StoredEvent<T> = { ...body, prevHash: head.hash, hash: eventHash(head.hash, body, payloadJson) };
    const seqNo = insertEvent(this.db, event, payloadJson);
    applyEvent(this.db, event, seqNo);
    this.head = { seq: event.seq, hash: event.hash };
    return event;
  }

  newId(): string {
    return this.services.newId();
  }

  now(): Date {
    return this.services.clock();
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    this.services.afterClose?.();
  }
}

/** Insert an event into the log; returns its row (seq_no, its local position). */
export function insertEvent(db: Database.Database, e: StoredEvent, payloadJson = canonicalJson(e.payload)): number {
  return prepared(db, 'INSERT INTO events (id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.id,
    e.device,
    e.seq,
    e.at,
    e.actor,
    e.type,
    payloadJson,
    e.prevHash,
    e.hash,
    inspectionOf(e),
  ).lastInsertRowid as number;
}

export interface EventRow {
  seq_no: number;
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
  inspection_id?: string | null;
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    device: row.device,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    type: row.type as EventType,
    payload: JSON.parse(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
