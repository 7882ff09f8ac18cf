// How each item's findings were obtained, for reports: "谈：办公室主任" — with the interviewee's name only
// when identities are revealed.
import type Database from 'better-sqlite3';
import { methodName } from '../checklist/describe.js';
import { prepared } from '../store/prepared.js';

export interface RecordSources {
  /** Per item key (checklist/item): one text per record, e.g. "谈：办公室主任". */
  byItem: Map<string, string[]>;
}

export function recordSources(db: Database.Database, inspectionId: string, reveal: boolean): RecordSources {
  const rows = prepared(db, 'SELECT checklist_id, item_id, method, subject, interviewee, withdrawn FROM records WHERE inspection_id = ? ORDER BY at, id').all(inspectionId) as Array<{
    checklist_id: string;
    item_id: string;
    method: string;
    subject: string | null;
    interviewee: string | null;
    withdrawn: number;
  }>;
  const byItem = new Map<string, string[]>();
  for (const r of rows) {
    if (r.withdrawn) continue; // a withdrawn record no longer counts as a source
    const who = [r.subject, reveal && r.interviewee ? `（${r.interviewee}）` : ''].filter(Boolean).join('');
    const text = `${methodName(r.method)}${who ? '：' + who : ''}`;
    const key = `${r.checklist_id}/${r.item_id}`;
    const list = byItem.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    byItem.set(key, list);
  }
  return { byItem };
}
