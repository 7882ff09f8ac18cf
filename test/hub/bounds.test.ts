// What a push holds at once, and how a blob goes into the hub, against a real PostgreSQL: a batch ends before its
// events' lines pass the push's bound of bytes whatever the events' sizes, a push holds at most two batches (the
// one being sent and the next), and a new blob is written into the hub's tables chunk by chunk as it is checked,
// never held whole — a blob that turns out wrong leaves none of its chunks behind.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, type Laptop } from '../team/laptops.js';
import { openStore } from '../../src/store/open.js';
import { connectHub, type HubClient } from '../../src/hub/connect.js';
import { pushToHub } from '../../src/hub/push.js';
import { bundleSubmission, inTransaction } from '../../src/hub/inbox.js';
import { decide } from '../../src/hub/accept.js';
import { checkHub } from '../../src/hub/init.js';
import { BundleReader } from '../../src/team/reader.js';

let server: TestPostgres;
let db: string;
let admin: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('bounds');
  admin = server.url(db);
  await laptop('督查办').ok('hub', 'init', admin);
  await server.sql(`CREATE ROLE bounds_laptop LOGIN PASSWORD 'pw' IN ROLE ${db}_submit`);
});

afterAll(async () => {
  cleanup();
  await server?.stop();
});

async function member(name: string): Promise<{ l: Laptop; id: string }> {
  const l = laptop(name);
  const id = await l.ok(
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    `${name}的单位`,
    '--unit-kind',
    'plac',
    '--team',
    name,
    '--start',
    '2026-03-02',
  );
  await laptop('督查办').ok('hub', 'trust', await l.ok('team', 'key'), '--name', name, '--hub', admin);
  return { l, id };
}

/** A member whose inspection holds `count` records of about 36 KB each (12,000 characters of UTF-8 Chinese). */
async function withLongRecords(name: string, count: number): Promise<Laptop> {
  const { l, id } = await member(name);
  const long = '调阅材料记录'.repeat(2000);
  for (let i = 0; i < count; i++) await l.ok('record', id, 'QS-01', '--method', 'check', '--note', `${i} ${long}`);
  return l;
}

/** A member's laptop signing in with the submit role: its pushes go into the inbox. */
const submitUrl = () => server.url(db, 'bounds_laptop', 'pw');

async function withHub<T>(fn: (client: HubClient) => Promise<T>, url = admin): Promise<T> {
  const client = await connectHub(url);
  try {
    await checkHub(client);
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** How many of `device`'s events the hub stores, and at how many distinct positions. */
async function stored(device: string): Promise<{ n: string; distinct: string }> {
  const [row] = await server.sql<{ n: string; distinct: string }>(
    'SELECT count(*) AS n, count(DISTINCT seq) AS distinct FROM ducha.events WHERE device = $1',
    [device],
    db,
  );
  return row!;
}

describe('what a push holds at once', () => {
  it('ends each batch before its lines pass the bound of bytes, holds two batches at most, and stores every event once', async () => {
    const l = await withLongRecords('周一', 8); // about 290 KB of lines in all
    const bound = 100_000;
    const held: Array<{ events: number; bytes: number }> = [];
    const store = openStore(l.db);
    try {
      const local = (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      const r = await withHub((client) =>
        pushToHub(store, client, { actor: '周一', batchBytes: bound, onHeld: (h) => held.push(h) }),
      );
      expect(r.decisions.map((d) => d.status)).toEqual(Array(r.batches).fill('accepted'));
      expect(r.events).toBe(local);
      // Two records (and small events) per batch: at least four batches.
      expect(r.batches).toBeGreaterThanOrEqual(4);
      expect(held.length).toBeGreaterThan(0);
      expect(Math.max(...held.map((h) => h.bytes))).toBeLessThanOrEqual(2 * bound);
      expect(await stored(store.device)).toEqual({ n: String(local), distinct: String(local) });
    } finally {
      store.close();
    }
    expect((await laptop('督查办').json('hub', 'verify', '--hub', admin)).problems).toEqual([]);
  });
});

describe("a member's push into the inbox", () => {
  it('reads the next batch while the hub stores the one before, still holding two batches at most', async () => {
    const l = await withLongRecords('郑三', 8);
    const bound = 100_000;
    const held: Array<{ events: number; bytes: number }> = [];
    // What the push held when each batch's rows were written, before its COMMIT.
    const atWritten: Array<{ events: number; bytes: number }> = [];
    const store = openStore(l.db);
    const local = (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    try {
      const r = await withHub(
        (client) =>
          pushToHub(store, client, {
            actor: '郑三',
            batchBytes: bound,
            onHeld: (h) => held.push(h),
            onBatch: (_n, phase) => void (phase === 'written' && atWritten.push(held.at(-1)!)),
          }),
        submitUrl(),
      );
      expect(r.decisions).toEqual([]); // into the inbox: decided by the acceptor
      expect(r.events).toBe(local);
      expect(r.batches).toBeGreaterThanOrEqual(4);
      // Before the first batch was committed, the next was read already (more events held than it carries).
      const [first] = await server.sql<{ n: string }>(
        'SELECT count(*) AS n FROM ducha.inbox_events WHERE batch = (SELECT id FROM ducha.inbox_batches WHERE device = $1 ORDER BY submitted_at LIMIT 1)',
        [store.device],
        db,
      );
      expect(atWritten[0]!.events).toBeGreaterThan(Number(first!.n));
      expect(Math.max(...held.map((h) => h.bytes))).toBeLessThanOrEqual(2 * bound);
    } finally {
      store.close();
    }
    // Accepted, every event is stored once.
    await laptop('督查办').ok('hub', 'accept', '--hub', admin);
    expect(await stored(store.device)).toEqual({ n: String(local), distinct: String(local) });
    // The batch's lines waited uncompressed (hub migration 6): stored out of line as they came.
    const storage = await server.sql<{ attname: string; attstorage: string }>(
      "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'ducha.inbox_batches'::regclass AND attname IN ('events', 'links') ORDER BY attname",
      [],
      db,
    );
    expect(storage).toEqual([
      { attname: 'events', attstorage: 'e' },
      { attname: 'links', attstorage: 'e' },
    ]);
  });
});

describe('a failure while the next batch is read', () => {
  it('waits for the statement the hub is running before the rollback, and leaves nothing in the inbox', async () => {
    const l = await withLongRecords('冯四', 4);
    const store = openStore(l.db);
    try {
      // One statement at a time on the connection: how many were sent and not yet answered, at most.
      let running = 0;
      let most = 0;
      let held = 0;
      // The first call reads the first batch; the second is the read-ahead, while the hub stores that batch.
      const failing = (): void => {
        if (++held === 2) throw new Error('读取下一批时出错');
      };
      await withHub(async (client) => {
        const hub = client as unknown as { query: (...args: unknown[]) => Promise<unknown> };
        const query = hub.query.bind(client);
        hub.query = (...args) => {
          most = Math.max(most, ++running);
          return query(...args).finally(() => running--);
        };
        await expect(pushToHub(store, client, { actor: '冯四', batchBytes: 50_000, onHeld: failing })).rejects.toThrow(
          '读取下一批时出错',
        );
      }, submitUrl());
      expect(held).toBe(2);
      expect(most).toBe(1);
      const [row] = await server.sql<{ n: string }>(
        'SELECT count(*) AS n FROM ducha.inbox_batches WHERE device = $1',
        [store.device],
        db,
      );
      expect(row!.n).toBe('0');
    } finally {
      store.close();
    }
  });
});

describe('a new blob, chunk by chunk', () => {
  it('is written as each chunk is checked, and a blob whose bytes are wrong leaves no chunk behind', async () => {
    const { l, id } = await member('吴二');
    // 2.5 MiB of evidence: three chunks of 1 MiB at most.
    const video = randomBytes(5 << 19);
    const sha = createHash('sha256').update(video).digest('hex');
    const proof = join(scratch(), '现场录像.bin');
    writeFileSync(proof, video);
    await l.ok('record', id, 'QS-01', '--method', 'check', '--note', '现场录像', '--evidence', proof);
    const file = join(scratch(), '吴二.ducha');
    await l.ok('export', id, '-o', file);
    // The same bundle with the blob's last byte changed: its SHA-256 is wrong only once every chunk was read.
    const bytes = readFileSync(file);
    const at = bytes.indexOf(video.subarray(video.length - 4096));
    expect(at).toBeGreaterThan(0);
    const wrong = Buffer.from(bytes);
    wrong[at + 4095] ^= 0xff;
    const tampered = join(scratch(), '吴二-改.ducha');
    writeFileSync(tampered, wrong);

    const held = (client: HubClient) =>
      client
        .query<{ n: string }>('SELECT count(*) AS n FROM ducha.blob_chunks WHERE sha256 = $1', [sha])
        .then((r) => Number(r.rows[0]!.n));
    /** Decide a bundle file, noting before each of the blob's chunks how many of its chunks the hub holds already. */
    const decideBundle = async (client: HubClient, bundle: string) => {
      const reader = new BundleReader(bundle);
      try {
        const seen: number[] = [];
        const s = bundleSubmission(reader, bundle, 'ducha_test');
        const chunks = s.blobChunks;
        s.blobChunks = async function* (blob) {
          for await (const chunk of chunks(blob)) {
            if (blob.sha256 === sha) seen.push(await held(client));
            yield chunk;
          }
        };
        return { d: await inTransaction(client, () => decide(client, s)), seen };
      } finally {
        reader.close();
      }
    };

    await withHub(async (client) => {
      const refused = await decideBundle(client, tampered);
      expect(refused.d).toMatchObject({ status: 'refused', code: 'bundle-hash' });
      // Each chunk was written before the next was read; the refusal took them all back.
      expect(refused.seen).toEqual([0, 1, 2]);
      expect(await held(client)).toBe(0);
      const accepted = await decideBundle(client, file);
      expect(accepted.d).toMatchObject({ status: 'accepted' });
      expect(accepted.seen).toEqual([0, 1, 2]);
      const stored = await client.query<{ data: Buffer }>(
        'SELECT data FROM ducha.blob_chunks WHERE sha256 = $1 ORDER BY n',
        [sha],
      );
      expect(
        createHash('sha256')
          .update(Buffer.concat(stored.rows.map((r) => r.data)))
          .digest('hex'),
      ).toBe(sha);
    });
  });
});
