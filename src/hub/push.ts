// `ducha push`: sends the events this laptop holds and the hub lacks (its own and those it imported), with
// the blobs they cite, as signed batches into the hub's inbox — each batch one transaction, so an
// interrupted push leaves whole batches behind and the next push asks the hub what it holds and goes on.
// Batches carry a manifest in the bundle's format (docs/format.md §7), signed by this device's key: the hub
// checks them exactly as `ducha import` checks a bundle. An administrator's push also runs the acceptance.
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../store/canonical.js';
import { chunks as blobChunks } from '../store/blobs.js';
import { getInspection, meta } from '../store/queries.js';
import { blobSize, countAfter, eventsFrom, hashAt, localHeads, seqNoAfter, seqNoOf, seqsUpTo } from '../store/hub-queries.js';
import type { EventRow, Store } from '../store/store.js';
import { FORMAT, type Manifest } from '../team/format.js';
import type { HubClient } from './connect.js';
import { checkHub } from './init.js';
import { drainInbox } from './inbox.js';
import type { Decision } from './accept.js';

export interface PushOptions {
  actor: string;
  /** Events per batch (one transaction each). */
  batchEvents?: number;
  onProgress?: (sent: number, total: number) => void;
  /** For tests: called when a batch is written (before COMMIT) and when it is committed. */
  onBatch?: (n: number, phase: 'written' | 'committed') => Promise<void> | void;
}

export interface PushResult {
  device: string;
  /** What this push sent. */
  batches: number;
  events: number;
  blobs: number;
  bytes: number;
  /** The hub's decisions when this push could run the acceptance (an administrator's). */
  decisions: Decision[];
  /** Batches of this device still waiting for the hub's acceptance. */
  waiting: number;
  /** This device's most recent submission the hub refused, if it is newer than its last accepted one. */
  refused?: { reason: string; code: string | null; at: string };
  trusted: boolean;
}

export const BATCH_EVENTS = 10_000;

/** Which of this laptop's events the hub lacks: per device, everything after a seq, plus single events below it. */
async function missing(store: Store, client: HubClient): Promise<{ after: Map<string, number>; also: Set<string>; total: number; from?: number }> {
  const local = localHeads(store.db);
  const devices = local.map((d) => d.device);
  const heads = new Map(
    (await client.query<{ device: string; max_seq: string | null; held: string }>('SELECT * FROM submit_heads($1::text[])', [devices])).rows.map((r) => [r.device, { max: Number(r.max_seq ?? 0), held: Number(r.held) }]),
  );
  const after = new Map<string, number>();
  const also = new Set<string>();
  let total = 0;
  let from: number | undefined;
  const earliest = (n: number | undefined) => n !== undefined && (from = from === undefined ? n : Math.min(from, n));
  for (const d of local) {
    const hub = heads.get(d.device) ?? { max: 0, held: 0 };
    // Where both hold the chain, its hashes must agree: a copied database that kept writing has the same
    // numbers with other events. Then this laptop's event there is sent again, and the hub refuses the fork.
    const probe = Math.min(hub.max, d.max);
    if (probe > 0) {
      const theirs = (await client.query<{ hash: string }>('SELECT hash FROM submit_hashes($1, ARRAY[$2::bigint])', [d.device, probe])).rows[0]?.hash;
      const mine = hashAt(store.db, d.device, probe);
      if (theirs && mine && theirs !== mine) {
        const from = seqNoOf(store.db, d.device, probe)!;
        after.set(d.device, probe - 1);
        total += countAfter(store.db, d.device, probe - 1);
        earliest(from);
        continue;
      }
    }
    after.set(d.device, hub.max);
    total += hub.max === 0 ? d.count : countAfter(store.db, d.device, hub.max);
    earliest(seqNoAfter(store.db, d.device, hub.max));
    // The hub holds every event up to its newest when it holds as many as that number: nothing below is missing.
    if (hub.max === 0 || hub.held === hub.max) continue;
    const mine = seqsUpTo(store.db, d.device, hub.max);
    for (let i = 0; i < mine.length; i += 50_000) {
      const rows = (await client.query<{ s: string }>('SELECT s FROM submit_missing($1, $2::bigint[]) AS s', [d.device, mine.slice(i, i + 50_000)])).rows;
      for (const r of rows) {
        also.add(`${d.device}/${r.s}`);
        earliest(seqNoOf(store.db, d.device, Number(r.s)));
        total++;
      }
    }
  }
  return { after, also, total, from };
}

/** An event as a bundle line, from its stored row (the payload is stored canonical: no need to parse it). */
function lineOf(r: EventRow): string {
  const q = JSON.stringify;
  return `{"id":${q(r.id)},"device":${q(r.device)},"seq":${r.seq},"at":${q(r.at)},"actor":${q(r.actor)},"type":${q(r.type)},"payload":${r.payload},"prevHash":${q(r.prev_hash)},"hash":${q(r.hash)}}`;
}

/** The blobs an event cites: checklist snapshots and evidence (most records cite none, and are not parsed). */
function cited(r: EventRow): string[] {
  if (!r.payload.includes('"sha256"')) return [];
  const e = { type: r.type, payload: JSON.parse(r.payload) as unknown };
  const p = e.payload as { checklists?: Array<{ sha256: string }>; sha256?: string; evidence?: Array<{ sha256: string }> };
  if (e.type === 'inspection.created') return (p.checklists ?? []).map((c) => c.sha256);
  if (e.type === 'inspection.checklist-upgraded') return p.sha256 ? [p.sha256] : [];
  return (p.evidence ?? []).map((f) => f.sha256);
}

export async function pushToHub(store: Store, client: HubClient, options: PushOptions): Promise<PushResult> {
  await checkHub(client);
  const publicKey = meta(store.db, 'public_key')!;
  // Signed through the store's suite (never a Node KeyObject: Node must not be handed an SM2 key).
  await store.loadCrypto();
  const key = (data: Uint8Array) => store.sign(data);
  const trusted = (await client.query<{ ok: boolean }>('SELECT submit_trusted($1, $2) AS ok', [store.device, publicKey])).rows[0]!.ok;
  const result: PushResult = { device: store.device, batches: 0, events: 0, blobs: 0, bytes: 0, decisions: [], waiting: 0, trusted };
  if (trusted) {
    const plan = await missing(store, client);
    const sentBlobs = new Set<string>();
    let batch: EventRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await submitBatch(store, client, batch, { publicKey, key, actor: options.actor, sentBlobs, result, onBatch: options.onBatch });
      batch = [];
      options.onProgress?.(result.events, plan.total);
    };
    if (plan.from !== undefined) {
      for (const row of eventsFrom(store.db, plan.from)) {
        if (row.seq <= (plan.after.get(row.device) ?? 0) && !plan.also.has(`${row.device}/${row.seq}`)) continue;
        batch.push(row);
        if (batch.length >= (options.batchEvents ?? BATCH_EVENTS)) await flush();
      }
      await flush();
    }
    if ((await client.query<{ ok: boolean }>("SELECT has_table_privilege('events', 'INSERT') AS ok")).rows[0]!.ok) result.decisions = await drainInbox(client);
  }
  result.waiting = Number((await client.query<{ n: string }>('SELECT submit_waiting($1) AS n', [store.device])).rows[0]!.n);
  const last = (await client.query<{ status: string; code: string | null; reason: string | null; decided_at: Date }>('SELECT * FROM submit_status($1, 0) ORDER BY id DESC LIMIT 1', [store.device])).rows[0];
  if (last?.status === 'refused') result.refused = { reason: last.reason ?? '', code: last.code, at: last.decided_at.toISOString() };
  return result;
}

async function submitBatch(
  store: Store,
  client: HubClient,
  events: EventRow[],
  c: { publicKey: string; key: (data: Uint8Array) => Buffer; actor: string; sentBlobs: Set<string>; result: PushResult; onBatch?: PushOptions['onBatch'] },
): Promise<void> {
  const lines = events.map(lineOf);
  const text = lines.map((l) => l + '\n').join('');
  const heads: Manifest['heads'] = {};
  for (const e of events) if (!heads[e.device] || heads[e.device]!.seq < e.seq) heads[e.device] = { seq: e.seq, hash: e.hash };
  const wanted = [...new Set(events.flatMap(cited))].filter((sha) => !c.sentBlobs.has(sha));
  const lacking = wanted.length ? (await client.query<{ s: string }>('SELECT s FROM submit_missing_blobs($1::text[]) AS s', [wanted])).rows.map((r) => r.s) : [];
  const blobs = lacking.filter((sha) => blobSize(store.db, sha) !== undefined).sort().map((sha256) => ({ sha256, size: blobSize(store.db, sha256)! }));
  const inspections = [...new Set(events.map((e) => e.inspection_id ?? ''))]
    .map((id) => getInspection(store.db, id))
    .filter((i) => i !== undefined)
    .map((i) => ({ id: i.id, title: i.title, unit: i.unit }));
  const manifest: Manifest = {
    format: FORMAT,
    device: store.device,
    publicKey: c.publicKey,
    createdAt: store.now().toISOString(),
    actor: c.actor,
    inspections,
    events: { count: events.length, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') },
    blobs,
    heads,
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const id = randomUUID();
  const n = ++c.result.batches;
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO inbox_batches (id, device, manifest, signature) VALUES ($1, $2, $3, $4)', [id, store.device, manifestBytes, c.key(manifestBytes)]);
    for (let i = 0; i < events.length; i += 5000) {
      const part = events.slice(i, i + 5000);
      await client.query('INSERT INTO inbox_events (batch, n, device, seq, hash, line) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::text[], $6::text[])', [
        id,
        part.map((_, j) => i + j + 1),
        part.map((e) => e.device),
        part.map((e) => e.seq),
        part.map((e) => e.hash),
        lines.slice(i, i + 5000),
      ]);
    }
    for (const blob of blobs) {
      let k = 0;
      for (const { data } of blobChunks(store.db, blob.sha256)) {
        await client.query('INSERT INTO inbox_blobs (batch, sha256, n, data) VALUES ($1, $2, $3, $4)', [id, blob.sha256, k++, data]);
        c.result.bytes += data.length;
      }
    }
    await c.onBatch?.(n, 'written');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  for (const b of blobs) c.sentBlobs.add(b.sha256);
  c.result.events += events.length;
  c.result.blobs += blobs.length;
  c.result.bytes += Buffer.byteLength(text);
  await c.onBatch?.(n, 'committed');
}
