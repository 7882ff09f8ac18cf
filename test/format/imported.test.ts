// records.imported (docs/format.md §3, §21): the document's test vector recomputed from its text alone and by
// ducha's own code; what a reader accepts and refuses; the projection of an import, amended and withdrawn
// records among it, verify's replay; and migration 16 on a database made before it (rows kept in order, their
// notes still read from their events, verify clean).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical.js';
import { RecordWriter, importedRecordJson } from '../../src/store/bulk-records.js';
import { IMPORT_BATCH, MAX_IMPORTED, importedRecords, type RecordsImported } from '../../src/store/events.js';
import { eventDigest, linkHash } from '../../src/store/hash.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { getRecord } from '../../src/store/record-queries.js';
import type { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { eventShapeProblem } from '../../src/team/payload.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { amendRecord, findRecord, withdrawRecord } from '../../src/inspect/corrections.js';
import { inspectionHistory } from '../../src/inspect/history.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { scratch } from '../helpers/scratch.js';
import { ROOT } from '../helpers/run.js';

setLang('zh');
const tmp = scratch();
const DOC = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
const block = /<!-- imported:begin -->([\s\S]*?)<!-- imported:end -->/.exec(DOC)![1]!;
const BODY = /```\n(.*)\n```/.exec(block)![1]!;
const V = Object.fromEntries([...block.matchAll(/`([A-Z_]+)` = `([0-9a-f]+)`/g)].map((m) => [m[1]!, m[2]!]));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the test vector of docs/format.md §21', () => {
  const body = JSON.parse(BODY) as { payload: RecordsImported } & Record<string, unknown>;

  it('is canonical JSON, and its digest and hash follow from the text alone (§9.2)', () => {
    expect(canonicalJson(body)).toBe(BODY);
    expect(sha256(BODY)).toBe(V.DIGEST);
    expect(sha256(V.PREV_HASH! + V.DIGEST!)).toBe(V.HASH);
  });

  it("is what ducha's code writes: the records' text, the digest and the hash", () => {
    const payload = body.payload;
    const records = importedRecords(payload)
      .map((r) => importedRecordJson(r))
      .join(',');
    expect(`{"inspectionId":${JSON.stringify(payload.inspectionId)},"records":[${records}]}`).toBe(
      canonicalJson(payload),
    );
    const digest = eventDigest('sha256', body as never);
    expect(digest).toBe(V.DIGEST);
    expect(linkHash('sha256', V.PREV_HASH!, digest)).toBe(V.HASH);
  });

  it('is accepted by a reader; changed in any of the ways §3 forbids, it is refused with the member named', () => {
    const event = { ...body, prevHash: V.PREV_HASH, hash: V.HASH };
    expect(eventShapeProblem(event)).toBeUndefined();
    const withRecords = (records: unknown[]) => ({ ...event, payload: { ...body.payload, records } });
    const one = body.payload.records[1]!;
    expect(eventShapeProblem(withRecords([]))).toMatchObject({ path: 'payload.records', problem: 'range' });
    const many = Array.from({ length: MAX_IMPORTED + 1 }, () => one);
    expect(eventShapeProblem(withRecords(many))).toMatchObject({ path: 'payload.records', problem: 'range' });
    expect(eventShapeProblem(withRecords([{ ...one, evidence: [] }]))).toMatchObject({
      path: 'payload.records[0].evidence',
      problem: 'unknown',
    });
    const { note: _, ...noNote } = one;
    expect(eventShapeProblem(withRecords([one, noNote]))).toMatchObject({
      path: 'payload.records[1].note',
      problem: 'missing',
    });
    expect(eventShapeProblem(withRecords([{ ...one, method: 'phone' }]))).toMatchObject({
      path: 'payload.records[0].method',
    });
  });
});

/** Records of an inspection imported through the bulk writer, `n` of them, with an evidence-free record.added before. */
function importInto(store: Store, inspectionId: string, n: number): string[] {
  const ids: string[] = [];
  store.write(() => {
    const writer = new RecordWriter(store, '张三');
    for (let i = 0; i < n; i++) {
      const id = store.newId();
      ids.push(id);
      writer.add({
        id,
        inspectionId,
        checklistId: 'zhengfa-weiyuan',
        itemId: i % 2 ? 'WY-02' : 'WY-01',
        method: i % 3 ? 'check' : 'talk',
        note: `导入的第 ${i} 条`,
        interviewee: i % 3 ? undefined : '李四',
        subject: '县委政法委',
        evidence: [],
      });
    }
    writer.finish();
  });
  return ids;
}

describe('the projection of records.imported', () => {
  it('adds one row per record in order, amendments and withdrawals find them, verify replays them', () => {
    const store = openStore(tmp.dbFile(), { create: true, clock: steppingClock() });
    try {
      const inspection = newInspection(store);
      const ids = importInto(store, inspection.id, IMPORT_BATCH + 3);
      const events = store.db
        .prepare("SELECT seq_no FROM events WHERE type = 'records.imported' ORDER BY seq_no")
        .pluck()
        .all() as number[];
      expect(events).toHaveLength(2);
      const rows = store.db.prepare('SELECT id, seq_no, position FROM records ORDER BY rowid').all() as Array<{
        id: string;
        seq_no: number;
        position: number;
      }>;
      expect(rows.map((r) => r.id)).toEqual(ids);
      expect(rows[IMPORT_BATCH]).toMatchObject({ seq_no: events[1], position: 0 });
      expect(rows.at(-1)).toMatchObject({ seq_no: events[1], position: 2 });
      expect(getRecord(store, ids[5]!)).toMatchObject({ note: '导入的第 5 条', method: 'check', itemId: 'WY-02' });

      amendRecord(store, '李四', findRecord(store, ids[5]!), { note: '更正后的记录', reason: '笔误' });
      withdrawRecord(store, '李四', findRecord(store, ids[6]!), '重复录入');
      expect(getRecord(store, ids[5]!)!.note).toBe('更正后的记录');
      expect(getRecord(store, ids[6]!)!.withdrawn).toBe(true);
      // Each imported record has its line in the history, by its id; the name stays out unless revealed.
      const lines = inspectionHistory(store, inspection.id).filter((e) => e.type === 'records.imported');
      expect(lines).toHaveLength(IMPORT_BATCH + 3);
      expect(lines[0]!.record).toBe(ids[0]);
      expect(lines[0]!.text).toContain('导入记录');
      expect(lines.some((l) => l.text.includes('李四'))).toBe(false);

      const report = verifyStore(store);
      expect(report.damage).toEqual([]);
      // verify's replay is a real comparison: a changed position is reported.
      store.db.prepare('UPDATE records SET position = position + 1 WHERE id = ?').run(ids[7]);
      expect(verifyStore(store).damage.map((d) => d.check)).toContain('projection');
    } finally {
      store.close();
    }
  });

  it('keeps a record with evidence between the imported ones, in its place in the log', () => {
    const store = openStore(tmp.dbFile(), { create: true, clock: steppingClock() });
    try {
      const inspection = newInspection(store);
      const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
      store.write(() => {
        const writer = new RecordWriter(store, '张三');
        const add = (note: string) =>
          writer.add({
            id: store.newId(),
            inspectionId: inspection.id,
            checklistId: 'zhengfa-weiyuan',
            itemId: 'WY-01',
            method: 'listen',
            note,
            evidence: [],
          });
        add('第一条');
        writer.flush();
        addRecord(store, '张三', inspection.id, ref, { method: 'visit', note: '单条记录' }, 10);
        add('第三条');
        writer.finish();
      });
      const types = store.db.prepare('SELECT type FROM events ORDER BY seq_no').pluck().all();
      expect(types.slice(1)).toEqual(['records.imported', 'record.added', 'records.imported']);
      const notes = store.db
        .prepare("SELECT ducha_dec('note', coalesce(note, '')) FROM records ORDER BY seq_no, position")
        .pluck()
        .all();
      expect(notes).toEqual(['第一条', '', '第三条']); // a record.added's note stays in its event
      expect(verifyStore(store).damage).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('migration 16', () => {
  it('keeps the records of a database made before it, in order, their notes read from their events; verify is clean', () => {
    const file = tmp.dbFile();
    const old = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 15), clock: steppingClock() });
    const inspection = newInspection(old);
    const ref = resolveItem(allItems(inspectionSnapshots(old, inspection.id)), 'WY-01');
    const made = ['甲', '乙', '丙'].map(
      (note) =>
        addRecord(old, '张三', inspection.id, ref, { method: 'talk', note, interviewee: '王五' }, 10).payload.id,
    );
    amendRecord(old, '张三', findRecord(old, made[1]!), { note: '乙（更正）', reason: '笔误' });
    // Before 16, verify compares the records in their older shape.
    expect(verifyStore(old).damage).toEqual([]);
    old.close();

    const store = openStore(file, { clock: steppingClock('2026-11-22T09:00:00.000Z') });
    try {
      const columns = (store.db.pragma('table_info(records)') as Array<{ name: string }>).map((c) => c.name);
      expect(columns.slice(0, 3)).toEqual(['seq_no', 'position', 'id']);
      expect(made.map((id) => getRecord(store, id)!.note)).toEqual(['甲', '乙（更正）', '丙']);
      const names = store.db.prepare('SELECT interviewee FROM interviewee_names').pluck().all();
      expect(names).toEqual(['王五']);
      // The triggers of migration 14 were made again with the table: a new name is listed.
      importInto(store, inspection.id, 3);
      expect(store.db.prepare('SELECT count(*) FROM interviewee_names').pluck().get()).toBe(2);
      expect(verifyStore(store).damage).toEqual([]);
    } finally {
      store.close();
    }
  });
});
