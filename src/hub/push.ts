// `ducha push`: sends the events this laptop holds and the hub lacks (its own and those it imported), with
// the blobs they cite, as signed batches into the hub's inbox — each batch one transaction, so an
// interrupted push leaves whole batches behind and the next push asks the hub what it holds and goes on.
// Batches carry a manifest in the bundle's format (docs/format.md §11; §7 from a format-1 database), signed
// by this device's key, with the signed heads that cover their events: the hub checks them exactly as
// `ducha import` checks a bundle. A batch ends, when it can, at a signed head of its last event's device (a
// write's end), so that it carries that head and few links, and always before its lines pass a bound of bytes:
// a push holds two batches at a time (the one being sent, the next being read), however large the events. An administrator's push (who may write history)
// does not go through the inbox: each batch is accepted at once, in its own transaction, by the same code
// that accepts a batch from the inbox or a bundle (accept.ts).
import { meta } from '../store/queries.js';
import {
  countAfter,
  eventsFrom,
  hashAt,
  localHeads,
  seqNoAfter,
  seqNoOf,
  seqsUpTo,
  signedAt,
  type PushedRow,
} from '../store/hub-queries.js';
import type { Store } from '../store/store.js';
import type { HubClient } from './connect.js';
import { checkHub, checkSuite } from './init.js';
import { drainInbox } from './inbox.js';
import type { Decision } from './accept.js';
import { Batch, submitBatch, type BatchContext } from './batch.js';
import { GROUP } from './store-events.js';
import { withSmallHeap } from './heap.js';
import { refuseClearNamesToSend } from './names.js';

export interface PushOptions {
  actor: string;
  /** Events per batch (one transaction each). */
  batchEvents?: number;
  /** Bytes of event lines per batch at most (an event larger than that travels alone). */
  batchBytes?: number;
  /** For tests: after each read, the events (and their lines' bytes) the push holds: the batch being sent and the next. */
  onHeld?: (held: { events: number; bytes: number }) => void;
  onProgress?: (sent: number, total: number) => void;
  /** For tests: called when a batch is written (before COMMIT; for an administrator, accepted) and when it is committed. */
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

/** Events per batch (one transaction each): small enough that a push holds little (measured: 10,000 took 350 MB). */
export const BATCH_EVENTS = 2_000;
/** Bytes of event lines per batch at most, whatever the events' sizes: what bounds the memory a batch takes. */
export const BATCH_BYTES = 4 << 20;

/** Which of this laptop's events the hub lacks: per device, everything after a seq, plus single events below it. */
async function missing(
  store: Store,
  client: HubClient,
): Promise<{ after: Map<string, number>; also: Set<string>; total: number; from?: number }> {
  const local = localHeads(store.db);
  const devices = local.map((d) => d.device);
  const heads = new Map(
    (
      await client.query<{ device: string; max_seq: string | null; held: string }>(
        'SELECT * FROM submit_heads($1::text[])',
        [devices],
      )
    ).rows.map((r) => [r.device, { max: Number(r.max_seq ?? 0), held: Number(r.held) }]),
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
      const theirs = (
        await client.query<{ hash: string }>('SELECT hash FROM submit_hashes($1, ARRAY[$2::bigint])', [d.device, probe])
      ).rows[0]?.hash;
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
      const rows = (
        await client.query<{ s: string }>('SELECT s FROM submit_missing($1, $2::bigint[]) AS s', [
          d.device,
          mine.slice(i, i + 50_000),
        ])
      ).rows;
      for (const r of rows) {
        also.add(`${d.device}/${r.s}`);
        earliest(seqNoOf(store.db, d.device, Number(r.s)));
        total++;
      }
    }
  }
  return { after, also, total, from };
}

/** Push this laptop's events the hub lacks (see the head of this file), with the heap kept small (heap.ts). */
export async function pushToHub(store: Store, client: HubClient, options: PushOptions): Promise<PushResult> {
  return withSmallHeap(() => push(store, client, options));
}

async function push(store: Store, client: HubClient, options: PushOptions): Promise<PushResult> {
  await checkHub(client);
  await checkSuite(client, store.suite);
  const publicKey = meta(store.db, 'public_key')!;
  // Signed through the store's suite (never a Node KeyObject: Node must not be handed an SM2 key).
  await store.loadCrypto();
  const key = (data: Uint8Array) => store.sign(data);
  const trusted = (
    await client.query<{ ok: boolean }>('SELECT submit_trusted($1, $2) AS ok', [store.device, publicKey])
  ).rows[0]!.ok;
  const result: PushResult = {
    device: store.device,
    batches: 0,
    events: 0,
    blobs: 0,
    bytes: 0,
    decisions: [],
    waiting: 0,
    trusted,
  };
  if (trusted) {
    const admin = (
      await client.query<{ ok: boolean; who: string }>(
        "SELECT has_table_privilege('events', 'INSERT') AS ok, session_user AS who",
      )
    ).rows[0]!;
    // An administrator accepts at once; first what waits in the inbox, which these events may refer to.
    if (admin.ok) result.decisions.push(...(await drainInbox(client)));
    const plan = await missing(store, client);
    const sends = (device: string, seq: number) =>
      seq > (plan.after.get(device) ?? 0) || plan.also.has(`${device}/${seq}`);
    // Issue 18: nothing is sent when an event to send names an interviewee in clear (names.ts).
    if (plan.from !== undefined) refuseClearNamesToSend(store, plan.from, sends);
    const sentBlobs = new Set<string>();
    const c: BatchContext = {
      store,
      client,
      publicKey,
      key,
      actor: options.actor,
      sentBlobs,
      result,
      onBatch: options.onBatch,
      acceptAs: admin.ok ? admin.who : undefined,
    };
    const size = options.batchEvents ?? BATCH_EVENTS;
    const maxBytes = options.batchBytes ?? BATCH_BYTES;
    const rows = plan.from === undefined ? undefined : eventsFrom(store.db, plan.from);
    // The batch being sent and the next, read meanwhile: all the events this push holds at once (with, at
    // most, the one event read that did not fit in the next).
    let batch = new Batch();
    let next = new Batch();
    let pending: { row: PushedRow; bytes: number } | undefined;
    let exhausted = false;
    /**
     * Read the events the hub lacks into a batch, until it holds `size` and its last event is at a signed head
     * (a write's end; at most twice `size`: beyond, links carry the rest of the write), or the next event would
     * take it past `maxBytes` (a single event larger than that travels alone), or `atMost` more were read.
     */
    const format2 = store.format === 2;
    const full = (b: Batch) => b.closed || (b.size >= size && (!format2 || b.size >= 2 * size || b.endsAtHead));
    const fill = (into: Batch, atMost = Infinity) => {
      for (let read = 0; !full(into) && read < atMost; read++) {
        let event = pending;
        pending = undefined;
        if (!event) {
          const following = rows?.next();
          if (!following || following.done) {
            exhausted = true;
            break;
          }
          const row = following.value;
          const [line, device, seq] = row;
          if (!sends(device, seq)) continue;
          event = { row, bytes: Buffer.byteLength(line) + 1 };
        }
        if (into.size > 0 && into.bytes + event.bytes > maxBytes) {
          pending = event;
          into.closed = true;
          break;
        }
        into.add(event.row, event.bytes);
        const [, device, seq] = event.row;
        if (format2 && into.size >= size) into.endsAtHead = signedAt(store.db, device, seq);
      }
      options.onHeld?.({ events: batch.size + next.size, bytes: batch.bytes + next.bytes });
    };
    /** The next batch read a group further while the hub works; true while there is more of it to read. */
    const readAhead = () => {
      fill(next, GROUP);
      return !full(next) && !exhausted;
    };
    let refused = false;
    fill(batch);
    try {
      while (batch.size > 0 && !refused) {
        // While the hub stores this batch's events, the next batch is read a group at a time.
        const decision = await submitBatch(batch, c, readAhead);
        if (decision) result.decisions.push(decision);
        // A refused batch stops the push: what follows it would refer to what it brought.
        refused = decision?.status === 'refused';
        options.onProgress?.(result.events, plan.total);
        // The batch sent is let go before the next is read to its end.
        batch = next;
        next = new Batch();
        if (!refused) fill(batch);
      }
    } finally {
      rows?.return?.();
    }
    if (admin.ok && !refused) result.decisions.push(...(await drainInbox(client)));
  }
  result.waiting = Number(
    (await client.query<{ n: string }>('SELECT submit_waiting($1) AS n', [store.device])).rows[0]!.n,
  );
  const last = (
    await client.query<{ status: string; code: string | null; reason: string | null; decided_at: Date }>(
      'SELECT * FROM submit_status($1, 0) ORDER BY id DESC LIMIT 1',
      [store.device],
    )
  ).rows[0];
  if (last?.status === 'refused')
    result.refused = { reason: last.reason ?? '', code: last.code, at: last.decided_at.toISOString() };
  return result;
}
