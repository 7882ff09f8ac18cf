// Keeps the typed copies of register heads (migrations 6 and 8) in step with the registers: called whenever
// a register changes, inside the same transaction.
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { IN_TEXTS_BOTH, IN_TEXTS_NOTE, IN_TEXTS_SUBJECT, recordShape } from './record-texts.js';
import { WITHDRAWN } from './events.js';

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

export function refreshTypedHeads(db: Database.Database, entity: string): void {
  const [kind, inspection, a, b] = entity.split('/') as [string, string, string, string];
  if (kind === 'conclusion') {
    const all = prepared(db, 'SELECT value FROM registers WHERE entity = ? ORDER BY at, event_id').all(
      entity,
    ) as Array<{ value: string }>;
    const heads = all.map((h) => JSON.parse(h.value) as { result: string; goodPractice?: boolean; note?: string });
    // A withdrawn conclusion alone is no conclusion; beside another head it is one side of a conflict.
    if (heads.length === 0 || heads.every((h) => h.result === WITHDRAWN)) {
      prepared(db, 'DELETE FROM conclusion_heads WHERE inspection_id = ? AND checklist_id = ? AND item_id = ?').run(
        inspection,
        a,
        b,
      );
      return;
    }
    const one = heads.length === 1 ? heads[0] : undefined;
    prepared(
      db,
      `INSERT INTO conclusion_heads (inspection_id, checklist_id, item_id, heads, result, good_practice, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET heads = excluded.heads, result = excluded.result, good_practice = excluded.good_practice, note = excluded.note`,
    ).run(inspection, a, b, heads.length, one?.result ?? null, one?.goodPractice ? 1 : 0, one?.note ?? null);
    return;
  }
  if (kind === 'inspection') {
    if (a !== 'feedback') return;
    const value = latest(db, entity) as { date?: string; rectifyDays?: number } | undefined;
    prepared(db, 'UPDATE inspections SET feedback_date = ?, rectify_days = ? WHERE id = ?').run(
      value?.date ?? null,
      value?.rectifyDays ?? null,
      inspection,
    );
    return;
  }
  if (kind === 'record') {
    const column = RECORD_COLUMNS[b];
    if (!column) return;
    const value = latest(db, entity);
    if (value === undefined) return;
    // A note or subject written into the row is no longer read from its import's sealed texts (migration 17).
    const bit = column === 'note' ? IN_TEXTS_NOTE : column === 'subject' ? IN_TEXTS_SUBJECT : 0;
    const inTexts = bit !== 0 && recordShape(db) === 'current' ? `, in_texts = in_texts & ${IN_TEXTS_BOTH & ~bit}` : '';
    prepared(db, `UPDATE records SET ${column} = ?${inTexts} WHERE id = ?`).run(
      column === 'withdrawn' ? (value ? 1 : 0) : (value as string | null),
      a,
    );
    if (column === 'method' || column === 'withdrawn') recountItem(db, a);
    return;
  }
  const column = kind === 'problem' ? PROBLEM_COLUMNS[b] : undefined;
  if (!column) return;
  // As the problem list shows it: the latest head (by time, then event id) when devices disagree.
  const value = latest(db, entity);
  const typed =
    column === 'status'
      ? ((value as { status?: string } | undefined)?.status ?? 'open')
      : ((value as string | undefined) ?? null);
  prepared(db, `UPDATE problems SET ${column} = ? WHERE inspection_id = ? AND id = ?`).run(typed, inspection, a);
}

/** The latest head of a register (by time, then event id): what lists show while devices disagree. */
function latest(db: Database.Database, entity: string): unknown {
  const head = prepared(db, 'SELECT value FROM registers WHERE entity = ? ORDER BY at DESC, event_id DESC LIMIT 1').get(
    entity,
  ) as { value: string } | undefined;
  return head ? (JSON.parse(head.value) as unknown) : undefined;
}

/** Record counts of the item a record belongs to, from its records that still count (not withdrawn). */
function recountItem(db: Database.Database, recordId: string): void {
  const where = prepared(db, 'SELECT inspection_id, checklist_id, item_id FROM records WHERE id = ?').get(recordId) as
    { inspection_id: string; checklist_id: string; item_id: string } | undefined;
  if (!where) return;
  prepared(
    db,
    `INSERT INTO item_stats (inspection_id, checklist_id, item_id, listen, "check", talk, visit)
     SELECT @i, @c, @t, coalesce(sum(method = 'listen'), 0), coalesce(sum(method = 'check'), 0), coalesce(sum(method = 'talk'), 0), coalesce(sum(method = 'visit'), 0)
     FROM records WHERE inspection_id = @i AND checklist_id = @c AND item_id = @t AND withdrawn = 0
     ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = excluded.listen, "check" = excluded."check", talk = excluded.talk, visit = excluded.visit`,
  ).run({ i: where.inspection_id, c: where.checklist_id, t: where.item_id });
}
