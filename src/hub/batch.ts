// One batch of a push: the events read from the laptop, kept only as the lines a bundle carries (each row
// is turned into its line as it is read) with what the manifest needs — heads, inspections, cited blobs (as
// stored: a sealed evidence file as its sealed chunks, with its key id) —
// then signed and either put in the hub's inbox (one transaction) or, for an administrator, accepted at
// once from those lines (one transaction, accept.ts), the same way an inbox batch or a bundle is. A format-2
// database sends a bundle/2 manifest (docs/format.md §11): for each device, the signed heads that cover the
// batch's events and links for the positions between that it does not carry, chosen as an export chooses
// them (src/team/export.ts `cover`); a format-1 database, a bundle/1 manifest.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { canonicalJson } from '../store/canonical.js';
import { chunks as blobChunks } from '../store/blobs.js';
import { blobRow } from '../store/blob-cipher.js';
import { getInspection } from '../store/queries.js';
import type { PushedRow } from '../store/hub-queries.js';
import type { Store } from '../store/store.js';
import { FORMAT, FORMAT2, entryBytes, type BlobEntry, type Manifest, type Manifest2 } from '../team/format.js';
import { blobEntry, cover } from '../team/export.js';
import { t } from '../i18n/index.js';
import type { HubClient } from './connect.js';
import { inTransaction } from './inbox.js';
import { linesDigest } from './lines.js';
import { decide, type Decision, type Submission } from './accept.js';
import { columnParams, fromColumns } from './bulk.js';
import type { PushOptions, PushResult } from './push.js';

/**
 * The blobs an event cites: checklist snapshots and evidence. Most events cite none: their payload names no
 * sha256 (the push reads no payload then), or it is a record whose canonical payload says so near its start
 * ("checklistId", then "evidence":[]); those are not parsed.
 */
function cited(type: string, payload: string | null): string[] {
  if (payload === null) return [];
  if (type === 'record.added' && payload.includes('"evidence":[]')) return [];
  if (type === 'records.imported') return []; // an import's records have no evidence
  const p = JSON.parse(payload) as {
    checklists?: Array<{ sha256: string }>;
    sha256?: string;
    evidence?: Array<{ sha256: string }>;
  };
  if (type === 'inspection.created') return (p.checklists ?? []).map((c) => c.sha256);
  if (type === 'inspection.checklist-upgraded') return p.sha256 ? [p.sha256] : [];
  return (p.evidence ?? []).map((f) => f.sha256);
}

/**
 * The cited files the hub wants, as the batch's manifest lists them — as they are stored here: a clear file, or
 * a sealed one with its key id and its sealed chunks' size and SHA-256 (docs/format.md §20, the bundle's entry).
 * The hub wants the files it lacks, and those it holds only sealed when this copy is clear.
 */
async function blobsWanted(c: BatchContext, cited: readonly string[]): Promise<BlobEntry[]> {
  const rows = cited.map((sha) => blobRow(c.store.db, sha)).filter((r) => r !== undefined);
  if (rows.length === 0) return [];
  const wanted = new Set(
    (
      await c.client.query<{ s: string }>('SELECT s FROM submit_wanted_blobs($1::text[], $2::boolean[]) AS s', [
        rows.map((r) => r.sha256),
        rows.map((r) => r.keyId === null),
      ])
    ).rows.map((r) => r.s),
  );
  return rows
    .filter((r) => wanted.has(r.sha256))
    .sort((x, y) => (x.sha256 < y.sha256 ? -1 : 1))
    .map((r) => ({ sha256: r.sha256, size: r.size }))
    .map((b) => (c.store.format === 2 ? blobEntry(c.store.db, b) : b)); // a format-1 manifest lists {sha256, size}
}

export class Batch {
  readonly lines: string[] = [];
  /** The lines' bytes in the events part (UTF-8, each with its newline). */
  bytes = 0;
  /** The next event did not fit under the push's bound of bytes: it opens the next batch. */
  closed = false;
  readonly devices: string[] = [];
  readonly seqs: number[] = [];
  readonly hashes: string[] = [];
  readonly heads: Record<string, { seq: number; hash: string }> = {};
  /** Its last event is at a signed head of its device (push.ts ends a batch there when it can). */
  endsAtHead = false;
  /** Per device, the positions this batch carries. */
  readonly carried = new Map<string, number[]>();
  readonly inspections = new Set<string>();
  readonly cited = new Set<string>();

  /** An event, with its line's bytes when the caller counted them already. */
  add(r: PushedRow, bytes = Buffer.byteLength(r[0]) + 1): void {
    const [line, device, seq, hash, inspection, type, payload] = r;
    this.lines.push(line);
    this.bytes += bytes;
    this.devices.push(device);
    this.seqs.push(seq);
    this.hashes.push(hash);
    if (!this.heads[device] || this.heads[device]!.seq < seq) this.heads[device] = { seq, hash };
    (this.carried.get(device) ?? this.carried.set(device, []).get(device)!).push(seq);
    if (inspection) this.inspections.add(inspection);
    for (const sha of cited(type, payload)) this.cited.add(sha);
  }

  get size(): number {
    return this.lines.length;
  }
}

export interface BatchContext {
  store: Store;
  client: HubClient;
  publicKey: string;
  /** Signs with this device's key, through the store's suite. */
  key: (data: Uint8Array) => Buffer;
  actor: string;
  /** Blobs this push has sent already. */
  sentBlobs: Set<string>;
  result: PushResult;
  onBatch?: PushOptions['onBatch'];
  /** The administrator's login, when the batch is accepted at once instead of put in the inbox. */
  acceptAs?: string;
}

/**
 * The result of `work` (a statement sent to the hub), calling `meanwhile` at each turn of the event loop while
 * it runs — the next batch read a group at a time — until `meanwhile` says it has nothing more to do.
 */
async function whileWaiting<T>(work: Promise<T>, meanwhile?: () => boolean): Promise<T> {
  let settled = false;
  const done = work.finally(() => (settled = true));
  done.catch(() => undefined); // a failure is the caller's, when it awaits: not unhandled meanwhile
  try {
    while (meanwhile && !settled && meanwhile()) await nextTurn();
  } catch (error) {
    await done.catch(() => undefined); // the statement ends before the caller sends its ROLLBACK
    throw error;
  }
  return done;
}

/**
 * One batch, signed: into the inbox (one transaction), or for an administrator accepted at once (one
 * transaction). `meanwhile` is work of the caller's to do while the hub works (reading the next batch); it
 * returns false when it has none left.
 */
export async function submitBatch(b: Batch, c: BatchContext, meanwhile?: () => boolean): Promise<Decision | undefined> {
  const { store, client } = c;
  const format2 = store.format === 2;
  const digest = linesDigest(b.lines, format2 ? store.hashAlgorithm : 'sha256', b.bytes);
  // Format 2: the signed heads covering each device's carried events, with links for what lies between.
  const heads: Manifest2['heads'] = [];
  const links: string[] = [];
  if (format2) {
    for (const device of [...b.carried.keys()].sort()) {
      const covered = cover(store, device, b.carried.get(device)!);
      heads.push(...covered.heads.map((h) => ({ device: h.device, seq: h.seq, hash: h.hash, signature: h.signature })));
      for (const l of covered.links)
        links.push(
          `{"device":${JSON.stringify(l.device)},"seq":${l.seq},"prevHash":"${l.prevHash}","digest":"${l.digest}"}`,
        );
    }
  }
  const linkDigest = linesDigest(links, store.hashAlgorithm);
  const blobs = await blobsWanted(
    c,
    [...b.cited].filter((sha) => !c.sentBlobs.has(sha)),
  );
  const inspections = [...b.inspections]
    .map((id) => getInspection(store.db, id))
    .filter((i) => i !== undefined)
    .map((i) => ({ id: i.id, title: i.title, unit: i.unit }));
  const common = {
    device: store.device,
    publicKey: c.publicKey,
    createdAt: store.now().toISOString(),
    actor: c.actor,
    inspections,
    blobs,
  };
  const manifest: Manifest = format2
    ? {
        format: FORMAT2,
        suite: store.suite,
        ...common,
        links: { count: links.length, bytes: linkDigest.bytes, digest: linkDigest.sha256 },
        events: { count: b.size, bytes: digest.bytes, digest: digest.sha256 },
        heads,
      }
    : {
        format: FORMAT,
        ...common,
        events: { count: b.size, bytes: digest.bytes, sha256: digest.sha256 },
        heads: b.heads,
      };
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signature = c.key(manifestBytes);
  const id = randomUUID();
  const n = ++c.result.batches;
  let decision: Decision | undefined;
  const blobBytes = blobs.reduce((sum, x) => sum + entryBytes(x), 0);
  if (c.acceptAs !== undefined) {
    const submission: Submission = {
      source: 'push',
      where: t('hub.batchName', { id: id.slice(0, 8), device: store.device }),
      batch: id,
      manifestBytes,
      signature,
      size: blobBytes + linkDigest.bytes + digest.bytes,
      submittedBy: c.acceptAs,
      submittedAt: new Date(),
      async *blobChunks(blob) {
        for (const { data } of blobChunks(store.db, blob.sha256)) yield data;
      },
      links: { lines: links },
      events: { lines: b.lines },
      meanwhile,
    };
    decision = await inTransaction(client, async () => {
      const d = await decide(client, submission);
      await c.onBatch?.(n, 'written');
      return d;
    });
  } else {
    await client.query('BEGIN');
    try {
      const part = (lines: readonly string[]) => (lines.length ? lines.join('\n') + '\n' : '');
      // The hub stores the batch while this process reads the next one (the push's time is otherwise both
      // sides' one after the other).
      await whileWaiting(
        client.query(
          'INSERT INTO inbox_batches (id, device, manifest, signature, links, events) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, store.device, manifestBytes, signature, part(links), part(b.lines)],
        ),
        meanwhile,
      );
      await whileWaiting(
        client.query(
          `INSERT INTO inbox_events (batch, n, device, seq, hash) SELECT $1, * FROM (${fromColumns(['int', 'text', 'bigint', 'text'], 2)}) x`,
          [id, ...columnParams([b.lines.map((_, j) => j + 1), b.devices, b.seqs, b.hashes])],
        ),
        meanwhile,
      );
      for (const blob of blobs) {
        let k = 0;
        for (const { data } of blobChunks(store.db, blob.sha256))
          await client.query('INSERT INTO inbox_blobs (batch, sha256, n, data) VALUES ($1, $2, $3, $4)', [
            id,
            blob.sha256,
            k++,
            data,
          ]);
      }
      await c.onBatch?.(n, 'written');
      await whileWaiting(client.query('COMMIT'), meanwhile);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  for (const x of blobs) c.sentBlobs.add(x.sha256);
  c.result.events += b.size;
  c.result.blobs += blobs.length;
  c.result.bytes += digest.bytes + blobBytes;
  await c.onBatch?.(n, 'committed');
  return decision;
}
