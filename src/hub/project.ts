// The hub's projections: what each accepted event changes in the tables the commission's questions read —
// the same tables and the same rules as the laptop's (src/store/apply.ts, typed-heads.ts), written for a
// group of events at once (a few statements per group instead of several per event), which is what lets the
// hub take tens of thousands of events a second. test/hub/projections.test.ts compares the two, table by
// table, after the same history.
import { canonicalJson } from '../store/canonical.js';
import { conclusionEntity, problemEntity, type ProblemField, type StoredEvent } from '../store/events.js';
import { parseSnapshot } from '../store/snapshots.js';
import { t } from '../i18n/index.js';
import type { HubClient } from './connect.js';

type E<T extends StoredEvent['type']> = StoredEvent<T>;

/** PostgreSQL text cannot hold U+0000, which JSON can: the projections show it as U+FFFD (the events keep it). */
const clean = (s: string | null | undefined): string | null => (s === undefined || s === null ? null : s.includes('\u0000') ? s.replaceAll('\u0000', '\ufffd') : s);
const cleanValue = (v: unknown): unknown =>
  typeof v === 'string' ? clean(v) : Array.isArray(v) ? v.map(cleanValue) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanValue(x)])) : v;
const json = (v: unknown) => canonicalJson(cleanValue(v));

/** Columns as arrays, for one INSERT … SELECT FROM unnest(…) per table. */
class Rows {
  readonly cols: unknown[][];
  constructor(n: number) {
    this.cols = Array.from({ length: n }, () => []);
  }
  add(...values: unknown[]): void {
    values.forEach((v, i) => this.cols[i]!.push(v));
  }
  get size(): number {
    return this.cols[0]!.length;
  }
}

async function insert(client: HubClient, rows: Rows, sql: string): Promise<void> {
  if (rows.size > 0) await client.query(sql, rows.cols);
}

interface RegisterSet {
  entity: string;
  event: StoredEvent;
  value: unknown;
  supersedes: readonly string[];
}

/** Apply a group of newly stored events, in their order, to the projections. */
export async function project(client: HubClient, events: readonly StoredEvent[]): Promise<void> {
  const inspections = new Rows(10);
  const checklists = new Rows(5);
  const upgrades: Array<E<'inspection.checklist-upgraded'>> = [];
  const records = new Rows(11);
  const recordEvidence = new Rows(6);
  const stats = new Map<string, { inspection: string; checklist: string; item: string; listen: number; check: number; talk: number; visit: number }>();
  const problems = new Rows(5);
  const steps = new Rows(10);
  const stepEvidence = new Rows(6);
  const citations = new Rows(2);
  const registers: RegisterSet[] = [];
  const snapshots = new Set<string>();

  for (const e of events) {
    switch (e.type) {
      case 'inspection.created': {
        const { inspection: i, checklists: list } = (e as E<'inspection.created'>).payload;
        inspections.add(i.id, clean(i.title), clean(i.unit), i.unitKind, clean(i.region), JSON.stringify(cleanValue(i.team)), i.start, e.at, clean(e.actor), e.id);
        list.forEach((c, position) => {
          checklists.add(i.id, c.id, position, c.version, c.sha256);
          citations.add(i.id, c.sha256);
          snapshots.add(c.sha256);
        });
        break;
      }
      case 'inspection.checklist-upgraded': {
        const p = (e as E<'inspection.checklist-upgraded'>).payload;
        upgrades.push(e as E<'inspection.checklist-upgraded'>);
        citations.add(p.inspectionId, p.sha256);
        snapshots.add(p.sha256);
        break;
      }
      case 'record.added': {
        const r = (e as E<'record.added'>).payload;
        records.add(r.id, r.inspectionId, r.checklistId, r.itemId, r.method, clean(r.subject), clean(r.interviewee), clean(r.note), clean(e.actor), e.at, e.id);
        r.evidence.forEach((f, position) => {
          recordEvidence.add(r.id, position, f.sha256, clean(f.name), f.size, clean(f.mime));
          citations.add(r.inspectionId, f.sha256);
        });
        const key = `${r.inspectionId}\u0000${r.checklistId}\u0000${r.itemId}`;
        const s = stats.get(key) ?? stats.set(key, { inspection: r.inspectionId, checklist: r.checklistId, item: r.itemId, listen: 0, check: 0, talk: 0, visit: 0 }).get(key)!;
        s[r.method]++;
        break;
      }
      case 'conclusion.set': {
        const { inspectionId, checklistId, itemId, supersedes, ...value } = (e as E<'conclusion.set'>).payload;
        registers.push({ entity: conclusionEntity(inspectionId, checklistId, itemId), event: e, value, supersedes });
        break;
      }
      case 'problem.created': {
        const p = (e as E<'problem.created'>).payload;
        problems.add(p.id, p.inspectionId, e.at, clean(e.actor), e.id);
        for (const [field, value] of Object.entries(p.fields)) if (value !== undefined) registers.push({ entity: problemEntity(p.inspectionId, p.id, field), event: e, value, supersedes: [] });
        break;
      }
      case 'problem.updated': {
        const p = (e as E<'problem.updated'>).payload;
        for (const [field, value] of Object.entries(p.fields)) {
          if (value !== undefined) registers.push({ entity: problemEntity(p.inspectionId, p.id, field), event: e, value, supersedes: p.supersedes[field as ProblemField] ?? [] });
        }
        break;
      }
      case 'problem.progressed': {
        const p = (e as E<'problem.progressed'>).payload;
        steps.add(e.id, p.problemId, p.inspectionId, p.kind, p.status, clean(p.note), clean(p.reason), p.selfClose ? 1 : 0, clean(e.actor), e.at);
        p.evidence.forEach((f, position) => {
          stepEvidence.add(e.id, position, f.sha256, clean(f.name), f.size, clean(f.mime));
          citations.add(p.inspectionId, f.sha256);
        });
        registers.push({ entity: problemEntity(p.inspectionId, p.problemId, 'status'), event: e, value: { status: p.status, kind: p.kind }, supersedes: p.supersedes });
        break;
      }
      case 'register.resolved': {
        const p = (e as E<'register.resolved'>).payload;
        registers.push({ entity: p.entity, event: e, value: p.value, supersedes: p.supersedes });
        break;
      }
    }
  }

  const refs = { inspections: new Set<string>(), problems: new Set<string>(), blobs: new Set<string>() };
  for (const c of checklists.cols[4]!) refs.blobs.add(c as string);
  for (const u of upgrades) {
    refs.inspections.add(u.payload.inspectionId);
    refs.blobs.add(u.payload.sha256);
  }
  for (const i of records.cols[1]!) refs.inspections.add(i as string);
  for (const b of [...recordEvidence.cols[2]!, ...stepEvidence.cols[2]!]) refs.blobs.add(b as string);
  for (const i of problems.cols[1]!) refs.inspections.add(i as string);
  steps.cols[1]!.forEach((p, k) => refs.problems.add(`${steps.cols[2]![k] as string}/${p as string}`));

  await insert(client, inspections, `INSERT INTO inspections (id, title, unit, unit_kind, region, team, start_date, created_at, created_by, event_id)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`);
  await insert(client, checklists, 'INSERT INTO inspection_checklists (inspection_id, checklist_id, position, version, sha256) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[])');
  for (const u of upgrades) {
    const p = u.payload;
    await client.query('UPDATE inspection_checklists SET version = $1, sha256 = $2 WHERE inspection_id = $3 AND checklist_id = $4', [p.version, p.sha256, p.inspectionId, p.checklistId]);
    if (p.recheck.length) {
      await client.query('INSERT INTO rechecks (inspection_id, checklist_id, item_id, sha256) SELECT $1, $2, unnest($3::text[]), $4 ON CONFLICT DO NOTHING', [p.inspectionId, p.checklistId, p.recheck, p.sha256]);
    }
  }
  await insert(client, records, `INSERT INTO records (id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`);
  const names = [...new Set((records.cols[6] as Array<string | null>).filter((n): n is string => n !== null))];
  if (names.length) await client.query('INSERT INTO interviewees (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [names]);
  await insert(client, recordEvidence, 'INSERT INTO record_evidence (record_id, position, sha256, name, size, mime) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[])');
  if (stats.size) {
    const s = [...stats.values()];
    const col = <K extends keyof (typeof s)[number]>(k: K) => s.map((x) => x[k]);
    await client.query(
      `INSERT INTO item_stats (inspection_id, checklist_id, item_id, listen, "check", talk, visit)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[])
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = item_stats.listen + excluded.listen, "check" = item_stats."check" + excluded."check",
         talk = item_stats.talk + excluded.talk, visit = item_stats.visit + excluded.visit`,
      [col('inspection'), col('checklist'), col('item'), col('listen'), col('check'), col('talk'), col('visit')],
    );
  }
  await checkReferences(client, refs, 'inspections');
  await insert(client, problems, 'INSERT INTO problems (id, inspection_id, created_at, created_by, event_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])');
  await checkReferences(client, refs, 'problems');
  await insert(client, steps, `INSERT INTO rectification_steps (event_id, problem_id, inspection_id, kind, status, note, reason, self_close, actor, at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])`);
  await insert(client, stepEvidence, 'INSERT INTO step_evidence (event_id, position, sha256, name, size, mime) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[])');
  await checkReferences(client, refs, 'blobs');
  await insert(client, citations, 'INSERT INTO blob_citations (inspection_id, sha256) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING');
  await setRegisters(client, registers);
  await cacheSnapshots(client, [...snapshots]);
}

/**
 * What the laptop's foreign keys hold, checked for a whole group: every inspection, problem and blob the
 * group's events refer to is on the hub (or created by the group, whose rows are written first). A missing
 * one refuses the submission (decide() names it).
 */
async function checkReferences(client: HubClient, refs: { inspections: Set<string>; problems: Set<string>; blobs: Set<string> }, kind: 'inspections' | 'problems' | 'blobs'): Promise<void> {
  const wanted = [...refs[kind]];
  if (!wanted.length) return;
  const sql = {
    inspections: 'SELECT k AS missing FROM unnest($1::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.id = k) LIMIT 1',
    problems: "SELECT k AS missing FROM unnest($1::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = split_part(k, '/', 1) AND p.id = split_part(k, '/', 2)) LIMIT 1",
    blobs: 'SELECT k AS missing FROM unnest($1::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = k) LIMIT 1',
  }[kind];
  const missing = (await client.query<{ missing: string }>(sql, [wanted])).rows[0]?.missing;
  if (missing !== undefined) throw Object.assign(new Error(`${kind} ${missing}`), { code: '23503', detail: t(`hub.reference.${kind}`, { id: missing }) });
}

/**
 * The register rule of docs/format.md §4, for a group: every event a group's event supersedes is marked
 * and loses its head; an event becomes a head unless some event (of this group or earlier) superseded it.
 * Order-independent, as on the laptop; the acceptor runs one group at a time, so no two groups interleave.
 */
async function setRegisters(client: HubClient, sets: readonly RegisterSet[]): Promise<void> {
  if (sets.length === 0) return;
  const marks = new Rows(2);
  for (const s of sets) for (const old of s.supersedes) marks.add(s.entity, old);
  if (marks.size) {
    await client.query('INSERT INTO superseded (entity, event_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', marks.cols);
    await client.query('DELETE FROM registers r USING unnest($1::text[], $2::text[]) AS m(entity, event_id) WHERE r.entity = m.entity AND r.event_id = m.event_id', marks.cols);
  }
  const heads = new Rows(5);
  for (const s of sets) heads.add(s.entity, s.event.id, json(s.value), clean(s.event.actor), s.event.at);
  await client.query(
    `INSERT INTO registers (entity, event_id, value, actor, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS h(entity, event_id, value, actor, at)
     WHERE NOT EXISTS (SELECT 1 FROM superseded s WHERE s.entity = h.entity AND s.event_id = h.event_id)
     ON CONFLICT DO NOTHING`,
    heads.cols,
  );
  const entities = [...new Set(sets.map((s) => s.entity))];
  await refreshTypedHeads(client, entities);
}

const PROBLEM_COLUMNS: Readonly<Record<string, string>> = { status: 'status', deadline: 'deadline', mergedInto: 'merged_into' };

/** The typed copies of register heads (the laptop's migration 6): each item's conclusion, a problem's status, deadline and merge. */
async function refreshTypedHeads(client: HubClient, entities: readonly string[]): Promise<void> {
  const conclusions = entities.filter((e) => e.startsWith('conclusion/'));
  if (conclusions.length) {
    await client.query(
      `WITH e AS (SELECT unnest($1::text[]) AS entity),
       h AS (SELECT e.entity, count(r.event_id) AS n, (array_agg(r.value ORDER BY r.at COLLATE "C", r.event_id COLLATE "C"))[1]::jsonb AS v
             FROM e LEFT JOIN registers r ON r.entity = e.entity GROUP BY e.entity),
       gone AS (DELETE FROM conclusion_heads c USING h WHERE h.n = 0 AND c.inspection_id = split_part(h.entity, '/', 2) AND c.checklist_id = split_part(h.entity, '/', 3) AND c.item_id = split_part(h.entity, '/', 4))
       INSERT INTO conclusion_heads (inspection_id, checklist_id, item_id, heads, result, good_practice, note)
       SELECT split_part(entity, '/', 2), split_part(entity, '/', 3), split_part(entity, '/', 4), n,
              CASE WHEN n = 1 THEN v->>'result' END,
              CASE WHEN n = 1 AND coalesce(v->'goodPractice', 'false'::jsonb) NOT IN ('false'::jsonb, 'null'::jsonb, '0'::jsonb, '""'::jsonb) THEN 1 ELSE 0 END,
              CASE WHEN n = 1 THEN v->>'note' END
       FROM h WHERE n > 0
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET heads = excluded.heads, result = excluded.result, good_practice = excluded.good_practice, note = excluded.note`,
      [conclusions],
    );
  }
  for (const [field, column] of Object.entries(PROBLEM_COLUMNS)) {
    const list = entities.filter((e) => e.startsWith('problem/') && e.endsWith(`/${field}`) && e.split('/').length === 4);
    if (!list.length) continue;
    const typed = column === 'status' ? "coalesce(v->>'status', 'open')" : "v #>> '{}'";
    await client.query(
      `WITH e AS (SELECT unnest($1::text[]) AS entity),
       h AS (SELECT e.entity, (SELECT r.value::jsonb FROM registers r WHERE r.entity = e.entity ORDER BY r.at COLLATE "C" DESC, r.event_id COLLATE "C" DESC LIMIT 1) AS v FROM e)
       UPDATE problems p SET ${column} = ${column === 'status' ? typed : `CASE WHEN jsonb_typeof(v) = 'null' OR v IS NULL THEN NULL ELSE ${typed} END`}
       FROM h WHERE p.inspection_id = split_part(h.entity, '/', 2) AND p.id = split_part(h.entity, '/', 3)`,
      [list],
    );
  }
}

/** Each checklist snapshot an inspection adopts, parsed once (as the laptop's snapshot cache), with its items' titles and first basis. */
async function cacheSnapshots(client: HubClient, shas: readonly string[]): Promise<void> {
  if (!shas.length) return;
  const missing = (await client.query<{ sha256: string }>('SELECT s AS sha256 FROM unnest($1::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM snapshot_cache c WHERE c.sha256 = s)', [shas])).rows;
  for (const { sha256 } of missing) {
    const chunks = (await client.query<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY n', [sha256])).rows;
    const checklist = parseSnapshot(Buffer.concat(chunks.map((c) => c.data)));
    if (!checklist) continue;
    await client.query('INSERT INTO snapshot_cache (sha256, json) VALUES ($1, $2)', [sha256, JSON.stringify(cleanValue(checklist))]);
    const items = new Rows(6);
    const sources = new Map((checklist.sources ?? []).map((s) => [s.id, s.title]));
    for (const item of checklist.sections.flatMap((s) => s.items)) {
      const basis = item.basis?.[0];
      items.add(sha256, checklist.id, item.id, clean(item.title), basis ? clean(sources.get(basis.source) ?? basis.source) : null, basis?.article ?? null);
    }
    await insert(client, items, 'INSERT INTO checklist_items (sha256, checklist_id, item_id, title, source, article) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) ON CONFLICT DO NOTHING');
  }
}
