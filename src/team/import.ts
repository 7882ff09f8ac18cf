// ducha import: checks a bundle (format, signature, trusted key, every sha256, every event's hash and its
// place in its device's chain) and applies it in one transaction — idempotently: events already present
// are skipped, so the same bundle twice, or several in any order, give the same database. A dry run does
// all of it and rolls back. Nothing is written unless everything checks out. (import-interruptible.ts runs
// the same steps with pauses, so that Ctrl+C can roll them back.)
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { canonicalJson } from '../store/canonical.js';
import { applyEvent } from '../store/apply.js';
import { eventHash } from '../store/hash.js';
import { hasBlob, CHUNK } from '../store/blobs.js';
import { freeBytes } from '../store/open.js';
import { prepared } from '../store/prepared.js';
import { getInspection } from '../store/queries.js';
import { insertEvent, type Store } from '../store/store.js';
import { recordImport } from '../store/lead-queries.js';
import { currentProblems } from '../problems/problems.js';
import { duplicateGroups } from '../problems/duplicates.js';
import type { EventType, StoredEvent } from '../store/events.js';
import { FORMAT, LIMITS, type Manifest } from './format.js';
import { BundleReader } from './reader.js';
import { conflictsOf, type Conflict } from './conflicts.js';
import { fingerprint } from './trust.js';

export interface ImportSummary {
  file: string;
  device: string;
  fingerprint: string;
  /** The name the device is trusted under (or, with --trust, will be). */
  name: string | null;
  /** Who exported the bundle (its manifest's actor). */
  exporter: string;
  /** known: trusted before; new: trusted by this import (--trust); untrusted: a dry run of a key nobody trusts yet. */
  trust: 'known' | 'new' | 'untrusted';
  trustedNow: boolean;
  /** --name given for a device trusted under another name: that name is kept. */
  nameKept?: { kept: string | null; given: string };
  inspections: Manifest['inspections'];
  events: number;
  newEvents: number;
  newByType: Record<string, number>;
  blobs: number;
  newBlobs: number;
  newConflicts: Conflict[];
  /** Problems this bundle brought. */
  newProblems: string[];
  /** Problems on the same item as another, one of them new (word-for-word copies: `exact`). */
  duplicates: Array<{ inspectionId: string; item: { checklistId: string; itemId: string }; exact: boolean; problems: Array<{ id: string; description: string; createdBy: string }> }>;
  dryRun: boolean;
}

/** Thrown to end a dry run's transaction; carries what it would have done. */
export class Rollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export interface ImportOptions {
  dryRun?: boolean;
  trust?: boolean;
  name?: string;
  onProgress?: (done: number, total: number) => void;
}

/** A bundle whose signature, key and sizes have been checked; what is streamed after is checked as it comes. */
export interface Checked {
  file: string;
  reader: BundleReader;
  manifest: Manifest;
  manifestBytes: Buffer;
  claimed: number;
}

export function check(store: Store, file: string, reader: BundleReader): Checked {
  reader.magic();
  const manifestBytes = reader.section(LIMITS.manifestBytes);
  const signature = reader.section(LIMITS.signatureBytes);
  const manifest = parseManifest(manifestBytes, file);
  const key = publicKey(manifest, file);
  if (!verifySignature(null, manifestBytes, key, signature)) throw new InputError(t('team.badSignature', { file }), { code: 'bundle-signature' });
  const claimed = manifest.blobs.reduce((n, b) => n + b.size, 0) + manifest.events.bytes;
  if (claimed !== reader.remaining) throw new InputError(t('team.sizeMismatch', { file, claimed, actual: reader.remaining }), { code: 'bundle-hash' });
  ensureSpace(store, manifest, file);
  return { file, reader, manifest, manifestBytes, claimed };
}

export function importBundle(store: Store, actor: string, file: string, options: ImportOptions): ImportSummary {
  const reader = new BundleReader(file);
  try {
    const bundle = check(store, file, reader);
    let summary!: ImportSummary;
    try {
      store.write(() => {
        const steps = apply(store, actor, bundle, options);
        for (let step = steps.next(); ; step = steps.next()) if (step.done) return void (summary = step.value);
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      summary = error.summary;
    }
    return summary;
  } finally {
    reader.close();
  }
}

/** The import's writes, one transaction's worth; it pauses (yields) after each chunk read from the bundle. */
export function* apply(store: Store, actor: string, bundle: Checked, options: ImportOptions): Generator<void, ImportSummary> {
  const { file, reader, manifest, manifestBytes, claimed } = bundle;
  const trust = trustDevice(store, manifest, options);
  const before = new Set(conflictsOf(store).map((c) => c.id));
  let newBlobs = 0;
  let done = 0;
  for (const blob of manifest.blobs) {
    if (yield* importBlob(store, reader, blob, file)) newBlobs++;
    done += blob.size;
    options.onProgress?.(done, claimed);
  }
  const { events, newEvents, newByType, newProblems } = yield* importEvents(store, reader, manifest, file);
  options.onProgress?.(claimed, claimed);
  for (const [device, head] of Object.entries(manifest.heads)) {
    prepared(store.db, 'INSERT INTO device_heads (device, seq, hash) VALUES (?, ?, ?) ON CONFLICT (device) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > seq').run(
      device,
      head.seq,
      head.hash,
    );
  }
  const bundleSha = createHash('sha256').update(manifestBytes).digest('hex');
  const inspections = manifest.inspections.map((i) => ({ id: i.id, title: i.title, unit: i.unit }));
  recordImport(store.db, {
    bundleSha256: bundleSha,
    device: manifest.device,
    createdAt: manifest.createdAt,
    importedAt: store.now().toISOString(),
    events,
    newEvents,
    actor,
    file: basename(file),
    summary: { exporter: manifest.actor, inspections, newByType, blobs: manifest.blobs.length, newBlobs },
  });
  const fresh = new Set(newProblems);
  const duplicates =
    fresh.size === 0
      ? []
      : manifest.inspections.flatMap((i) =>
          duplicateGroups(currentProblems(store, i.id))
            .filter((g) => g.problems.some((p) => fresh.has(p.id)))
            .map((g) => ({ inspectionId: g.inspectionId, item: g.item, exact: g.exact, problems: g.problems.map((p) => ({ id: p.id, description: p.description, createdBy: p.createdBy })) })),
        );
  const summary: ImportSummary = {
    file,
    device: manifest.device,
    fingerprint: fingerprint(manifest.publicKey),
    name: trust.name,
    exporter: manifest.actor,
    trust: trust.trust,
    trustedNow: trust.trust === 'new',
    ...(trust.nameKept ? { nameKept: trust.nameKept } : {}),
    inspections: manifest.inspections,
    events,
    newEvents,
    newByType,
    blobs: manifest.blobs.length,
    newBlobs,
    newConflicts: conflictsOf(store).filter((c) => !before.has(c.id)),
    newProblems,
    duplicates,
    dryRun: options.dryRun ?? false,
  };
  if (options.dryRun) throw new Rollback(summary);
  return summary;
}

/**
 * Refuses, before writing anything, a bundle the disk cannot take: new evidence goes through the WAL and
 * then into the database file (twice its size), events grow by their projections and indexes (about four
 * times their bytes). A disk filled halfway through would leave a WAL the size of the free space.
 */
function ensureSpace(store: Store, manifest: Manifest, file: string): void {
  const free = freeBytes(store.file);
  if (free === undefined) return;
  const newBlobBytes = manifest.blobs.reduce((n, b) => (hasBlob(store.db, b.sha256) ? n : n + b.size), 0);
  const needed = 2 * newBlobBytes + 4 * manifest.events.bytes + SPACE_MARGIN;
  if (needed > free) {
    const mb = (n: number) => Math.ceil(n / 2 ** 20);
    throw new InputError(t('team.noSpace', { file, needed: mb(needed), free: Math.floor(free / 2 ** 20) }), { hint: t('team.noSpace.hint'), code: 'disk-full' });
  }
}

/** Room kept free beyond the estimate (SQLite's own temporary space, the -shm file, other programs). */
const SPACE_MARGIN = 8 * 2 ** 20;

function parseManifest(bytes: Buffer, file: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch {
    throw new InputError(t('team.badManifest', { file }), { code: 'bundle-format' });
  }
  const ok =
    manifest?.format === FORMAT &&
    typeof manifest.device === 'string' &&
    typeof manifest.publicKey === 'string' &&
    Array.isArray(manifest.blobs) &&
    Array.isArray(manifest.inspections) &&
    typeof manifest.events?.sha256 === 'string' &&
    Number.isSafeInteger(manifest.events.bytes) &&
    manifest.events.bytes >= 0 &&
    manifest.events.bytes <= LIMITS.eventBytes &&
    manifest.blobs.every((b) => /^[0-9a-f]{64}$/.test(b.sha256) && Number.isSafeInteger(b.size) && b.size >= 0 && b.size <= LIMITS.blobBytes);
  if (!ok) throw new InputError(t('team.badManifest', { file }), { code: 'bundle-format' });
  if (canonicalJson(manifest) !== bytes.toString('utf8')) throw new InputError(t('team.badManifest', { file }), { code: 'bundle-format' });
  return manifest;
}

function publicKey(manifest: Manifest, file: string) {
  try {
    const key = createPublicKey({ key: Buffer.from(manifest.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key;
  } catch {
    throw new InputError(t('team.badKey', { file }), { code: 'bundle-signature' });
  }
}

/**
 * A bundle is accepted only from a trusted key (or with --trust, which records it). A dry run previews a
 * bundle from a key nobody trusts yet: it writes nothing, and says what a real import would need.
 */
function trustDevice(store: Store, manifest: Manifest, options: { trust?: boolean; name?: string; dryRun?: boolean }): { trust: ImportSummary['trust']; name: string | null; nameKept?: ImportSummary['nameKept'] } {
  const known = prepared(store.db, 'SELECT public_key, name FROM devices WHERE device = ?').get(manifest.device) as { public_key: string; name: string | null } | undefined;
  if (known) {
    if (known.public_key !== manifest.publicKey) {
      throw new InputError(t('team.keyMismatch', { device: manifest.device }), { hint: t('team.keyMismatch.hint'), code: 'bundle-untrusted' });
    }
    const given = options.name?.trim();
    return { trust: 'known', name: known.name, ...(given && given !== known.name ? { nameKept: { kept: known.name, given } } : {}) };
  }
  const name = options.name?.trim() || manifest.actor;
  if (!options.trust) {
    if (options.dryRun) return { trust: 'untrusted', name: null };
    throw new InputError(t('team.untrusted', { device: manifest.device, fingerprint: fingerprint(manifest.publicKey), actor: manifest.actor }), { hint: t('team.untrusted.hint', { actor: manifest.actor }), code: 'bundle-untrusted' });
  }
  prepared(store.db, 'INSERT INTO devices (device, public_key, name, added_at) VALUES (?, ?, ?, ?)').run(manifest.device, manifest.publicKey, name, store.now().toISOString());
  return { trust: 'new', name };
}

/** Stream a blob into the store, checking its hash; true when it was new. Yields after each chunk. */
function* importBlob(store: Store, reader: BundleReader, blob: { sha256: string; size: number }, file: string): Generator<void, boolean> {
  const known = hasBlob(store.db, blob.sha256);
  const hash = createHash('sha256');
  let n = 0;
  if (!known) prepared(store.db, 'INSERT INTO blobs (sha256, size) VALUES (?, ?)').run(blob.sha256, blob.size);
  const insert = prepared(store.db, 'INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)');
  for (const chunk of reader.chunks(blob.size, CHUNK)) {
    hash.update(chunk);
    if (!known) insert.run(blob.sha256, n++, chunk);
    yield;
  }
  if (!known && blob.size === 0) insert.run(blob.sha256, 0, Buffer.alloc(0));
  if (hash.digest('hex') !== blob.sha256) throw new InputError(t('team.blobHash', { file, sha: blob.sha256.slice(0, 12) }), { code: 'bundle-hash' });
  return !known;
}

const TYPES: ReadonlySet<string> = new Set<EventType>([
  'inspection.created',
  'inspection.checklist-upgraded',
  'record.added',
  'conclusion.set',
  'problem.created',
  'problem.updated',
  'problem.progressed',
  'register.resolved',
  'record.amended',
  'record.withdrawn',
  'conclusion.withdrawn',
  'inspection.updated',
]);

function* importEvents(store: Store, reader: BundleReader, manifest: Manifest, file: string): Generator<void, { events: number; newEvents: number; newByType: Record<string, number>; newProblems: string[] }> {
  const db = store.db;
  const hash = createHash('sha256');
  const newByType: Record<string, number> = {};
  const newProblems: string[] = [];
  let events = 0;
  let newEvents = 0;
  let rest = '';
  const handle = (line: string) => {
    if (!line) return;
    events++;
    let e: StoredEvent;
    try {
      e = JSON.parse(line) as StoredEvent;
    } catch {
      throw new InputError(t('team.badEvent', { file, n: events }), { code: 'bundle-format' });
    }
    if (!TYPES.has(e.type) || typeof e.device !== 'string' || !Number.isSafeInteger(e.seq)) throw new InputError(t('team.badEvent', { file, n: events }), { code: 'bundle-format' });
    if (eventHash(e.prevHash, e) !== e.hash) throw new InputError(t('team.eventHash', { file, device: e.device, seq: e.seq }), { code: 'bundle-hash' });
    const same = prepared(db, 'SELECT id, hash FROM events WHERE device = ? AND seq = ?').get(e.device, e.seq) as { id: string; hash: string } | undefined;
    if (same) {
      if (same.hash !== e.hash) throw new InputError(t('team.fork', { device: e.device, seq: e.seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
      return; // already here: importing is idempotent
    }
    const previous = prepared(db, 'SELECT hash FROM events WHERE device = ? AND seq = ?').get(e.device, e.seq - 1) as { hash: string } | undefined;
    if (previous && previous.hash !== e.prevHash) throw new InputError(t('team.fork', { device: e.device, seq: e.seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    const next = prepared(db, 'SELECT prev_hash FROM events WHERE device = ? AND seq = ?').get(e.device, e.seq + 1) as { prev_hash: string } | undefined;
    if (next && next.prev_hash !== e.hash) throw new InputError(t('team.fork', { device: e.device, seq: e.seq + 1 }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    if (e.device === store.device) throw new InputError(t('team.ownFork', { seq: e.seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    refuseIdClash(db, e, file);
    insertEvent(db, e);
    applyEvent(db, e);
    newEvents++;
    if (e.type === 'problem.created') newProblems.push((e as StoredEvent<'problem.created'>).payload.id);
    newByType[e.type] = (newByType[e.type] ?? 0) + 1;
  };
  // A chunk may end inside a multi-byte character: the decoder carries it over to the next.
  const decoder = new StringDecoder('utf8');
  for (const chunk of reader.chunks(manifest.events.bytes)) {
    hash.update(chunk);
    const text = rest + decoder.write(chunk);
    const lines = text.split('\n');
    rest = lines.pop()!;
    lines.forEach(handle);
    yield;
  }
  handle(rest + decoder.end());
  if (hash.digest('hex') !== manifest.events.sha256) throw new InputError(t('team.eventsHash', { file }), { code: 'bundle-hash' });
  if (events !== manifest.events.count) throw new InputError(t('team.eventsHash', { file }), { code: 'bundle-hash' });
  return { events, newEvents, newByType, newProblems };
}

/**
 * Inspection and problem ids are short and random, chosen on each laptop: two laptops can (rarely) choose
 * the same one — an inspection id anywhere, a problem id within one inspection. The ids are part of the
 * signed events and cannot be changed, so such a bundle is refused with a message instead of failing on
 * the table's key.
 */
function refuseIdClash(db: Store['db'], e: StoredEvent, file: string): void {
  let clash: { kind: 'inspection' | 'problem'; id: string; inspection: string } | undefined;
  if (e.type === 'inspection.created') {
    const id = (e as StoredEvent<'inspection.created'>).payload.inspection.id;
    if (getInspection(db, id)) clash = { kind: 'inspection', id, inspection: id };
  } else if (e.type === 'problem.created') {
    const { id, inspectionId } = (e as StoredEvent<'problem.created'>).payload;
    if (prepared(db, 'SELECT 1 FROM problems WHERE inspection_id = ? AND id = ?').get(inspectionId, id)) clash = { kind: 'problem', id, inspection: inspectionId };
  }
  if (clash) throw new InputError(t(clash.kind === 'inspection' ? 'team.inspectionIdClash' : 'team.problemIdClash', { file, device: e.device, ...clash }), { hint: t('team.idClash.hint'), code: 'bundle-id-clash' });
}
