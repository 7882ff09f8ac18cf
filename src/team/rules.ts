// The rules of acceptance: what a database — a laptop's SQLite file or the commission's PostgreSQL hub —
// checks before it takes events from elsewhere (a bundle file, a pushed batch, a pull). One implementation,
// called by `ducha import`, `ducha pull`, `ducha hub import` and the hub's acceptance of pushed batches;
// docs/format.md §7 and §11 are its contract. Everything here is pure or reads only what `Knowledge` answers
// (knowledge.ts), so the same checks run against SQLite (synchronous look-ups) and PostgreSQL (facts
// fetched ahead per batch). Format 2's checks: each event's shape and payload (payload.ts) and references
// (references.ts) before it is written; its place in its chain (forks) here; and at the end (`finish`),
// each event and link covered by a valid signed head of the key trusted for its own device (coverage.ts).
import { createHash, type Hash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Suite } from '../crypto/types.js';
import { canonicalJson } from '../store/canonical.js';
import { bodyText, digestOf, eventHash, linkHash } from '../store/hash.js';
import type { StoredEvent } from '../store/events.js';
import type { SignedHead } from '../store/signing.js';
import { FORMAT, LIMITS, entryBytes, linksBytes, type Manifest } from './format.js';
import { fingerprint } from './fingerprint.js';
import { eventShapeProblem, linkShapeProblem, type ShapeProblem } from './payload.js';
import { References, type ReferenceProblem } from './references.js';
import { checkCoverage } from './coverage.js';
import type { Checks, Held, Knowledge } from './knowledge.js';

export { parseManifest } from './manifest.js';
export type { Knowledge, Checks } from './knowledge.js';
export { ALL_CHECKS } from './knowledge.js';

/** The manifest's signature, by the key it names (Ed25519 in format 1; the suite's in format 2). Whether that key is trusted is `decideTrust`'s question. */
export function checkSignature(
  manifest: Manifest,
  manifestBytes: Buffer,
  signature: Buffer,
  where: string,
  suite: Suite,
): void {
  try {
    suite.checkSigningKey(manifest.publicKey);
  } catch {
    throw new InputError(t('team.badKey', { file: where }), { code: 'bundle-signature' });
  }
  if (!suite.verify(manifest.publicKey, manifestBytes, signature))
    throw new InputError(t('team.badSignature', { file: where }), { code: 'bundle-signature' });
}

/** The bytes after the signature must be exactly the blobs, links and events the manifest lists; returns that total. */
export function checkBundleSize(manifest: Manifest, remaining: number, where: string): number {
  const claimed = manifest.blobs.reduce((n, b) => n + entryBytes(b), 0) + linksBytes(manifest) + manifest.events.bytes;
  if (claimed !== remaining)
    throw new InputError(t('team.sizeMismatch', { file: where, claimed, actual: remaining }), { code: 'bundle-hash' });
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
 * device with another key is refused, and so is a key trusted under another device id (`elsewhere`): one
 * key, one device. A dry run previews a bundle from a key nobody trusts yet.
 */
export function decideTrust(
  manifest: Manifest,
  known: TrustedKey | undefined,
  options: { trust?: boolean; name?: string; dryRun?: boolean },
  elsewhere?: string,
): TrustDecision {
  if (known) {
    if (known.publicKey !== manifest.publicKey) {
      throw new InputError(t('team.keyMismatch', { device: manifest.device }), {
        hint: t('team.keyMismatch.hint'),
        code: 'bundle-untrusted',
      });
    }
    const given = options.name?.trim();
    return {
      trust: 'known',
      name: known.name,
      ...(given && given !== known.name ? { nameKept: { kept: known.name, given } } : {}),
    };
  }
  if (elsewhere)
    throw new InputError(t('integrity.keyElsewhere', { device: manifest.device, other: elsewhere }), {
      hint: t('team.keyMismatch.hint'),
      code: 'bundle-untrusted',
    });
  if (!options.trust) {
    if (options.dryRun) return { trust: 'untrusted', name: null };
    throw new InputError(
      t('team.untrusted', {
        device: manifest.device,
        fingerprint: fingerprint(manifest.publicKey),
        actor: manifest.actor,
      }),
      {
        hint: t('team.untrusted.hint', { actor: manifest.actor }),
        code: 'bundle-untrusted',
      },
    );
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
    if (this.hash.digest('hex') !== this.blob.sha256)
      throw new InputError(t('team.blobHash', { file: this.where, sha: this.blob.sha256.slice(0, 12) }), {
        code: 'bundle-hash',
      });
  }
}

/**
 * A part of lines as it streams (the events; in format 2 also the links): split into lines (a chunk may end
 * inside a multi-byte character), hashed and counted; `finish` refuses it unless its hash and line count
 * are the manifest's. Empty lines are not lines.
 */
export class PartLines {
  private readonly hash: Hash;
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  count = 0;
  constructor(
    private readonly expected: { count: number; digest: string },
    algorithm: string,
    private readonly where: string,
  ) {
    this.hash = createHash(algorithm);
  }
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
    if (this.hash.digest('hex') !== this.expected.digest || this.count !== this.expected.count) {
      throw new InputError(t('team.eventsHash', { file: this.where }), { code: 'bundle-hash' });
    }
  }
  private keep(lines: string[]): string[] {
    const out = lines.filter((l) => l !== '');
    this.count += out.length;
    return out;
  }
}

/** The events part of a manifest of either format, as PartLines checks it. */
export function eventLines(manifest: Manifest, algorithm: string, where: string): PartLines {
  return manifest.format === FORMAT
    ? new PartLines({ count: manifest.events.count, digest: manifest.events.sha256 }, 'sha256', where)
    : new PartLines({ count: manifest.events.count, digest: manifest.events.digest }, algorithm, where);
}

/**
 * The canonical JSON of each parsed event's payload, its format and (format 2) its digest, computed once for
 * its hash: what a store writes (the hub keeps a format-2 event's digest, what a link to it carries).
 */
const payloads = new WeakMap<StoredEvent, string>();
const formats = new WeakMap<StoredEvent, 1 | 2>();
const digests = new WeakMap<StoredEvent, string>();
export const canonicalPayload = (e: StoredEvent): string => payloads.get(e) ?? canonicalJson(e.payload);
export const formatOf = (e: StoredEvent): 1 | 2 | undefined => formats.get(e);
/** A format-2 event's digest H(canonical body) as parseEvent computed it checking its hash; undefined otherwise. */
export const digestOfParsed = (e: StoredEvent): string | undefined => digests.get(e);

/** A malformed bundle: a line that is not what format.md says, named by its place and member. */
function malformed(where: string, n: number, what: string, p: ShapeProblem): InputError {
  const problem = t(`integrity.shape.${p.problem}`, { expected: p.expected ?? '' });
  return new InputError(t('integrity.malformed', { file: where, n, what, path: p.path, problem }), {
    hint: t('integrity.malformed.hint'),
    code: 'bundle-malformed',
  });
}

/**
 * One event line: its members and payload (payload.ts), and its hash recomputed by either format's rule
 * (format 1 only with SHA-256). `n` counts from 1 in the part.
 */
export function parseEvent(line: string, n: number, where: string, algorithm = 'sha256'): StoredEvent {
  let e: StoredEvent;
  try {
    e = JSON.parse(line) as StoredEvent;
  } catch {
    throw new InputError(t('team.badEvent', { file: where, n }), {
      hint: t('integrity.malformed.hint'),
      code: 'bundle-malformed',
    });
  }
  const problem = eventShapeProblem(e);
  if (problem) {
    const what =
      typeof e === 'object' && e && typeof e.device === 'string' && Number.isSafeInteger(e.seq)
        ? t('integrity.eventWhere', { device: e.device, seq: e.seq, type: String(e.type) })
        : '';
    throw malformed(where, n, what, problem);
  }
  const payload = canonicalJson(e.payload);
  // The format whose rule gives its hash (2 first, as store/hash.ts eventFormat): format 2's digest is kept.
  const digest = digestOf(algorithm, bodyText(e, payload));
  const format =
    linkHash(algorithm, e.prevHash, digest) === e.hash
      ? 2
      : algorithm === 'sha256' && eventHash(e.prevHash, e, payload) === e.hash
        ? 1
        : undefined;
  if (!format)
    throw new InputError(t('team.eventHash', { file: where, device: e.device, seq: e.seq }), { code: 'bundle-hash' });
  payloads.set(e, payload);
  formats.set(e, format);
  if (format === 2) digests.set(e, digest);
  return e;
}

/** A link (format 2): a device's event not carried, by its digest; its hash is H(prevHash ‖ digest). */
export interface Link {
  device: string;
  seq: number;
  prevHash: string;
  digest: string;
  hash: string;
}

export function parseLink(line: string, n: number, where: string, algorithm: string): Link {
  let l: Link;
  try {
    l = JSON.parse(line) as Link;
  } catch {
    throw new InputError(t('integrity.badLink', { file: where, n }), {
      hint: t('integrity.malformed.hint'),
      code: 'bundle-malformed',
    });
  }
  const problem = linkShapeProblem(l);
  if (problem) throw malformed(where, n, t('integrity.linkWhere'), problem);
  return {
    device: l.device,
    seq: l.seq,
    prevHash: l.prevHash,
    digest: l.digest,
    hash: linkHash(algorithm, l.prevHash, l.digest),
  };
}

/** What is new in a batch, per position: the coverage check (coverage.ts) reads it. */
export interface Seen extends Held {
  format: 1 | 2;
}

export interface AdmissionContext {
  where: string;
  /** The bundle's exporter: the manifest's signature covers its own format-1 events (and, in a format-1 bundle, all of its events). */
  signer: string;
  format: 1 | 2;
  /** Signed heads the bundle carries (format 2). */
  heads: readonly SignedHead[];
  /** The receiving database's suite, loaded: signed heads are checked with it. */
  suite: Suite;
  checks: Checks;
  /** A dry run of a bundle whose exporter nobody trusts yet: preview as if its key were trusted. */
  assumeTrusted?: { device: string; publicKey: string };
}

export type Admitted = 'new' | 'held' | 'replaces-link';

/**
 * Each event's and link's place among what is known and what this batch brought before it: an event already
 * held is skipped (importing is idempotent and order-free); a fork — another event at the same (device,
 * seq), or one that does not link to its stored neighbours — is refused, as is an event claiming the
 * receiver's own device, or creating an inspection or problem whose id is taken, or whose payload refers
 * to what is not there. `finish` then requires every new event and link to be covered by a signed head.
 */
export class Admission {
  private readonly seen = new Map<string, Seen>();
  /** New positions per device (events and links), for the coverage check. */
  private readonly fresh = new Map<string, number[]>();
  /** Per device, the newest event this batch carries (held or new): what format 1's `heads` must name. */
  readonly newest = new Map<string, { seq: number; hash: string }>();
  private readonly inspections = new Set<string>();
  private readonly problems = new Set<string>();
  private readonly references: References;

  constructor(
    private readonly known: Knowledge,
    private readonly context: AdmissionContext,
  ) {
    this.references = new References(known);
  }

  private event(device: string, seq: number): Held | undefined {
    return this.seen.get(`${device}/${seq}`) ?? this.known.event(device, seq);
  }

  private fork(device: string, seq: number): InputError {
    return new InputError(t('team.fork', { device, seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
  }

  /** Its place in its chain: held already (same hash), new, or a fork. */
  private place(x: { device: string; seq: number; hash: string; prevHash: string }, isLink: boolean): Admitted {
    const same = this.event(x.device, x.seq);
    if (same) {
      if (same.hash !== x.hash) throw this.fork(x.device, x.seq);
      if (!same.link || isLink) return 'held';
    }
    const previous = this.event(x.device, x.seq - 1);
    if (previous && previous.hash !== x.prevHash) throw this.fork(x.device, x.seq);
    const next = this.event(x.device, x.seq + 1);
    if (next && next.prevHash !== x.hash) throw this.fork(x.device, x.seq + 1);
    if (x.device === this.known.ownDevice)
      throw new InputError(t('team.ownFork', { seq: x.seq }), { hint: t('team.fork.hint'), code: 'bundle-fork' });
    return same ? 'replaces-link' : 'new';
  }

  private note(x: { device: string; seq: number; hash: string; prevHash: string }, format: 1 | 2, link: boolean): void {
    this.seen.set(`${x.device}/${x.seq}`, { hash: x.hash, prevHash: x.prevHash, format, link });
    (this.fresh.get(x.device) ?? this.fresh.set(x.device, []).get(x.device)!).push(x.seq);
  }

  /** new / replaces-link: to be stored (and applied); held: already here. Throws when the event must be refused. */
  admit(e: StoredEvent): Admitted {
    const newest = this.newest.get(e.device);
    if (!newest) this.newest.set(e.device, { seq: e.seq, hash: e.hash });
    else if (newest.seq < e.seq) {
      newest.seq = e.seq;
      newest.hash = e.hash;
    }
    const placed = this.place(e, false);
    if (placed === 'held') return placed;
    this.refuseIdClash(e);
    if (this.context.checks.references) {
      const problem = this.references.check(e);
      if (problem) throw referenceError(this.context.where, e, problem);
    }
    this.note(e, formatOf(e) ?? 1, false);
    return placed;
  }

  /** new: to be stored as a link; held: an event or link is already here with this hash. */
  admitLink(l: Link): Admitted {
    const placed = this.place(l, true);
    if (placed === 'held') return placed;
    this.note(l, 2, true);
    return 'new';
  }

  /**
   * After the last line: every signed head the bundle carries is valid and names an event or link that is
   * here; every new event and link is covered by one (coverage.ts). Returns the heads to keep.
   */
  finish(): SignedHead[] {
    if (!this.context.checks.signedHeads) return [];
    const assumed = this.context.assumeTrusted;
    const known: Knowledge = assumed
      ? { ...this.known, trustedKey: (d) => (d === assumed.device ? assumed.publicKey : this.known.trustedKey(d)) }
      : this.known;
    return checkCoverage(known, this.context, this.seen, this.fresh);
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
      if (this.problems.has(key) || this.known.hasProblem(inspectionId, id))
        clash = { kind: 'problem', id, inspection: inspectionId };
      else this.problems.add(key);
    }
    if (clash) {
      throw new InputError(
        t(clash.kind === 'inspection' ? 'team.inspectionIdClash' : 'team.problemIdClash', {
          file: this.context.where,
          device: e.device,
          ...clash,
        }),
        {
          hint: t('team.idClash.hint'),
          code: 'bundle-id-clash',
        },
      );
    }
  }
}

function referenceError(where: string, e: StoredEvent, p: ReferenceProblem): InputError {
  const what = t('integrity.eventWhere', { device: e.device, seq: e.seq, type: e.type });
  const why = t(`integrity.reference.${p.key}`, p.values);
  return new InputError(t('integrity.badReference', { file: where, what, path: String(p.values.path ?? ''), why }), {
    hint: t('integrity.malformed.hint'),
    code: p.key === 'selfClose' ? 'bundle-four-eyes' : 'bundle-reference',
  });
}

/** Format 1's `heads`: each names a device whose newest event in this bundle it is (none may be invented). */
export function checkClaimedHeads(
  manifest: Manifest,
  newest: ReadonlyMap<string, { seq: number; hash: string }>,
  where: string,
): void {
  if (manifest.format !== FORMAT) return;
  const claimed = Object.entries(manifest.heads);
  for (const [device, head] of claimed) {
    const actual = newest.get(device);
    if (!actual || actual.seq !== head.seq || actual.hash !== head.hash)
      throw new InputError(t('integrity.headsMismatch', { file: where, device, seq: head.seq }), {
        hint: t('integrity.malformed.hint'),
        code: 'bundle-heads',
      });
  }
  for (const device of newest.keys())
    if (!Object.hasOwn(manifest.heads, device))
      throw new InputError(t('integrity.headsMissing', { file: where, device }), {
        hint: t('integrity.malformed.hint'),
        code: 'bundle-heads',
      });
}

export { LIMITS };
