// Records as ducha wrote them before migration 10 (the note in the records row as well as in the event), for
// tests that build a database of an earlier schema: today's projection code writes today's columns only.
import { canonicalJson } from '../../src/store/canonical.js';
import { GENESIS, eventHash } from '../../src/store/hash.js';
import { insertEvent, type Store } from '../../src/store/store.js';
import type { Method } from '../../src/checklist/schema.js';

export interface OldRecord {
  inspectionId: string;
  checklistId: string;
  itemId: string;
  method: Method;
  note: string;
  subject?: string;
  interviewee?: string;
}

/** Append a record.added event and project it as migrations 1 to 9 did; returns the record id. */
export function addOldRecord(store: Store, actor: string, r: OldRecord): string {
  return store.write(() => {
    const db = store.db;
    const head = (db
      .prepare('SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1')
      .get(store.device) as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS };
    const payload = {
      id: store.newId(),
      inspectionId: r.inspectionId,
      checklistId: r.checklistId,
      itemId: r.itemId,
      method: r.method,
      subject: r.subject,
      interviewee: r.interviewee,
      note: r.note,
      evidence: [],
    };
    const body = {
      id: store.newId(),
      device: store.device,
      seq: head.seq + 1,
      at: store.now().toISOString(),
      actor,
      type: 'record.added' as const,
      payload,
    };
    const payloadJson = canonicalJson(payload);
    insertEvent(db, { ...body, prevHash: head.hash, hash: eventHash(head.hash, body, payloadJson) }, payloadJson);
    db.prepare(
      'INSERT INTO records (id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      payload.id,
      r.inspectionId,
      r.checklistId,
      r.itemId,
      r.method,
      r.subject ?? null,
      r.interviewee ?? null,
      r.note,
      actor,
      body.at,
      body.id,
    );
    db.prepare(
      `INSERT INTO item_stats (inspection_id, checklist_id, item_id, "${r.method}") VALUES (?, ?, ?, 1) ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET "${r.method}" = "${r.method}" + 1`,
    ).run(r.inspectionId, r.checklistId, r.itemId);
    return payload.id;
  });
}
