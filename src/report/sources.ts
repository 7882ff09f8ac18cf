// How each item's findings were obtained, for reports: "谈：办公室主任" — with the interviewee's name only
// when identities are revealed.
import { methodName } from '../checklist/describe.js';
import { recordSourceRows } from '../store/record-queries.js';
import type { Store } from '../store/store.js';

export interface RecordSources {
  /** Per item key (checklist/item): one text per record, e.g. "谈：办公室主任". */
  byItem: Map<string, string[]>;
}

export function recordSources(store: Store, inspectionId: string, reveal: boolean): RecordSources {
  const byItem = new Map<string, string[]>();
  for (const r of recordSourceRows(store, inspectionId)) {
    const who = [r.subject, reveal && r.interviewee ? `（${r.interviewee}）` : ''].filter(Boolean).join('');
    const text = `${methodName(r.method)}${who ? '：' + who : ''}`;
    const key = `${r.checklistId}/${r.itemId}`;
    const list = byItem.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    byItem.set(key, list);
  }
  return { byItem };
}
