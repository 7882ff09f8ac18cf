// The hub's COPY in binary format (src/hub/copy.ts), against a real PostgreSQL: values arrive as they were
// (text in any script, empty text, integers of both sizes, nulls), across pieces; a row the table refuses
// fails the COPY with the server's error and leaves the connection usable; an abort stores nothing; text that
// UTF-8 cannot carry unchanged is refused before it is sent; the server going away mid-COPY is reported as a
// lost connection (a push then says to run it again), never as a crash of the stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { CHUNK, CopyData, CopyIn, NotUnicode, copyRows } from '../../src/hub/copy.js';
import { isConnectionLost } from '../../src/hub/connect.js';
import { Rows } from '../../src/hub/bulk.js';

let server: TestPostgres;
let db: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('copy');
});

afterAll(async () => {
  await server?.stop();
});

const TYPES = ['text', 'int', 'bigint', 'text'] as const;
const COLUMNS = 'a, b, c, d';
const rowsFor = (table: string) => new CopyData(table, COLUMNS, [...TYPES]);

/** A new table (a text, b int, c bigint, d text; a the primary key if `key`) and a connection to use it, closed after. */
async function withTable(table: string, fn: (c: pg.Client) => Promise<void>, key = false): Promise<void> {
  const c = new pg.Client({ connectionString: server.url(db) });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(`CREATE TABLE ${table} (a text${key ? ' PRIMARY KEY' : ''}, b int, c bigint, d text)`);
    await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe('COPY in binary format', () => {
  it('stores every value as it was, across pieces', async () => {
    await withTable(
      't1',
      async (c) => {
        const note = '督查组调阅卷宗 ✓ ' + 'x'.repeat(1000); // rows of ≈ 1 KB: several pieces of CHUNK bytes
        const rows = new Rows(4);
        for (let i = 0; i < 800; i++) rows.add(`r${i}`, i - 400, 2 ** 53 - 1 - i, i % 3 === 0 ? null : `${i}:${note}`);
        rows.add('', 0, 0, ''); // empty text is not null
        // The same rows encoded apart, to count the pieces they make.
        const counted = rowsFor('t1');
        counted.addRows(rows);
        counted.finish();
        const pieces: Buffer[] = [];
        counted.drainTo((piece) => pieces.push(piece));
        expect(pieces.length).toBeGreaterThan(2);
        expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * CHUNK);
        const data = rowsFor('t1');
        data.addRows(rows);
        expect(data.rows).toBe(801);
        await c.query('BEGIN');
        await copyRows(c, data);
        await c.query('COMMIT');
        const back = (await c.query('SELECT a, b, c::text AS c, d FROM t1 ORDER BY a')).rows;
        expect(back).toHaveLength(801);
        const byKey = new Map(back.map((r) => [r.a as string, r]));
        for (let i = 0; i < 800; i++)
          expect(byKey.get(`r${i}`)).toEqual({
            a: `r${i}`,
            b: i - 400,
            c: String(2 ** 53 - 1 - i),
            d: i % 3 === 0 ? null : `${i}:${note}`,
          });
        expect(byKey.get('')).toEqual({ a: '', b: 0, c: '0', d: '' });
      },
      true,
    );
  });

  it("a row the table refuses fails the COPY with the server's error; the connection goes on", async () => {
    await withTable(
      't2',
      async (c) => {
        await c.query('BEGIN');
        const data = rowsFor('t2');
        data.add(['same', 1, 1, 'one']);
        data.add(['same', 2, 2, 'two']);
        await expect(copyRows(c, data)).rejects.toMatchObject({ code: '23505' });
        await c.query('ROLLBACK');
        const nul = rowsFor('t2');
        nul.add(['nul', 1, 1, 'a\u0000b']);
        await expect(copyRows(c, nul)).rejects.toMatchObject({ code: '22021' });
        expect((await c.query('SELECT count(*)::int AS n FROM t2')).rows[0].n).toBe(0);
      },
      true,
    );
  });

  it('refuses an unpaired surrogate before sending it, naming the table and column', () => {
    const data = rowsFor('t3');
    data.add(['paired 😀', 1, 1, 'ok']);
    expect(() => data.add(['x', 1, 1, 'lone \ud83d'])).toThrow(NotUnicode);
    let error: unknown;
    try {
      data.add(['x', 1, 1, 'lone \udc00']);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: '22P02' });
    expect((error as Error).message).toContain('t3');
    expect((error as Error).message).toContain('4');
  });

  it('an abort stores none of the rows sent, and the connection goes on', async () => {
    await withTable('t4', async (c) => {
      await c.query('BEGIN');
      const data = rowsFor('t4');
      const copy = await CopyIn.start(c, data);
      for (let i = 0; i < 2000; i++) data.add([`r${i}`, i, i, 'y'.repeat(500)]); // some pieces already sent
      await copy.abort(new Error('given up'));
      await c.query('ROLLBACK');
      expect((await c.query('SELECT count(*)::int AS n FROM t4')).rows[0].n).toBe(0);
    });
  });

  it('the server going away in the middle is a lost connection, and nothing is stored', async () => {
    await withTable('t5', async (c) => {
      const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await c.query('BEGIN');
      const data = rowsFor('t5');
      const copy = await CopyIn.start(c, data);
      for (let i = 0; i < 1000; i++) data.add([`r${i}`, i, i, 'z'.repeat(500)]);
      const ended = new Promise((ok) => c.once('end', ok));
      await server.sql('SELECT pg_terminate_backend($1)', [pid]);
      // Once this side has seen the connection end, go on encoding as the acceptor would.
      await ended;
      for (let i = 0; i < 2000; i++) data.add([`s${i}`, i, i, 'z'.repeat(500)]);
      const error = await copy.close().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      expect(isConnectionLost(error), String(error)).toBe(true);
    });
    expect((await server.sql<{ n: number }>('SELECT count(*)::int AS n FROM t5', [], db))[0]!.n).toBe(0);
  });
});
