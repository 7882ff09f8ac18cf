// The rows a cross-inspection summary is made of, read from a laptop's database in a few bulk queries (the
// hub reads the same rows from PostgreSQL: hub/read.ts): the chosen inspections, their checklists, per-item
// and per-inspection conclusion counts, good practices, problem counts with the overdue ones, methods used.
import type { Checklist } from '../checklist/schema.js';
import { listInspections, type InspectionRow, type MethodCounts } from './queries.js';
import { snapshotChecklist } from './snapshots.js';
import type { Store } from './store.js';

export interface SummaryFilter {
  ids?: string[];
  since?: string;
  unitKind?: string;
  region?: string;
}

/** The inspections a filter selects, as a SQL subquery with its parameters (no parameters: every inspection). */
export function chosen(filter: SummaryFilter): { sql: string; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (filter.ids?.length) {
    where.push('id IN (SELECT value FROM json_each(@ids))');
    params.ids = JSON.stringify(filter.ids);
  }
  if (filter.since) {
    where.push('start_date >= @since');
    params.since = filter.since;
  }
  if (filter.unitKind) {
    where.push('unit_kind = @kind');
    params.kind = filter.unitKind;
  }
  if (filter.region) {
    where.push("instr(coalesce(region, ''), @region) > 0");
    params.region = filter.region;
  }
  return { sql: `SELECT id FROM inspections${where.length ? ' WHERE ' + where.join(' AND ') : ''}`, params };
}

/** What a summary shows of an inspection. */
export type SummaryInspection = Pick<InspectionRow, 'id' | 'title' | 'unit' | 'unitKind' | 'region' | 'start'>;

/** The rows a summary is made of: the same whether they come from a laptop's SQLite or the hub's PostgreSQL. */
export interface SummaryRows {
  /** The chosen inspections, newest first (what a summary shows of each). */
  inspections: SummaryInspection[];
  /** The distinct checklist snapshots they use. */
  checklists: Checklist[];
  /** Per item (conclusions without conflict): how many concluded it applicable, how many found it lacking. */
  perItem: Array<{ checklist: string; item: string; checked: number; lacking: number }>;
  perInspection: Array<{ id: string; concluded: number; lacking: number }>;
  goodPractices: Array<{ inspection: string; checklist: string; item: string; note: string | null }>;
  /** Problems per inspection (merged ones counted in the one they joined), closed, and overdue on `today`. */
  perProblems: Array<{ id: string; total: number; closed: number; overdue: number }>;
  methods: MethodCounts;
}

/** A problem's rectification type (its register's latest head, as JSON: '"ongoing"'), '' when none. */
const TYPE = `coalesce((SELECT value FROM registers WHERE entity = 'problem/' || p.inspection_id || '/' || p.id || '/type' ORDER BY at DESC, event_id DESC LIMIT 1), '')`;
/** A problem's deadline as every list shows it (problems/deadlines.ts: 立行立改 the feedback date, 持续整改 none). */
const DUE = `coalesce(p.deadline, CASE WHEN i.feedback_date IS NULL THEN NULL ELSE (SELECT CASE t WHEN '"ongoing"' THEN NULL WHEN '"immediate"' THEN i.feedback_date ELSE date(i.feedback_date, '+' || i.rectify_days || ' days') END FROM (SELECT ${TYPE} AS t)) END)`;

// Conclusions in conflict (several heads) are not counted until resolved.
const LACKING_SQL = "result IN ('partial', 'noncompliant')";

/**
 * What a summary reads of the conclusions of the inspections in `chosen`, from the partial indexes of migration
 * 15 rather than from conclusion_heads, whose rows carry the notes (test/store/summary-plan.test.ts checks the
 * plans). Over every inspection (`every`), `+inspection_id` keeps the redundant filter from choosing the index:
 * SQLite then reads conclusion_counts_by_item in its order, with no sort, and only the good practices' rows
 * from conclusion_good_practices. Over some inspections, the rows are searched by inspection instead, so that
 * a summary of a few inspections never scans the conclusions of all.
 */
export function conclusionSql(every: boolean) {
  const by = every ? '+inspection_id' : 'inspection_id';
  return {
    perItem: `SELECT checklist_id AS checklist, item_id AS item, sum(result <> 'not-applicable') AS checked, sum(${LACKING_SQL}) AS lacking
      FROM conclusion_heads WHERE heads = 1 AND ${by} IN chosen GROUP BY checklist_id, item_id`,
    perInspection: `SELECT inspection_id AS id, count(*) AS concluded, sum(${LACKING_SQL}) AS lacking
      FROM conclusion_heads WHERE heads = 1 AND inspection_id IN chosen GROUP BY inspection_id`,
    goodPractices: `SELECT inspection_id AS inspection, checklist_id AS checklist, item_id AS item, ducha_dec('note', note) AS note
      FROM conclusion_heads WHERE heads = 1 AND good_practice = 1 AND ${by} IN chosen ORDER BY inspection_id, checklist_id, item_id`,
  };
}

/**
 * What a summary reads beyond its counts. The good practices (典型经验) and their notes are the largest part
 * (every note opened, every one redacted) and only a document shows them (--json, .md, .docx, .xlsx): the
 * terminal's summary prints the coverage, the common problems and the rectification, and reads none.
 */
export interface SummaryReads {
  goodPractices: boolean;
}

/**
 * The rows of a laptop's database for the inspections `filter` chooses; `today` decides what is overdue.
 * Without `reads.goodPractices`, goodPractices is empty.
 */
export function summaryRows(
  store: Store,
  filter: SummaryFilter,
  today: string,
  reads: SummaryReads = { goodPractices: true },
): SummaryRows {
  const db = store.db;
  const { sql: scope, params } = chosen(filter);
  const conclusions = conclusionSql(Object.keys(params).length === 0); // no filter: every inspection
  const all = <T>(sql: string, extra: Record<string, string> = {}) =>
    db.prepare(`WITH chosen AS (${scope}) ${sql}`).all({ ...params, ...extra }) as T[];
  const chosenIds = new Set(all<{ id: string }>('SELECT id FROM chosen').map((r) => r.id));
  const checklists = all<{ sha256: string }>(
    'SELECT DISTINCT sha256 FROM inspection_checklists WHERE inspection_id IN chosen',
  )
    .map(({ sha256 }) => snapshotChecklist(db, sha256))
    .filter((c): c is Checklist => c !== undefined);
  return {
    inspections: listInspections(db).filter((i) => chosenIds.has(i.id)),
    checklists,
    perItem: all(conclusions.perItem),
    perInspection: all(conclusions.perInspection),
    goodPractices: reads.goodPractices ? all(conclusions.goodPractices) : [],
    // Problems (merged ones are counted in the one they joined), closed and overdue — by the deadline every list
    // shows: the problem's own, else the feedback date plus its period (src/problems/deadlines.ts), never for 持续整改.
    // (The type is read from its register only for a problem without a deadline in an inspection with a feedback date.)
    perProblems: all(
      `SELECT p.inspection_id AS id, count(*) AS total, sum(p.status = 'closed') AS closed, coalesce(sum(${DUE} IS NOT NULL AND p.status <> 'closed' AND ${DUE} < @today), 0) AS overdue
       FROM problems p JOIN inspections i ON i.id = p.inspection_id WHERE p.merged_into IS NULL AND p.inspection_id IN chosen GROUP BY p.inspection_id`,
      { today },
    ),
    methods: all<MethodCounts>(
      'SELECT coalesce(sum(listen), 0) AS listen, coalesce(sum("check"), 0) AS "check", coalesce(sum(talk), 0) AS talk, coalesce(sum(visit), 0) AS visit FROM item_stats WHERE inspection_id IN chosen',
    )[0]!,
  };
}
