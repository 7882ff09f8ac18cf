// Format-1 databases and bundles, made by ducha 0.1 on main (test/fixtures/format1/make.sh), under format 2:
// they open (migration 11 moves the key, records the suite, signs the existing head), verify, take new
// writes in format 2, and their bundles import. A format-1 bundle relaying another device's events is
// accepted only when that device's signed chain covers them, as §12 says.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, laptop, scratch } from '../team/laptops.js';
import { ROOT } from '../helpers/run.js';

afterAll(cleanup);

const FIXTURES = join(ROOT, 'test', 'fixtures', 'format1');
const [ID, PROBLEM] = readFileSync(join(FIXTURES, 'ids.txt'), 'utf8').trim().split(' ') as [string, string];

/** A laptop whose database is a copy of a fixture. */
function from(fixture: 'member.db' | 'lead.db', name: string) {
  const l = laptop(name);
  copyFileSync(join(FIXTURES, fixture), l.db);
  return l;
}

const meta = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [
        r.key,
        r.value,
      ]),
    );
  } finally {
    db.close();
  }
};

describe('a format-1 database', () => {
  it('opens and verifies; the key leaves meta, the suite is recorded, the old head is signed; new writes are format 2 and verify', async () => {
    const lead = from('lead.db', '张三');
    const before = meta(lead.db);
    expect(before.private_key).toBeDefined();
    const verified = await lead.run('verify');
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/完好：8 个事件，2 台设备/);
    // verify reads only; a write upgrades.
    await lead.ok('record', ID, 'WY-11', '--method', 'visit', '--note', '升级后的记录');
    const after = meta(lead.db);
    expect(after.private_key).toBeUndefined();
    expect(after.suite).toBe('default');
    expect(after.public_key).toBe(before.public_key);
    const db = new Database(lead.db, { readonly: true });
    const own = before.device!;
    const heads = db.prepare('SELECT seq FROM signatures WHERE device = ? ORDER BY seq').all(own);
    expect(heads).toEqual([{ seq: 2 }, { seq: 3 }]); // the format-1 head signed by the migration, then the new write
    expect(
      (db.prepare("SELECT protection FROM device_keys WHERE purpose = 'signing'").get() as { protection: string })
        .protection,
    ).toBe('none');
    db.close();
    const json = JSON.parse((await lead.run('verify', '--json')).stdout).data;
    expect(json).toMatchObject({ ok: true, events: 9, suite: 'default' });
    // The member's format-1 events, accepted under format 1's rule, are counted, not damage.
    expect(json.unsigned).toBe(6);
  });

  it('a history edited by hand before the upgrade is still found', async () => {
    const member = from('member.db', '李四');
    const db = new Database(member.db);
    db.prepare(
      "UPDATE events SET payload = replace(payload, '名册齐全', '名册缺失') WHERE type = 'record.added'",
    ).run();
    db.close();
    const r = await member.run('verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/第 2 号事件（.+，record\.added）的内容与其哈希不符/);
  });

  it('verified as it is (before migration 10, every note in its row): intact as made, and a note changed in its row is found', async () => {
    const member = from('member.db', '李四');
    const clean = await member.run('verify');
    expect(clean.code, clean.stdout).toBe(0);
    const db = new Database(member.db);
    const id = db.prepare('SELECT id FROM records ORDER BY id LIMIT 1').pluck().get() as string;
    db.prepare("UPDATE records SET note = note || '（改）' WHERE id = ?").run(id);
    db.close();
    const r = await member.run('verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`数据表 records 的行（${id}）的 note 与日志不符`);
    const after = new Database(member.db, { readonly: true });
    expect(after.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(9); // verify wrote nothing
    after.close();
  });
});

describe('a format-1 bundle', () => {
  it("the member's own bundle imports into a new database (the signer's own format-1 events, under format 1's rule)", async () => {
    const fresh = laptop('组长');
    const key = await from('member.db', '李四').ok('team', 'key');
    await fresh.ok('team', 'trust', key, '--name', '李四');
    const summary = JSON.parse(await fresh.ok('import', join(FIXTURES, 'member.ducha'), '--json')).data;
    expect(summary).toMatchObject({ newEvents: 6, heads: [] });
    expect((await fresh.run('verify')).code).toBe(0);
  });

  it("the lead's bundle relaying the member's format-1 events is refused where they cannot be checked, and imports once the member's own bundle has come", async () => {
    const fresh = laptop('王五');
    const lead = from('lead.db', '张三');
    const member = from('member.db', '李四');
    await fresh.ok('team', 'trust', await lead.ok('team', 'key'), '--name', '张三');
    await fresh.ok('team', 'trust', await member.ok('team', 'key'), '--name', '李四');
    const relay = join(FIXTURES, 'lead.ducha');
    const r = await fresh.run('import', relay);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/设备 d[0-9a-f]{12} 第 1 号事件没有该设备签名的记录头覆盖/);
    expect(r.stderr).toMatch(/格式 1 的历史事件只能由其设备本人导出的包导入/);
    await fresh.ok('import', join(FIXTURES, 'member.ducha'));
    const again = JSON.parse(await fresh.ok('import', relay, '--json')).data;
    expect(again.newEvents).toBe(2);
    expect((await fresh.run('verify')).code).toBe(0);
  });

  it('after the upgrade, the member exports format 2: its format-1 history travels under its bundle signature, new events under signed heads', async () => {
    const member = from('member.db', '李四');
    await member.ok('record', ID, 'WY-10', '--method', 'check', '--note', '升级后');
    const fresh = laptop('组长');
    await fresh.ok('team', 'trust', await member.ok('team', 'key'), '--name', '李四');
    const file = join(scratch(), 'member2.ducha');
    await member.ok('export', ID, '-o', file);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('DUCHA-BUNDLE/2\n');
    const summary = JSON.parse(await fresh.ok('import', file, '--json')).data;
    expect(summary.newEvents).toBe(7);
    expect(summary.heads).toHaveLength(1);
    expect((await fresh.run('verify')).code).toBe(0);
    expect(PROBLEM).toMatch(/^[0-9a-z]{6}$/);
  });
});
