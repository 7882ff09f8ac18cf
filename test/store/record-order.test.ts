// Records made at the same instant are listed in the order they were made (the local position), not by
// their random ids: the item card, the lead's record list and an item's records all agree.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { createInspection } from '../../src/inspect/inspections.js';
import { loadRegistry } from '../../src/checklist/registry.js';
import { recordsForItem } from '../../src/store/queries.js';
import { openStore } from '../../src/store/open.js';
import { FIXTURES, tempDir } from '../helpers/run.js';

const dir = tempDir('ducha-record-order-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('records with one timestamp keep the order they were made in, whatever their ids', () => {
  let next = 1000;
  // Ids that sort in the reverse of their creation order; one fixed instant for every write.
  const store = openStore(join(dir, 'ducha.db'), {
    create: true,
    clock: () => new Date('2026-11-20T09:00:00Z'),
    newId: () => `id${String(next--).padStart(6, '0')}`,
  });
  try {
    const registry = loadRegistry([{ dir: join(FIXTURES, 'journey'), origin: 'option' }], dir);
    const inspection = createInspection(
      store,
      '测试员',
      { unit: '某县委政法委', unitKind: 'plac', team: ['张三'], checklists: ['journey'], start: '2026-11-20' },
      registry,
    );
    const item = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'JR-01');
    for (let i = 1; i <= 5; i++)
      addRecord(store, '测试员', inspection.id, item, { method: 'check', note: `第 ${i} 次查阅` }, 10);
    const notes = recordsForItem(store, inspection.id, item.checklist.id, item.item.id).map((r) => r.note);
    expect(notes).toEqual(['第 1 次查阅', '第 2 次查阅', '第 3 次查阅', '第 4 次查阅', '第 5 次查阅']);
  } finally {
    store.close();
  }
});
