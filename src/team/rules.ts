// The rules of acceptance: what a database — a laptop's SQLite file or the commission's PostgreSQL hub —
// checks before it takes events from elsewhere (a bundle file, a pushed batch, a pull). One implementation,
// called by `ducha import`, `ducha pull`, `ducha hub import` and the hub's acceptance of pushed batches;
// docs/format.md §7 is its contract. Everything here is pure or reads only what `Knowledge` answers, so the
// same checks run against SQLite (synchronous look-ups) and PostgreSQL (facts fetched ahead per batch).
//
// Format 2 (issue 16) adds its checks here and nowhere else: each event covered by a valid signature of a
// key trusted for its own device (in `Admission.admit`), heads in a manifest against the events and
// signatures that come with it (beside `checkBundleSize`), payloads against the event schema and the
// inspection's checklist snapshot (in `parseEvent`, with the snapshot through `Knowledge`).
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { canonicalJson } from '../store/canonical.js';
import { eventHash } from '../store/hash.js';
import type { EventType, StoredEvent } from '../store/events.js';
import { FORMAT, LIMITS, type Manifest } from './format.js';
import { fingerprint } from './fingerprint.js';

/** The manifest, refused unless it is exactly the canonical JSON of a well-formed manifest. */
export function parseManifest(bytes: Buffer, where: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch {
    throw new InputError(t('team.badManifest', { file: where }), { code: 'bundle-format' });
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
  if (!ok) throw new InputError(t('team.badManifest', { file: where }), { code: 'bundle-format' });
  if (canonicalJson(manifest) !== bytes.toString('utf8')) throw new InputError(t('team.badManifest', { file: where }), { code: 'bundle-format' });
  return manifest;
}

function manifestKey(manifest: Manifest, where: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(manifest.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key;
  } catch {
    throw new InputError(t('team.badKey', { file: where }), { code: 'bundle-signature' });
  }
}

/** The manifest's signature, by the key it names. Whether that key is trusted is `decideTrust`'s question. */
export function checkSignature(manifest: Manifest, manifestBytes: Buffer, signature: Buffer, where: string): void {
  if (!verifySignature(null, manifestBytes, manifestKey(manifest, where), signature)) throw new InputError(t('team.badSignature', { file: where }), { code: 'bundle-signature' });
}

/** The bytes after the signature must be exactly the blobs and events the manifest lists; returns that total. */
export function checkBundleSize(manifest: Manifest, remaining: number, where: string): number {
  const claimed = manifest.blobs.reduce((n, b) => n + b.size, 0) + manifest.events.bytes;
  if (claimed !== remaining) throw new InputError(t('team.sizeMismatch', { file: where, claimed, actual: remaining }), { code: 'bundle-hash' });
  return claimed;
}

export interface TrustedKey {
  publicKey: string;
  name: string | null;
}

export interface TrustDecision {
  /** known: trusted before; new: to be trusted by this import (--trust); untrusted: a dry run of a key nobody trusts yet. */
  trust: 'known' | 'new' | 'untrusted';
  name: string | null;
  /** --name given for a device trusted under another name: that name is kept. */
  nameKept?: { kept: string | null; given: string };
}

/**
 * A bundle is accepted only from a trusted key (or with --trust, which the caller then records). A known
 * device with another key is refused. A dry run previews a bundle from a key nobody trusts yet.
 */
export function decideTrust(manifest: Manifest, known: TrustedKey | undefined, options: { trust?: boolean; name?: string; dryRun?: boolean }): TrustDecision {
  if (known) {
    if (known.publicKey !== manifest.publicKey) {
      throw new InputError(t('team.keyMismatch', { device: manifest.device }), { hint: t('team.keyMismatch.hint'), code: 'bundle-untrusted' });
    }
    const given = options.name?.trim();
    return { trust: 'known', name: known.name, ...(given && given !== known.name ? { nameKept: { kept: known.name, given } } : {}) };
  }
  if (!options.trust) {
    if (options.dryRun) return { trust: 'untrusted', name: null };
    throw new InputError(t('team.untrusted', { device: manifest.device, fingerprint: fingerprint(manifest.publicKey), actor: manifest.actor }), {
      hint: t('team.untrusted.hint', { actor: manifest.actor }),
      code: 'bundle-untrusted',
    });
  }
  return { trust: 'new', name: options.name?.trim() || manifest.actor };
}

/** A blob's bytes, hashed as they stream; `finish` refuses a blob whose hash is not the one listed. */
export class BlobCheck {
  private readonly hash = createHash('sha256');
  constructor(
    private readonly blob: { sha256: string; size: number },
    private readonly where: string,
  ) {}
  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }
  finish(): void {
    if (this.hash.digest('hex') !== this.blob.sha256) throw new InputError(t('team.blobHash', { file: this.where, sha: this.blob.sha256.slice(0, 12) }), { code: 'bundle-hash' });
  }
}

/**
 * The events part as it streams: split into lines (a chunk may end inside a multi-byte character), hashed
 * and counted; `finish` refuses it unless its SHA-256 and line count are the manifest's. Empty lines are
 * not events.
 */
export class EventLines {
  private readonly hash = createHash('sha256');
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  count = 0;
  constructor(
    private readonly manifest: Manifest,
    private readonly where: string,
  ) {}
  push(chunk: Buffer): string[] {
    this.hash.update(chunk);
    const lines = (this.rest + this.decoder.write(chunk)).split('\n');
    this.rest = lines.pop()!;
    return this.keep(lines);
  }
  end(): string[] {
    return this.keep([this.rest + this.decoder.end()]);
  }
  finish(): void {
    if (this.hash.digest('hex') !== this.manifest.events.sha256 || this.count !== this.manifest.events.count) {
      throw new InputError(t('team.eventsHash', { file: this.where }), { code: 'bundle-hash' });
    }
  }
  private keep(lines: string[]): string[] {
    const out = lines.filter((l) => l !== '');
    this.count += out.length;
    return out;
  }
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

/** The canonical JSON of each parsed event's payload, computed once for its hash: what a store writes. */
const payloads = new WeakMap<StoredEvent, string>();
export const canonicalPayload = (e: StoredEvent): string => payloads.get(e) ?? canonicalJson(e.payload);

/** One event line: its shape, and its hash recomputed from its members. `n` counts from 1 in the part. */
export function parseEvent(line: string, n: number, where: string): StoredEvent {
  let e: StoredEvent;
  try {
    e = JSON.parse(line) as StoredEvent;
  } catch {
    throw new InputError(t('team.badEvent', { file: where, n }), { code: 'bundle-format' });
  }
  if (!e || typeof e !== 'object' || !TYPES.has(e.type) || typeof e.device !== 'string' || !Number.isSafeInteger(e.seq)) throw new InputError(t('team.badEvent', { file: where, n }), { code: 'bundle-format' });
  const payload = canonicalJson(e.payload);
  if (eventHash(e.prevHash, e, payload) !== e.hash) throw new InputError(t('team.eventHash', { file: where, device: e.device, seq: e.seq }), { code: 'bundle-hash' });
  payloads.set(e, payload);
  return e;
}

/** What the receiving database already holds, as far as the rules ask. */
export interface Knowledge {
  /** The stored event at (device, seq), if any. */
  event(device: string, seq: number): { hash: string; prevHash: string } | undefined;
  hasInspection(id: string): boolean;
  hasProblem(inspectionId: string, id: string): boolean;
  /** The receiving database's own device (a laptop); none for the hub, which writes no events of its own. */
  readonly ownDevice?: string;
}

/**
 * Each event's place among what is known and what this batch brought before it: an event already held is
 * skipped (importing is idempotent and order-free); a fork — another event at the same (device, seq), or
 * one that does not link to its stored neighbours — is refused, as is an event claiming the receiver's own
 * device, or creating an inspection or problem whose id is taken.
 */
export class Admission {
  private readonly seen = new Map<string, { hash: string; prevHash: string }>();
  private readonly inspections = new Set<string>();
  private readonly problems = new Set<string>();

  constructor(
    private readonly known: Knowledge,
    private readonly where: string,
  ) {}

  private event(device: string, seq: number) {
    return this.seen.get(`${device}/${seq}`) ?? this.known.event(device, seq);
  }

  /** true: a new event, to be stored; false: already held. Throws when the event must be refused. */
  admit(e: StoredEvent): boolean {
    const fork = (seq: number) => new InputError(t('team.fork', { device: e.device, seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    const same = this.event(e.device, e.seq);
    if (same) {
      if (same.hash !== e.hash) throw fork(e.seq);
      return false;
    }
    const previous = this.event(e.device, e.seq - 1);
    if (previous && previous.hash !== e.prevHash) throw fork(e.seq);
    const next = this.event(e.device, e.seq + 1);
    if (next && next.prevHash !== e.hash) throw fork(e.seq + 1);
    if (e.device === this.known.ownDevice) throw new InputError(t('team.ownFork', { seq: e.seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    this.refuseIdClash(e);
    this.seen.set(`${e.device}/${e.seq}`, { hash: e.hash, prevHash: e.prevHash });
    return true;
  }

  /**
   * Inspection and problem ids are short and random, chosen on each laptop: two laptops can (rarely) choose
   * the same one — an inspection id anywhere, a problem id within one inspection. The ids are part of the
   * signed events and cannot be changed, so such an event is refused with a message instead of failing on
   * the table's key.
   */
  private refuseIdClash(e: StoredEvent): void {
    let clash: { kind: 'inspection' | 'problem'; id: string; inspection: string } | undefined;
    if (e.type === 'inspection.created') {
      const id = (e as StoredEvent<'inspection.created'>).payload.inspection.id;
      if (this.inspections.has(id) || this.known.hasInspection(id)) clash = { kind: 'inspection', id, inspection: id };
      else this.inspections.add(id);
    } else if (e.type === 'problem.created') {
      const { id, inspectionId } = (e as StoredEvent<'problem.created'>).payload;
      const key = `${inspectionId}/${id}`;
      if (this.problems.has(key) || this.known.hasProblem(inspectionId, id)) clash = { kind: 'problem', id, inspection: inspectionId };
      else this.problems.add(key);
    }
    if (clash) {
      throw new InputError(t(clash.kind === 'inspection' ? 'team.inspectionIdClash' : 'team.problemIdClash', { file: this.where, device: e.device, ...clash }), {
        hint: t('team.idClash.hint'),
        code: 'bundle-id-clash',
      });
    }
  }
}
