// Migration 8 on a database with history: records, conclusions and problems made under migration 7 keep
// everything, start neither withdrawn nor with a feedback date, can be corrected at once, and verify.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { conclude } from '../../src/inspect/recording.js';
import { findRecord, withdrawRecord } from '../../src/inspect/corrections.js';
import { createProblems, proposals } from '../../src/problems/problems.js';
import { getInspection, itemStats } from '../../src/store/queries.js';
import { verifyStore } from '../../src/store/verify.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection } from '../helpers/store.js';
import { scratch } from '../helpers/scratch.js';
import { addOldRecord } from './old-records.js';

setLang('zh');
const tmp = scratch();

describe('migration 8 (corrections)', () => {
  it('upgrades a database of migration 7 with records, conclusions and problems; they can be corrected and it verifies', () => {
    const file = tmp.dbFile();
    const old = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 7) });
    const inspection = newInspection(old);
    const ref = resolveItem(allItems(inspectionSnapshots(old, inspection.id)), 'WY-01');
    // As ducha wrote records then (today's projection code writes migration 10's columns).
    const item = { inspectionId: inspection.id, checklistId: 'zhengfa-weiyuan', itemId: 'WY-01' };
    const record = addOldRecord(old, '张三', { ...item, method: 'check', note: '名册' });
    addOldRecord(old, '张三', { ...item, method: 'visit', note: '走访' });
    conclude(old, '张三', inspection.id, ref, { result: 'partial', note: '兼职过多' });
    createProblems(
      old,
      '张三',
      inspection.id,
      proposals(old, inspection).map((p) => p.fields),
    );
    old.close();
    const store = openStore(file);
    expect((store.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      MIGRATIONS.at(-1)!.version,
    );
    expect(store.db.prepare('SELECT withdrawn FROM records WHERE id = ?').get(record)).toEqual({ withdrawn: 0 });
    expect(getInspection(store.db, inspection.id)).toMatchObject({ feedbackDate: null, rectifyDays: null });
    expect(verifyStore(store).ok).toBe(true);
    withdrawRecord(store, '张三', findRecord(store, record), '重复');
    expect(itemStats(store.db, inspection.id).get('zhengfa-weiyuan/WY-01')).toMatchObject({ check: 0, visit: 1 });
    expect(verifyStore(store).ok).toBe(true);
    store.close();
  });
});
