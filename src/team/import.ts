// ducha import: checks a bundle — format, the exporter's signature and trusted key, every hash, every event's
// shape, payload and references, its place in its device's chain, and (format 2) that a signed head of its
// own device's trusted key covers it: the rules of src/team/rules.ts, which the hub applies too — and applies
// it in one transaction, idempotently: events already present are skipped, so the same bundle twice, or
// several in any order, give the same database. A dry run does all of it and rolls back. A refused bundle
// leaves the database as it was (the transaction is rolled back) and says which event and why.
// (import-interruptible.ts runs the same steps with pauses, so that Ctrl+C can roll them back.)
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { applyEvent } from '../store/apply.js';
import { hasBlob } from '../store/blobs.js';
import { freeBytes } from '../store/open.js';
import { recordImport } from '../store/lead-queries.js';
import {
  addDevice,
  claimHead,
  deviceOfKey,
  dropLink,
  insertLink,
  keepSignedHead,
  trustedDevice,
} from '../store/team-queries.js';
import { staticSuite } from '../store/signing.js';
import { putForeignDataLock } from '../store/key-locks.js';
import { currentProblems } from '../problems/problems.js';
import { duplicateGroups } from '../problems/duplicates.js';
import { insertEvent, type Store } from '../store/store.js';
import { sealArriving } from '../store/sealed.js';
import { newCount, type StoredEvent } from '../store/events.js';
import { FORMAT, FORMAT2, LIMITS, entryBytes, linksBytes, type Manifest } from './format.js';
import { importBlob } from './import-blobs.js';
import type { BundleReader } from './reader.js';
import { checkEnvelope, openBundle } from './sealed-reader.js';
import { conflictsOf, type Conflict } from './conflicts.js';
import { fingerprint } from './trust.js';
import { sqliteKnowledge } from './local-knowledge.js';
import {
  ALL_CHECKS,
  Admission,
  PartLines,
  canonicalPayload,
  checkBundleSize,
  checkClaimedHeads,
  checkSignature,
  decideTrust,
  eventLines,
  parseEvent,
  parseLink,
  parseManifest,
  type TrustDecision,
} from './rules.js';

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
  /** Files kept sealed with a data key this database does not hold (an --unencrypted bundle): not checked. */
  unverifiedBlobs?: number;
  newConflicts: Conflict[];
  /** Problems this bundle brought. */
  newProblems: string[];
  /** Signed heads received (format 2), kept here: what each device vouched for when it sent this bundle. */
  heads: Array<{ device: string; seq: number; hash: string }>;
  /** Problems on the same item as another, one of them new (word-for-word copies: `exact`). */
  duplicates: Array<{
    inspectionId: string;
    item: { checklistId: string; itemId: string };
    exact: boolean;
    problems: Array<{ id: string; description: string; createdBy: string }>;
  }>;
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

/** Format 1 bundles are signed with Ed25519 (the default suite); format 2 ones with the database's suite. */
export function check(store: Store, file: string, reader: BundleReader): Checked {
  const format = reader.magic();
  const manifestBytes = reader.section(LIMITS.manifestBytes);
  const signature = reader.section(LIMITS.signatureBytes);
  const manifest = parseManifest(manifestBytes, file, store.suite);
  if ((format === 1) !== (manifest.format === FORMAT))
    throw new InputError(t('team.badManifest', { file }), { code: 'bundle-format' });
  checkEnvelope(reader, manifest, format, file);
  checkSignature(
    manifest,
    manifestBytes,
    signature,
    file,
    manifest.format === FORMAT ? staticSuite('default')! : store.crypto(),
  );
  const claimed = checkBundleSize(manifest, reader.remaining, file);
  ensureSpace(store, manifest, file);
  return { file, reader, manifest, manifestBytes, claimed };
}

export function importBundle(store: Store, actor: string, file: string, options: ImportOptions): ImportSummary {
  const reader = openBundle(store, file);
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
export function* apply(
  store: Store,
  actor: string,
  bundle: Checked,
  options: ImportOptions,
): Generator<void, ImportSummary> {
  const { file, reader, manifest, manifestBytes, claimed } = bundle;
  keepDataKeys(store, reader, file, options.dryRun ?? false);
  const trust = trustDevice(store, manifest, options);
  const before = new Set(conflictsOf(store, undefined, false).map((c) => c.id));
  let newBlobs = 0;
  let unverifiedBlobs = 0;
  let done = 0;
  for (const blob of manifest.blobs) {
    const outcome = yield* importBlob(store, reader, blob, file, options.dryRun ?? false);
    if (outcome.written) newBlobs++;
    if (outcome.unverified) unverifiedBlobs++;
    done += entryBytes(blob);
    options.onProgress?.(done, claimed);
  }
  const admission = new Admission(sqliteKnowledge(store), {
    where: file,
    signer: manifest.device,
    format: manifest.format === FORMAT ? 1 : 2,
    heads: manifest.format === FORMAT2 ? manifest.heads : [],
    suite: store.crypto(),
    checks: ALL_CHECKS,
    ...(trust.trust === 'untrusted'
      ? { assumeTrusted: { device: manifest.device, publicKey: manifest.publicKey } }
      : {}),
  });
  if (manifest.format === FORMAT2) yield* importLinks(store, reader, manifest, admission, file);
  const { events, newEvents, newByType, newProblems } = yield* importEvents(
    store,
    reader,
    manifest,
    admission,
    file,
    !options.dryRun,
  );
  options.onProgress?.(claimed, claimed);
  // Every new event and link is covered by a signed head of its own device: those heads are kept, anchoring
  // what each device has sent here.
  const heads = admission.finish();
  for (const head of heads) keepSignedHead(store.db, head);
  checkClaimedHeads(manifest, admission.newest, file);
  if (manifest.format === FORMAT)
    for (const [device, head] of Object.entries(manifest.heads))
      if (device !== store.device) claimHead(store.db, device, head.seq, head.hash);
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
    summary: {
      exporter: manifest.actor,
      inspections,
      newByType,
      blobs: manifest.blobs.length,
      newBlobs,
      heads: heads.map((h) => ({ device: h.device, seq: h.seq, hash: h.hash })),
    },
  });
  const fresh = new Set(newProblems);
  const duplicates =
    fresh.size === 0
      ? []
      : manifest.inspections.flatMap((i) =>
          duplicateGroups(
            withTexts(
              () => currentProblems(store, i.id),
              () => currentProblems(store, i.id, false, false),
            ),
          )
            .filter((g) => g.problems.some((p) => fresh.has(p.id)))
            .map((g) => ({
              inspectionId: g.inspectionId,
              item: g.item,
              exact: g.exact,
              problems: g.problems.map((p) => ({ id: p.id, description: p.description, createdBy: p.createdBy })),
            })),
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
    ...(unverifiedBlobs > 0 ? { unverifiedBlobs } : {}),
    newConflicts: withTexts(
      () => conflictsOf(store),
      () => conflictsOf(store, undefined, false),
    ).filter((c) => !before.has(c.id)),
    newProblems,
    heads: heads.map((h) => ({ device: h.device, seq: h.seq, hash: h.hash })),
    duplicates,
    dryRun: options.dryRun ?? false,
  };
  if (options.dryRun) throw new Rollback(summary);
  return summary;
}

/**
 * `read()`, or `withoutTexts()` when some encrypted text is another database's whose data key this one does not
 * hold (a bundle exported --unencrypted), or when nobody unlocked the data key (a preview, import --dry-run): the
 * import's summary then names problems and conflicts without those texts.
 */
function withTexts<T>(read: () => T, withoutTexts: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError && (error.code === 'data-key-unknown' || error.code === 'key-locked'))
      return withoutTexts();
    throw error;
  }
}

/**
 * The data keys an encrypted bundle carries (issue 17: its exporter's and the members' it relays), kept locked
 * under this database's own data key so that their encrypted fields read here; refused (nothing written) when
 * this database has no data key of its own to lock them with.
 */
function keepDataKeys(store: Store, reader: BundleReader, file: string, dryRun: boolean): void {
  const foreign = reader.dataKeys.filter((k) => k.id !== store.dataKeyId);
  if (foreign.length === 0) return;
  if (store.dataKeyId === undefined)
    throw new InputError(t('sealed.importNeedsProtect', { file }), {
      hint: t('sealed.importNeedsProtect.hint'),
      code: 'import-unprotected',
    });
  if (dryRun) return; // a preview keeps nothing, so it needs no unlock; its summary reads without those texts
  const cipher = store.fieldCipher();
  for (const k of foreign) {
    putForeignDataLock(store, k.id, cipher.lockForeign(k.id, k.key));
    cipher.add(k.id, k.key);
  }
}

/**
 * Refuses, before writing anything, a bundle the disk cannot take: new evidence goes through the WAL and
 * then into the database file (twice its size), events grow by their projections and indexes (about four
 * times their bytes). A disk filled halfway through would leave a WAL the size of the free space.
 */
function ensureSpace(store: Store, manifest: Manifest, file: string): void {
  const free = freeBytes(store.file);
  if (free === undefined) return;
  const newBlobBytes = manifest.blobs.reduce((n, b) => (hasBlob(store.db, b.sha256) ? n : n + entryBytes(b)), 0);
  const needed = 2 * newBlobBytes + 4 * manifest.events.bytes + 2 * linksBytes(manifest) + SPACE_MARGIN;
  if (needed > free) {
    const mb = (n: number) => Math.ceil(n / 2 ** 20);
    throw new InputError(t('team.noSpace', { file, needed: mb(needed), free: Math.floor(free / 2 ** 20) }), {
      hint: t('team.noSpace.hint'),
      code: 'disk-full',
    });
  }
}

/** Room kept free beyond the estimate (SQLite's own temporary space, the -shm file, other programs). */
const SPACE_MARGIN = 8 * 2 ** 20;

/** The trust rule of rules.ts, with this database's trusted devices; --trust records the new key. */
function trustDevice(
  store: Store,
  manifest: Manifest,
  options: { trust?: boolean; name?: string; dryRun?: boolean },
): TrustDecision {
  const row = trustedDevice(store.db, manifest.device);
  const elsewhere = row ? undefined : deviceOfKey(store.db, manifest.publicKey);
  const decision = decideTrust(manifest, row && { publicKey: row.publicKey, name: row.name }, options, elsewhere);
  if (decision.trust === 'new')
    addDevice(store.db, manifest.device, manifest.publicKey, decision.name, store.now().toISOString());
  return decision;
}

export { sqliteKnowledge };

/** Admit, store and apply events one by one, in file order, through the rules. */
export function storeEvents(
  store: Store,
  admission: Admission,
  events: Iterable<StoredEvent>,
  tally: { newEvents: number; newByType: Record<string, number>; newProblems: string[] },
  /** False for a dry run: it is rolled back, and a preview needs no unlocked data key. */
  seal = true,
): void {
  for (const e of events) {
    const admitted = admission.admit(e);
    if (admitted === 'held') continue; // already here: importing is idempotent
    const payloadJson = canonicalPayload(e);
    const seqNo = insertEvent(store.db, e, payloadJson);
    if (admitted === 'replaces-link') dropLink(store.db, e.device, e.seq);
    // A protected database stores an event with clear confidential text sealed (store/sealed.ts).
    applyEvent(store.db, seal ? sealArriving(store, e, seqNo, payloadJson) : e, seqNo);
    tally.newEvents++;
    tally.newByType[e.type] = (tally.newByType[e.type] ?? 0) + newCount(e);
    if (e.type === 'problem.created') tally.newProblems.push((e as StoredEvent<'problem.created'>).payload.id);
  }
}

/** Format 2's links: each admitted like an event (its place in its chain) and kept where the event is not held. */
function* importLinks(
  store: Store,
  reader: BundleReader,
  manifest: Manifest & { format: typeof FORMAT2 },
  admission: Admission,
  file: string,
): Generator<void> {
  const lines = new PartLines(manifest.links, store.hashAlgorithm, file);
  let n = 0;
  const take = (batch: string[]) => {
    for (const line of batch) {
      const link = parseLink(line, ++n, file, store.hashAlgorithm);
      if (admission.admitLink(link) === 'new') insertLink(store.db, link);
    }
  };
  for (const chunk of reader.chunks(manifest.links.bytes)) {
    take(lines.push(chunk));
    yield;
  }
  take(lines.end());
  lines.finish();
}

function* importEvents(
  store: Store,
  reader: BundleReader,
  manifest: Manifest,
  admission: Admission,
  file: string,
  seal: boolean,
): Generator<void, { events: number; newEvents: number; newByType: Record<string, number>; newProblems: string[] }> {
  const tally = { newEvents: 0, newByType: {} as Record<string, number>, newProblems: [] as string[] };
  const lines = eventLines(manifest, store.hashAlgorithm, file);
  let n = 0;
  // Parsed lazily, line by line, so a bundle is refused for its first fault in file order.
  const parse = function* (batch: string[]) {
    for (const line of batch) yield parseEvent(line, ++n, file, store.hashAlgorithm);
  };
  for (const chunk of reader.chunks(manifest.events.bytes)) {
    storeEvents(store, admission, parse(lines.push(chunk)), tally, seal);
    yield;
  }
  storeEvents(store, admission, parse(lines.end()), tally, seal);
  lines.finish();
  return { events: lines.count, ...tally };
}
