// The hub's acceptance of a submission — a pushed batch from the inbox or a bundle file — through the rules
// of src/team/rules.ts, the same ones `ducha import` applies: the manifest, its signature by a device the
// hub trusts, sizes, every blob's and the events' SHA-256, each event's hash and place in its chain, id
// clashes. Accepted events are stored as they were signed, with their projections, in the caller's
// transaction; a refused submission leaves no event behind and is recorded with its reason. The hub never
// writes an event of its own.
//
// Format 2 (issue 16): the same calls check a format-2 submission — a bundle/2 or a pushed batch, whose
// manifest is a bundle/2 manifest (docs/format.md §11) — by the hub's suite: its links are placed in their
// chains and kept, payload references are checked against what the hub holds, and every new event and link
// must be covered by a signed head of its own device's trusted key (store-events.ts), which is kept. A
// format-1 submission is accepted under format 1's rule, as a laptop accepts it (its exporter's signature
// covers the exporter's own events), in the default suite only.
import { InputError, type ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import type { BlobEntry, Manifest } from '../team/format.js';
import { checkBundleSize, checkClaimedHeads, checkSignature, decideTrust, parseManifest } from '../team/rules.js';
import { FORMAT, FORMAT2 } from '../team/format.js';
import { defaultSuite } from '../crypto/default-suite.js';
import { loadSuite } from '../crypto/index.js';
import type { Suite } from '../crypto/types.js';
import { hashName } from '../store/hash.js';
import { hubSuite } from './init.js';
import { createHash } from 'node:crypto';
import type { HubClient } from './connect.js';
import { linesFromBytes, linesFromMemory, linksFromBytes, partFromMemory } from './lines.js';
import { storeEvents } from './store-events.js';
import { storeBlobs } from './blobs.js';

async function* none(): AsyncIterable<Buffer> {}

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
  /** A listed blob's bytes as they travel (a sealed one's stored chunks), in order. */
  blobChunks(blob: BlobEntry): AsyncIterable<Buffer>;
  /** Store a listed blob's chunks, once its bytes have checked out and its row is written (pushes copy it inside the server). */
  storeBlob?(blob: BlobEntry): Promise<void>;
  /** The events part: its bytes (a bundle, the inbox), or its lines when this process made the batch. */
  events: { chunks(): AsyncIterable<Buffer> } | { lines: readonly string[] };
  /** Work of the submitter's own (reading its next batch), done once per group parsed, while this process waits for PostgreSQL. */
  meanwhile?: () => void;
  /** Format 2: the links part, as bytes (a bundle file, the inbox) or lines made in this process. */
  links?: { chunks(bytes: number): AsyncIterable<Buffer> } | { lines: readonly string[] };
}

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

/**
 * Accept or refuse one submission inside the caller's transaction (which holds the acceptance lock). A
 * refusal is recorded; anything else that goes wrong (the server going away) is thrown.
 */
export async function decide(client: HubClient, s: Submission): Promise<Decision> {
  await client.query('SAVEPOINT submission');
  let manifest: Manifest | undefined;
  try {
    const suite = await loadSuite(await hubSuite(client));
    manifest = parseManifest(s.manifestBytes, s.where, suite.id);
    const decision = await accept(client, s, manifest, suite);
    await client.query('RELEASE SAVEPOINT submission');
    return decision;
  } catch (error) {
    const refusal = refusalOf(error, s);
    if (!refusal) throw error;
    await client.query('ROLLBACK TO SAVEPOINT submission');
    const id = await recordSubmission(client, s, manifest, 'refused', refusal);
    return {
      submission: id,
      status: 'refused',
      device: manifest?.device ?? '',
      exporter: manifest?.actor ?? '',
      events: 0,
      newEvents: 0,
      newByType: {},
      blobs: 0,
      newBlobs: 0,
      ...refusal,
    };
  }
}

/** What the rules refused (or a reference the hub's tables refused), as a recorded reason; undefined for other failures. */
function refusalOf(error: unknown, s: Submission): { code: ErrorCode; reason: string; hint?: string } | undefined {
  if (error instanceof InputError) return { code: error.code, reason: error.message, hint: error.hint };
  const e = error as { code?: string; detail?: string };
  if (e?.code === '23503')
    return {
      code: 'bundle-reference',
      reason: t('hub.missingReference', { where: s.where, detail: e.detail ?? '' }),
      hint: t('hub.missingReference.hint'),
    };
  // A key or check the rows break, or text PostgreSQL cannot hold (U+0000 outside a payload): refused, not a crash.
  if (
    e?.code === '23505' ||
    e?.code === '23514' ||
    e?.code === '22P02' ||
    e?.code === '22P05' ||
    e?.code === '22021' ||
    e?.code === '22003'
  )
    return {
      code: 'bundle-format',
      reason: t('hub.badContent', { where: s.where, detail: (e.detail ?? (error as Error).message) || '' }),
    };
  return undefined;
}

async function recordSubmission(
  client: HubClient,
  s: Submission,
  manifest: Manifest | undefined,
  status: 'accepted' | 'refused',
  refusal?: { code: string; reason: string },
): Promise<number> {
  const sha = createHash('sha256').update(s.manifestBytes).digest('hex');
  const row = await client.query<{ id: string }>(
    `INSERT INTO submissions (batch, source, device, exporter, manifest_sha256, submitted_by, submitted_at, status, code, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      s.batch ?? null,
      s.source,
      manifest?.device ?? '',
      manifest?.actor ?? '',
      sha,
      s.submittedBy,
      s.submittedAt,
      status,
      refusal?.code ?? null,
      refusal?.reason ?? null,
    ],
  );
  return Number(row.rows[0]!.id);
}

async function accept(client: HubClient, s: Submission, manifest: Manifest, suite: Suite): Promise<Decision> {
  checkSignature(manifest, s.manifestBytes, s.signature, s.where, manifest.format === FORMAT ? defaultSuite : suite);
  checkBundleSize(manifest, s.size, s.where);
  const trusted = (
    await client.query<{ public_key: string; name: string }>('SELECT public_key, name FROM devices WHERE device = $1', [
      manifest.device,
    ])
  ).rows[0];
  decideTrust(manifest, trusted && { publicKey: trusted.public_key, name: trusted.name }, {});
  const id = await recordSubmission(client, s, manifest, 'accepted');

  const newBlobs = await storeBlobs(client, s, manifest);

  const algorithm = hashName(suite.id);
  const links =
    manifest.format !== FORMAT2
      ? undefined
      : s.links && 'lines' in s.links
        ? partFromMemory(s.links.lines, manifest.links, s.where, algorithm)
        : linksFromBytes(s.links?.chunks(manifest.links.bytes) ?? none(), manifest.links, s.where, algorithm);
  const lines =
    'lines' in s.events
      ? linesFromMemory(s.events.lines, manifest, s.where, algorithm)
      : linesFromBytes(s.events.chunks(), manifest, s.where, algorithm);
  const sender = {
    where: s.where,
    signer: manifest.device,
    format: manifest.format === FORMAT ? (1 as const) : (2 as const),
    heads: manifest.format === FORMAT2 ? manifest.heads : [],
    suite,
    algorithm,
  };
  const tally = await storeEvents(client, lines, sender, id, s.meanwhile, links);
  lines.finish();
  checkClaimedHeads(manifest, tally.newest, s.where);

  for (const [device, head] of manifest.format === FORMAT ? Object.entries(manifest.heads) : []) {
    await client.query(
      'INSERT INTO device_heads (device, seq, hash) VALUES ($1, $2, $3) ON CONFLICT (device) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > device_heads.seq',
      [device, head.seq, head.hash],
    );
  }
  await client.query('UPDATE submissions SET events = $2, new_events = $3, blobs = $4, new_blobs = $5 WHERE id = $1', [
    id,
    lines.count,
    tally.newEvents,
    manifest.blobs.length,
    newBlobs,
  ]);
  return {
    submission: id,
    status: 'accepted',
    device: manifest.device,
    exporter: manifest.actor,
    events: lines.count,
    newEvents: tally.newEvents,
    newByType: tally.newByType,
    blobs: manifest.blobs.length,
    newBlobs,
  };
}
