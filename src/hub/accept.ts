// The hub's acceptance of a submission — a pushed batch from the inbox or a bundle file — through the rules
// of src/team/rules.ts, the same ones `ducha import` applies: the manifest, its signature by a device the
// hub trusts, sizes, every blob's and the events' SHA-256, each event's hash and place in its chain, id
// clashes. Accepted events are stored as they were signed, with their projections, in the caller's
// transaction; a refused submission leaves no event behind and is recorded with its reason. The hub never
// writes an event of its own.
import { InputError, type ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import { inspectionOf, type StoredEvent } from '../store/events.js';
import type { Manifest } from '../team/format.js';
import { Admission, BlobCheck, PartLines, canonicalPayload, checkBundleSize, checkClaimedHeads, checkSignature, decideTrust, eventLines, parseEvent, parseLink, parseManifest, type Checks, type Knowledge } from '../team/rules.js';
import { FORMAT, FORMAT2 } from '../team/format.js';
import { defaultSuite } from '../crypto/default-suite.js';
import { createHash } from 'node:crypto';
import type { HubClient } from './connect.js';
import { project } from './project.js';

/** One submission as the acceptor reads it, wherever its bytes are. */
export interface Submission {
  source: 'push' | 'bundle';
  /** How messages name it: the bundle's file, or the pushed batch. */
  where: string;
  batch?: string;
  manifestBytes: Buffer;
  signature: Buffer;
  /** Bytes after the signature (blobs and events). */
  size: number;
  submittedBy: string;
  submittedAt: Date;
  /** A listed blob's bytes, in order. */
  blobChunks(blob: { sha256: string; size: number }): AsyncIterable<Buffer>;
  /** Store a listed blob the hub lacks, once its bytes have checked out (pushes copy it inside the server). */
  storeBlob?(blob: { sha256: string; size: number }): Promise<void>;
  /** Format 2: the links part's bytes (a bundle file; pushed batches carry none). */
  linkChunks?(bytes: number): AsyncIterable<Buffer>;
  eventChunks(): AsyncIterable<Buffer>;
}

/**
 * The hub makes format 1's checks only, for now (issue 16 left this to the hub's owner): it stores neither
 * signed heads nor links yet, so it cannot cover events by them, and it does not answer the questions of
 * payload references. Payload shapes and hashes (either format) are checked. See HUB_KNOWLEDGE below.
 */
const HUB_CHECKS: Checks = { signedHeads: false, references: false };

export interface Decision {
  submission: number;
  status: 'accepted' | 'refused';
  device: string;
  exporter: string;
  events: number;
  newEvents: number;
  newByType: Record<string, number>;
  blobs: number;
  newBlobs: number;
  code?: ErrorCode;
  reason?: string;
  hint?: string;
}

/** Events checked and stored per round trip: large enough to amortise it, small enough to bound memory. */
export const GROUP = 5000;

/**
 * Accept or refuse one submission inside the caller's transaction (which holds the acceptance lock). A
 * refusal is recorded; anything else that goes wrong (the server going away) is thrown.
 */
export async function decide(client: HubClient, s: Submission): Promise<Decision> {
  await client.query('SAVEPOINT submission');
  let manifest: Manifest | undefined;
  try {
    manifest = parseManifest(s.manifestBytes, s.where, 'default');
    const decision = await accept(client, s, manifest);
    await client.query('RELEASE SAVEPOINT submission');
    return decision;
  } catch (error) {
    const refusal = refusalOf(error, s);
    if (!refusal) throw error;
    await client.query('ROLLBACK TO SAVEPOINT submission');
    const id = await recordSubmission(client, s, manifest, 'refused', refusal);
    return { submission: id, status: 'refused', device: manifest?.device ?? '', exporter: manifest?.actor ?? '', events: 0, newEvents: 0, newByType: {}, blobs: 0, newBlobs: 0, ...refusal };
  }
}

/** What the rules refused (or a reference the hub's tables refused), as a recorded reason; undefined for other failures. */
function refusalOf(error: unknown, s: Submission): { code: ErrorCode; reason: string; hint?: string } | undefined {
  if (error instanceof InputError) return { code: error.code, reason: error.message, hint: error.hint };
  const e = error as { code?: string; detail?: string };
  if (e?.code === '23503') return { code: 'bundle-reference', reason: t('hub.missingReference', { where: s.where, detail: e.detail ?? '' }), hint: t('hub.missingReference.hint') };
  if (e?.code === '23505' || e?.code === '23514' || e?.code === '22P02') return { code: 'bundle-format', reason: t('hub.badContent', { where: s.where, detail: (e.detail ?? (error as Error).message) || '' }) };
  return undefined;
}

async function recordSubmission(client: HubClient, s: Submission, manifest: Manifest | undefined, status: 'accepted' | 'refused', refusal?: { code: string; reason: string }): Promise<number> {
  const sha = createHash('sha256').update(s.manifestBytes).digest('hex');
  const row = await client.query<{ id: string }>(
    `INSERT INTO submissions (batch, source, device, exporter, manifest_sha256, submitted_by, submitted_at, status, code, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [s.batch ?? null, s.source, manifest?.device ?? '', manifest?.actor ?? '', sha, s.submittedBy, s.submittedAt, status, refusal?.code ?? null, refusal?.reason ?? null],
  );
  return Number(row.rows[0]!.id);
}

async function accept(client: HubClient, s: Submission, manifest: Manifest): Promise<Decision> {
  checkSignature(manifest, s.manifestBytes, s.signature, s.where, defaultSuite);
  checkBundleSize(manifest, s.size, s.where);
  const trusted = (await client.query<{ public_key: string; name: string }>('SELECT public_key, name FROM devices WHERE device = $1', [manifest.device])).rows[0];
  decideTrust(manifest, trusted && { publicKey: trusted.public_key, name: trusted.name }, {});
  const id = await recordSubmission(client, s, manifest, 'accepted');

  let newBlobs = 0;
  for (const blob of manifest.blobs) {
    const known = (await client.query('SELECT 1 FROM blobs WHERE sha256 = $1', [blob.sha256])).rowCount! > 0;
    const check = new BlobCheck(blob, s.where);
    const keep: Buffer[] = [];
    for await (const chunk of s.blobChunks(blob)) {
      check.update(chunk);
      if (!known && !s.storeBlob) keep.push(chunk);
    }
    check.finish();
    if (known) continue;
    await client.query('INSERT INTO blobs (sha256, size) VALUES ($1, $2)', [blob.sha256, blob.size]);
    if (s.storeBlob) await s.storeBlob(blob);
    else {
      if (keep.length === 0) keep.push(Buffer.alloc(0));
      for (const [n, data] of keep.entries()) await client.query('INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)', [blob.sha256, n, data]);
    }
    newBlobs++;
  }

  if (manifest.format === FORMAT2) {
    // Checked (their hash, their shape) and not kept: the hub stores no links yet.
    const links = new PartLines(manifest.links, 'sha256', s.where);
    let n = 0;
    for await (const chunk of s.linkChunks?.(manifest.links.bytes) ?? []) for (const line of links.push(chunk)) parseLink(line, ++n, s.where, 'sha256');
    for (const line of links.end()) parseLink(line, ++n, s.where, 'sha256');
    links.finish();
  }

  // Each group of events brings its own look-ups of what the hub holds; the admission asks the current one.
  let current: Knowledge = NOTHING;
  const known: Knowledge = { ...HUB_KNOWLEDGE, event: (d, q) => current.event(d, q), hasInspection: (i) => current.hasInspection(i), hasProblem: (i, p) => current.hasProblem(i, p) };
  const admission = new Admission(known, { where: s.where, signer: manifest.device, format: manifest.format === FORMAT ? 1 : 2, heads: [], suite: defaultSuite, checks: HUB_CHECKS });
  const tally = { newEvents: 0, newByType: {} as Record<string, number> };
  const lines = eventLines(manifest, 'sha256', s.where);
  let n = 0;
  let pending: string[] = [];
  const flush = async () => {
    const group = pending;
    pending = [];
    await storeGroup(client, admission, (k) => (current = k), group, () => ++n, s.where, id, tally);
  };
  for await (const chunk of s.eventChunks()) {
    pending.push(...lines.push(chunk));
    if (pending.length >= GROUP) await flush();
  }
  pending.push(...lines.end());
  await flush();
  lines.finish();
  checkClaimedHeads(manifest, admission.newest, s.where);

  for (const [device, head] of manifest.format === FORMAT ? Object.entries(manifest.heads) : []) {
    await client.query('INSERT INTO device_heads (device, seq, hash) VALUES ($1, $2, $3) ON CONFLICT (device) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > device_heads.seq', [
      device,
      head.seq,
      head.hash,
    ]);
  }
  await client.query('UPDATE submissions SET events = $2, new_events = $3, blobs = $4, new_blobs = $5 WHERE id = $1', [id, lines.count, tally.newEvents, manifest.blobs.length, newBlobs]);
  return { submission: id, status: 'accepted', device: manifest.device, exporter: manifest.actor, events: lines.count, newEvents: tally.newEvents, newByType: tally.newByType, blobs: manifest.blobs.length, newBlobs };
}

/**
 * What the hub does not answer yet (format 2): with HUB_CHECKS these are never asked. To make format 2's
 * checks, the hub stores the signed heads and links a submission brings, answers each of these from its
 * tables (fetched ahead per group, as knowledgeOf does for events), and turns HUB_CHECKS on.
 */
const HUB_KNOWLEDGE: Knowledge = {
  suite: 'default',
  event: () => undefined,
  hasInspection: () => false,
  hasProblem: () => false,
  trustedKey: () => undefined,
  signedHeads: () => [],
  inspectionSnapshots: () => [],
  snapshot: () => undefined,
  blobSize: () => undefined,
  hasRecord: () => false,
  step: () => undefined,
};

const NOTHING: Knowledge = HUB_KNOWLEDGE;

/**
 * Parse a group of lines, fetch what the hub knows about them in three queries, admit them in order, then
 * store the new ones and their projections. A line that does not parse is reported after the lines before
 * it were admitted, so a submission is refused for its first fault in file order, as a bundle import is.
 */
async function storeGroup(client: HubClient, admission: Admission, know: (k: Knowledge) => void, lines: string[], next: () => number, where: string, submission: number, tally: { newEvents: number; newByType: Record<string, number> }): Promise<void> {
  const events: StoredEvent[] = [];
  let fault: unknown;
  for (const line of lines) {
    try {
      events.push(parseEvent(line, next(), where, 'sha256'));
    } catch (error) {
      fault = error;
      break;
    }
  }
  know(await knowledgeOf(client, events));
  const fresh = events.filter((e) => admission.admit(e) !== 'held');
  if (fresh.length) {
    const col = <T>(f: (e: StoredEvent) => T) => fresh.map(f);
    await client.query(
      `INSERT INTO events (id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id, submission)
       SELECT *, $11::bigint FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [col((e) => e.id), col((e) => e.device), col((e) => e.seq), col((e) => e.at), col((e) => e.actor), col((e) => e.type), col((e) => canonicalPayload(e)), col((e) => e.prevHash), col((e) => e.hash), col((e) => inspectionOf(e)), submission],
    );
    const held = new Map<string, { max: number; count: number }>();
    for (const e of fresh) {
      const h = held.get(e.device) ?? held.set(e.device, { max: 0, count: 0 }).get(e.device)!;
      h.max = Math.max(h.max, e.seq);
      h.count++;
      tally.newEvents++;
      tally.newByType[e.type] = (tally.newByType[e.type] ?? 0) + 1;
    }
    await client.query(
      `INSERT INTO held (device, max_seq, count) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
       ON CONFLICT (device) DO UPDATE SET max_seq = greatest(held.max_seq, excluded.max_seq), count = held.count + excluded.count`,
      [[...held.keys()], [...held.values()].map((h) => h.max), [...held.values()].map((h) => h.count)],
    );
    await project(client, fresh);
  }
  if (fault) throw fault;
}

/** What the hub holds about a group's events: their stored neighbours, and the inspections and problems they would create. */
async function knowledgeOf(client: HubClient, events: readonly StoredEvent[]): Promise<Knowledge> {
  const devices: string[] = [];
  const seqs: number[] = [];
  for (const e of events) for (const d of [-1, 0, 1]) devices.push(e.device), seqs.push(e.seq + d);
  const stored = new Map<string, { hash: string; prevHash: string }>();
  if (events.length) {
    const rows = await client.query<{ device: string; seq: string; hash: string; prev_hash: string }>(
      'SELECT e.device, e.seq, e.hash, e.prev_hash FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::bigint[])) AS k(device, seq) JOIN events e ON e.device = k.device AND e.seq = k.seq',
      [devices, seqs],
    );
    for (const r of rows.rows) stored.set(`${r.device}/${r.seq}`, { hash: r.hash, prevHash: r.prev_hash });
  }
  const created = events.filter((e) => e.type === 'inspection.created').map((e) => (e as StoredEvent<'inspection.created'>).payload.inspection.id);
  const inspections = new Set(created.length ? (await client.query<{ id: string }>('SELECT id FROM inspections WHERE id = ANY($1::text[])', [created])).rows.map((r) => r.id) : []);
  const problemKeys = events.filter((e) => e.type === 'problem.created').map((e) => (e as StoredEvent<'problem.created'>).payload);
  const problems = new Set(
    problemKeys.length
      ? (
          await client.query<{ key: string }>("SELECT p.inspection_id || '/' || p.id AS key FROM unnest($1::text[], $2::text[]) AS k(i, id) JOIN problems p ON p.inspection_id = k.i AND p.id = k.id", [
            problemKeys.map((p) => p.inspectionId),
            problemKeys.map((p) => p.id),
          ])
        ).rows.map((r) => r.key)
      : [],
  );
  return {
    ...HUB_KNOWLEDGE,
    event: (device, seq) => stored.get(`${device}/${seq}`),
    hasInspection: (id) => inspections.has(id),
    hasProblem: (inspectionId, id) => problems.has(`${inspectionId}/${id}`),
  };
}
