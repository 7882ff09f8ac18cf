// The 国密 suite end to end through the CLI: chosen when a database is made (--suite, DUCHA_SUITE, the `suite`
// setting, or an import's bundle on a fresh laptop), recorded in it, fixed after; SM3 chains and SM2 signed
// heads between laptops, verified; a team uses one suite — a bundle or a key of the other is refused.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { carry, cleanup, dbDigest, laptop, scratch, type Laptop } from './laptops.js';

afterAll(cleanup);

const digest = dbDigest; // checkpointed first: see laptops.ts
const suiteOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'suite'").get() as { value: string }).value;
  } finally {
    db.close();
  }
};
const inspection = (l: Laptop, ...extra: string[]) =>
  l.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--team',
    '张三,李四',
    '--start',
    '2026-11-20',
    ...extra,
  );

describe('the 国密 suite', () => {
  it('inspection new --suite gm makes a 国密 database: SM2 key, SM3 chain, SM2 signed heads; two such laptops exchange and verify', async () => {
    const a = laptop('张三');
    const b = laptop('李四');
    const id = await inspection(a, '--suite', 'gm');
    expect(suiteOf(a.db)).toBe('gm');
    const key = await a.ok('team', 'key');
    expect(key).toMatch(/^ducha-key d[0-9a-f]{12} MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE/); // SPKI of an SM2 point
    await a.ok('record', id, 'WY-01', '--method', 'check', '--note', '名册齐全');
    await b.ok('team', 'key', '--suite', 'gm');
    await b.ok('team', 'trust', key, '--name', '张三');
    await a.ok('team', 'trust', await b.ok('team', 'key'), '--name', '李四');
    await carry(a, b, id);
    await b.ok('record', id, 'WY-09', '--method', 'talk', '--note', '每月调度');
    const summary = JSON.parse(await carry(b, a, id, '--json')).data;
    expect(summary.newEvents).toBe(1);
    for (const l of [a, b]) {
      const v = JSON.parse((await l.run('verify', '--json')).stdout).data;
      expect(v).toMatchObject({ ok: true, suite: 'gm', events: 3, devices: 2 });
    }
    // The hashes are SM3's: the newest event's hash is H(prevHash ‖ H(body)) with SM3.
    const db = new Database(a.db, { readonly: true });
    const row = db.prepare('SELECT * FROM events ORDER BY seq_no DESC LIMIT 1').get() as Record<
      string,
      string | number
    >;
    db.close();
    const body = `{"actor":${JSON.stringify(row.actor)},"at":"${row.at}","device":"${row.device}","id":"${row.id}","payload":${row.payload},"seq":${row.seq},"type":"${row.type}"}`;
    const sm3 = (s: string) => createHash('sm3').update(s).digest('hex');
    expect(row.hash).toBe(sm3(String(row.prev_hash) + sm3(body)));
  }, 60_000);

  it('the suite is chosen once: --suite on an existing database of the other suite is refused; DUCHA_SUITE and the setting choose at creation', async () => {
    const a = laptop('张三');
    await inspection(a);
    expect(suiteOf(a.db)).toBe('default');
    const r = await a.run(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      'x',
      '--unit-kind',
      'township',
      '--suite',
      'gm',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/已使用默认算法套件（SHA-256、Ed25519）；密码套件只能在创建数据库时选择/);
    const e = laptop('王五');
    e.env.DUCHA_SUITE = 'gm';
    await e.ok('team', 'key');
    expect(suiteOf(e.db)).toBe('gm');
    const c = laptop('赵六');
    await c.ok('config', 'set', 'suite', 'gm');
    await inspection(c);
    expect(suiteOf(c.db)).toBe('gm');
    const bad = await c.run('config', 'set', 'suite', 'sm9');
    expect(bad.code).toBe(2);
  }, 60_000);

  it('a team uses one suite: a bundle or a key of the other suite is refused, the database unchanged; a fresh laptop takes the suite of the bundle it imports', async () => {
    const gm = laptop('张三');
    const id = await inspection(gm, '--suite', 'gm');
    const plain = laptop('李四');
    const pid = await inspection(plain);
    const gmFile = join(scratch(), 'gm.ducha');
    const plainFile = join(scratch(), 'plain.ducha');
    await gm.ok('export', id, '-o', gmFile);
    await plain.ok('export', pid, '-o', plainFile);
    for (const [to, file, words] of [
      [
        plain,
        gmFile,
        /数据包 .+ 使用国密算法套件（SM3、SM2、SM4），本数据库使用默认算法套件（SHA-256、Ed25519）：一个督查组只能使用一种密码套件/,
      ],
      [gm, plainFile, /使用默认算法套件（SHA-256、Ed25519），本数据库使用国密算法套件/],
      [gm, join(process.cwd(), 'test', 'fixtures', 'format1', 'member.ducha'), /使用默认算法套件/],
    ] as Array<[Laptop, string, RegExp]>) {
      const before = digest(to.db);
      const r = await to.run('import', file, '--trust');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(words);
      expect(digest(to.db)).toBe(before);
    }
    const t = await gm.run('team', 'trust', await plain.ok('team', 'key'), '--name', '李四');
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/的密钥属于默认算法套件（SHA-256、Ed25519），本数据库使用国密算法套件/);

    const fresh = laptop('王五');
    await fresh.ok('import', gmFile, '--trust', '--name', '张三');
    expect(suiteOf(fresh.db)).toBe('gm');
    expect((await fresh.run('verify')).code).toBe(0);
  }, 60_000);
});
