// The commission's questions answered by SQL on the hub: the rows a summary is made of (the same rows a
// laptop's summary reads, see review/summary.ts), the overdue problems across every inspection, and the
// redactor every --hub output goes through (every interviewee name the hub holds, as on a laptop).
import type { Checklist } from '../checklist/schema.js';
import type { SummaryFilter, SummaryReads, SummaryRows } from '../review/summary.js';
import type { InspectionRow, ProblemRow } from '../store/queries.js';
import { nameRedactor, type Redactor } from '../report/redact.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { HubClient } from './connect.js';
import {
  ciphertextKeyId,
  isCiphertext,
  mapRegisterValue,
  wellFormedCiphertext,
  type FieldMap,
} from '../store/confidential.js';
import { unknownDataKey } from '../store/field-cipher.js';

const num = (v: unknown) => Number(v ?? 0);

function chosen(filter: SummaryFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.ids?.length) where.push(`id = ANY($${params.push(filter.ids)}::text[])`);
  if (filter.since) where.push(`start_date >= $${params.push(filter.since)}`);
  if (filter.unitKind) where.push(`unit_kind = $${params.push(filter.unitKind)}`);
  if (filter.region) where.push(`strpos(coalesce(region, ''), $${params.push(filter.region)}) > 0`);
  return { sql: `SELECT id FROM inspections${where.length ? ' WHERE ' + where.join(' AND ') : ''}`, params };
}

interface RawInspection {
  id: string;
  title: string;
  unit: string;
  unit_kind: string;
  region: string | null;
  team: string;
  start_date: string;
  created_at: string;
  created_by: string;
  feedback_date: string | null;
  rectify_days: string | null;
}

export const toInspection = (r: RawInspection): InspectionRow => ({
  id: r.id,
  title: r.title,
  unit: r.unit,
  unitKind: r.unit_kind,
  region: r.region,
  team: JSON.parse(r.team) as string[],
  start: r.start_date,
  createdAt: r.created_at,
  createdBy: r.created_by,
  feedbackDate: r.feedback_date,
  rectifyDays: r.rectify_days === null ? null : Number(r.rectify_days),
});

/**
 * A summary's inspections with their counts, newest first — the order of hub migration 3's index
 * inspections_newest, so that PostgreSQL reads them in order instead of sorting them. Only what a summary
 * shows of each (review/summary.ts): node-postgres parses 20,000 rows one field at a time.
 */
export const summaryInspections = (where: string) =>
  `SELECT id, title, unit, unit_kind, region, start_date, n_listen, n_check, n_talk, n_visit, n_concluded, n_lacking, n_problems, n_closed
   FROM inspections WHERE ${where} ORDER BY created_at COLLATE "C" DESC, id COLLATE "C"`;

/**
 * The summary's rows, read from the hub: the same rows a laptop's summary reads (review/summary.ts), from
 * the counts the acceptor keeps (counts.ts: per inspection; item_totals: per item over every inspection),
 * so that a summary of 20,000 inspections reads 20,000 rows, not every conclusion and problem again.
 */
export async function hubSummaryRows(
  client: HubClient,
  filter: SummaryFilter,
  today: string,
  reads: SummaryReads,
): Promise<SummaryRows> {
  const { sql: scope, params } = chosen(filter);
  const filtered = params.length > 0;
  // Without a filter every inspection is chosen: no semi-join to pay for.
  const within = (column: string) => (filtered ? `${column} IN (SELECT id FROM chosen)` : 'true');
  const all = async <T>(sql: string, extra: unknown[] = []) =>
    (await client.query(`WITH chosen AS (${scope}) ${sql}`, [...params, ...extra])).rows as T[];
  type Counted = Pick<RawInspection, 'id' | 'title' | 'unit' | 'unit_kind' | 'region' | 'start_date'> &
    Record<
      'n_listen' | 'n_check' | 'n_talk' | 'n_visit' | 'n_concluded' | 'n_lacking' | 'n_problems' | 'n_closed',
      number
    >;
  const rows = await all<Counted>(summaryInspections(within('id')));
  const checklists = (
    await all<{ json: string }>(
      `SELECT c.json FROM (SELECT sha256, min(inspection_id || checklist_id) AS first FROM inspection_checklists WHERE ${within('inspection_id')} GROUP BY sha256) s JOIN snapshot_cache c ON c.sha256 = s.sha256 ORDER BY s.first`,
    )
  ).map((r) => JSON.parse(r.json) as Checklist);
  // Per item (conflicts, several heads, are not counted): over every inspection from item_totals, over some by counting.
  const perItem = filtered
    ? await all<{ checklist: string; item: string; checked: string; lacking: string }>(
        `SELECT checklist_id AS checklist, item_id AS item, count(*) FILTER (WHERE result <> 'not-applicable') AS checked, count(*) FILTER (WHERE result IN ('partial', 'noncompliant')) AS lacking
         FROM conclusion_heads WHERE heads = 1 AND ${within('inspection_id')} GROUP BY checklist_id, item_id`,
      )
    : await all<{ checklist: string; item: string; checked: string; lacking: string }>(
        'SELECT checklist_id AS checklist, item_id AS item, checked, lacking FROM item_totals WHERE concluded > 0',
      );
  const goodPractices = reads.goodPractices
    ? await all<SummaryRows['goodPractices'][number]>(
        `SELECT inspection_id AS inspection, checklist_id AS checklist, item_id AS item, note FROM conclusion_heads
     WHERE heads = 1 AND good_practice = 1 AND ${within('inspection_id')} ORDER BY inspection_id COLLATE "C", checklist_id COLLATE "C", item_id COLLATE "C"`,
      )
    : [];
  // Overdue by problems.due, the deadline every list shows (the laptop's DUE, kept by the acceptor): one range of an index.
  const overdue = new Map(
    (
      await all<{ id: string; n: string }>(
        `SELECT inspection_id AS id, count(*) AS n FROM problems WHERE due < $${params.length + 1} AND status <> 'closed' AND merged_into IS NULL AND ${within('inspection_id')} GROUP BY inspection_id`,
        [today],
      )
    ).map((r) => [r.id, num(r.n)]),
  );
  // The laptop's GROUP BY returns items in key order; so does this, whatever the database's collation.
  const byKey = (a: { checklist: string; item: string }, b: { checklist: string; item: string }) =>
    a.checklist < b.checklist ? -1 : a.checklist > b.checklist ? 1 : a.item < b.item ? -1 : a.item > b.item ? 1 : 0;
  const sum = (k: keyof Counted) => rows.reduce((n, r) => n + num(r[k]), 0);
  return {
    inspections: rows.map((r) => ({
      id: r.id,
      title: r.title,
      unit: r.unit,
      unitKind: r.unit_kind,
      region: r.region,
      start: r.start_date,
    })),
    checklists,
    perItem: perItem
      .map((r) => ({ checklist: r.checklist, item: r.item, checked: num(r.checked), lacking: num(r.lacking) }))
      .sort(byKey),
    perInspection: rows.map((r) => ({ id: r.id, concluded: num(r.n_concluded), lacking: num(r.n_lacking) })),
    goodPractices,
    perProblems: rows.map((r) => ({
      id: r.id,
      total: num(r.n_problems),
      closed: num(r.n_closed),
      overdue: overdue.get(r.id) ?? 0,
    })),
    methods: { listen: sum('n_listen'), check: sum('n_check'), talk: sum('n_talk'), visit: sum('n_visit') },
  };
}

/**
 * The redactor of every interviewee name the hub holds; names a protected laptop pushed are ciphertext, opened
 * by `open` (the reading laptop's keys, cli/hub-session.ts) — a name that cannot be opened stops the output.
 */
export async function hubRedactor(client: HubClient, reveal: boolean, open: FieldMap = clearOnly): Promise<Redactor> {
  if (reveal) return nameRedactor([], true);
  const names = (await client.query<{ interviewee: string }>('SELECT interviewee FROM interviewee_names')).rows.map(
    (r) => open('interviewee', r.interviewee),
  );
  return nameRedactor(names);
}

/** Clear text passes; ciphertext is refused (data-key-unknown): what a reader holding no data key can do. */
export const clearOnly: FieldMap = (_field, value) => {
  if (isCiphertext(value) && wellFormedCiphertext(value)) throw unknownDataKey(ciphertextKeyId(value));
  return value;
};

/** The hub's problem rows with their confidential register values opened by `open`. */
export const openProblems = (problems: ProblemRow[], open: FieldMap): ProblemRow[] =>
  problems.map((p) => ({
    ...p,
    fields: Object.fromEntries(
      Object.entries(p.fields).map(([field, values]) => [
        field,
        values.map((v) => ({
          ...v,
          value: mapRegisterValue(`problem/${p.inspectionId}/${p.id}/${field}`, v.value, open),
        })),
      ]),
    ),
  }));

/**
 * The problems of every inspection on the hub — all, those overdue on `today`, those due from `today` to
 * `dueBy`, or of one status — as the laptop's ProblemRow (fields as register heads), in the order of their
 * inspections (newest first). Deadlines are problems.due: the one every list shows (src/problems/deadlines.ts).
 */
export async function hubProblems(
  client: HubClient,
  filter: { today: string; overdue?: boolean; dueBy?: string; status?: string },
): Promise<ProblemRow[]> {
  const rows = (
    await client.query<{ id: string; inspection_id: string; created_at: string; created_by: string }>(
      `SELECT p.id, p.inspection_id, p.created_at, p.created_by FROM problems p JOIN inspections i ON i.id = p.inspection_id
       WHERE p.merged_into IS NULL AND (NOT $2 OR (p.due IS NOT NULL AND p.status <> 'closed' AND p.due < $1))
         AND ($3::text IS NULL OR (p.due IS NOT NULL AND p.status <> 'closed' AND p.due >= $1 AND p.due <= $3)) AND ($4::text IS NULL OR p.status = $4)
       ORDER BY i.created_at COLLATE "C" DESC, i.id COLLATE "C", p.created_at COLLATE "C", p.id COLLATE "C"`,
      [filter.today, filter.overdue ?? false, filter.dueBy ?? null, filter.status ?? null],
    )
  ).rows;
  if (rows.length === 0) return [];
  // Each problem's registers are one range of the key (registers.entity is in byte order).
  const registers = (
    await client.query<{ entity: string; event_id: string; value: string; actor: string; at: string }>(
      `SELECT r.entity, r.event_id, r.value, r.actor, r.at FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS p(i, id)
       CROSS JOIN LATERAL (SELECT * FROM registers r WHERE r.entity >= 'problem/' || p.i || '/' || p.id || '/' AND r.entity < 'problem/' || p.i || '/' || p.id || '0' OFFSET 0) r
       ORDER BY r.entity, r.at COLLATE "C", r.event_id COLLATE "C"`,
      [JSON.stringify(rows.map((r) => r.inspection_id)), JSON.stringify(rows.map((r) => r.id))],
    )
  ).rows;
  const byKey = new Map<string, ProblemRow>(
    rows.map((r) => [
      `${r.inspection_id}/${r.id}`,
      { id: r.id, inspectionId: r.inspection_id, createdAt: r.created_at, createdBy: r.created_by, fields: {} },
    ]),
  );
  for (const r of registers) {
    const [, inspection, id, field] = r.entity.split('/') as [string, string, string, string];
    const problem = byKey.get(`${inspection}/${id}`);
    if (problem && field)
      (problem.fields[field] ??= []).push({
        value: JSON.parse(r.value),
        eventId: r.event_id,
        actor: r.actor,
        at: r.at,
      });
  }
  return [...byKey.values()];
}

/** An inspection on the hub by id or unique prefix, as a laptop's commands take it. */
export async function findHubInspection(client: HubClient, arg: string): Promise<InspectionRow> {
  const prefix = arg.toLowerCase().replace(/[%_\\]/g, '');
  const rows = (
    await client.query<RawInspection>(
      'SELECT * FROM inspections WHERE id LIKE $1 || \'%\' ORDER BY id COLLATE "C" LIMIT 10',
      [prefix],
    )
  ).rows;
  const exact = rows.find((r) => r.id === arg);
  if (exact) return toInspection(exact);
  if (rows.length === 1) return toInspection(rows[0]!);
  if (rows.length > 1)
    throw new InputError(t('inspect.ambiguous', { id: arg }), { hint: rows.map((r) => r.id).join('  ') });
  throw new InputError(t('hub.inspectionNotFound', { id: arg }), { hint: t('hub.inspectionNotFound.hint') });
}

/** Inspections on the hub by id. */
export async function hubInspectionsById(
  client: HubClient,
  ids: readonly string[],
): Promise<Map<string, InspectionRow>> {
  if (ids.length === 0) return new Map();
  const rows = (await client.query<RawInspection>('SELECT * FROM inspections WHERE id = ANY($1::text[])', [ids])).rows;
  return new Map(rows.map((r) => [r.id, toInspection(r)]));
}
