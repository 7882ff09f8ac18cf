// What a summary reads of the conclusions (migration 15): over every inspection, the counts per item and per
// inspection from covering partial indexes, with no temporary sort, and the good practices from their own
// partial index — never a scan of conclusion_heads, whose rows carry the notes (ciphertext on a protected
// database); over some inspections, a search by inspection, never a scan of every conclusion. The answers are
// those of the table itself, conflicts (several heads) left out and good practices listed in order.
import { describe, expect, it } from 'vitest';
import { chosen, conclusionSql } from '../../src/store/summary-queries.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();
/** The summary's own scopes: every inspection (no filter), and some of them (by id). */
const EVERY = chosen({});
const SOME = chosen({ ids: ['insp00', 'insp01', 'insp02', 'insp04', 'insp05', 'insp07', 'insp10'] });

const rows = (store: Store, scope: typeof EVERY, sql: string, explain = '') =>
  store.db.prepare(`${explain}WITH chosen AS (${scope.sql}) ${sql}`).all(scope.params) as Array<
    Record<string, unknown>
  >;
const plan = (store: Store, scope: typeof EVERY, sql: string) =>
  rows(store, scope, sql, 'EXPLAIN QUERY PLAN ')
    .map((r) => String(r.detail))
    .join('\n');

/** Conclusion rows written straight into the projection: results, conflicts and good practices mixed. */
function filled(store: Store): void {
  const inspection = store.db.prepare(
    `INSERT INTO inspections (id, title, unit, unit_kind, team, start_date, created_at, created_by, event_id)
     VALUES (?, '', '某县委政法委', 'plac', '[]', '2026-11-01', '2026-11-01', '测试员', ?)`,
  );
  const head = store.db.prepare(
    `INSERT INTO conclusion_heads (inspection_id, checklist_id, item_id, heads, result, good_practice, note)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const results = ['compliant', 'partial', 'noncompliant', 'not-applicable', null];
  store.db.transaction(() => {
    for (let i = 0; i < 12; i++) {
      const id = `insp${String(i).padStart(2, '0')}`;
      inspection.run(id, `e${i}`);
      for (const checklist of ['qingshi-baogao', 'zhengfa-weiyuanhui'])
        for (let k = 0; k < 9; k++)
          head.run(
            id,
            checklist,
            `IT-${(k * 7 + i) % 9}`,
            (i + k) % 5 === 0 ? 2 : 1,
            results[(i * 3 + k) % 5],
            (i + k) % 4 === 0 ? 1 : 0,
            `${id} 第 ${k} 项的说明`,
          );
    }
  })();
}

describe('the summary reads the conclusions from migration 15’s indexes', () => {
  it('plans every count and the good practices on a partial index, with no temporary sort', () => {
    const store = openStore(tmp.dbFile(), { create: true });
    try {
      const every = conclusionSql(true);
      const perItem = plan(store, EVERY, every.perItem);
      expect(perItem).toContain('COVERING INDEX conclusion_counts_by_item');
      expect(perItem).not.toMatch(/TEMP B-TREE/);
      const perInspection = plan(store, EVERY, every.perInspection);
      expect(perInspection).toContain('COVERING INDEX conclusion_counts_by_inspection');
      expect(perInspection).not.toMatch(/TEMP B-TREE/);
      const good = plan(store, EVERY, every.goodPractices);
      expect(good).toContain('INDEX conclusion_good_practices');
      expect(good).not.toMatch(/TEMP B-TREE/);
      // Some inspections: each query searches their rows, none scans the conclusions.
      for (const [name, sql] of Object.entries(conclusionSql(false))) {
        const text = plan(store, SOME, sql);
        expect(text, name).toMatch(
          /SEARCH conclusion_heads USING (COVERING INDEX conclusion_counts_by_inspection|PRIMARY KEY|INDEX conclusion_good_practices) \(inspection_id=\?/,
        );
        expect(text, name).not.toMatch(/SCAN conclusion_heads/);
      }
    } finally {
      store.close();
    }
  });

  it('answers as the table does, and a database made before the migration gains the indexes', () => {
    const file = tmp.dbFile();
    const old = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 14) });
    filled(old);
    old.close();
    const store = openStore(file);
    try {
      const indexes = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conclusion_heads' ORDER BY name")
        .pluck()
        .all();
      expect(indexes).toEqual(
        expect.arrayContaining([
          'conclusion_counts_by_inspection',
          'conclusion_counts_by_item',
          'conclusion_good_practices',
        ]),
      );
      // Each form over each scope (the summary uses the first over every inspection, the second over some).
      for (const scope of [EVERY, SOME])
        for (const [name, sql] of [...Object.entries(conclusionSql(true)), ...Object.entries(conclusionSql(false))]) {
          // The same question of the table itself: NOT INDEXED, without the unary plus.
          const plain = sql.replace('FROM conclusion_heads', 'FROM conclusion_heads NOT INDEXED').replace('+', '');
          expect(plain, name).toContain('NOT INDEXED');
          const fromIndex = rows(store, scope, sql);
          const fromTable = rows(store, scope, plain);
          expect(fromIndex.length, name).toBeGreaterThan(3);
          // Grouped rows come in index order; compared as sets (the documents sort them themselves).
          const key = (list: unknown[]) => list.map((r) => JSON.stringify(r)).sort();
          expect(key(fromIndex), name).toEqual(key(fromTable));
          if (name === 'goodPractices') expect(fromIndex, name).toEqual(fromTable); // ORDER BY: the same order
        }
    } finally {
      store.close();
    }
  });
});
