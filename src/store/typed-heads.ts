// Keeps the typed copies of register heads (migration 6) in step with the registers: called whenever a
// register changes, inside the same transaction.
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';

const PROBLEM_COLUMNS: Readonly<Record<string, string>> = { status: 'status', deadline: 'deadline', mergedInto: 'merged_into' };

export function refreshTypedHeads(db: Database.Database, entity: string): void {
  const [kind, inspection, a, b] = entity.split('/') as [string, string, string, string];
  if (kind === 'conclusion') {
    const heads = prepared(db, 'SELECT value FROM registers WHERE entity = ? ORDER BY at, event_id').all(entity) as Array<{ value: string }>;
    if (heads.length === 0) {
      prepared(db, 'DELETE FROM conclusion_heads WHERE inspection_id = ? AND checklist_id = ? AND item_id = ?').run(inspection, a, b);
      return;
    }
    const one = heads.length === 1 ? (JSON.parse(heads[0]!.value) as { result: string; goodPractice?: boolean; note?: string }) : undefined;
    prepared(
      db,
      `INSERT INTO conclusion_heads (inspection_id, checklist_id, item_id, heads, result, good_practice, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET heads = excluded.heads, result = excluded.result, good_practice = excluded.good_practice, note = excluded.note`,
    ).run(inspection, a, b, heads.length, one?.result ?? null, one?.goodPractice ? 1 : 0, one?.note ?? null);
    return;
  }
  const column = kind === 'problem' ? PROBLEM_COLUMNS[b] : undefined;
  if (!column) return;
  // As the problem list shows it: the latest head (by time, then event id) when devices disagree.
  const head = prepared(db, 'SELECT value FROM registers WHERE entity = ? ORDER BY at DESC, event_id DESC LIMIT 1').get(entity) as { value: string } | undefined;
  const value = head ? (JSON.parse(head.value) as unknown) : undefined;
  const typed = column === 'status' ? ((value as { status?: string } | undefined)?.status ?? 'open') : ((value as string | undefined) ?? null);
  prepared(db, `UPDATE problems SET ${column} = ? WHERE inspection_id = ? AND id = ?`).run(typed, inspection, a);
}
