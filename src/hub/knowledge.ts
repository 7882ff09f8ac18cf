// What the hub knows, as the rules of acceptance ask it (src/team/knowledge.ts `Knowledge`): for a group of
// events or links, everything the rules may ask is fetched ahead in a few set-based queries — their stored
// neighbours in each device's chain (events and links), whether the inspections and problems they create
// exist, and what their payloads refer to (the snapshots each inspection adopted, blobs, records, steps) —
// so the rules themselves stay synchronous. The keys trusted for each device are read once per submission;
// the signed heads a coverage check may lean on are fetched once, before it (coverage.ts via `finish`).
import type { SuiteId } from '../crypto/types.js';
import type { StoredEvent } from '../store/events.js';
import type { Held, Knowledge, SnapshotFacts } from '../team/knowledge.js';
import { parseSnapshot } from '../store/snapshots.js';
import { columnParams, fromColumns, run } from './bulk.js';
import type { HubClient } from './connect.js';

/** The answers for one group (or, before the coverage check, for the positions it needs). */
export interface Facts {
  events: ReadonlyMap<string, Held>;
  inspections: ReadonlySet<string>;
  problems: ReadonlySet<string>;
  heads: ReadonlyMap<string, ReadonlyArray<{ seq: number; hash: string }>>;
  blobs: ReadonlyMap<string, number>;
  records: ReadonlySet<string>;
  /** Of the record ids the group's events add, those the hub holds already (in any inspection). */
  taken: ReadonlySet<string>;
  steps: ReadonlyMap<string, { device: string; kind: string }>;
}

const NOTHING: Facts = {
  events: new Map(),
  inspections: new Set(),
  problems: new Set(),
  heads: new Map(),
  blobs: new Map(),
  records: new Set(),
  taken: new Set(),
  steps: new Map(),
};

/**
 * The admission of a whole submission asks this. Per-group facts come from `use`; the trusted keys, the
 * snapshots each inspection adopted and the snapshots' items are kept for the whole submission (the rules
 * track what the submission itself adds to them).
 */
export class GroupKnowledge implements Knowledge {
  private current: Facts = NOTHING;
  /** Per inspection asked, the snapshots it adopted (as stored when first asked). */
  readonly adopted = new Map<string, Array<{ checklistId: string; sha256: string }>>();
  /** Inspections found held when their adopted snapshots were fetched. */
  readonly existing = new Set<string>();
  /** Per snapshot asked, its facts (undefined: no such blob, or no checklist in it). */
  readonly snapshots = new Map<string, SnapshotFacts | undefined>();
  constructor(
    readonly suite: SuiteId,
    private readonly keys: ReadonlyMap<string, string>,
  ) {}
  use(facts: Facts): void {
    this.current = facts;
  }
  event(device: string, seq: number) {
    return this.current.events.get(`${device}/${seq}`);
  }
  hasInspection(id: string) {
    return this.current.inspections.has(id) || this.existing.has(id);
  }
  hasProblem(inspectionId: string, id: string) {
    return this.current.problems.has(`${inspectionId}/${id}`);
  }
  trustedKey(device: string) {
    return this.keys.get(device);
  }
  signedHeads(device: string) {
    return this.current.heads.get(device) ?? [];
  }
  inspectionSnapshots(inspectionId: string) {
    return this.adopted.get(inspectionId) ?? [];
  }
  snapshot(sha256: string) {
    return this.snapshots.get(sha256);
  }
  blobSize(sha256: string) {
    return this.current.blobs.get(sha256);
  }
  hasRecord(inspectionId: string, id: string) {
    return this.current.records.has(`${inspectionId}/${id}`);
  }
  recordTaken(id: string) {
    return this.current.taken.has(id);
  }
  step(inspectionId: string, eventId: string) {
    return this.current.steps.get(`${inspectionId}/${eventId}`);
  }
}

/** The devices the hub trusts and their keys: read once per submission (a hub trusts tens or hundreds). */
export async function trustedKeys(client: HubClient): Promise<Map<string, string>> {
  return new Map(
    (await client.query<{ device: string; public_key: string }>('SELECT device, public_key FROM devices')).rows.map(
      (r) => [r.device, r.public_key],
    ),
  );
}

/** Neighbours this far apart still share one range scan (a few events read in vain, instead of another range). */
// The look-ups below are LATERAL subqueries with OFFSET 0, which PostgreSQL cannot flatten into a join: each
// key is one index probe. Left to itself, the planner guesses 100 keys of many rows each and scans the
// whole table (measured: 42 ms instead of 3 ms per group against 100,000 events).
const GAP = 16;

/** Per device, runs of positions (each with its neighbours) as [devices, los, his]: one index range scan each. */
function rangesOf(
  positions: Iterable<{ device: string; seq: number }>,
  neighbours = 1,
): [string[], number[], number[]] {
  const bySeq = new Map<string, number[]>();
  for (const p of positions) {
    let seqs = bySeq.get(p.device);
    if (!seqs) bySeq.set(p.device, (seqs = []));
    seqs.push(p.seq);
  }
  const ranges: [string[], number[], number[]] = [[], [], []];
  for (const [device, seqs] of bySeq) {
    seqs.sort((a, b) => a - b);
    let lo = seqs[0]! - neighbours;
    let hi = seqs[0]! + neighbours;
    for (const s of seqs) {
      if (s - neighbours > hi + GAP) {
        ranges[0].push(device);
        ranges[1].push(lo);
        ranges[2].push(hi);
        lo = s - neighbours;
      }
      hi = Math.max(hi, s + neighbours);
    }
    ranges[0].push(device);
    ranges[1].push(lo);
    ranges[2].push(hi);
  }
  return ranges;
}

/** The events and links the hub holds in the given ranges of each device's chain. */
export async function chainFacts(
  client: HubClient,
  ranges: [string[], number[], number[]],
  into = new Map<string, Held>(),
): Promise<Map<string, Held>> {
  if (ranges[0].length === 0) return into;
  const rows = await run<{ device: string; seq: string; hash: string; prev_hash: string; link: boolean }>(
    client,
    `SELECT e.device, e.seq, e.hash, e.prev_hash, e.link FROM (${fromColumns(['text', 'bigint', 'bigint'])}) AS r(device, lo, hi)
     CROSS JOIN LATERAL (SELECT e.device, e.seq, e.hash, e.prev_hash, false AS link FROM events e WHERE e.device = r.device AND e.seq BETWEEN r.lo AND r.hi OFFSET 0) e
     UNION ALL
     SELECT l.device, l.seq, l.hash, l.prev_hash, true FROM (${fromColumns(['text', 'bigint', 'bigint'])}) AS r(device, lo, hi)
     CROSS JOIN LATERAL (SELECT l.device, l.seq, l.hash, l.prev_hash FROM links l WHERE l.device = r.device AND l.seq BETWEEN r.lo AND r.hi OFFSET 0) l`,
    columnParams(ranges),
  );
  for (const r of rows.rows)
    into.set(
      `${r.device}/${r.seq}`,
      r.link ? { hash: r.hash, prevHash: r.prev_hash, link: true } : { hash: r.hash, prevHash: r.prev_hash },
    );
  return into;
}

const json = (values: readonly string[]) => JSON.stringify(values);

/** What the hub holds about a group: neighbours of its positions, and (events) what they create and refer to. */
export async function knowledgeOf(
  client: HubClient,
  known: GroupKnowledge,
  positions: ReadonlyArray<{ device: string; seq: number }>,
  events: readonly StoredEvent[] = [],
  references = true,
): Promise<Facts> {
  const stored = await chainFacts(client, rangesOf(positions));
  const created = events
    .filter((e) => e.type === 'inspection.created')
    .map((e) => (e as StoredEvent<'inspection.created'>).payload.inspection.id);
  const inspections = new Set(
    created.length
      ? (
          await run<{ id: string }>(
            client,
            'SELECT k AS id FROM json_array_elements_text($1::json) AS k WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.id = k OFFSET 0)',
            [json(created)],
          )
        ).rows.map((r) => r.id)
      : [],
  );
  // Problems created (an id clash) and, for the payload checks, problems updated or stepped.
  const problemKeys = events.flatMap((e) => {
    const p = e.payload as unknown as { inspectionId: string; id?: string; problemId?: string };
    if (e.type === 'problem.created' || (references && e.type === 'problem.updated'))
      return [{ inspectionId: p.inspectionId, id: p.id! }];
    return references && e.type === 'problem.progressed' ? [{ inspectionId: p.inspectionId, id: p.problemId! }] : [];
  });
  const problems = new Set(
    problemKeys.length
      ? (
          await run<{ key: string }>(
            client,
            `SELECT k.i || '/' || k.id AS key FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS k(i, id)
             WHERE EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = k.i AND p.id = k.id OFFSET 0)`,
            [json(problemKeys.map((p) => p.inspectionId)), json(problemKeys.map((p) => p.id))],
          )
        ).rows.map((r) => r.key)
      : [],
  );
  const facts = { ...NOTHING, events: stored, inspections, problems };
  if (!references || events.length === 0) return facts;
  const more = await referenceFacts(client, known, events);
  return { ...facts, ...more };
}

/** What a group's payloads refer to (docs/format.md §10): fetched for the whole group, only what it names. */
async function referenceFacts(
  client: HubClient,
  known: GroupKnowledge,
  events: readonly StoredEvent[],
): Promise<Pick<Facts, 'blobs' | 'records' | 'taken' | 'steps'>> {
  const inspections = new Set<string>();
  const shas = new Set<string>();
  const evidence = new Set<string>();
  const records = new Set<string>();
  const added = new Set<string>();
  const steps = new Set<string>();
  for (const e of events) {
    const p = e.payload as unknown as Record<string, unknown>;
    if (e.type === 'inspection.created') {
      for (const c of (e as StoredEvent<'inspection.created'>).payload.checklists) shas.add(c.sha256);
      continue;
    }
    const inspectionId = p.inspectionId as string;
    if (!known.adopted.has(inspectionId)) inspections.add(inspectionId);
    if (e.type === 'inspection.checklist-upgraded') shas.add(p.sha256 as string);
    else if (e.type === 'record.added' || e.type === 'problem.progressed')
      for (const f of p.evidence as Array<{ sha256: string }>) evidence.add(f.sha256);
    if (e.type === 'record.amended' || e.type === 'record.withdrawn') records.add(p.id as string);
    else if (e.type === 'record.added') added.add(p.id as string);
    else if (e.type === 'records.imported') for (const r of p.records as Array<{ id: string }>) added.add(r.id);
    if (e.type === 'problem.progressed') {
      if (p.kind === 'close' && !p.selfClose) for (const id of p.supersedes as string[]) steps.add(id);
    }
  }
  // The events' own inspections exist (or come in this submission); references.ts asks only for those.
  if (inspections.size) {
    const rows = await run<{ inspection_id: string; type: string; payload: string }>(
      client,
      `SELECT inspection_id, type, payload FROM events WHERE inspection_id IN (SELECT json_array_elements_text($1::json)) AND type IN ('inspection.created', 'inspection.checklist-upgraded') ORDER BY seq_no`,
      [json([...inspections])],
    );
    for (const i of inspections) known.adopted.set(i, []);
    for (const r of rows.rows) {
      const p = JSON.parse(r.payload) as {
        checklists?: Array<{ id: string; sha256: string }>;
        checklistId?: string;
        sha256?: string;
      };
      const list = known.adopted.get(r.inspection_id)!;
      if (r.type === 'inspection.created') {
        for (const c of p.checklists ?? []) list.push({ checklistId: c.id, sha256: c.sha256 });
        known.existing.add(r.inspection_id);
      } else list.push({ checklistId: p.checklistId!, sha256: p.sha256! });
    }
    for (const list of known.adopted.values()) for (const s of list) shas.add(s.sha256);
  }
  await snapshotFacts(
    client,
    known,
    [...shas].filter((s) => !known.snapshots.has(s)),
  );
  const blobs = new Map(
    evidence.size
      ? (
          await run<{ sha256: string; size: string }>(
            client,
            'SELECT sha256, size FROM blobs WHERE sha256 IN (SELECT json_array_elements_text($1::json))',
            [json([...evidence])],
          )
        ).rows.map((r) => [r.sha256, Number(r.size)])
      : [],
  );
  // The records amended or withdrawn (by inspection), and those added whose id is held already: one look-up.
  const heldRecords = new Set<string>();
  const taken = new Set<string>();
  if (records.size || added.size) {
    const rows = (
      await run<{ inspection_id: string; id: string }>(
        client,
        // One probe of the key per id (OFFSET 0 keeps it so): the planner's view of a table filling in one push is stale.
        `SELECT r.inspection_id, r.id FROM json_array_elements_text($1::json) AS k
         CROSS JOIN LATERAL (SELECT inspection_id, id FROM records WHERE id = k OFFSET 0) r`,
        [json([...new Set([...records, ...added])])],
      )
    ).rows;
    for (const r of rows) {
      heldRecords.add(`${r.inspection_id}/${r.id}`);
      if (added.has(r.id)) taken.add(r.id);
    }
  }
  const heldSteps = new Map<string, { device: string; kind: string }>();
  if (steps.size) {
    const within = [
      ...new Set(
        events
          .filter((e) => e.type === 'problem.progressed')
          .map((e) => (e.payload as unknown as { inspectionId: string }).inspectionId),
      ),
    ];
    const rows = await run<{ inspection_id: string; id: string; device: string; kind: string }>(
      client,
      `SELECT inspection_id, id, device, payload::json->>'kind' AS kind FROM events
       WHERE inspection_id IN (SELECT json_array_elements_text($1::json)) AND type = 'problem.progressed' AND id IN (SELECT json_array_elements_text($2::json))`,
      [json(within), json([...steps])],
    );
    for (const r of rows.rows) heldSteps.set(`${r.inspection_id}/${r.id}`, { device: r.device, kind: r.kind });
  }
  return { blobs, records: heldRecords, taken, steps: heldSteps };
}

/** Each snapshot's checklist id, version and items: from the hub's parsed cache, else parsed from its blob. */
async function snapshotFacts(client: HubClient, known: GroupKnowledge, shas: readonly string[]): Promise<void> {
  if (shas.length === 0) return;
  const cached = (
    await run<{ sha256: string; json: string }>(
      client,
      'SELECT sha256, json FROM snapshot_cache WHERE sha256 IN (SELECT json_array_elements_text($1::json))',
      [json(shas)],
    )
  ).rows;
  const facts = (
    checklist: { id?: unknown; version?: unknown; sections?: Array<{ items?: Array<{ id?: unknown }> }> } | undefined,
  ): SnapshotFacts | undefined => {
    if (!checklist || typeof checklist.id !== 'string') return undefined;
    const items = new Set(
      (checklist.sections ?? []).flatMap((s) => (Array.isArray(s?.items) ? s.items.map((i) => String(i?.id)) : [])),
    );
    return { id: checklist.id, version: String(checklist.version), items };
  };
  for (const r of cached) known.snapshots.set(r.sha256, facts(JSON.parse(r.json)));
  for (const sha of shas) {
    if (known.snapshots.has(sha)) continue;
    const chunks = (
      await client.query<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY n', [sha])
    ).rows;
    const exists =
      chunks.length > 0 || (await client.query('SELECT 1 FROM blobs WHERE sha256 = $1', [sha])).rowCount! > 0;
    known.snapshots.set(
      sha,
      exists ? facts(parseSnapshot(Buffer.concat(chunks.map((c) => c.data))) as never) : undefined,
    );
  }
}

/**
 * Before the coverage check (coverage.ts): per device with new positions, the signed heads the hub holds from
 * its lowest new position up to the first at or above its highest, and the positions the check walks that
 * the submission did not bring (up to the head that covers them; none in the usual case, a batch carrying
 * its own heads), plus the places the carried heads name.
 */
export async function coverageFacts(
  client: HubClient,
  fresh: ReadonlyMap<string, readonly number[]>,
  carried: ReadonlyArray<{ device: string; seq: number }>,
): Promise<Facts> {
  const bounds = new Map<string, { lo: number; hi: number; count: number; set: ReadonlySet<number> }>();
  for (const [device, seqs] of fresh) {
    if (seqs.length === 0) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of seqs) {
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    bounds.set(device, { lo, hi, count: seqs.length, set: new Set(seqs) });
  }
  const heads = new Map<string, Array<{ seq: number; hash: string }>>();
  if (bounds.size) {
    const cols: [string[], number[], number[]] = [[], [], []];
    for (const [device, b] of bounds) {
      cols[0].push(device);
      cols[1].push(b.lo);
      cols[2].push(b.hi);
    }
    const rows = await run<{ device: string; seq: string; hash: string }>(
      client,
      `SELECT s.device, s.seq, s.hash FROM (${fromColumns(['text', 'bigint', 'bigint'])}) AS r(device, lo, hi)
       CROSS JOIN LATERAL (SELECT s.device, s.seq, s.hash FROM signatures s WHERE s.device = r.device AND s.seq >= r.lo
         AND s.seq <= coalesce((SELECT min(t.seq) FROM signatures t WHERE t.device = r.device AND t.seq >= r.hi), r.hi) OFFSET 0) s`,
      columnParams(cols),
    );
    for (const r of rows.rows)
      (heads.get(r.device) ?? heads.set(r.device, []).get(r.device)!).push({ seq: Number(r.seq), hash: r.hash });
  }
  const ranges: [string[], number[], number[]] = [[], [], []];
  for (const [device, b] of bounds) {
    const above = [...(heads.get(device) ?? []), ...carried.filter((h) => h.device === device)]
      .map((h) => h.seq)
      .filter((s) => s >= b.hi);
    const top = above.length ? Math.min(...above) : b.hi;
    let inside = 0;
    for (const s of b.set) if (s <= top) inside++;
    if (inside < top - b.lo + 1) {
      ranges[0].push(device);
      ranges[1].push(b.lo);
      ranges[2].push(top);
    }
  }
  for (const h of carried) {
    if (bounds.get(h.device)?.set.has(h.seq)) continue;
    ranges[0].push(h.device);
    ranges[1].push(h.seq);
    ranges[2].push(h.seq);
  }
  return { ...NOTHING, events: await chainFacts(client, ranges), heads };
}
