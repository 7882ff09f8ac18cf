// The schema a database may hold: exactly the tables, indexes, triggers and views that its applied
// migrations make. Anything else — a trigger added with the sqlite3 shell that copies the private key away
// or silently drops events, a view, an altered table — is named and refused before ducha runs a single
// statement that could fire it (and `ducha verify` reports it). What the migrations make is learnt by
// running them on an empty database in memory — at build time for the program's own migrations
// (src/generated/expected-schema.js), so a new migration needs no list kept by hand.
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite.js';
import type { Migration } from './migrations/index.js';
import { EXPECTED_SCHEMA } from '../generated/expected-schema.js';

export interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string | null;
}

/** SQLite's own bookkeeping (autoindexes of keys, AUTOINCREMENT counters, ANALYZE statistics). */
const internal = (name: string) => name.startsWith('sqlite_');

/** Whitespace runs as one space: the text SQLite keeps is the text the migration gave, less nothing else. */
const normal = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, ' ').trim());

export function schemaOf(db: Database.Database): SchemaObject[] {
  return (db.prepare('SELECT type, name, tbl_name AS "table", sql FROM sqlite_master').all() as SchemaObject[]).filter(
    (o) => !internal(o.name),
  );
}

const expected = new Map<string, Map<string, SchemaObject>>();

const byId = (objects: readonly SchemaObject[]) => new Map(objects.map((o) => [`${o.type}:${o.name}`, o]));

/** The first `count` migrations, as one key (their checksums). */
export const migrationsKey = (migrations: readonly Migration[], count: number) =>
  migrations
    .slice(0, count)
    .map((m) => m.checksum)
    .join(',');

/**
 * What the first `count` migrations make, by `type:name`: the list the build wrote for the whole set
 * (scripts/gen-expected-schema.ts), else learnt by running them in memory; once per process either way.
 */
function made(migrations: readonly Migration[], count: number): Map<string, SchemaObject> {
  const key = migrationsKey(migrations, count);
  const cached = expected.get(key);
  if (cached) return cached;
  if (EXPECTED_SCHEMA.key === key) {
    const objects = byId(EXPECTED_SCHEMA.objects);
    expected.set(key, objects);
    return objects;
  }
  const scratch = sqlite(':memory:');
  try {
    scratch.pragma('trusted_schema = OFF');
    for (const m of migrations.slice(0, count)) scratch.exec(m.sql);
    const objects = byId(schemaOf(scratch));
    expected.set(key, objects);
    return objects;
  } finally {
    scratch.close();
  }
}

export interface SchemaProblem {
  kind: 'extra' | 'missing' | 'altered';
  type: string;
  name: string;
  table: string;
}

/** The differences between the file's schema and what its `applied` migrations make (none for an empty file). */
export function schemaProblems(
  db: Database.Database,
  migrations: readonly Migration[],
  applied: number,
): SchemaProblem[] {
  const actual = schemaOf(db);
  if (applied === 0)
    return actual
      .filter((o) => o.name !== 'schema_migrations')
      .map((o) => ({ kind: 'extra', type: o.type, name: o.name, table: o.table }));
  const want = made(migrations, applied);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const o of actual) {
    const id = `${o.type}:${o.name}`;
    seen.add(id);
    if (o.name === 'schema_migrations' && o.type === 'table') continue; // made by open.ts itself
    const w = want.get(id);
    if (!w) problems.push({ kind: 'extra', type: o.type, name: o.name, table: o.table });
    else if (normal(w.sql) !== normal(o.sql) || w.table !== o.table)
      problems.push({ kind: 'altered', type: o.type, name: o.name, table: o.table });
  }
  for (const [id, w] of want)
    if (!seen.has(id)) problems.push({ kind: 'missing', type: w.type, name: w.name, table: w.table });
  return problems;
}
