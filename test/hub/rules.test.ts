// The hub's guarantees, against a real PostgreSQL: least-privileged roles (the submit role can only put
// batches in the inbox and ask what it must; the read role reads projections and views, never raw
// records, the inbox or blobs; history is append-only), the schema refused when newer or altered, the same
// acceptance as `ducha import` (an untrusted signer, a fork, a tampered bundle are refused and recorded;
// the same events twice are stored once), and a PostgreSQL restart in the middle of a push losing and
// doubling nothing.
import { dirname, join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, type Laptop } from '../team/laptops.js';
import { openStore } from '../../src/store/open.js';
import { connectHub } from '../../src/hub/connect.js';
import { pushToHub } from '../../src/hub/push.js';
import { drainInbox } from '../../src/hub/inbox.js';

let server: TestPostgres;
let db: string;
let admin: string;
let submit: string;
let read: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('rules');
  admin = server.url(db);
  await laptop('督查办').ok('hub', 'init', admin);
  await server.sql(`CREATE ROLE r_laptop LOGIN PASSWORD 'pw' IN ROLE ${db}_submit`);
  await server.sql(`CREATE ROLE r_reader LOGIN PASSWORD 'pw' IN ROLE ${db}_read`);
  submit = server.url(db, 'r_laptop', 'pw');
  read = server.url(db, 'r_reader', 'pw');
});

afterAll(async () => {
  cleanup();
  await server?.stop();
});

async function as<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const denied = async (url: string, sql: string) =>
  as(
    url,
    async (c) =>
      (await c.query(sql).then(
        () => 'allowed',
        (e: { code?: string }) => e.code,
      )) as string,
  );

async function team(name: string): Promise<{ l: Laptop; id: string }> {
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
  for (let i = 0; i < 12; i++) await l.ok('record', id, 'QS-01', '--method', 'check', '--note', `第 ${i + 1} 份材料`);
  await laptop('督查办').ok('hub', 'trust', await l.ok('team', 'key'), '--name', name, '--hub', admin);
  return { l, id };
}

const count = async (sql: string) => Number((await server.sql<{ n: string }>(sql, [], db))[0]!.n);

describe('roles', () => {
  it('the submit role can only fill the inbox and ask; it reads and alters nothing', async () => {
    for (const sql of [
      'SELECT * FROM ducha.events',
      'SELECT * FROM ducha.records',
      'SELECT * FROM ducha.inbox_events',
      'SELECT * FROM ducha.devices',
      'DELETE FROM ducha.inbox_batches',
      "INSERT INTO ducha.events (id) VALUES ('x')",
      "INSERT INTO ducha.devices (device, public_key, name) VALUES ('d000000000000', 'k', 'n')",
      "SELECT ducha.problem_field('a', 'b', 'c')",
    ]) {
      expect(await denied(submit, sql), sql).toBe('42501');
    }
    expect(await denied(submit, "SELECT * FROM ducha.submit_heads(ARRAY['d000000000000'])")).toBe('allowed');
  });

  it('the read role reads projections and views, not raw events, the inbox or blobs, and writes nothing', async () => {
    for (const sql of [
      'SELECT * FROM ducha.events',
      'SELECT * FROM ducha.inbox_events',
      'SELECT * FROM ducha.blob_chunks',
      'DELETE FROM ducha.inspections',
      "SELECT * FROM ducha.submit_heads(ARRAY['x'])",
      "INSERT INTO ducha.inbox_batches (id, device, manifest, signature) VALUES (gen_random_uuid(), 'd', '', '')",
    ]) {
      expect(await denied(read, sql), sql).toBe('42501');
    }
    for (const view of [
      'progress_by_team',
      'problems_by_article',
      'closure_rate',
      'overdue_by_unit',
      'decision_events',
      'inspections',
    ])
      expect(await denied(read, `SELECT * FROM ducha.${view}`), view).toBe('allowed');
  });

  it('history is append-only, even for the owner', async () => {
    const { l } = await team('王五');
    await l.ok('push', '--hub', admin);
    expect(await count('SELECT count(*) AS n FROM ducha.events')).toBeGreaterThan(0);
    for (const sql of [
      'UPDATE ducha.events SET actor = $$x$$',
      'DELETE FROM ducha.events',
      'TRUNCATE ducha.events CASCADE',
    ]) {
      await expect(server.sql(sql, [], db), sql).rejects.toThrow(/append-only/);
    }
  });

  it('a schema altered or newer than this ducha is refused', async () => {
    const other = await server.createDatabase('altered');
    await laptop('督查办').ok('hub', 'init', server.url(other));
    await server.sql(
      "INSERT INTO ducha.schema_migrations (version, name, checksum) VALUES (99, 'future', 'y')",
      [],
      other,
    );
    const newer = await laptop('督查办').run('hub', 'init', server.url(other));
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('比本程序新');
    await server.sql('DELETE FROM ducha.schema_migrations WHERE version = 99', [], other);
    await server.sql("UPDATE ducha.schema_migrations SET checksum = 'x' WHERE version = 1", [], other);
    const altered = await laptop('督查办').run('hub', 'list', '--hub', server.url(other));
    expect(altered.code).toBe(2);
    expect(altered.stderr).toContain('第 1 号结构迁移与本程序的不一致');
  });
});

describe('acceptance, as ducha import accepts', () => {
  it('refuses an untrusted signer, a tampered bundle and a fork, and records why; the same events twice are stored once', async () => {
    const { l, id } = await team('赵六');
    const file = join(scratch(), 'z.ducha');
    await l.ok('export', id, '-o', file);
    const office = laptop('督查办');
    const before = await count('SELECT count(*) AS n FROM ducha.events');
    await office.ok('hub', 'import', file, '--hub', admin);
    const stored = await count('SELECT count(*) AS n FROM ducha.events');
    expect(stored - before).toBe(13);
    // Again, as a bundle and as a push: nothing new.
    await office.ok('hub', 'import', file, '--hub', admin);
    expect((await l.json('push', '--hub', admin)).events).toBe(0);
    expect(await count('SELECT count(*) AS n FROM ducha.events')).toBe(stored);

    // One byte changed in an event: refused, recorded, nothing stored.
    const bytes = readFileSync(file);
    const at = bytes.lastIndexOf(Buffer.from('第 3 份材料'));
    const tampered = join(scratch(), 'tampered.ducha');
    writeFileSync(
      tampered,
      Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from('第 4 份材料'),
        bytes.subarray(at + Buffer.byteLength('第 4 份材料')),
      ]),
    );
    const refused = await office.run('hub', 'import', tampered, '--hub', admin);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('第 4 号事件与其哈希不符');
    // The hub keeps the refusal's reason naming the file, not this computer's folders.
    const kept = await server.sql<{ reason: string }>(
      "SELECT reason FROM ducha.submissions WHERE status = 'refused' ORDER BY id DESC LIMIT 1",
      [],
      db,
    );
    expect(kept[0]!.reason).toContain('tampered.ducha');
    expect(kept[0]!.reason).not.toContain(dirname(tampered));

    // A copy of the database that keeps writing: its push forks the chain and is refused.
    const copy = laptop('赵六副本');
    const { copyFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(copy.home, 'data'), { recursive: true });
    copyFileSync(l.db, copy.db);
    await l.ok('record', id, 'QS-02', '--method', 'check', '--note', '原本');
    await copy.ok('record', id, 'QS-02', '--method', 'check', '--note', '副本');
    await l.ok('push', '--hub', admin);
    const forked = await copy.json('push', '--hub', admin).catch(() => undefined);
    expect(forked).toBeUndefined();
    const last = await server.sql<{ status: string; code: string; reason: string }>(
      'SELECT status, code, reason FROM ducha.submissions ORDER BY id DESC LIMIT 1',
      [],
      db,
    );
    expect(last[0]).toMatchObject({ status: 'refused', code: 'bundle-fork' });
    expect(last[0]!.reason).toContain('分叉');

    // A bundle from a device the hub never registered.
    const stranger = laptop('陌生人');
    const sid = await stranger.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某单位',
      '--unit-kind',
      'plac',
      '--team',
      '陌生人',
      '--start',
      '2026-03-02',
    );
    const sfile = join(scratch(), 's.ducha');
    await stranger.ok('export', sid, '-o', sfile);
    const untrusted = await office.run('hub', 'import', sfile, '--hub', admin);
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toContain('未信任的设备');
    const statuses = await server.sql<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM ducha.submissions GROUP BY status ORDER BY status',
      [],
      db,
    );
    expect(statuses.find((s) => s.status === 'refused')!.n).toBe('3');

    // What was stored checks out; an edit behind ducha's back (a superuser disabling the trigger) is found.
    expect((await office.json('hub', 'verify', '--hub', admin)).problems).toEqual([]);
    await server.sql(
      "ALTER TABLE ducha.events DISABLE TRIGGER events_append_only; UPDATE ducha.events SET actor = '冒名' WHERE seq = 2; ALTER TABLE ducha.events ENABLE TRIGGER events_append_only",
      [],
      db,
    );
    const damaged = await office.run('hub', 'verify', '--hub', admin);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toContain('与其哈希不符');
  });
});

describe("references, as the laptop's foreign keys hold them", () => {
  it('refuses a batch whose records refer to an inspection the hub lacks, and keeps none of it', async () => {
    const { l, id } = await team('孙九');
    // A copy of the laptop that lost the event creating the inspection: its records refer to nothing the hub holds.
    const copy = laptop('孙九副本');
    const { copyFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(copy.home, 'data'), { recursive: true });
    copyFileSync(l.db, copy.db);
    const Database = (await import('better-sqlite3')).default;
    const sqlite = new Database(copy.db);
    sqlite.prepare("DELETE FROM events WHERE type = 'inspection.created'").run();
    sqlite.close();
    const before = await count('SELECT count(*) AS n FROM ducha.events');
    const pushed = await copy.run('push', '--hub', admin, '--json');
    expect(pushed.code).toBe(1);
    const [decision] = JSON.parse(pushed.stdout).data.decisions;
    expect(decision).toMatchObject({ status: 'refused', code: 'bundle-reference' });
    expect(decision.reason).toContain(`督查 ${id}`);
    expect(await count('SELECT count(*) AS n FROM ducha.events')).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM ducha.records WHERE inspection_id = '${id}'`)).toBe(0);
  });

  // Events and records travel by COPY as UTF-8 (src/hub/copy.ts): text that cannot travel as it was signed is
  // refused with the batch, never stored altered (a lone surrogate would otherwise become U+FFFD).
  it('refuses a batch with text PostgreSQL cannot hold as signed (U+0000, a lone surrogate), and keeps none of it', async () => {
    const cases = [
      // U+0000 in the signer's name: PostgreSQL refuses it in the events' COPY.
      { name: '周十', actor: '周\u0000十', note: '材料齐全', code: 'bundle-format', reason: '0x00' },
      // A lone surrogate in the signer's name: the laptop's own file stores it as U+FFFD, so the line read from
      // it no longer matches its hash.
      { name: '吴十一', actor: '吴\ud800十一', note: '材料齐全', code: 'bundle-hash', reason: '哈希不符' },
      // A lone surrogate in a note: the event carries it escaped (its hash holds), the record's row cannot.
      {
        name: '郑十二',
        actor: '郑十二',
        note: '材料\udc00齐全',
        code: 'bundle-format',
        reason: '不成对的 UTF-16 代理项',
      },
    ];
    for (const c of cases) {
      const { l, id } = await team(c.name);
      const store = openStore(l.db);
      try {
        const { checklist } = store.db.prepare('SELECT checklist_id AS checklist FROM records LIMIT 1').get() as {
          checklist: string;
        };
        store.write(() =>
          store.append(c.actor, 'record.added', {
            id: store.newId(),
            inspectionId: id,
            checklistId: checklist,
            itemId: 'QS-01',
            method: 'check',
            note: c.note,
            evidence: [],
          }),
        );
      } finally {
        store.close();
      }
      const before = await count('SELECT count(*) AS n FROM ducha.events');
      const pushed = await l.run('push', '--hub', admin, '--json');
      expect(pushed.code, c.name).toBe(1);
      const [decision] = JSON.parse(pushed.stdout).data.decisions;
      expect(decision, c.name).toMatchObject({ status: 'refused', code: c.code });
      expect(decision.reason, c.name).toContain(c.reason);
      expect(await count('SELECT count(*) AS n FROM ducha.events')).toBe(before);
      expect(await count(`SELECT count(*) AS n FROM ducha.records WHERE inspection_id = '${id}'`)).toBe(0);
    }
  });
});

describe('a PostgreSQL restart in the middle of a push', () => {
  for (const phase of ['written', 'committed'] as const) {
    it(`loses and doubles nothing after the retry (restart when a batch is ${phase})`, async () => {
      const { l } = await team(`钱七${phase}`);
      const store = openStore(l.db);
      try {
        const client = await connectHub(admin);
        let failed: unknown;
        try {
          // Batches of 4 events: the server restarts during the second.
          await pushToHub(store, client, {
            actor: '钱七',
            batchEvents: 4,
            onBatch: async (n, p) => (n === 2 && p === phase ? server.restart() : undefined),
          });
        } catch (error) {
          failed = error;
        } finally {
          await client.end().catch(() => undefined);
        }
        expect(failed).toBeDefined();
        const retry = await connectHub(admin);
        try {
          const r = await pushToHub(store, retry, { actor: '钱七', batchEvents: 4 });
          expect(r.decisions.every((d) => d.status === 'accepted')).toBe(true);
          await drainInbox(retry);
        } finally {
          await retry.end();
        }
        const device = store.device;
        const [row] = await server.sql<{ n: string; distinct: string; max: string }>(
          'SELECT count(*) AS n, count(DISTINCT seq) AS distinct, max(seq) AS max FROM ducha.events WHERE device = $1',
          [device],
          db,
        );
        expect(row).toEqual({ n: '13', distinct: '13', max: '13' });
      } finally {
        store.close();
      }
    });
  }
});
