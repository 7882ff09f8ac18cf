// Every row of every table of a hub's database, as PostgreSQL prints it (bytea as hex): what tests search for a
// text or bytes the hub must not hold.
import { expect } from 'vitest';
import type { TestPostgres } from '../helpers/postgres.js';

export async function allRows(pg: TestPostgres, dbName: string): Promise<string> {
  const tables = await pg.sql<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_catalog = $1 AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    [dbName],
    dbName,
  );
  expect(tables.length).toBeGreaterThan(5);
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(['events', 'records', 'inbox_batches', 'interviewees']),
  );
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await pg.sql<{ row: string }>(`SELECT t::text AS row FROM "${t.schema}"."${t.name}" t`, [], dbName);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}
