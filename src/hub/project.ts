// The hub's projections: what each accepted event changes in the tables the commission's questions read —
// the same tables and the same rules as the laptop's (src/store/apply.ts, typed-heads.ts), written for a
// group of events at once (a few statements per group instead of several per event), which is what lets the
// hub take tens of thousands of events a second. test/hub/projections.test.ts compares the two, table by
// table, after the same history.
import {
  WITHDRAWN,
  conclusionEntity,
  importedRecords,
  sealedTexts,
  inspectionEntity,
  inspectionOf,
  problemEntity,
  recordEntity,
  type InspectionField,
  type ProblemField,
  type RecordAdded,
  type RecordField,
  type StoredEvent,
} from '../store/events.js';
import { IN_TEXTS_BOTH } from '../store/record-texts.js';
import { parseSnapshot } from '../store/snapshots.js';
import { t } from '../i18n/index.js';
import { Inserts, Rows, insertRows, run } from './bulk.js';
import type { HubClient } from './connect.js';
import { CopyData, type CopyType } from './copy.js';
import { recount } from './counts.js';
import { clean, cleanValue, setRegisters, type RegisterSet } from './registers.js';

type E<T extends StoredEvent['type']> = StoredEvent<T>;

const TEXT = (n: number): string[] => Array.from({ length: n }, () => 'text');

/** What a group of events adds to each table, gathered in one pass. */
export class Changes {
  readonly inspections = new Rows(10);
  readonly checklists = new Rows(5);
  readonly upgrades: Array<E<'inspection.checklist-upgraded'>> = [];
  readonly records = new Rows(13);
  readonly recordEvidence = new Rows(6);
  readonly stats = new Map<
    string,
    { inspection: string; checklist: string; item: string; listen: number; check: number; talk: number; visit: number }
  >();
  readonly names = new Set<string>();
  readonly problems = new Rows(5);
  readonly steps = new Rows(10);
  readonly stepEvidence = new Rows(6);
  readonly citations = new Rows(2);
  readonly registers: RegisterSet[] = [];
  readonly snapshots = new Set<string>();

  register(entity: string, event: StoredEvent, value: unknown, supersedes: readonly string[] | undefined): void {
    this.registers.push({ entity, event, value, supersedes: supersedes ?? [] });
  }

  /** Every inspection the group's events belong to: their counts are recounted (counts.ts). */
  readonly touched = new Set<string>();

  add(e: StoredEvent): void {
    this.touched.add(inspectionOf(e));
    switch (e.type) {
      case 'inspection.created': {
        const { inspection: i, checklists: list } = (e as E<'inspection.created'>).payload;
        this.inspections.add(
          i.id,
          clean(i.title),
          clean(i.unit),
          i.unitKind,
          clean(i.region),
          JSON.stringify(cleanValue(i.team)),
          i.start,
          e.at,
          clean(e.actor),
          e.id,
        );
        list.forEach((c, position) => {
          this.checklists.add(i.id, c.id, position, c.version, c.sha256);
          this.citations.add(i.id, c.sha256);
          this.snapshots.add(c.sha256);
        });
        break;
      }
      case 'inspection.checklist-upgraded': {
        const p = (e as E<'inspection.checklist-upgraded'>).payload;
        this.upgrades.push(e as E<'inspection.checklist-upgraded'>);
        this.citations.add(p.inspectionId, p.sha256);
        this.snapshots.add(p.sha256);
        break;
      }
      case 'record.added':
        this.addRecord(e, (e as E<'record.added'>).payload);
        break;
      case 'records.imported': {
        // Notes and subjects sealed together (a protected laptop's texts) stay in the event: the hub cannot open them.
        const p = (e as E<'records.imported'>).payload;
        const inTexts = sealedTexts(p) ? IN_TEXTS_BOTH : 0;
        importedRecords(p).forEach((r, position) => this.addRecord(e, r, position, inTexts));
        break;
      }
      case 'record.amended': {
        const p = (e as E<'record.amended'>).payload;
        for (const [field, value] of Object.entries(p.fields)) {
          if (value !== undefined)
            this.register(recordEntity(p.inspectionId, p.id, field), e, value, p.supersedes[field as RecordField]);
        }
        // A name replaced by a correction is still a name to keep out of documents (store/queries.ts intervieweeNames).
        if (typeof p.fields.interviewee === 'string' && p.fields.interviewee.trim() !== '')
          this.names.add(clean(p.fields.interviewee)!);
        break;
      }
      case 'record.withdrawn': {
        const p = (e as E<'record.withdrawn'>).payload;
        this.register(recordEntity(p.inspectionId, p.id, 'withdrawn'), e, true, p.supersedes);
        break;
      }
      case 'conclusion.set': {
        // The reason for a change belongs to the event (history), not to the value.
        const {
          inspectionId,
          checklistId,
          itemId,
          supersedes,
          changeReason: _,
          ...value
        } = (e as E<'conclusion.set'>).payload;
        this.register(conclusionEntity(inspectionId, checklistId, itemId), e, value, supersedes);
        break;
      }
      case 'conclusion.withdrawn': {
        const p = (e as E<'conclusion.withdrawn'>).payload;
        this.register(
          conclusionEntity(p.inspectionId, p.checklistId, p.itemId),
          e,
          { result: WITHDRAWN },
          p.supersedes,
        );
        break;
      }
      case 'inspection.updated': {
        const p = (e as E<'inspection.updated'>).payload;
        for (const [field, value] of Object.entries(p.fields)) {
          if (value !== undefined)
            this.register(inspectionEntity(p.inspectionId, field), e, value, p.supersedes[field as InspectionField]);
        }
        break;
      }
      case 'problem.created': {
        const p = (e as E<'problem.created'>).payload;
        this.problems.add(p.id, p.inspectionId, e.at, clean(e.actor), e.id);
        for (const [field, value] of Object.entries(p.fields))
          if (value !== undefined) this.register(problemEntity(p.inspectionId, p.id, field), e, value, []);
        break;
      }
      case 'problem.updated': {
        const p = (e as E<'problem.updated'>).payload;
        for (const [field, value] of Object.entries(p.fields)) {
          if (value !== undefined)
            this.register(problemEntity(p.inspectionId, p.id, field), e, value, p.supersedes[field as ProblemField]);
        }
        break;
      }
      case 'problem.progressed': {
        const p = (e as E<'problem.progressed'>).payload;
        this.steps.add(
          e.id,
          p.problemId,
          p.inspectionId,
          p.kind,
          p.status,
          clean(p.note),
          clean(p.reason),
          p.selfClose ? 1 : 0,
          clean(e.actor),
          e.at,
        );
        p.evidence.forEach((f, position) => {
          this.stepEvidence.add(e.id, position, f.sha256, clean(f.name), f.size, clean(f.mime));
          this.citations.add(p.inspectionId, f.sha256);
        });
        this.register(
          problemEntity(p.inspectionId, p.problemId, 'status'),
          e,
          { status: p.status, kind: p.kind },
          p.supersedes,
        );
        break;
      }
      case 'register.resolved': {
        const p = (e as E<'register.resolved'>).payload;
        this.register(p.entity, e, p.value, p.supersedes);
        break;
      }
    }
  }

  /** One record's rows: the record (`position` in its event, `inTexts` as records.in_texts), its evidence, its name, its item's counts. */
  private addRecord(e: StoredEvent, r: RecordAdded, position = 0, inTexts = 0): void {
    const interviewee = clean(r.interviewee);
    this.records.add(
      r.id,
      r.inspectionId,
      r.checklistId,
      r.itemId,
      r.method,
      clean(r.subject),
      interviewee,
      clean(r.note),
      clean(e.actor),
      e.at,
      e.id,
      position,
      inTexts,
    );
    if (interviewee !== null) this.names.add(interviewee);
    r.evidence.forEach((f, position) => {
      this.recordEvidence.add(r.id, position, f.sha256, clean(f.name), f.size, clean(f.mime));
      this.citations.add(r.inspectionId, f.sha256);
    });
    const key = `${r.inspectionId}\u0000${r.checklistId}\u0000${r.itemId}`;
    let s = this.stats.get(key);
    if (!s)
      this.stats.set(
        key,
        (s = {
          inspection: r.inspectionId,
          checklist: r.checklistId,
          item: r.itemId,
          listen: 0,
          check: 0,
          talk: 0,
          visit: 0,
        }),
      );
    s[r.method]++;
  }

  /** What the laptop's foreign keys hold: the inspections, problems and blobs the group refers to. */
  references(): { inspections: Set<string>; problems: Set<string>; blobs: Set<string> } {
    const refs = { inspections: new Set<string>(), problems: new Set<string>(), blobs: new Set<string>() };
    for (const c of this.checklists.cols[4]!) refs.blobs.add(c as string);
    for (const u of this.upgrades) {
      refs.inspections.add(u.payload.inspectionId);
      refs.blobs.add(u.payload.sha256);
    }
    for (const i of this.records.cols[1]!) refs.inspections.add(i as string);
    for (const b of [...this.recordEvidence.cols[2]!, ...this.stepEvidence.cols[2]!]) refs.blobs.add(b as string);
    for (const i of this.problems.cols[1]!) refs.inspections.add(i as string);
    this.steps.cols[1]!.forEach((p, k) => refs.problems.add(`${this.steps.cols[2]![k] as string}/${p as string}`));
    return refs;
  }
}

/** What a group of events changes in the projections: built in one pass, written by `write` and `finish`. */
export function changesOf(events: readonly StoredEvent[]): Changes {
  const c = new Changes();
  for (const e of events) c.add(e);
  return c;
}

/** The group's new records, encoded for COPY (copy.ts): with their notes, the projection's largest rows. */
export function recordRows(c: Changes): CopyData {
  const data = new CopyData(
    'records',
    'id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id, position, in_texts',
    [...TEXT(11), 'int', 'int'] as CopyType[],
  );
  data.addRows(c.records);
  return data;
}

/** The group's other new rows, as one statement (one round trip for all). */
export function write(c: Changes, into: Inserts): void {
  into.add(
    'inspections',
    'id, title, unit, unit_kind, region, team, start_date, created_at, created_by, event_id',
    TEXT(10),
    c.inspections,
  );
  into.add(
    'inspection_checklists',
    'inspection_id, checklist_id, position, version, sha256',
    ['text', 'text', 'int', 'text', 'text'],
    c.checklists,
  );
  const names = new Rows(1);
  for (const n of c.names) names.add(n);
  into.add('interviewees', 'name', ['text'], names, 'ON CONFLICT DO NOTHING');
  into.add(
    'record_evidence',
    'record_id, position, sha256, name, size, mime',
    ['text', 'int', 'text', 'text', 'bigint', 'text'],
    c.recordEvidence,
  );
  const stats = new Rows(7);
  for (const s of c.stats.values()) stats.add(s.inspection, s.checklist, s.item, s.listen, s.check, s.talk, s.visit);
  into.add(
    'item_stats',
    'inspection_id, checklist_id, item_id, listen, "check", talk, visit',
    ['text', 'text', 'text', 'int', 'int', 'int', 'int'],
    stats,
    `ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = item_stats.listen + excluded.listen, "check" = item_stats."check" + excluded."check",
       talk = item_stats.talk + excluded.talk, visit = item_stats.visit + excluded.visit`,
  );
  into.add('problems', 'id, inspection_id, created_at, created_by, event_id', TEXT(5), c.problems);
  into.add(
    'rectification_steps',
    'event_id, problem_id, inspection_id, kind, status, note, reason, self_close, actor, at',
    [...TEXT(7), 'int', 'text', 'text'],
    c.steps,
  );
  into.add(
    'step_evidence',
    'event_id, position, sha256, name, size, mime',
    ['text', 'int', 'text', 'text', 'bigint', 'text'],
    c.stepEvidence,
  );
  into.add('blob_citations', 'inspection_id, sha256', TEXT(2), c.citations, 'ON CONFLICT DO NOTHING');
}

/**
 * After the group's rows are in: the references the laptop's foreign keys hold (a missing one refuses the
 * submission), checklist upgrades, registers and their typed heads, and snapshots first seen.
 */
export async function finish(client: HubClient, c: Changes): Promise<void> {
  const refs = c.references();
  await checkReferences(client, refs);
  for (const u of c.upgrades) {
    const p = u.payload;
    await client.query(
      'UPDATE inspection_checklists SET version = $1, sha256 = $2 WHERE inspection_id = $3 AND checklist_id = $4',
      [p.version, p.sha256, p.inspectionId, p.checklistId],
    );
    if (p.recheck.length) {
      await client.query(
        'INSERT INTO rechecks (inspection_id, checklist_id, item_id, sha256) SELECT $1, $2, json_array_elements_text($3::json), $4 ON CONFLICT DO NOTHING',
        [p.inspectionId, p.checklistId, JSON.stringify(p.recheck), p.sha256],
      );
    }
  }
  const created = (c.problems.cols[1] as string[]).map((inspection, k): [string, string] => [
    inspection,
    c.problems.cols[0]![k] as string,
  ]);
  await setRegisters(client, c.registers, created);
  await cacheSnapshots(client, [...c.snapshots]);
  await recount(client, c.touched);
}

/**
 * What the laptop's foreign keys hold, checked for a whole group in one query: every inspection, problem
 * and blob the group's events refer to is on the hub (or created by the group, whose rows are in by now).
 * The first missing one (inspections, then problems, then blobs) refuses the submission (decide() names it).
 */
async function checkReferences(
  client: HubClient,
  refs: { inspections: Set<string>; problems: Set<string>; blobs: Set<string> },
): Promise<void> {
  if (!refs.inspections.size && !refs.problems.size && !refs.blobs.size) return;
  const found = (
    await run<{ kind: 'inspections' | 'problems' | 'blobs'; missing: string }>(
      client,
      `(SELECT 'inspections' AS kind, k AS missing FROM json_array_elements_text($1::json) AS k WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.id = k OFFSET 0) LIMIT 1)
       UNION ALL (SELECT 'problems', k FROM json_array_elements_text($2::json) AS k WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = split_part(k, '/', 1) AND p.id = split_part(k, '/', 2) OFFSET 0) LIMIT 1)
       UNION ALL (SELECT 'blobs', k FROM json_array_elements_text($3::json) AS k WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = k OFFSET 0) LIMIT 1)`,
      [JSON.stringify([...refs.inspections]), JSON.stringify([...refs.problems]), JSON.stringify([...refs.blobs])],
    )
  ).rows;
  const first = ['inspections', 'problems', 'blobs']
    .map((kind) => found.find((r) => r.kind === kind))
    .find((r) => r !== undefined);
  if (first)
    throw Object.assign(new Error(`${first.kind} ${first.missing}`), {
      code: '23503',
      detail: t(`hub.reference.${first.kind}`, { id: first.missing }),
    });
}

/** Each checklist snapshot an inspection adopts, parsed once (as the laptop's snapshot cache), with its items' titles and first basis. */
async function cacheSnapshots(client: HubClient, shas: readonly string[]): Promise<void> {
  if (!shas.length) return;
  const missing = (
    await client.query<{ sha256: string }>(
      'SELECT s AS sha256 FROM json_array_elements_text($1::json) AS s WHERE NOT EXISTS (SELECT 1 FROM snapshot_cache c WHERE c.sha256 = s)',
      [JSON.stringify(shas)],
    )
  ).rows;
  for (const { sha256 } of missing) {
    const chunks = (
      await client.query<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY n', [sha256])
    ).rows;
    const checklist = parseSnapshot(Buffer.concat(chunks.map((c) => c.data)));
    if (!checklist) continue;
    await client.query('INSERT INTO snapshot_cache (sha256, json) VALUES ($1, $2)', [
      sha256,
      JSON.stringify(cleanValue(checklist)),
    ]);
    const items = new Rows(6);
    const sources = new Map((checklist.sources ?? []).map((s) => [s.id, s.title]));
    for (const item of checklist.sections.flatMap((s) => s.items)) {
      const basis = item.basis?.[0];
      items.add(
        sha256,
        checklist.id,
        item.id,
        clean(item.title),
        basis ? clean(sources.get(basis.source) ?? basis.source) : null,
        basis?.article ?? null,
      );
    }
    await insertRows(
      client,
      'checklist_items',
      'sha256, checklist_id, item_id, title, source, article',
      ['text', 'text', 'text', 'text', 'text', 'int'],
      items,
      'ON CONFLICT DO NOTHING',
    );
  }
}
