// Interviewee names in clear (issue 18: the hub holds names only encrypted): which members of an event name an
// interviewee, the test for a name that is not ciphertext, and the laptop's scan for the events that carry one.
import type Database from 'better-sqlite3';
import { isCiphertext, wellFormedCiphertext } from './confidential.js';
import { openSealed } from './sealed.js';
import type { Store } from './store.js';
import { prepared } from './prepared.js';

/** A name in clear: text with something in it that is not well-formed ciphertext (an empty name names nobody). */
export const isClearName = (value: unknown): boolean =>
  typeof value === 'string' && value.trim() !== '' && !(isCiphertext(value) && wellFormedCiphertext(value));

/**
 * The record whose interviewee an event names in clear, or undefined: a record's own name (record.added), a
 * correction giving one (record.amended's fields), or a settled conflict over one (register.resolved of
 * record/INSPECTION/RECORD/interviewee). No other event carries an interviewee's name (confidential.ts).
 */
export function clearNameRecord(type: string, payload: unknown): string | undefined {
  return clearNameRecordIds(type, payload)[0];
}

/** Every record whose interviewee an event names in clear (an import's event holds many records). */
export function clearNameRecordIds(type: string, payload: unknown): string[] {
  if (type === 'records.imported') {
    const records = (payload as { records?: unknown } | null)?.records;
    return Array.isArray(records) ? records.flatMap((r: unknown) => clearNameRecordIds('record.added', r)) : [];
  }
  const one = clearNameOf(type, payload);
  return one === undefined ? [] : [one];
}

function clearNameOf(type: string, payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  if (type === 'record.added') return isClearName(p.interviewee) ? String(p.id) : undefined;
  if (type === 'record.amended') {
    const fields = p.fields as Record<string, unknown> | undefined;
    return fields && typeof fields === 'object' && isClearName(fields.interviewee) ? String(p.id) : undefined;
  }
  if (type === 'register.resolved' && typeof p.entity === 'string') {
    const parts = p.entity.split('/');
    if (parts.length === 4 && parts[0] === 'record' && parts[3] === 'interviewee' && isClearName(p.value))
      return parts[2];
  }
  return undefined;
}

/** An event that names an interviewee in clear: where it is, and which record (never the name). */
export interface ClearNameEvent {
  seqNo: number;
  device: string;
  seq: number;
  inspection: string | null;
  record: string;
}

const TYPES = "type IN ('record.added', 'record.amended', 'register.resolved')";
/** As TYPES, with the imports' events, whose names are found in JavaScript (an event holds many records). */
const ALL_TYPES = "type IN ('record.added', 'records.imported', 'record.amended', 'register.resolved')";
/** The name member of a stored payload, by type (clearNameRecord says the same in JavaScript). */
const NAME = `CASE type WHEN 'record.added' THEN json_extract(payload, '$.interviewee')
  WHEN 'record.amended' THEN json_extract(payload, '$.fields.interviewee')
  ELSE CASE WHEN json_extract(payload, '$.entity') GLOB 'record/*/*/interviewee' THEN json_extract(payload, '$.value') END END`;
/**
 * A cheap test before any parsing: an interviewee member that is text, or a settled record interviewee. (In
 * canonical JSON a member's name is the only place `"interviewee":"` can occur: quotes inside text are escaped.)
 */
const MAY_NAME = `(instr(payload, '"interviewee":"') > 0 OR type = 'register.resolved' AND instr(payload, '/interviewee"') > 0)`;
const REF = `CASE type WHEN 'register.resolved' THEN json_extract(payload, '$.entity') ELSE json_extract(payload, '$.id') END`;

const registered = new WeakSet<Database.Database>();

/**
 * Every event from a local position on that names an interviewee in clear, among those `sent` keeps: first, on a
 * database without a data key, those stored as they were written, read by SQLite (a payload is parsed only when it has an interviewee member
 * that is text, or settles a record's interviewee, and none is handed to JavaScript unless its name is
 * clear), then those `ducha protect` sealed whole (sealed.ts), opened one by one — written before the data key,
 * so their names are clear; opening them needs the data key. Each part in the order stored (better-sqlite3
 * iterates one statement at a time, so the two are not merged).
 */
export function* clearNameEvents(
  store: Store,
  fromSeqNo: number,
  sent: (device: string, seq: number) => boolean = () => true,
): Generator<ClearNameEvent> {
  const db = store.db;
  if (!registered.has(db)) {
    db.function('ducha_clear_name', { deterministic: true }, (value) => (isClearName(value) ? 1 : 0));
    registered.add(db);
  }
  type Row = { seqNo: number; device: string; seq: number; inspection: string | null };
  // A protected database stores no event with confidential text in clear unsealed: protect seals those it
  // holds, an import or pull seals those that arrive (sealed.ts sealArriving), its own writes are encrypted.
  // Only its sealed events need reading then (the hub's acceptor checks every event all the same).
  const stored =
    store.dataKeyId !== undefined
      ? []
      : (prepared(
          db,
          `SELECT seq_no AS seqNo, device, seq, inspection_id AS inspection, ${REF} AS ref FROM events
     WHERE seq_no >= ? AND sealed_key_id IS NULL AND ${TYPES} AND ${MAY_NAME} AND ducha_clear_name(${NAME})
     ORDER BY seq_no`,
        ).iterate(fromSeqNo) as IterableIterator<Row & { ref: string }>);
  for (const { ref, ...r } of stored)
    if (sent(r.device, r.seq)) yield { ...r, record: ref.startsWith('record/') ? ref.split('/')[2]! : ref };
  const imported =
    store.dataKeyId !== undefined
      ? []
      : (prepared(
          db,
          `SELECT seq_no AS seqNo, device, seq, inspection_id AS inspection, payload FROM events
     WHERE seq_no >= ? AND sealed_key_id IS NULL AND type = 'records.imported' AND ${MAY_NAME} ORDER BY seq_no`,
        ).iterate(fromSeqNo) as IterableIterator<Row & { payload: string }>);
  for (const { payload, ...r } of imported)
    if (sent(r.device, r.seq))
      for (const record of clearNameRecordIds('records.imported', JSON.parse(payload))) yield { ...r, record };
  const sealed = prepared(
    db,
    `SELECT seq_no AS seqNo, device, seq, inspection_id AS inspection, type, hash, payload FROM events
     WHERE seq_no >= ? AND sealed_key_id IS NOT NULL AND ${ALL_TYPES} ORDER BY seq_no`,
  ).iterate(fromSeqNo) as IterableIterator<Row & { type: string; hash: string; payload: string }>;
  for (const { type, hash, payload, ...r } of sealed) {
    if (!sent(r.device, r.seq)) continue;
    const open = (field: string, value: string) => store.fieldCipher().open(field, value);
    for (const record of clearNameRecordIds(type, JSON.parse(openSealed(open, hash, payload)))) yield { ...r, record };
  }
}

/** How many records the events from a position on (those `sent` keeps) name an interviewee of in clear, and the first. */
export function clearNameRecords(
  store: Store,
  fromSeqNo = 0,
  sent?: (device: string, seq: number) => boolean,
): { records: number; events: number; first?: ClearNameEvent } {
  const records = new Set<string>();
  const events = new Set<number>(); // an import's event may name several records
  let first: ClearNameEvent | undefined;
  for (const e of clearNameEvents(store, fromSeqNo, sent)) {
    if (!first || e.seqNo < first.seqNo) first = e;
    events.add(e.seqNo);
    records.add(e.record);
  }
  return { records: records.size, events: events.size, first };
}
