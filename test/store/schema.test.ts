// The schema a database may hold is what its migrations make (src/store/schema-check.ts): a view, an index, a
// column or a trigger added by other software, or an index dropped, is refused on open naming it, with the
// file unchanged; opened to report (ducha verify), each is listed.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, tempDbFile } from '../helpers/store.js';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

setLang('zh');
const files: string[] = [];
afterAll(() => files.forEach((f) => rmSync(dirname(f), { recursive: true, force: true })));

function made(): string {
  const file = tempDbFile();
  files.push(file);
  const store = openStore(file, { create: true });
  newInspection(store);
  store.close();
  return file;
}

describe('the schema is what the migrations make', () => {
  it('a clean database opens; its schema problems are none', () => {
    const store = openStore(made());
    expect(store.schemaProblems).toEqual([]);
    store.close();
  });

  for (const [what, sql, named] of [
    ['a view', 'CREATE VIEW peek AS SELECT value FROM meta', /多出的视图 peek（属于 peek）/],
    ['an index', 'CREATE INDEX records_by_note ON records (note)', /多出的索引 records_by_note（属于 records）/],
    ['a column', 'ALTER TABLE records ADD COLUMN extra TEXT', /被改动的表 records（属于 records）/],
    ['a dropped index', 'DROP INDEX records_by_item', /缺少的索引 records_by_item（属于 records）/],
    ['a trigger', 'CREATE TRIGGER t AFTER UPDATE ON meta BEGIN SELECT 1; END', /多出的触发器 t（属于 meta）/],
  ] as const) {
    it(`${what}: refused on open naming it, nothing changed; reported when asked`, () => {
      const file = made();
      const db = new Database(file);
      db.exec(sql);
      db.close();
      const before = readFileSync(file);
      expect(() => openStore(file)).toThrow(named);
      expect(() => openStore(file, { readonly: true, upgrade: true })).toThrow(named);
      expect(readFileSync(file).equals(before)).toBe(true);
      const store = openStore(file, { readonly: true, unknownSchema: 'report' });
      expect(store.schemaProblems.join('；')).toMatch(named);
      store.close();
    });
  }
});

describe('the schema list the build writes', () => {
  it('is what the migrations make, for exactly these migrations (so opening compares with the list, not a guess)', async () => {
    const { EXPECTED_SCHEMA } = await import('../../src/generated/expected-schema.js');
    const { MIGRATIONS } = await import('../../src/store/migrations/index.js');
    const { migrationsKey, schemaOf } = await import('../../src/store/schema-check.js');
    expect(EXPECTED_SCHEMA.key).toBe(migrationsKey(MIGRATIONS, MIGRATIONS.length));
    const scratch = new Database(':memory:');
    try {
      for (const m of MIGRATIONS) scratch.exec(m.sql);
      expect(EXPECTED_SCHEMA.objects).toEqual(schemaOf(scratch));
    } finally {
      scratch.close();
    }
  });
});
