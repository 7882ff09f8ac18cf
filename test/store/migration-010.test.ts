// Migration 10 on a database with history: the notes of records made under migration 9 leave the records
// rows (they stay in the events) except the amended ones; every query reads the same notes as before, new
// records keep theirs in the event only, verify's replay agrees row for row, and a record without its event
// stops the migration with nothing changed.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { amendRecord, findRecord, withdrawRecord } from '../../src/inspect/corrections.js';
import { itemStats, recordsForItem } from '../../src/store/queries.js';
import { getRecord, type StoredRecord } from '../../src/store/record-queries.js';
import type { Store } from '../../src/store/store.js';
import type { Method } from '../../src/checklist/schema.js';
import { duplicateRecordGroups, recordsWithDevices, sameRecords } from '../../src/store/lead-queries.js';
import { verifyStore } from '../../src/store/verify.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { scratch } from '../helpers/scratch.js';
import { addOldRecord } from './old-records.js';

setLang('zh');
const tmp = scratch();
const NINE = MIGRATIONS.slice(0, 9);

/** A record read from migration 9's row (today's queries read migration 10's columns). */
function oldRecord(store: Store, id: string): StoredRecord {
  const r = store.db.prepare('SELECT * FROM records WHERE id = ?').get(id) as Record<string, string | number | null>;
  return {
    id,
    inspectionId: r.inspection_id as string,
    checklistId: r.checklist_id as string,
    itemId: r.item_id as string,
    method: r.method as Method,
    subject: r.subject as string | null,
    interviewee: r.interviewee as string | null,
    note: r.note as string,
    actor: r.actor as string,
    at: r.at as string,
    withdrawn: r.withdrawn === 1,
  };
}

/** A database of migration 9: four records (two saying the same), one amended, one withdrawn. */
function oldDatabase() {
  const file = tmp.dbFile();
  const old = openStore(file, { create: true, migrations: NINE, clock: steppingClock() });
  const inspection = newInspection(old);
  const item = { inspectionId: inspection.id, checklistId: 'zhengfa-weiyuan', itemId: 'WY-01' };
  const ids = {
    check: addOldRecord(old, '张三', { ...item, method: 'check', note: '政法委员名册齐全', subject: '组织部' }),
    visit: addOldRecord(old, '张三', { ...item, method: 'visit', note: '综治中心有人值班' }),
    twice: addOldRecord(old, '李四', { ...item, method: 'visit', note: '综治中心有人值班' }),
    talk: addOldRecord(old, '李四', { ...item, method: 'talk', note: '谈话记录', interviewee: '王某某' }),
  };
  amendRecord(old, '张三', oldRecord(old, ids.check), { note: '政法委员名册齐全，但未及时更新', reason: '补充' });
  withdrawRecord(old, '李四', oldRecord(old, ids.talk), '录错了条目');
  const notes = old.db.prepare('SELECT id, note FROM records ORDER BY id').all();
  const stats = itemStats(old, inspection.id);
  old.close();
  return { file, inspection, ids, notes, stats };
}

describe('migration 10 (a record’s note stored once)', () => {
  it('moves the notes out of the records rows, keeps the amended one, and every query reads the same notes', () => {
    const { file, inspection, ids, notes, stats } = oldDatabase();
    const store = openStore(file);
    // Migration 10 and every one after it (11: format 2's signed heads; 12: evidence keys; 13: sealed payloads; …) are applied.
    expect(
      (
        store.db.prepare('SELECT version FROM schema_migrations WHERE version >= 10 ORDER BY version').all() as Array<{
          version: number;
        }>
      ).map((r) => r.version),
    ).toEqual(MIGRATIONS.filter((m) => m.version >= 10).map((m) => m.version));
    // Stored: only the amended note; each row points at its event.
    expect(store.db.prepare('SELECT id FROM records WHERE note IS NOT NULL').all()).toEqual([{ id: ids.check }]);
    expect(
      store.db
        .prepare('SELECT count(*) AS n FROM records r JOIN events e ON e.seq_no = r.seq_no AND e.id = r.event_id')
        .get(),
    ).toEqual({ n: 4 });
    // Read: the same notes as before the migration.
    expect(
      store.db
        .prepare('SELECT id FROM records ORDER BY id')
        .all()
        .map((r) => (r as { id: string }).id)
        .map((id) => ({ id, note: getRecord(store, id)!.note })),
    ).toEqual(notes);
    expect(recordsForItem(store, inspection.id, 'zhengfa-weiyuan', 'WY-01').map((r) => r.note)).toEqual([
      '政法委员名册齐全，但未及时更新',
      '综治中心有人值班',
      '综治中心有人值班',
    ]);
    expect(recordsWithDevices(store, inspection.id).find((r) => r.id === ids.visit)!.note).toBe('综治中心有人值班');
    expect(duplicateRecordGroups(store, inspection.id).map((g) => g.ids)).toEqual([[ids.visit, ids.twice]]);
    const same = {
      inspectionId: inspection.id,
      checklistId: 'zhengfa-weiyuan',
      itemId: 'WY-01',
      method: 'visit',
      note: '综治中心有人值班',
    };
    expect(sameRecords(store, { ...same, exceptId: ids.twice }).map((r) => r.id)).toEqual([ids.visit]);
    expect(itemStats(store, inspection.id)).toEqual(stats);
    expect(verifyStore(store)).toMatchObject({ ok: true, damage: [] });
    store.close();
  });

  it('after it: a new record keeps its note in its event alone, an amendment in the row, and the replay agrees', () => {
    const { file, inspection } = oldDatabase();
    const store = openStore(file);
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-02');
    const added = addRecord(store, '王五', inspection.id, ref, { method: 'check', note: '会议记录三份' }, 10);
    expect(
      store.db
        .prepare('SELECT note, seq_no = (SELECT seq_no FROM events WHERE id = ?) AS linked FROM records WHERE id = ?')
        .get(added.id, added.payload.id),
    ).toEqual({ note: null, linked: 1 });
    expect(getRecord(store, added.payload.id)!.note).toBe('会议记录三份');
    amendRecord(store, '王五', findRecord(store, added.payload.id), { note: '会议记录四份', reason: '数错了' });
    expect(store.db.prepare('SELECT note FROM records WHERE id = ?').get(added.payload.id)).toEqual({
      note: '会议记录四份',
    });
    expect(getRecord(store, added.payload.id)!.note).toBe('会议记录四份');
    expect(verifyStore(store)).toMatchObject({ ok: true, damage: [] });
    // A note written into a row that should have none is a projection that differs from the replay.
    store.db.prepare("UPDATE records SET note = '改写' WHERE note IS NULL AND method = 'visit'").run();
    expect(verifyStore(store).damage.map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('records')]),
    );
    store.close();
  });

  it('a record without its record.added event stops the migration: the database is left as it was', () => {
    const { file, inspection } = oldDatabase();
    const old = openStore(file, { migrations: NINE });
    old.db
      .prepare(
        "INSERT INTO records (id, inspection_id, checklist_id, item_id, method, note, actor, at, event_id) VALUES ('orphan', ?, 'zhengfa-weiyuan', 'WY-01', 'check', '无源', 'x', '2026-11-20', 'nosuchevent')",
      )
      .run(inspection.id);
    old.close();
    expect(() => openStore(file)).toThrow();
    const after = openStore(file, { migrations: NINE });
    expect((after.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(9);
    expect(after.db.prepare('SELECT count(*) AS n FROM records WHERE note IS NOT NULL').get()).toEqual({ n: 5 });
    after.close();
  });
});
