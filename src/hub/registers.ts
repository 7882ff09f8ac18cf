// The hub's registers: the register rule of docs/format.md §4 for a group of events, and the typed copies
// of register heads the laptop keeps (src/store/typed-heads.ts) — each item's conclusion, a problem's
// status, deadline and merge, a record's amended fields and withdrawal, an inspection's feedback date —
// plus the hub's own `problems.due`, the deadline every list shows (src/problems/deadlines.ts). The same
// rules as the laptop's, in a few statements per group instead of several per event.
import { canonicalJson } from '../store/canonical.js';
import type { StoredEvent } from '../store/events.js';
import { IN_TEXTS_BOTH, IN_TEXTS_NOTE, IN_TEXTS_SUBJECT } from '../store/record-texts.js';
import { deadlineOf, recordedFeedback } from '../problems/deadlines.js';
import { Rows, columnParams, fromColumns, insertRows, run } from './bulk.js';
import type { HubClient } from './connect.js';

/** PostgreSQL text cannot hold U+0000, which JSON can: the projections show it as U+FFFD (the events keep it). */
export const clean = (s: string | null | undefined): string | null =>
  s === undefined || s === null ? null : s.includes('\u0000') ? s.replaceAll('\u0000', '\ufffd') : s;
export const cleanValue = (v: unknown): unknown =>
  typeof v === 'string'
    ? clean(v)
    : Array.isArray(v)
      ? v.map(cleanValue)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanValue(x)]))
        : v;

export interface RegisterSet {
  entity: string;
  event: StoredEvent;
  value: unknown;
  supersedes: readonly string[];
}

// Every look-up of a table by a list of keys is a LATERAL or EXISTS subquery with OFFSET 0: one index probe
// per key, whatever the planner guesses of the list (see knowledge.ts).

/** The latest head of each register (by time, then event id): what lists show while devices disagree. */
/** The latest head of register `e.entity` (as the laptop shows it while devices disagree). */
export const LATEST = `(SELECT r.value::jsonb FROM registers r WHERE r.entity = e.entity ORDER BY r.at COLLATE "C" DESC, r.event_id COLLATE "C" DESC LIMIT 1)`;
const entities = (first: number) => `SELECT json_array_elements_text($${first}::json) AS entity`;

/**
 * The register rule for a group: every event a group's event supersedes is marked and loses its head; an
 * event becomes a head unless some event (of this group or earlier) superseded it. Order-independent, as
 * on the laptop; the acceptor runs one group at a time, so no two groups interleave. `created` are the
 * problems the group created (their deadline is worked out with their fields).
 */
export async function setRegisters(
  client: HubClient,
  sets: readonly RegisterSet[],
  created: ReadonlyArray<[inspection: string, problem: string]>,
): Promise<void> {
  if (sets.length === 0) return;
  const marks = new Rows(2);
  for (const s of sets) for (const old of s.supersedes) marks.add(s.entity, old);
  if (marks.size) {
    await insertRows(client, 'superseded', 'entity, event_id', ['text', 'text'], marks, 'ON CONFLICT DO NOTHING');
    await run(
      client,
      `DELETE FROM registers WHERE ctid = ANY (ARRAY(SELECT x.ctid FROM (${fromColumns(['text', 'text'])}) AS m(entity, event_id)
         CROSS JOIN LATERAL (SELECT r.ctid FROM registers r WHERE r.entity = m.entity AND r.event_id = m.event_id OFFSET 0) x))`,
      columnParams(marks.cols),
    );
  }
  const heads = new Rows(5);
  for (const s of sets)
    heads.add(s.entity, s.event.id, canonicalJson(cleanValue(s.value)), clean(s.event.actor), s.event.at);
  await run(
    client,
    `INSERT INTO registers (entity, event_id, value, actor, at)
     SELECT * FROM (${fromColumns(['text', 'text', 'text', 'text', 'text'])}) AS h(entity, event_id, value, actor, at)
     WHERE NOT EXISTS (SELECT 1 FROM superseded s WHERE s.entity = h.entity AND s.event_id = h.event_id OFFSET 0)
     ON CONFLICT DO NOTHING`,
    columnParams(heads.cols),
  );
  await refreshTypedHeads(client, [...new Set(sets.map((s) => s.entity))], created);
}

const PROBLEM_COLUMNS: Readonly<Record<string, string>> = {
  status: 'status',
  deadline: 'deadline',
  mergedInto: 'merged_into',
};
const RECORD_COLUMNS: Readonly<Record<string, string>> = {
  method: 'method',
  subject: 'subject',
  interviewee: 'interviewee',
  note: 'note',
  withdrawn: 'withdrawn',
};
/** A note or subject written into a record's row is no longer read from its import's sealed texts (hub migration 5). */
const inTexts = (column: string) => {
  const bit = column === 'note' ? IN_TEXTS_NOTE : column === 'subject' ? IN_TEXTS_SUBJECT : 0;
  return bit === 0 ? '' : `, in_texts = x.in_texts & ${IN_TEXTS_BOTH & ~bit}`;
};
/** A JSON value as the laptop's SQLite column gets it: text (null for null), or for `withdrawn` 1 when truthy. */
const typedValue = (column: string) =>
  column === 'status'
    ? "coalesce(v->>'status', 'open')"
    : column === 'withdrawn'
      ? `CASE WHEN v IN ('false'::jsonb, 'null'::jsonb, '0'::jsonb, '""'::jsonb) THEN 0 ELSE 1 END`
      : "CASE WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN NULL ELSE v #>> '{}' END";

async function refreshTypedHeads(
  client: HubClient,
  changed: readonly string[],
  created: ReadonlyArray<[string, string]>,
): Promise<void> {
  const parts = changed.map((entity) => ({ entity, parts: entity.split('/') }));
  /** Entities of a kind (conclusion/i/c/item, problem/i/p/field, record/i/r/field, inspection/i/field), optionally of one field. */
  const pick = (kind: string, field?: string) =>
    parts
      .filter(
        (e) =>
          e.parts[0] === kind &&
          e.parts.length === (kind === 'inspection' ? 3 : 4) &&
          (field === undefined || e.parts.at(-1) === field),
      )
      .map((e) => e.entity);
  await refreshConclusions(client, pick('conclusion'));
  for (const [field, column] of Object.entries(PROBLEM_COLUMNS)) {
    const list = pick('problem', field);
    if (!list.length) continue;
    await run(
      client,
      `WITH h AS (SELECT e.entity, ${LATEST} AS v FROM (${entities(1)}) e)
       UPDATE problems p SET ${column} = ${typedValue(column)} FROM h WHERE p.inspection_id = split_part(h.entity, '/', 2) AND p.id = split_part(h.entity, '/', 3)`,
      [JSON.stringify(list)],
    );
  }
  const recount = new Set<string>();
  for (const [field, column] of Object.entries(RECORD_COLUMNS)) {
    const list = pick('record', field);
    if (!list.length) continue;
    // As the laptop: a register with no head leaves the row as it is.
    const updated = await run<{ id: string }>(
      client,
      `WITH h AS (SELECT e.entity, ${LATEST} AS v FROM (${entities(1)}) e)
       UPDATE records x SET ${column} = ${typedValue(column)}${inTexts(column)} FROM h WHERE h.v IS NOT NULL AND x.id = split_part(h.entity, '/', 3) RETURNING x.id`,
      [JSON.stringify(list)],
    );
    if (column === 'method' || column === 'withdrawn') for (const r of updated.rows) recount.add(r.id);
  }
  if (recount.size) await recountItems(client, [...recount]);
  const feedback = pick('inspection', 'feedback');
  if (feedback.length) await refreshFeedback(client, feedback);
  const problems = new Map<string, [string, string]>(created.map((k) => [k.join('/'), k]));
  for (const e of [...pick('problem', 'deadline'), ...pick('problem', 'type')]) {
    const [, inspection, problem] = e.split('/') as [string, string, string];
    problems.set(`${inspection}/${problem}`, [inspection, problem]);
  }
  await refreshDue(
    client,
    feedback.map((e) => e.split('/')[1]!),
    [...problems.values()],
  );
}

/**
 * Each item's conclusion: none while every head is a withdrawal (or none is left); several heads are a
 * conflict. In the same statement, item_totals (the hub's per-item counts) move by the difference between
 * the rows before (`old`: every WITH clause reads the table as it was) and after (`new`, `gone`).
 */
async function refreshConclusions(client: HubClient, list: readonly string[]): Promise<void> {
  if (!list.length) return;
  await run(
    client,
    `WITH k AS (SELECT e.entity, split_part(e.entity, '/', 2) AS i, split_part(e.entity, '/', 3) AS c, split_part(e.entity, '/', 4) AS t FROM (${entities(1)}) e),
     old AS (SELECT k.i, o.* FROM k CROSS JOIN LATERAL (SELECT x.ctid AS row, x.checklist_id, x.item_id, x.heads, x.result FROM conclusion_heads x
               WHERE x.inspection_id = k.i AND x.checklist_id = k.c AND x.item_id = k.t OFFSET 0) o),
     h AS (SELECT k.i, k.c, k.t, count(r.event_id) AS n, (array_agg(r.value))[1]::jsonb AS v,
                coalesce(bool_and(coalesce(r.value::jsonb->>'result' = 'withdrawn', false)), true) AS gone
              FROM k LEFT JOIN LATERAL (SELECT r.event_id, r.value FROM registers r WHERE r.entity = k.entity OFFSET 0) r ON true GROUP BY k.i, k.c, k.t),
     gone AS (DELETE FROM conclusion_heads x WHERE x.ctid = ANY (ARRAY(SELECT o.row FROM old o JOIN h ON h.i = o.i AND h.c = o.checklist_id AND h.t = o.item_id WHERE h.gone))),
     new AS (INSERT INTO conclusion_heads (inspection_id, checklist_id, item_id, heads, result, good_practice, note)
       SELECT i, c, t, n,
              CASE WHEN n = 1 THEN v->>'result' END,
              CASE WHEN n = 1 AND coalesce(v->'goodPractice', 'false'::jsonb) NOT IN ('false'::jsonb, 'null'::jsonb, '0'::jsonb, '""'::jsonb) THEN 1 ELSE 0 END,
              CASE WHEN n = 1 THEN v->>'note' END
       FROM h WHERE NOT h.gone
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET heads = excluded.heads, result = excluded.result, good_practice = excluded.good_practice, note = excluded.note
       RETURNING checklist_id, item_id, heads, result),
     delta AS (SELECT checklist_id, item_id, coalesce(sum(s) FILTER (WHERE heads = 1), 0) AS concluded,
                 coalesce(sum(s) FILTER (WHERE heads = 1 AND result <> 'not-applicable'), 0) AS checked,
                 coalesce(sum(s) FILTER (WHERE heads = 1 AND result IN ('partial', 'noncompliant')), 0) AS lacking
               FROM (SELECT -1 AS s, checklist_id, item_id, heads, result FROM old UNION ALL SELECT 1, checklist_id, item_id, heads, result FROM new) x GROUP BY checklist_id, item_id)
     INSERT INTO item_totals (checklist_id, item_id, concluded, checked, lacking) SELECT * FROM delta
     ON CONFLICT (checklist_id, item_id) DO UPDATE SET concluded = item_totals.concluded + excluded.concluded, checked = item_totals.checked + excluded.checked,
       lacking = item_totals.lacking + excluded.lacking`,
    [JSON.stringify(list)],
  );
}

/** Record counts of the items of these records, from their records that still count (not withdrawn). */
async function recountItems(client: HubClient, records: readonly string[]): Promise<void> {
  await run(
    client,
    `WITH k AS (SELECT DISTINCT x.inspection_id, x.checklist_id, x.item_id FROM (${entities(1)}) e
                CROSS JOIN LATERAL (SELECT r.inspection_id, r.checklist_id, r.item_id FROM records r WHERE r.id = e.entity OFFSET 0) x)
     INSERT INTO item_stats (inspection_id, checklist_id, item_id, listen, "check", talk, visit)
     SELECT k.inspection_id, k.checklist_id, k.item_id, count(r.method) FILTER (WHERE r.method = 'listen'), count(r.method) FILTER (WHERE r.method = 'check'),
            count(r.method) FILTER (WHERE r.method = 'talk'), count(r.method) FILTER (WHERE r.method = 'visit')
     FROM k LEFT JOIN LATERAL (SELECT r.method FROM records r WHERE r.inspection_id = k.inspection_id AND r.checklist_id = k.checklist_id AND r.item_id = k.item_id AND r.withdrawn = 0 OFFSET 0) r ON true
     GROUP BY k.inspection_id, k.checklist_id, k.item_id
     ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = excluded.listen, "check" = excluded."check", talk = excluded.talk, visit = excluded.visit`,
    [JSON.stringify(records)],
  );
}

/** An inspection's feedback date and period (the latest head), and the default deadline they give. */
async function refreshFeedback(client: HubClient, list: readonly string[]): Promise<void> {
  const latest = (
    await run<{ entity: string; v: unknown }>(client, `SELECT e.entity, ${LATEST} AS v FROM (${entities(1)}) e`, [
      JSON.stringify(list),
    ])
  ).rows;
  const rows = new Rows(4);
  for (const { entity, v } of latest) {
    const { date, days, due } = feedbackOf(v);
    rows.add(entity.split('/')[1], date, days, due);
  }
  await run(
    client,
    `UPDATE inspections i SET feedback_date = x.date, rectify_days = x.days, feedback_due = x.due
     FROM (${fromColumns(['text', 'text', 'bigint', 'text'])}) AS x(id, date, days, due) WHERE i.id = x.id`,
    columnParams(rows.cols),
  );
}

/**
 * An inspection's feedback date and period from the latest head of its feedback register, as the laptop's typed
 * head reads whatever the value holds (a well-formed one is { date, rectifyDays }), and the default deadline they give.
 */
export function feedbackOf(v: unknown): { date: string | null; days: number | null; due: string | null } {
  const value = v as { date?: unknown; rectifyDays?: unknown } | null;
  const date = typeof value?.date === 'string' ? value.date : null;
  const days = Number.isSafeInteger(value?.rectifyDays) ? (value!.rectifyDays as number) : null;
  return { date, days, due: date === null ? null : defaultDeadline(date, days) };
}

/** The default deadline, as src/problems/deadlines.ts gives it; none when the date cannot be worked out. */
function defaultDeadline(date: string, days: number | null): string | null {
  try {
    return deadlineOf({ type: 'deadline' }, recordedFeedback({ feedbackDate: date, rectifyDays: days })).date ?? null;
  } catch {
    return null;
  }
}

/**
 * The deadline every list shows of problem row `p`, its inspection's row being `i` (also what `hub verify`
 * compares every problem's `due` with): the problem's own deadline, else its inspection's default — none for
 * 持续整改, the feedback date for 立行立改 (the laptop's DUE in store/summary-queries.ts and problems/deadlines.ts).
 */
export const DUE = `coalesce(p.deadline, CASE WHEN i.feedback_due IS NULL THEN NULL ELSE (SELECT CASE t.v WHEN '"ongoing"' THEN NULL WHEN '"immediate"' THEN i.feedback_date ELSE i.feedback_due END
       FROM (SELECT coalesce((SELECT r.value FROM registers r WHERE r.entity = 'problem/' || p.inspection_id || '/' || p.id || '/type' ORDER BY r.at COLLATE "C" DESC, r.event_id COLLATE "C" DESC LIMIT 1), '') AS v) t) END)`;

/**
 * problems.due of every problem of the given inspections and of the given problems: the problem's own
 * deadline, else its inspection's default: none for 持续整改, the feedback date for 立行立改 (the laptop's DUE in
 * store/summary-queries.ts and problems/deadlines.ts).
 */
async function refreshDue(
  client: HubClient,
  inspections: readonly string[],
  problems: ReadonlyArray<[string, string]>,
): Promise<void> {
  if (!inspections.length && !problems.length) return;
  await run(
    client,
    `UPDATE problems p SET due = ${DUE}
     FROM inspections i, (SELECT q.inspection_id, q.id FROM (${entities(1)}) e CROSS JOIN LATERAL (SELECT q.inspection_id, q.id FROM problems q WHERE q.inspection_id = e.entity OFFSET 0) q
                          UNION ${fromColumns(['text', 'text'], 2)}) AS k(inspection_id, id)
     WHERE p.inspection_id = k.inspection_id AND p.id = k.id AND i.id = p.inspection_id`,
    [JSON.stringify(inspections), JSON.stringify(problems.map((k) => k[0])), JSON.stringify(problems.map((k) => k[1]))],
  );
}
