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

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: server.url(db) });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

const TYPES = ['text', 'int', 'bigint', 'text'] as const;

describe('COPY in binary format', () => {
  it('stores every value as it was, across pieces', async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE t1 (a text PRIMARY KEY, b int, c bigint, d text)');
      const note = '督查组调阅卷宗 ✓ ' + 'x'.repeat(1000); // rows of ≈ 1 KB: several pieces of CHUNK bytes
      const rows = new Rows(4);
      for (let i = 0; i < 800; i++) rows.add(`r${i}`, i - 400, 2 ** 53 - 1 - i, i % 3 === 0 ? null : `${i}:${note}`);
      rows.add('', 0, 0, ''); // empty text is not null
      const data = new CopyData('t1', [...TYPES]);
      data.addRows(rows);
      expect(data.rows).toBe(801);
      await c.query('BEGIN');
      await copyRows(c, 't1', 'a, b, c, d', data);
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
      expect(801 * 1000).toBeGreaterThan(2 * CHUNK);
    } finally {
      await c.end();
    }
  });

  it("a row the table refuses fails the COPY with the server's error; the connection goes on", async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE t2 (a text PRIMARY KEY, b int, c bigint, d text)');
      await c.query('BEGIN');
      const data = new CopyData('t2', [...TYPES]);
      data.add(['same', 1, 1, 'one']);
      data.add(['same', 2, 2, 'two']);
      await expect(copyRows(c, 't2', 'a, b, c, d', data)).rejects.toMatchObject({ code: '23505' });
      await c.query('ROLLBACK');
      const nul = new CopyData('t2', [...TYPES]);
      nul.add(['nul', 1, 1, 'a\u0000b']);
      await expect(copyRows(c, 't2', 'a, b, c, d', nul)).rejects.toMatchObject({ code: '22021' });
      expect((await c.query('SELECT count(*)::int AS n FROM t2')).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('refuses an unpaired surrogate before sending it, naming the table and column', () => {
    const data = new CopyData('t3', [...TYPES]);
    data.add(['paired 😀', 1, 1, 'ok']);
    expect(() => data.add(['x', 1, 1, 'lone \ud83d'])).toThrow(NotUnicode);
    try {
      data.add(['x', 1, 1, 'lone \udc00']);
    } catch (error) {
      expect(error).toMatchObject({ code: '22P02' });
      expect((error as Error).message).toContain('t3');
      expect((error as Error).message).toContain('4');
    }
  });

  it('an abort stores none of the rows sent, and the connection goes on', async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE t4 (a text, b int, c bigint, d text)');
      await c.query('BEGIN');
      const data = new CopyData('t4', [...TYPES]);
      const copy = await CopyIn.start(c, 't4', 'a, b, c, d', data);
      for (let i = 0; i < 2000; i++) data.add([`r${i}`, i, i, 'y'.repeat(500)]); // some pieces already sent
      await copy.abort(new Error('given up'));
      await c.query('ROLLBACK');
      expect((await c.query('SELECT count(*)::int AS n FROM t4')).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('the server going away in the middle is a lost connection, and nothing is stored', async () => {
    const c = await client();
    try {
      await c.query('CREATE TABLE t5 (a text, b int, c bigint, d text)');
      const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await c.query('BEGIN');
      const data = new CopyData('t5', [...TYPES]);
      const copy = await CopyIn.start(c, 't5', 'a, b, c, d', data);
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
    } finally {
      await c.end().catch(() => undefined);
    }
    expect((await server.sql<{ n: number }>('SELECT count(*)::int AS n FROM t5', [], db))[0]!.n).toBe(0);
  });
});
