// Issue 16's rules at the hub, against a real PostgreSQL: a submission — a pushed batch in the inbox or a bundle —
// is accepted only when every new event is covered by a signed head of its own device's trusted key, and its
// payloads refer to what is there; a refused one leaves nothing behind and is recorded with its reason. The
// forged batches are written by hand (test/format/second.ts, test/team/forge.ts) and signed with the real key
// of a trusted member, read out of the member's database file, then put in the inbox through the submit role
// as a push puts its batches there. Format-1 bundles are still taken under format 1's rule; one suite per hub.
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { carry, cleanup, laptop, scratch, type Laptop } from '../team/laptops.js';
import { chainIn, chained, forgeBundle1, keyOf, strangerKey, type Body, type Event } from '../team/forge.js';
import { statement, writeBundle2, type Key } from '../format/second.js';

let server: TestPostgres;
let db: string;
let admin: string;
let submit: string;
let colleague: Laptop;
let member: Laptop;
let office: Laptop;
let id: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('format2');
  admin = server.url(db);
  office = laptop('督查办');
  await office.ok('hub', 'init', admin);
  await server.sql(`CREATE ROLE f2_laptop LOGIN PASSWORD 'pw' IN ROLE ${db}_submit`);
  submit = server.url(db, 'f2_laptop', 'pw');
  colleague = laptop('李四');
  member = laptop('王五');
  id = await colleague.ok(
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
    '--team',
    '李四,王五',
    '--start',
    '2026-11-20',
  );
  await colleague.ok('record', id, 'QS-01', '--method', 'check', '--note', '登记簿齐全');
  await member.ok('team', 'trust', await colleague.ok('team', 'key'), '--name', '李四');
  await colleague.ok('team', 'trust', await member.ok('team', 'key'), '--name', '王五');
  await carry(colleague, member, id);
  await member.ok('record', id, 'QS-02', '--method', 'talk', '--note', '主任介绍情况');
  for (const l of [colleague, member])
    await office.ok('hub', 'trust', await l.ok('team', 'key'), '--name', l.name, '--hub', admin);
  await member.ok('push', '--hub', admin);
}, 120_000);

afterAll(async () => {
  cleanup();
  await server?.stop();
});

/** Rows of a hub table (0 for a table this hub does not have: the same test is tried against ducha before format 2 at the hub). */
const count = async (table: string) =>
  (await server.sql<{ t: string | null }>(`SELECT to_regclass('ducha.${table}') AS t`, [], db))[0]!.t
    ? Number((await server.sql<{ n: string }>(`SELECT count(*) AS n FROM ducha.${table}`, [], db))[0]!.n)
    : 0;
const state = async () => ({
  events: await count('events'),
  signatures: await count('signatures'),
  links: await count('links'),
  records: await count('records'),
});
const lastSubmission = async () =>
  (
    await server.sql<{ status: string; code: string; reason: string }>(
      'SELECT status, code, reason FROM ducha.submissions ORDER BY id DESC LIMIT 1',
      [],
      db,
    )
  )[0]!;

let counter = 0;
const newId = () => `01jz${String(++counter).padStart(12, '0')}`;
const record = (device: string, seq: number, itemId: string, note: string): Body => ({
  id: newId(),
  device,
  seq,
  at: `2026-11-25T09:00:${String(seq % 60).padStart(2, '0')}.000Z`,
  actor: '王五',
  type: 'record.added',
  payload: {
    id: newId(),
    inspectionId: id,
    checklistId: 'qingshi-baogao',
    itemId,
    method: 'visit',
    note,
    evidence: [],
  },
});
const asKey = (k: { publicKey: string; privateKey: string }): Key => ({
  suite: 'default',
  publicKey: k.publicKey,
  sign: (data) =>
    sign(null, data, createPrivateKey({ key: Buffer.from(k.privateKey, 'base64'), format: 'der', type: 'pkcs8' })),
});
const headOf = (key: Key, e: Event) => ({
  device: e.device,
  seq: e.seq,
  hash: e.hash,
  signature: key.sign(statement('default', e)).toString('base64'),
});

/** A batch of one event of the member's own device, under its own signed head (what its push would send). */
const ownBatch = (key: Key, device: string, e: Event) =>
  writeBundle2({
    key,
    device,
    events: [e],
    links: [],
    heads: [headOf(key, e)],
    blobs: [],
    createdAt: '2026-11-25T10:00:00.000Z',
    actor: '王五',
    inspections: [],
  });

/** A bundle/2's bytes put in the inbox as a pushed batch (what `ducha push` writes), through the submit role. */
async function submitBatch(bytes: Buffer, device: string): Promise<void> {
  let at = 15;
  const section = () => {
    const n = bytes.readUInt32BE(at);
    const part = bytes.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return part;
  };
  const manifestBytes = section();
  const signature = section();
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
    links: { bytes: number };
    events: { bytes: number };
  };
  const links = bytes.subarray(at, at + manifest.links.bytes).toString('utf8');
  const events = bytes.subarray(at + manifest.links.bytes).toString('utf8');
  const c = new pg.Client({ connectionString: submit });
  await c.connect();
  try {
    // (Without links, the columns a push of ducha before this change wrote: the same batch is tried there.)
    if (links)
      await c.query(
        'INSERT INTO ducha.inbox_batches (id, device, manifest, signature, links, events) VALUES ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), device, manifestBytes, signature, links, events],
      );
    else
      await c.query(
        'INSERT INTO ducha.inbox_batches (id, device, manifest, signature, events) VALUES ($1, $2, $3, $4, $5)',
        [randomUUID(), device, manifestBytes, signature, events],
      );
  } finally {
    await c.end();
  }
}

/** The inbox drained by the office: the batch refused with `code`, its reason matching, nothing kept, hub verify clean. */
async function refusedAtHub(code: string, reason: RegExp): Promise<void> {
  const before = await state();
  const accepted = await office.run('hub', 'accept', '--hub', admin);
  expect(accepted.code, accepted.stdout + accepted.stderr).toBe(1);
  expect(await lastSubmission()).toMatchObject({ status: 'refused', code });
  expect((await lastSubmission()).reason).toMatch(reason);
  expect(await state()).toEqual(before);
  expect(await count('inbox_batches')).toBe(0);
  expect((await office.json('hub', 'verify', '--hub', admin)).problems).toEqual([]);
}

describe('events are bound to the key of their own device, at the hub as on a laptop', () => {
  it("a trusted member's pushed batch with an event under a colleague's device is refused — without a head, and with a head signed by the member's key", async () => {
    const c = keyOf(colleague.db).device;
    const m = keyOf(member.db);
    const chain = chainIn(member.db, c);
    const head = chain.events.at(-1)!;
    const forged = chained(head.hash, { ...record(c, head.seq + 1, 'QS-03', '伪造的走访记录'), actor: '李四' }, 2);
    const key = asKey(m);
    const bundle = (heads: ReturnType<typeof headOf>[]) =>
      writeBundle2({
        key,
        device: m.device,
        events: [forged],
        links: [],
        heads,
        blobs: [],
        createdAt: '2026-11-25T10:00:00.000Z',
        actor: '王五',
        inspections: [],
      });

    await submitBatch(bundle([]), m.device);
    await refusedAtHub('bundle-unsigned', new RegExp(`设备 ${c} 第 ${forged.seq} 号事件没有该设备签名的记录头覆盖`));

    // A "signed head" of the colleague's device, signed with the member's own (trusted) key.
    await submitBatch(bundle([headOf(key, forged)]), m.device);
    await refusedAtHub(
      'bundle-unsigned',
      new RegExp(`设备 ${c} 第 ${forged.seq} 号事件处的签名无法用该设备受信任的密钥验证`),
    );

    // The colleague's real work, pushed by the colleague, still goes in.
    await colleague.ok('record', id, 'QS-03', '--method', 'check', '--note', '真实的查阅记录');
    await colleague.ok('push', '--hub', admin);
    expect(
      (
        await server.sql<{ n: string }>("SELECT count(*) AS n FROM ducha.records WHERE note = '真实的查阅记录'", [], db)
      )[0]!.n,
    ).toBe('1');
  }, 60_000);

  it("a format-1 bundle is still taken under format 1's rule (its exporter's own events); relaying a colleague's event in one is refused", async () => {
    // A device of ducha 0.1: format-1 events, a format-1 bundle signed with its key, registered on the hub.
    const old = strangerKey('d0000000f0001');
    await office.ok('hub', 'trust', `ducha-key ${old.device} ${old.publicKey}`, '--name', '旧版', '--hub', admin);
    const sqlite = new Database(colleague.db, { readonly: true });
    const adopted = sqlite
      .prepare('SELECT checklist_id AS id, version, sha256 FROM inspection_checklists WHERE inspection_id = ?')
      .get(id) as { id: string; version: string; sha256: string };
    const snapshot = Buffer.concat(
      (
        sqlite.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').all(adopted.sha256) as Array<{
          data: Buffer;
        }>
      ).map((r) => r.data),
    );
    sqlite.close();
    const created = chained('0'.repeat(64), {
      id: newId(),
      device: old.device,
      seq: 1,
      at: '2026-11-20T09:00:00.000Z',
      actor: '赵六',
      type: 'inspection.created',
      payload: {
        inspection: {
          id: 'f1a2b3',
          title: '某区委政法委督查',
          unit: '某区委政法委',
          unitKind: 'plac',
          team: ['赵六'],
          start: '2026-11-20',
        },
        checklists: [adopted],
      },
    });
    const added = chained(created.hash, {
      ...record(old.device, 2, 'QS-01', '旧版的记录'),
      payload: {
        id: newId(),
        inspectionId: 'f1a2b3',
        checklistId: 'qingshi-baogao',
        itemId: 'QS-01',
        method: 'check',
        note: '旧版的记录',
        evidence: [],
      },
    });
    const file = join(scratch(), 'old.ducha');
    forgeBundle1(file, old, [created, added], {
      blobs: [snapshot],
      inspections: [{ id: 'f1a2b3', title: '某区委政法委督查', unit: '某区委政法委' }],
    });
    const before = await count('events');
    await office.ok('hub', 'import', file, '--hub', admin);
    expect(await count('events')).toBe(before + 2);
    expect((await office.json('hub', 'verify', '--hub', admin)).problems).toEqual([]);

    // The member relays, in a format-1 bundle signed with the member's key, an event under the colleague's device.
    const c = keyOf(colleague.db).device;
    const chain = chainIn(colleague.db, c);
    const forged = chained(
      chain.events.at(-1)!.hash,
      { ...record(c, chain.events.at(-1)!.seq + 1, 'QS-04', '伪造的记录'), actor: '李四' },
      1,
    );
    const relay = join(scratch(), 'relay.ducha');
    forgeBundle1(relay, keyOf(member.db), [forged]);
    const stateBefore = await state();
    const refused = await office.run('hub', 'import', relay, '--hub', admin);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`设备 ${c} 第 ${forged.seq} 号事件没有该设备签名的记录头覆盖`));
    expect(await lastSubmission()).toMatchObject({ status: 'refused', code: 'bundle-unsigned' });
    expect(await state()).toEqual(stateBefore);
  }, 60_000);
});

describe('payloads refer to what is there', () => {
  it("a member's own signed event naming an item its inspection's checklist lacks is refused; the same naming a real item is accepted", async () => {
    const m = keyOf(member.db);
    const key = asKey(m);
    const chain = chainIn(member.db, m.device);
    const head = chain.events.at(-1)!;
    const bad = chained(head.hash, record(m.device, head.seq + 1, 'QS-99', '不存在的事项'), 2);
    const batch = (e: Event) => ownBatch(key, m.device, e);
    await submitBatch(batch(bad), m.device);
    await refusedAtHub('bundle-reference', /QS-99/);

    const good = chained(head.hash, record(m.device, head.seq + 1, 'QS-05', '真实的事项'), 2);
    await submitBatch(batch(good), m.device);
    const accepted = await office.run('hub', 'accept', '--hub', admin);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(await lastSubmission()).toMatchObject({ status: 'accepted' });
    const [kept] = await server.sql<{ hash: string }>(
      'SELECT hash FROM ducha.signatures WHERE device = $1 AND seq = $2',
      [m.device, good.seq],
      db,
    );
    expect(kept?.hash).toBe(good.hash);
  }, 60_000);
});

describe('a new record may not reuse an id (records.imported, docs/format.md §21)', () => {
  it("a member's signed import naming a record id the hub holds, or one id twice, is refused; a good one is accepted", async () => {
    const m = keyOf(member.db);
    const key = asKey(m);
    // The member's newest event at the hub (the test above had one accepted that its laptop does not hold).
    const [head] = await server.sql<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM ducha.events WHERE device = $1 ORDER BY seq DESC LIMIT 1',
      [m.device],
      db,
    );
    const [held] = await server.sql<{ id: string }>('SELECT id FROM ducha.records LIMIT 1', [], db);
    const imported = (ids: string[]): Body => ({
      id: newId(),
      device: m.device,
      seq: Number(head!.seq) + 1,
      at: '2026-11-25T09:30:00.000Z',
      actor: '王五',
      type: 'records.imported',
      payload: {
        inspectionId: id,
        records: ids.map((r, i) => ({
          id: r,
          checklistId: 'qingshi-baogao',
          itemId: 'QS-05',
          method: 'check',
          note: `导入的第 ${i} 条`,
        })),
      },
    });
    const batch = (e: Event) => ownBatch(key, m.device, e);
    await submitBatch(batch(chained(head!.hash, imported([newId(), held!.id]), 2)), m.device);
    await refusedAtHub('bundle-reference', new RegExp(`records\\[1\\]\\.id.*${held!.id}`));
    const twice = newId();
    await submitBatch(batch(chained(head!.hash, imported([twice, newId(), twice]), 2)), m.device);
    await refusedAtHub('bundle-reference', new RegExp(`records\\[2\\]\\.id.*${twice}`));

    const before = await count('records');
    await submitBatch(batch(chained(head!.hash, imported([newId(), newId()]), 2)), m.device);
    const accepted = await office.run('hub', 'accept', '--hub', admin);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(await count('records')).toBe(before + 2);
  }, 60_000);
});

describe('pull checks what the hub hands back', () => {
  it("an event altered in the hub's PostgreSQL, its hash recomputed, is refused by pull: no signed head of its device covers it", async () => {
    // A third member holds the inspection (the colleague's bundle) and pulls the rest from the hub.
    const third = laptop('赵六');
    await third.ok('team', 'trust', await colleague.ok('team', 'key'), '--name', '李四');
    await carry(colleague, third, id);
    await colleague.ok('record', id, 'QS-06', '--method', 'check', '--note', '原始记录');
    await colleague.ok('push', '--hub', admin);
    const [row] = await server.sql<Record<string, string>>(
      "SELECT id, device, seq, at, actor, type, payload, prev_hash, hash FROM ducha.events WHERE payload LIKE '%原始记录%'",
      [],
      db,
    );
    const body: Body = {
      id: row!.id!,
      device: row!.device!,
      seq: Number(row!.seq),
      at: row!.at!,
      actor: row!.actor!,
      type: row!.type!,
      payload: JSON.parse(row!.payload!.replace('原始记录', '篡改记录')),
    };
    const altered = chained(row!.prev_hash!, body, 2);
    const set = async (payload: string, hash: string) =>
      server.sql(
        `ALTER TABLE ducha.events DISABLE TRIGGER events_append_only; UPDATE ducha.events SET payload = $$${payload}$$, hash = '${hash}' WHERE device = '${row!.device}' AND seq = ${row!.seq}; ALTER TABLE ducha.events ENABLE TRIGGER events_append_only`,
        [],
        db,
      );
    await set(JSON.stringify(altered.payload), altered.hash);
    try {
      const pulled = await third.run('pull', '--hub', submit);
      expect(pulled.code, pulled.stdout).toBe(2);
      expect(pulled.stderr).toMatch(
        new RegExp(`设备 ${row!.device} 签名的第 ${row!.seq} 号事件与包中及本数据库中的记录不符`),
      );
      expect(pulled.stderr).not.toMatch(/\n\s+at /);
      const sqlite = new Database(third.db, { readonly: true });
      expect(sqlite.prepare("SELECT count(*) AS n FROM events WHERE payload LIKE '%篡改记录%'").get()).toEqual({
        n: 0,
      });
      sqlite.close();
    } finally {
      await set(row!.payload!, row!.hash!);
    }
    // As the hub holds it again, pull takes it (its signed head checked with the colleague's key) and the
    // member's events (checked with the key the hub trusts for the member, whom this laptop has not trusted).
    expect((await third.json('pull', '--hub', submit)).newEvents).toBeGreaterThan(1);
    const v = await third.run('verify');
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 60_000);
});

describe('hub verify checks the signed heads it keeps', () => {
  it("a signature altered behind ducha's back, and one whose event is not the one stored there, are found", async () => {
    expect((await office.json('hub', 'verify', '--hub', admin)).problems).toEqual([]);
    const [row] = await server.sql<{ device: string; seq: string; signature: string }>(
      'SELECT device, seq, signature FROM ducha.signatures ORDER BY device, seq LIMIT 1',
      [],
      db,
    );
    const flipped = Buffer.from(row!.signature, 'base64');
    flipped[0] ^= 1;
    const edit = async (sql: string, params: unknown[]) =>
      server.sql(
        `ALTER TABLE ducha.signatures DISABLE TRIGGER signatures_append_only; ${sql}; ALTER TABLE ducha.signatures ENABLE TRIGGER signatures_append_only`.replace(
          /\$(\d)/g,
          (_, n) => `'${params[Number(n) - 1]}'`,
        ),
        [],
        db,
      );
    await edit('UPDATE ducha.signatures SET signature = $1 WHERE device = $2 AND seq = $3', [
      flipped.toString('base64'),
      row!.device,
      row!.seq,
    ]);
    const broken = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).data.problems).toEqual([
      { kind: 'signature', detail: `${row!.device}/${row!.seq}` },
    ]);
    await edit('UPDATE ducha.signatures SET signature = $1, hash = $2 WHERE device = $3 AND seq = $4', [
      row!.signature,
      'f'.repeat(64),
      row!.device,
      row!.seq,
    ]);
    const moved = JSON.parse((await office.run('hub', 'verify', '--hub', admin, '--json')).stdout).data.problems;
    expect(moved).toEqual(expect.arrayContaining([{ kind: 'signedHead', detail: `${row!.device}/${row!.seq}` }]));
    expect((await office.run('hub', 'verify', '--hub', admin)).stdout).toContain('与该位置存放的事件不符');
  }, 60_000);
});

describe('one suite per hub', () => {
  it('a 国密 laptop is refused by a default hub with a clear message; a hub made with --suite gm takes it, signed heads and all', async () => {
    const gm = laptop('国密组');
    const gid = await gm.ok(
      'inspection',
      'new',
      '--suite',
      'gm',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某市委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '国密组',
      '--start',
      '2026-11-20',
    );
    await gm.ok('record', gid, 'QS-01', '--method', 'check', '--note', '国密记录');
    const key = await gm.ok('team', 'key');
    const trusted = await office.run('hub', 'trust', key, '--name', '国密组', '--hub', admin);
    expect(trusted.code).toBe(2);
    expect(trusted.stderr).toContain('国密算法套件');
    const before = await count('events');
    const pushed = await gm.run('push', '--hub', admin);
    expect(pushed.code).toBe(2);
    expect(pushed.stderr).toContain(
      '本机数据库用的是国密算法套件（SM3、SM2、SM4）套件，汇总库用的是默认算法套件（SHA-256、Ed25519）套件',
    );
    expect(pushed.stderr).not.toMatch(/\n\s+at /);
    expect(await count('events')).toBe(before);

    const gdb = await server.createDatabase('gmhub');
    const url = server.url(gdb);
    expect(await office.ok('hub', 'init', url, '--suite', 'gm')).toContain('国密算法套件');
    await office.ok('hub', 'trust', key, '--name', '国密组', '--hub', url);
    expect((await gm.json('push', '--hub', url)).events).toBe(2);
    const verified = await office.json('hub', 'verify', '--hub', url);
    expect(verified).toMatchObject({ events: 2, problems: [], signatures: 1 }); // one batch, covered by its newest head
    // A default-suite laptop at the 国密 hub: refused the same way; and the suite cannot be changed later.
    expect((await member.run('push', '--hub', url)).stderr).toContain('汇总库用的是国密算法套件');
    const again = await office.run('hub', 'init', url, '--suite', 'default');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('不能改为');
  }, 90_000);
});
