// Hub migration 3: a summary over every inspection reads them newest first from the index inspections_newest,
// not by sorting them (with 20,000 inspections PostgreSQL's sort spilled to a temporary file). Checked on a
// real PostgreSQL holding 20,000 inspections, after ANALYZE; and a hub made before the migration is refused
// until `hub init` brings it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop } from '../team/laptops.js';
import { summaryInspections } from '../../src/hub/read.js';

let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  cleanup();
  await server?.stop();
});

describe('hub migration 3: the summary’s order from an index', () => {
  it('plans the summary’s inspections over 20,000 of them as one index scan, with no sort', async () => {
    const db = await server.createDatabase('order');
    await laptop('督查办').ok('hub', 'init', server.url(db));
    await server.sql(
      `INSERT INTO ducha.inspections (id, title, unit, unit_kind, team, start_date, created_at, created_by, event_id)
       SELECT 'i' || n, '某市某县委政法委贯彻落实《中国共产党政法工作条例》情况督查', '某市某县委政法委', 'plac',
              '["张三","李四"]', '2026-01-01',
              to_char(timestamp '2026-01-01' + n * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '测试员', 'e' || n
       FROM generate_series(1, 20000) AS n`,
      [],
      db,
    );
    await server.sql('ANALYZE ducha.inspections', [], db);
    const plan = (
      await server.sql<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${summaryInspections('true').replace('FROM inspections', 'FROM ducha.inspections')}`,
        [],
        db,
      )
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('inspections_newest');
    expect(plan).not.toMatch(/\bSort\b/);
  });

  it('a hub made before migration 3 is refused until hub init adds it', async () => {
    const db = await server.createDatabase('older');
    const url = server.url(db);
    const office = laptop('督查办');
    await office.ok('hub', 'init', url);
    await server.sql('DROP INDEX ducha.inspections_newest', [], db);
    await server.sql('DELETE FROM ducha.schema_migrations WHERE version = 3', [], db);
    const refused = await office.run('hub', 'list', '--hub', url, '--json');
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).problems[0].code).toBe('hub-older');
    expect((await office.json('hub', 'init', url)).applied).toEqual([3]);
    const indexes = await server.sql<{ n: string }>(
      "SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'ducha' AND indexname = 'inspections_newest'",
      [],
      db,
    );
    expect(Number(indexes[0]!.n)).toBe(1);
  });
});
