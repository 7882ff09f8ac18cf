import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => server?.stop());

it('runs a real PostgreSQL', async () => {
  const db = await server.createDatabase();
  const [row] = await server.sql<{ v: string }>('SELECT version() AS v', [], db);
  expect(row!.v).toMatch(/PostgreSQL 18/);
});
