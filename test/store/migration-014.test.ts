// Migration 14: the list of every interviewee name the records have held (what shared outputs redact), kept by
// triggers. On a database made before it the list is filled from the records; afterwards every write that
// stores or corrects a record's interviewee adds to it (a name a correction replaced stays); `protect` leaves
// it sealed, with no name in clear; verify reports a name the records hold that the list lacks; and the names
// a redaction reads are the same as before the list existed.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultSuite } from '../../src/crypto/default-suite.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { amendRecord, findRecord } from '../../src/inspect/corrections.js';
import { isCiphertext } from '../../src/store/confidential.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { intervieweeNames } from '../../src/store/queries.js';
import { sealExistingData } from '../../src/store/sealed.js';
import type { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();
const THIRTEEN = MIGRATIONS.slice(0, 13);

const listed = (store: Store) =>
  (store.db.prepare('SELECT interviewee FROM interviewee_names ORDER BY interviewee').pluck().all() as string[]).sort();

function recorder(store: Store, inspectionId: string) {
  const ref = resolveItem(allItems(inspectionSnapshots(store, inspectionId)), 'WY-01');
  return (interviewee?: string, note = `谈话 ${Math.random()}`) =>
    addRecord(store, '张三', inspectionId, ref, { method: 'talk', note, interviewee }, 10).payload.id;
}

/** Every name oldDatabase() recorded, the one corrected away (王五) included: what redaction read before the list. */
const RECORDED = ['张三', '李四', '王五', '赵六'].sort();

/** A database of migration 13: names recorded, one record's name corrected (王五 → 赵六), one record without a name. */
function oldDatabase() {
  const file = tmp.dbFile();
  const old = openStore(file, { create: true, migrations: THIRTEEN, clock: steppingClock() });
  const inspection = newInspection(old);
  const add = recorder(old, inspection.id);
  add('张三');
  add('李四');
  add('张三');
  add(undefined);
  const corrected = add('王五');
  amendRecord(old, '张三', findRecord(old, corrected), { interviewee: '赵六', reason: '记错了受访人' });
  old.close();
  return { file, inspection };
}

describe('migration 14 (the list of interviewee names)', () => {
  it('is filled from the records of an older database; redaction reads the same names as before it', () => {
    const { file } = oldDatabase();
    const store = openStore(file);
    // The records' names now: 王五 was replaced before the list existed, and is found in the events as before.
    expect(listed(store)).toEqual(['张三', '李四', '赵六'].sort());
    expect(intervieweeNames(store).sort()).toEqual(RECORDED);
    expect(verifyStore(store)).toMatchObject({ ok: true, damage: [] });
    store.close();
  });

  it('grows with every record and correction written after it; a replaced name stays', () => {
    const { file, inspection } = oldDatabase();
    const store = openStore(file);
    const add = recorder(store, inspection.id);
    const id = add('孙七');
    add('张三');
    expect(listed(store)).toContain('孙七');
    amendRecord(store, '张三', findRecord(store, id), { interviewee: '周八', reason: '记错了受访人' });
    expect(listed(store)).toEqual(['张三', '李四', '赵六', '孙七', '周八'].sort());
    expect(intervieweeNames(store)).toEqual(expect.arrayContaining(['孙七', '周八', '王五']));
    // The replay of verify runs the same triggers; the list is not one of the compared projections.
    expect(verifyStore(store)).toMatchObject({ ok: true, damage: [] });
    store.close();
  });

  it('verify reports a name the records hold that the list lacks (a document would print it)', () => {
    const { file } = oldDatabase();
    const store = openStore(file);
    store.db.prepare("DELETE FROM interviewee_names WHERE interviewee = '李四'").run();
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.damage).toEqual([
      { check: 'projection', message: expect.stringContaining('受访人名单（文件中须隐去的姓名）缺少 1 个') },
    ]);
    store.close();
  });

  it('protecting the database leaves the list sealed: no name in clear, the same names opened', () => {
    const { file, inspection } = oldDatabase();
    const store = openStore(file);
    // A name a correction replaces after migration 14 is in the list only (the records no longer hold it).
    const id = recorder(store, inspection.id)('孙七');
    amendRecord(store, '张三', findRecord(store, id), { interviewee: '周八', reason: '记错了受访人' });
    const cipher = new FieldCipher((k) => defaultSuite.aead(k), { id: randomBytes(16), key: randomBytes(32) });
    store.write(() => sealExistingData(store, cipher));
    const stored = listed(store);
    // One sealed text per name (sealed deterministically): the records' four and 孙七, sealed from the list.
    expect(stored).toHaveLength(5);
    for (const text of stored) expect(isCiphertext(text)).toBe(true);
    const raw = store.db.prepare('SELECT group_concat(interviewee) FROM interviewee_names').pluck().get() as string;
    for (const name of ['张三', '李四', '赵六', '孙七', '周八']) expect(raw).not.toContain(name);
    store.useFieldCipher(() => cipher);
    expect(intervieweeNames(store).sort()).toEqual(['张三', '李四', '王五', '赵六', '孙七', '周八'].sort());
    expect(verifyStore(store)).toMatchObject({ ok: true, damage: [] });
    store.close();
  });
});
