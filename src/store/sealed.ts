// Protecting a database that already holds data (issue 17, slice 4): the events written before it had a data
// key keep their hash over the clear payload, so each is stored sealed as a whole (events.sealed_key_id,
// migration 13) instead of re-written; the confidential columns of the projections are encrypted as new
// writes' are; and the SQL that reads a payload back as its hash covers it.
import { canonicalJson } from './canonical.js';
import { isCiphertext, mapPayload, mapRegisterValue, wellFormedCiphertext } from './confidential.js';
import type { StoredEvent } from './events.js';
import type { FieldCipher } from './field-cipher.js';
import { encryptExistingBlobs } from './blobs.js';
import { prepared } from './prepared.js';
import type { Store } from './store.js';

/** The AAD of a sealed payload: its event's hash, so a sealed payload cannot be moved to another event. */
export const sealedField = (hash: string) => `event.payload/${hash}`;

/**
 * SQL for an events row's payload as its hash covers it: the stored text, or a sealed payload opened with the
 * data key (ducha_unseal, store.ts; refused with key-locked when nobody unlocked it). `alias`: the events table's.
 */
export function clearPayload(alias?: string, unseal = 'ducha_unseal'): string {
  const a = alias ? `${alias}.` : '';
  return `(CASE WHEN ${a}sealed_key_id IS NULL THEN ${a}payload ELSE ${unseal}(${a}sealed_key_id, ${a}hash, ${a}payload) END)`;
}

/** The events columns with the payload as its hash covers it (an EventRow). */
export const EVENT_ROW = `seq_no, id, device, seq, at, actor, type, ${clearPayload()} AS payload, prev_hash, hash, inspection_id`;

/** As EVENT_ROW for ducha verify: a sealed payload that does not open (altered) reads as NULL, to be reported. */
export const CHECKED_EVENT_ROW = EVENT_ROW.replace(clearPayload(), clearPayload(undefined, 'ducha_unseal_checked'));

/** The clear payload text of a sealed one (`stored`: the JSON string of its ciphertext text). */
export function openSealed(open: (field: string, value: string) => string, hash: string, stored: string): string {
  const text = JSON.parse(stored) as unknown;
  if (typeof text !== 'string') throw new Error(`sealed payload of ${hash} is not ciphertext text`);
  return open(sealedField(hash), text);
}

/** Confidential text stored in clear: a string that is not well-formed ciphertext. */
const isClear = (value: unknown): value is string =>
  typeof value === 'string' && !(isCiphertext(value) && wellFormedCiphertext(value));

/** True when a confidential member of the payload is in clear: an event written before the data key existed. */
export function holdsClearText(type: string, payload: unknown): boolean {
  let found = false;
  mapPayload(type, payload, (_field, value) => {
    if (isClear(value)) found = true;
    return value;
  });
  return found;
}

/** Types whose payload has confidential members (confidential.ts mapPayload); others are never sealed. */
const CONFIDENTIAL_TYPES = [
  'record.added',
  'records.imported',
  'record.amended',
  'record.withdrawn',
  'conclusion.set',
  'conclusion.withdrawn',
  'problem.created',
  'problem.updated',
  'problem.progressed',
  'register.resolved',
];

/** Projection columns that hold confidential text, with the field name each is sealed under (its AAD). */
export const SEALED_COLUMNS: ReadonlyArray<[table: string, column: string, field: string]> = [
  ['records', 'subject', 'subject'],
  ['records', 'interviewee', 'interviewee'],
  ['records', 'note', 'note'],
  ['record_evidence', 'name', 'evidence.name'],
  ['rectification_steps', 'note', 'note'],
  ['rectification_steps', 'reason', 'reason'],
  ['step_evidence', 'name', 'evidence.name'],
  ['conclusion_heads', 'note', 'note'],
];

export interface SealResult {
  /** Events whose payload was sealed as a whole. */
  events: number;
  /** Projection values (columns and register values) encrypted. */
  values: number;
}

const BATCH = 500;

/**
 * Seal what a database held before its data key: every event with confidential text in clear is stored sealed
 * as a whole (its hash unchanged), and every confidential projection value in clear is encrypted with the same
 * ciphertext text new writes get. Run inside the caller's write transaction (protect's, with the key locks);
 * what is already ciphertext is left alone, so running it again changes nothing.
 */
export function sealExistingData(store: Store, cipher: FieldCipher): SealResult {
  const db = store.db;
  if (!db.inTransaction) throw new Error('sealExistingData outside a write transaction');
  const result: SealResult = { events: 0, values: 0 };
  const keyId = cipher.ownId;
  const types = CONFIDENTIAL_TYPES.map((type) => `'${type}'`).join(', ');
  const next = prepared(
    db,
    `SELECT seq_no, type, payload, hash FROM events WHERE seq_no > ? AND sealed_key_id IS NULL AND type IN (${types}) ORDER BY seq_no LIMIT ${BATCH}`,
  );
  const seal = prepared(db, 'UPDATE events SET payload = ?, sealed_key_id = ? WHERE seq_no = ?');
  // Read a batch, then write it: better-sqlite3 runs no statement while another is being iterated.
  for (let after = 0; ;) {
    const rows = next.all(after) as Array<{ seq_no: number; type: string; payload: string; hash: string }>;
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.seq_no;
      if (!holdsClearText(row.type, JSON.parse(row.payload))) continue;
      seal.run(JSON.stringify(cipher.seal(sealedField(row.hash), row.payload)), keyId, row.seq_no);
      result.events++;
    }
  }

  const sealText = (field: string, value: unknown) => {
    if (!isClear(value)) return value;
    result.values++;
    return cipher.seal(field, value);
  };
  const clearIn = (entity: string, value: string) => {
    let found = false;
    mapRegisterValue(entity, JSON.parse(value), (_field, text) => {
      if (isClear(text)) found = true;
      return text;
    });
    return found;
  };
  db.function('ducha_is_clear', { deterministic: true }, (value) => (isClear(value) ? 1 : 0));
  db.function('ducha_seal', { deterministic: false }, (field, value) => sealText(field as string, value));
  db.function('ducha_value_is_clear', { deterministic: true }, (entity, value) =>
    clearIn(entity as string, value as string) ? 1 : 0,
  );
  db.function('ducha_seal_value', { deterministic: false }, (entity, value) =>
    canonicalJson(
      mapRegisterValue(entity as string, JSON.parse(value as string), (f, text) => sealText(f, text) as string),
    ),
  );
  for (const [table, column, field] of SEALED_COLUMNS)
    db.prepare(
      `UPDATE ${table} SET ${column} = ducha_seal('${field}', ${column}) WHERE ducha_is_clear(${column})`,
    ).run();
  // Migration 14's list of names: the records' names just sealed were added in their sealed form by its
  // trigger; any other name in clear (one a correction replaced) is sealed too, then every clear one goes.
  db.function('ducha_seal_name', { deterministic: false }, (value) => cipher.seal('interviewee', value as string));
  db.prepare(
    'INSERT OR IGNORE INTO interviewee_names (interviewee) SELECT ducha_seal_name(interviewee) FROM interviewee_names WHERE ducha_is_clear(interviewee)',
  ).run();
  db.prepare('DELETE FROM interviewee_names WHERE ducha_is_clear(interviewee)').run();
  db.prepare(
    `UPDATE registers SET value = ducha_seal_value(entity, value)
     WHERE (entity >= 'record/' AND entity < 'record0' OR entity >= 'problem/' AND entity < 'problem0' OR entity >= 'conclusion/' AND entity < 'conclusion0')
       AND ducha_value_is_clear(entity, value)`,
  ).run();
  return result;
}

/**
 * An event an import brings into a protected database with confidential text in clear (written before its
 * device was protected, and exported as its hash covers it): stored sealed like this database's own older
 * events, its row already inserted (`seqNo`, `payloadJson` the stored text); returns the event to apply, its
 * clear confidential fields encrypted so the projections hold ciphertext as for new writes.
 */
export function sealArriving<E extends StoredEvent>(store: Store, e: E, seqNo: number, payloadJson: string): E {
  if (store.dataKeyId === undefined || !holdsClearText(e.type, e.payload)) return e;
  const cipher = store.fieldCipher();
  prepared(store.db, 'UPDATE events SET payload = ?, sealed_key_id = ? WHERE seq_no = ?').run(
    JSON.stringify(cipher.seal(sealedField(e.hash), payloadJson)),
    cipher.ownId,
    seqNo,
  );
  return {
    ...e,
    payload: mapPayload(e.type, e.payload, (field, value) => (isClear(value) ? cipher.seal(field, value) : value)),
  };
}

/**
 * Everything `ducha protect` encrypts of what the database held before its data key, inside the caller's write:
 * the events and projection values (sealExistingData) and the evidence files (blobs.ts; snapshots stay clear).
 */
export function protectExistingData(store: Store, cipher: FieldCipher): SealResult & { files: number } {
  const files = encryptExistingBlobs({ db: store.db, dataKeyId: cipher.ownId, fieldCipher: () => cipher });
  return { ...sealExistingData(store, cipher), files };
}
