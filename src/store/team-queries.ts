// The SQL of team work (src/team/): trusted devices, what an import checks against and writes (events,
// links, signed heads, blobs, the heads format-1 bundles claimed), and what an export reads.
import { EVENT_ROW, clearPayload } from './sealed.js';
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import { CHUNK } from './blobs.js';
import type { SignedHead } from './signing.js';
import type { EventRow } from './store.js';

type Db = Database.Database;

// ---- Trusted devices ------------------------------------------------------------------------------

export interface DeviceRow {
  device: string;
  publicKey: string;
  name: string | null;
  addedAt: string;
}

export function trustedDevice(db: Db, device: string): DeviceRow | undefined {
  const r = prepared(db, 'SELECT device, public_key, name, added_at FROM devices WHERE device = ?').get(device) as
    { device: string; public_key: string; name: string | null; added_at: string } | undefined;
  return r && { device: r.device, publicKey: r.public_key, name: r.name, addedAt: r.added_at };
}

/** The device a public key is trusted under, if any (one key is trusted under one device id). */
export function deviceOfKey(db: Db, publicKey: string): string | undefined {
  return (
    prepared(db, 'SELECT device FROM devices WHERE public_key = ?').get(publicKey) as { device: string } | undefined
  )?.device;
}

export function addDevice(db: Db, device: string, publicKey: string, name: string | null, at: string): void {
  prepared(db, 'INSERT INTO devices (device, public_key, name, added_at) VALUES (?, ?, ?, ?)').run(
    device,
    publicKey,
    name,
    at,
  );
}

export function renameDevice(db: Db, device: string, name: string): void {
  prepared(db, 'UPDATE devices SET name = ? WHERE device = ?').run(name, device);
}

export function allDevices(db: Db): DeviceRow[] {
  return (
    prepared(db, 'SELECT device, public_key, name, added_at FROM devices ORDER BY added_at, device').all() as Array<{
      device: string;
      public_key: string;
      name: string | null;
      added_at: string;
    }>
  ).map((r) => ({
    device: r.device,
    publicKey: r.public_key,
    name: r.name,
    addedAt: r.added_at,
  }));
}

// ---- What an import looks up ----------------------------------------------------------------------

export function heldEvent(db: Db, device: string, seq: number): { hash: string; prevHash: string } | undefined {
  const row = prepared(db, 'SELECT hash, prev_hash FROM events WHERE device = ? AND seq = ?', true).get(device, seq) as
    [string, string] | undefined;
  return row && { hash: row[0], prevHash: row[1] };
}

export function heldLink(db: Db, device: string, seq: number): { prevHash: string; digest: string } | undefined {
  const row = prepared(db, 'SELECT prev_hash, digest FROM links WHERE device = ? AND seq = ?', true).get(
    device,
    seq,
  ) as [string, string] | undefined;
  return row && { prevHash: row[0], digest: row[1] };
}

export const hasLinks = (db: Db, device: string) =>
  prepared(db, 'SELECT 1 FROM links WHERE device = ? LIMIT 1').get(device) !== undefined;

export function signedHeadsOf(db: Db, device: string): SignedHead[] {
  return prepared(db, 'SELECT device, seq, hash, signature FROM signatures WHERE device = ? ORDER BY seq').all(
    device,
  ) as SignedHead[];
}

export const problemExists = (db: Db, inspectionId: string, id: string) =>
  prepared(db, 'SELECT 1 FROM problems WHERE inspection_id = ? AND id = ?').get(inspectionId, id) !== undefined;

/** Whether any inspection holds a record with this id (records.id is unique). */
export const recordIdTaken = (db: Db, id: string) =>
  prepared(db, 'SELECT 1 FROM records WHERE id = ?').get(id) !== undefined;

export const recordExists = (db: Db, inspectionId: string, id: string) =>
  prepared(db, 'SELECT 1 FROM records WHERE id = ? AND inspection_id = ?').get(id, inspectionId) !== undefined;

export const blobSize = (db: Db, sha256: string) =>
  (prepared(db, 'SELECT size FROM blobs WHERE sha256 = ?').get(sha256) as { size: number } | undefined)?.size;

/** Every checklist snapshot an inspection adopted, oldest first: those its creation and its upgrades name. */
export function adoptedSnapshots(db: Db, inspectionId: string): Array<{ checklistId: string; sha256: string }> {
  const rows = prepared(
    db,
    "SELECT type, payload FROM events WHERE inspection_id = ? AND type IN ('inspection.created', 'inspection.checklist-upgraded') ORDER BY seq_no",
  ).all(inspectionId) as Array<{ type: string; payload: string }>;
  const out: Array<{ checklistId: string; sha256: string }> = [];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as {
      checklists?: Array<{ id: string; sha256: string }>;
      checklistId?: string;
      sha256?: string;
    };
    if (r.type === 'inspection.created')
      for (const c of p.checklists ?? []) out.push({ checklistId: c.id, sha256: c.sha256 });
    else out.push({ checklistId: p.checklistId!, sha256: p.sha256! });
  }
  return out;
}

/** A rectification step's device and kind, by its event id (the events of a problem are few: found by inspection and type). */
export function stepOf(
  from: QuerySource,
  inspectionId: string,
  eventId: string,
): { device: string; kind: string } | undefined {
  const row = prepared(
    connection(from),
    `SELECT device, json_extract(${clearPayload()}, '$.kind') AS kind FROM events WHERE inspection_id = ? AND type <> 'record.added' AND type = 'problem.progressed' AND id = ?`,
  ).get(inspectionId, eventId) as { device: string; kind: string } | undefined;
  return row;
}

// ---- What an import writes ------------------------------------------------------------------------

export function insertLink(db: Db, l: { device: string; seq: number; prevHash: string; digest: string }): void {
  prepared(db, 'INSERT INTO links (device, seq, prev_hash, digest) VALUES (?, ?, ?, ?)').run(
    l.device,
    l.seq,
    l.prevHash,
    l.digest,
  );
}

/** The event is held now: its link goes. */
export function dropLink(db: Db, device: string, seq: number): void {
  prepared(db, 'DELETE FROM links WHERE device = ? AND seq = ?').run(device, seq);
}

export function keepSignedHead(db: Db, h: SignedHead): void {
  prepared(
    db,
    'INSERT INTO signatures (device, seq, hash, signature) VALUES (?, ?, ?, ?) ON CONFLICT (device, seq) DO NOTHING',
  ).run(h.device, h.seq, h.hash, h.signature);
}

/** The newest event a format-1 bundle claimed from a device, kept so that a history cut short is noticed. */
export function claimHead(db: Db, device: string, seq: number, hash: string): void {
  prepared(
    db,
    'INSERT INTO device_heads (device, seq, hash) VALUES (?, ?, ?) ON CONFLICT (device) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > seq',
  ).run(device, seq, hash);
}

export function startBlob(db: Db, sha256: string, size: number): void {
  prepared(db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, size);
}

export function putChunk(db: Db, sha256: string, n: number, data: Buffer): void {
  prepared(db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)').run(sha256, n, data);
}

export { CHUNK };

// ---- What an export reads -------------------------------------------------------------------------

export function* eventsOfInspections(db: Db, inspectionIds: readonly string[]): Generator<EventRow> {
  const statement = prepared(db, `SELECT ${EVENT_ROW} FROM events WHERE inspection_id = ? ORDER BY seq_no`);
  for (const id of inspectionIds) yield* statement.iterate(id) as IterableIterator<EventRow>;
}

/** A device's events and links from `from` to `to`, each in order of seq (an export's links for the gaps). */
export function chainRange(
  db: Db,
  device: string,
  from: number,
  to: number,
): { events: IterableIterator<EventRow>; links: Map<number, { prevHash: string; digest: string }> } {
  const events = prepared(
    db,
    `SELECT ${EVENT_ROW} FROM events WHERE device = ? AND seq BETWEEN ? AND ? ORDER BY seq`,
  ).iterate(device, from, to) as IterableIterator<EventRow>;
  const links = new Map(
    (
      prepared(db, 'SELECT seq, prev_hash, digest FROM links WHERE device = ? AND seq BETWEEN ? AND ?').all(
        device,
        from,
        to,
      ) as Array<{ seq: number; prev_hash: string; digest: string }>
    ).map((r) => [r.seq, { prevHash: r.prev_hash, digest: r.digest }]),
  );
  return { events, links };
}

/** Blobs the events of an inspection cite: checklist snapshots (also upgraded-away ones), record and rectification evidence. */
export function citedBlobs(db: Db, inspectionIds: readonly string[]): Array<{ sha256: string; size: number }> {
  const seen = new Map<string, number>();
  const sql = `
    SELECT b.sha256, b.size FROM blobs b WHERE b.sha256 IN (
      SELECT sha256 FROM inspection_checklists WHERE inspection_id = @id
      UNION SELECT e.sha256 FROM record_evidence e JOIN records r ON r.id = e.record_id WHERE r.inspection_id = @id
      UNION SELECT s.sha256 FROM step_evidence s JOIN rectification_steps r ON r.event_id = s.event_id WHERE r.inspection_id = @id)`;
  for (const id of inspectionIds) {
    for (const b of prepared(db, sql).all({ id }) as Array<{ sha256: string; size: number }>)
      seen.set(b.sha256, b.size);
    for (const s of adoptedSnapshots(db, id)) {
      if (seen.has(s.sha256)) continue;
      const size = blobSize(db, s.sha256);
      if (size !== undefined) seen.set(s.sha256, size);
    }
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sha256, size]) => ({ sha256, size }));
}

/** Registers with several heads (conflicts), in the key range of `prefix` ('' for all). */
export function conflictRows(
  db: Db,
  prefix: string,
  texts = true,
): Array<{ entity: string; event_id: string; value: string; actor: string; at: string }> {
  return prepared(
    db,
    `SELECT entity, event_id, ${texts ? 'ducha_dec_value(entity, value)' : 'value'} AS value, actor, at FROM registers
     WHERE entity IN (SELECT entity FROM registers WHERE entity >= @prefix AND entity < @prefix || char(1114111) GROUP BY entity HAVING count(*) > 1)
     ORDER BY entity, at, event_id`,
  ).all({ prefix }) as Array<{ entity: string; event_id: string; value: string; actor: string; at: string }>;
}

// ---- Encryption keys (encrypted bundles) ----------------------------------------------------------
// A device's encryption public key with its signing key's signature of it, as `publicKey signature`, in
// `meta` under `encryption_key:DEVICE` (this device's own under its own id too): no migration needed.

export interface EncryptionKeyRow {
  publicKey: string;
  signature: string;
}

export function encryptionKeyOf(db: Db, device: string): EncryptionKeyRow | undefined {
  const value = (
    prepared(db, 'SELECT value FROM meta WHERE key = ?').get(`encryption_key:${device}`) as
      { value: string } | undefined
  )?.value;
  const [publicKey, signature] = value?.split(' ') ?? [];
  return publicKey && signature ? { publicKey, signature } : undefined;
}

export function putEncryptionKeyOf(db: Db, device: string, key: EncryptionKeyRow): void {
  prepared(
    db,
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(`encryption_key:${device}`, `${key.publicKey} ${key.signature}`);
}
