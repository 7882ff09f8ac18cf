// What the hub knows, as the rules of acceptance ask it (src/team/rules.ts `Knowledge`): for a group of
// events, everything the rules may ask is fetched ahead in a few queries — their stored neighbours in each
// device's chain, and whether the inspections and problems they create already exist — so the rules
// themselves stay synchronous. Format 2 extends `Knowledge` (the keys trusted for each device, the
// checklist snapshots payloads are checked against): its look-ups belong here, fetched per group the same way.
import type { StoredEvent } from '../store/events.js';
import type { Knowledge } from '../team/rules.js';
import { columnParams, fromColumns, run } from './bulk.js';
import type { HubClient } from './connect.js';

/**
 * What the hub does not answer yet (format 2's questions): the hub stores neither signed heads nor links and
 * answers no payload references, so its admission runs with HUB_CHECKS (store-events.ts) and never asks these.
 */
const UNANSWERED = {
  suite: 'default' as const,
  trustedKey: () => undefined,
  signedHeads: () => [],
  inspectionSnapshots: () => [],
  snapshot: () => undefined,
  blobSize: () => undefined,
  hasRecord: () => false,
  step: () => undefined,
} satisfies Omit<Knowledge, 'event' | 'hasInspection' | 'hasProblem'>;

const NOTHING: Knowledge = { ...UNANSWERED, event: () => undefined, hasInspection: () => false, hasProblem: () => false };

/** The admission of a whole submission asks this; it answers from the facts of the group being admitted. */
export class GroupKnowledge implements Knowledge {
  readonly suite = UNANSWERED.suite;
  readonly trustedKey = UNANSWERED.trustedKey;
  readonly signedHeads = UNANSWERED.signedHeads;
  readonly inspectionSnapshots = UNANSWERED.inspectionSnapshots;
  readonly snapshot = UNANSWERED.snapshot;
  readonly blobSize = UNANSWERED.blobSize;
  readonly hasRecord = UNANSWERED.hasRecord;
  readonly step = UNANSWERED.step;
  private current: Knowledge = NOTHING;
  use(facts: Knowledge): void {
    this.current = facts;
  }
  event(device: string, seq: number) {
    return this.current.event(device, seq);
  }
  hasInspection(id: string) {
    return this.current.hasInspection(id);
  }
  hasProblem(inspectionId: string, id: string) {
    return this.current.hasProblem(inspectionId, id);
  }
}

/** Neighbours this far apart still share one range scan (a few events read in vain, instead of another range). */
// The look-ups below are LATERAL subqueries with OFFSET 0, which PostgreSQL cannot flatten into a join: each
// key is one index probe. Left to itself, the planner guesses 100 keys of many rows each and scans the
// whole table (measured: 42 ms instead of 3 ms per group against 100,000 events).
const GAP = 16;

/** What the hub holds about a group's events: their stored neighbours, and the inspections and problems they would create. */
export async function knowledgeOf(client: HubClient, events: readonly StoredEvent[]): Promise<Knowledge> {
  // Per device, the runs of seqs the group covers (each with its neighbours): one index range scan each.
  const bySeq = new Map<string, number[]>();
  for (const e of events) {
    let seqs = bySeq.get(e.device);
    if (!seqs) bySeq.set(e.device, (seqs = []));
    seqs.push(e.seq);
  }
  const ranges: [string[], number[], number[]] = [[], [], []];
  for (const [device, seqs] of bySeq) {
    seqs.sort((a, b) => a - b);
    let lo = seqs[0]! - 1;
    let hi = seqs[0]! + 1;
    for (const s of seqs) {
      if (s - 1 > hi + GAP) {
        ranges[0].push(device);
        ranges[1].push(lo);
        ranges[2].push(hi);
        lo = s - 1;
      }
      hi = Math.max(hi, s + 1);
    }
    ranges[0].push(device);
    ranges[1].push(lo);
    ranges[2].push(hi);
  }
  const stored = new Map<string, { hash: string; prevHash: string }>();
  if (events.length) {
    const rows = await run<{ device: string; seq: string; hash: string; prev_hash: string }>(
      client,
      `SELECT e.device, e.seq, e.hash, e.prev_hash FROM (${fromColumns(['text', 'bigint', 'bigint'])}) AS r(device, lo, hi)
       CROSS JOIN LATERAL (SELECT e.device, e.seq, e.hash, e.prev_hash FROM events e WHERE e.device = r.device AND e.seq BETWEEN r.lo AND r.hi OFFSET 0) e`,
      columnParams(ranges),
    );
    for (const r of rows.rows) stored.set(`${r.device}/${r.seq}`, { hash: r.hash, prevHash: r.prev_hash });
  }
  const created = events.filter((e) => e.type === 'inspection.created').map((e) => (e as StoredEvent<'inspection.created'>).payload.inspection.id);
  const inspections = new Set(
    created.length ? (await run<{ id: string }>(client, 'SELECT k AS id FROM json_array_elements_text($1::json) AS k WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.id = k OFFSET 0)', [JSON.stringify(created)])).rows.map((r) => r.id) : [],
  );
  const problemKeys = events.filter((e) => e.type === 'problem.created').map((e) => (e as StoredEvent<'problem.created'>).payload);
  const problems = new Set(
    problemKeys.length
      ? (
          await run<{ key: string }>(
            client,
            `SELECT k.i || '/' || k.id AS key FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS k(i, id)
             WHERE EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = k.i AND p.id = k.id OFFSET 0)`,
            [JSON.stringify(problemKeys.map((p) => p.inspectionId)), JSON.stringify(problemKeys.map((p) => p.id))],
          )
        ).rows.map((r) => r.key)
      : [],
  );
  return {
    ...UNANSWERED,
    event: (device, seq) => stored.get(`${device}/${seq}`),
    hasInspection: (id) => inspections.has(id),
    hasProblem: (inspectionId, id) => problems.has(`${inspectionId}/${id}`),
  };
}
