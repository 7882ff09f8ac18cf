// Team work end to end through the CLI: three laptops converge whatever the order bundles travel in;
// tampered, truncated and foreign bundles are refused with nothing written; concurrent conclusions are
// kept as a conflict whose resolution is an event that merges cleanly elsewhere.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, dbDigest, laptop as makeLaptop, scratch, type Laptop } from './laptops.js';

// Every folder these tests make (homes, databases, bundles) is removed at the end.
afterAll(cleanup);
const tempDir = () => scratch('ducha-team-');
const laptop = (name: string) => makeLaptop(name, { spawned: true });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digest = dbDigest; // checkpointed first: see laptops.ts
const showJson = async (l: Laptop, id: string) => JSON.parse(await l.ok('inspection', 'show', id, '--json')).data;

/** The lead creates the inspection; the others receive it and trust each other's keys. */
async function team(names: string[]) {
  const laptops = names.map((n) => laptop(n));
  const [lead] = laptops;
  const id = await lead!.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--start',
    '2026-11-20',
  );
  const keys = await Promise.all(laptops.map((l) => l.ok('team', 'key')));
  for (const l of laptops)
    for (const [k, key] of keys.entries())
      if (laptops[k] !== l) await l.ok('team', 'trust', key, '--name', laptops[k]!.name);
  const bundle = join(tempDir(), 'start.ducha');
  await lead!.ok('export', id, '-o', bundle);
  for (const l of laptops.slice(1)) await l.ok('import', bundle);
  return { laptops, id };
}

async function exchange(from: Laptop, to: Laptop, id: string): Promise<string> {
  const file = join(tempDir(), `${from.name}.ducha`);
  await from.ok('export', id, '-o', file);
  return to.ok('import', file, '--json');
}

describe('team work', () => {
  it('three devices converge whatever the order of exchange, and every database verifies', async () => {
    const { laptops, id } = await team(['张三', '李四', '王五']);
    const [a, b, c] = laptops as [Laptop, Laptop, Laptop];
    const evidence = join(tempDir(), '名册.jpg');
    writeFileSync(evidence, Buffer.from('jpeg 名册'));
    await a.ok('record', id, 'WY-01', '--method', 'check', '--note', '名册齐全', '--evidence', evidence);
    await a.ok('conclude', id, 'WY-01', '--result', 'compliant', '--reason', '走访待补');
    await b.ok(
      'record',
      id,
      'WY-09',
      '--method',
      'talk',
      '--subject',
      '政法委员',
      '--interviewee',
      '王某某',
      '--note',
      '县委政法委每月调度',
    );
    await b.ok('record', id, 'WY-10', '--method', 'check', '--note', '列席会议记录 3 次');
    await c.ok('record', id, 'WY-11', '--method', 'visit', '--note', '培训签到表');
    await c.ok('conclude', id, 'WY-11', '--result', 'partial', '--note', '培训未全覆盖', '--reason', '谈话待补');
    await c.ok('problem', 'propose', id);

    // The same three databases before any exchange, copied (backup keeps each device's identity), to
    // exchange in a second order.
    const copies = [] as Laptop[];
    for (const l of [a, b, c]) {
      const copy = laptop(l.name);
      await l.ok('backup', copy.db);
      copies.push(copy);
    }
    const [a2, b2, c2] = copies as [Laptop, Laptop, Laptop];

    // Order 1: A → B, B → C, C → A, A → B (everything reaches everyone through chains of exchanges).
    for (const [from, to] of [
      [a, b],
      [b, c],
      [c, a],
      [a, b],
    ] as Array<[Laptop, Laptop]>) {
      await exchange(from, to, id);
    }
    // Order 2: C → B, A → C, B → A, A → B, A → C.
    for (const [from, to] of [
      [c2, b2],
      [a2, c2],
      [b2, a2],
      [a2, b2],
      [a2, c2],
    ] as Array<[Laptop, Laptop]>) {
      await exchange(from, to, id);
    }
    const shows = await Promise.all([a, b, c, a2, b2, c2].map((l) => showJson(l, id)));
    for (const show of shows.slice(1)) expect(show).toEqual(shows[0]);
    expect(shows[0].progress.methods).toEqual({ listen: 0, check: 2, talk: 1, visit: 1 });
    expect(shows[0].problems.total).toBe(1);
    for (const l of [a, b, c, a2, b2, c2]) expect((await l.run('verify')).code, l.name).toBe(0);

    // Importing what has already arrived changes nothing.
    const summary = JSON.parse(await exchange(c, a, id)).data;
    expect(summary.newEvents).toBe(0);
    expect(await showJson(a, id)).toEqual(shows[0]);
  }, 120_000);

  it('bundles applied in a different order to fresh databases give the same result', async () => {
    const { laptops, id } = await team(['甲', '乙']);
    const [a, b] = laptops as [Laptop, Laptop];
    await a.ok('record', id, 'WY-01', '--method', 'visit', '--note', '在岗');
    await b.ok('record', id, 'WY-09', '--method', 'talk', '--note', '调度');
    const fa = join(tempDir(), 'a.ducha');
    const fb = join(tempDir(), 'b.ducha');
    await a.ok('export', id, '-o', fa);
    await b.ok('export', id, '-o', fb);
    const x = laptop('组长');
    const y = laptop('组长2');
    await x.ok('import', fa, '--trust');
    await x.ok('import', fb, '--trust');
    // b's bundle carries a's events too (the inspection a created): each device's events need that device's
    // own key trusted (format 2), so y, taking b's bundle first, trusts a's key beforehand.
    await y.ok('team', 'trust', await a.ok('team', 'key'), '--name', '甲');
    await y.ok('import', fb, '--trust');
    await y.ok('import', fa, '--trust');
    await y.ok('import', fa);
    expect(await showJson(y, id)).toEqual(await showJson(x, id));
    expect((await x.run('verify')).code).toBe(0);
    expect((await y.run('verify')).code).toBe(0);
  });

  it('--dry-run shows what would change and writes nothing', async () => {
    const a = laptop('张三');
    const id = await a.ok(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
    );
    await a.ok('record', id, 'WY-01', '--method', 'visit', '--note', '在岗');
    const file = join(tempDir(), 'a.ducha');
    await a.ok('export', id, '-o', file);
    const lead = laptop('组长');
    await lead.ok('team', 'key'); // creates the database (team list only reads)
    const before = digest(lead.db);
    const dry = JSON.parse(await lead.ok('import', file, '--dry-run', '--trust', '--json')).data;
    expect(dry).toMatchObject({
      dryRun: true,
      newEvents: 2,
      newByType: { 'inspection.created': 1, 'record.added': 1 },
      trustedNow: true,
    });
    expect(digest(lead.db)).toBe(before);
    const text = await lead.ok('import', file, '--dry-run', '--trust');
    expect(text).toContain('以上为预览，未写入任何内容');
  });

  describe('refused bundles, database unchanged', () => {
    async function setup() {
      const a = laptop('张三');
      const id = await a.ok(
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
      );
      const evidence = join(tempDir(), 'e.jpg');
      writeFileSync(evidence, Buffer.alloc(5000, 7));
      await a.ok('record', id, 'WY-01', '--method', 'visit', '--note', '在岗', '--evidence', evidence);
      const file = join(tempDir(), 'a.ducha');
      await a.ok('export', id, '-o', file);
      const lead = laptop('组长');
      await lead.ok('team', 'trust', await a.ok('team', 'key'), '--name', '张三');
      return { file, lead, bytes: readFileSync(file) };
    }
    async function refused(lead: Laptop, file: string, pattern: RegExp) {
      const before = digest(lead.db);
      const r = await lead.run('import', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(digest(lead.db)).toBe(before);
    }
    it('a flipped byte in the evidence', async () => {
      const { file, lead, bytes } = await setup();
      const at = bytes.indexOf(Buffer.alloc(64, 7));
      bytes[at + 10] = 8;
      writeFileSync(file, bytes);
      await refused(lead, file, /与清单中的哈希不符/);
    });
    it('a flipped byte in the events', async () => {
      const { file, lead, bytes } = await setup();
      const at = bytes.lastIndexOf(Buffer.from('在岗'));
      bytes[at] ^= 1;
      writeFileSync(file, bytes);
      await refused(lead, file, /哈希不符|格式不正确/);
    });
    // The manifest is the bytes right after the magic line and its 4-byte length (src/team/format.ts).
    const manifestAt = (b: Buffer) => ({ start: 15 + 4, end: 15 + 4 + b.readUInt32BE(15) });
    it('a changed manifest that is still well-formed (张三 → 李四, same length): the signature no longer matches', async () => {
      const { file, lead, bytes } = await setup();
      const { start, end } = manifestAt(bytes);
      const manifest = bytes.subarray(start, end).toString('utf8');
      expect(manifest).toContain('"actor":"张三"');
      const changed = Buffer.from(manifest.replace('"actor":"张三"', '"actor":"李四"'), 'utf8');
      expect(changed.length).toBe(end - start);
      changed.copy(bytes, start);
      writeFileSync(file, bytes);
      await refused(
        lead,
        file,
        new RegExp(`^错误：数据包 ${escape(file)} 的签名无效：内容已被修改，或不是该设备签名的$`, 'm'),
      );
    });
    it('a manifest that no longer parses as JSON', async () => {
      const { file, lead, bytes } = await setup();
      const { start } = manifestAt(bytes);
      expect(String.fromCharCode(bytes[start]!)).toBe('{');
      bytes[start] = '['.charCodeAt(0);
      writeFileSync(file, bytes);
      await refused(lead, file, new RegExp(`^错误：数据包 ${escape(file)} 的清单无法解析或已被修改$`, 'm'));
    });
    it('a foreign signature (another key signing the same content)', async () => {
      const { file, lead, bytes } = await setup();
      // Re-sign the manifest with a fresh device's key but keep the claimed public key.
      const other = laptop('冒名者');
      const id = await other.ok(
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        'x',
        '--unit-kind',
        'township',
      );
      const otherFile = join(tempDir(), 'o.ducha');
      await other.ok('export', id, '-o', otherFile);
      const otherBytes = readFileSync(otherFile);
      const sigAt = (b: Buffer) => 15 + 4 + b.readUInt32BE(15) + 4;
      otherBytes.subarray(sigAt(otherBytes), sigAt(otherBytes) + 64).copy(bytes, sigAt(bytes));
      writeFileSync(file, bytes);
      await refused(lead, file, /签名无效/);
    });
    it('an untrusted key, a truncated file, and a file that is not a bundle', async () => {
      const { file, bytes } = await setup();
      const stranger = laptop('陌生人');
      await stranger.ok('team', 'key'); // creates the database
      await refused(stranger, file, /未信任的设备 d[0-9a-f]+（导出人 张三，密钥指纹 [0-9a-f:]+）/);
      const { lead } = await setup();
      writeFileSync(file, bytes.subarray(0, bytes.length - 100));
      await refused(lead, file, /大小与清单不符|不完整/);
      writeFileSync(file, 'just some text\n');
      await refused(lead, file, /不是 ducha 数据包/);
    });
    it('a copied database that kept writing forks its chain: import says so', async () => {
      const a = laptop('张三');
      const id = await a.ok(
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
      );
      const copy = laptop('张三');
      copyFileSync(a.db, copy.db);
      await a.ok('record', id, 'WY-01', '--method', 'visit', '--note', '原件上的记录');
      await copy.ok('record', id, 'WY-01', '--method', 'visit', '--note', '副本上的记录');
      const lead = laptop('组长');
      const fa = join(tempDir(), 'a.ducha');
      const fc = join(tempDir(), 'c.ducha');
      await a.ok('export', id, '-o', fa);
      await copy.ok('export', id, '-o', fc);
      await lead.ok('import', fa, '--trust');
      await refused(lead, fc, /第 2 号事件处分叉/);
    });
  });

  it('a conflict: two devices conclude the same item differently; both kept and shown; the resolution merges cleanly', async () => {
    const { laptops, id } = await team(['张三', '李四']);
    const [a, b] = laptops as [Laptop, Laptop];
    await a.ok('conclude', id, 'WY-01', '--result', 'compliant', '--reason', 'x');
    await b.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员空缺', '--reason', 'x');
    const imported = JSON.parse(await exchange(b, a, id)).data;
    expect(imported.newConflicts).toHaveLength(1);
    const [conflict] = JSON.parse(await a.ok('conflicts', 'list', '--json')).data;
    expect(
      conflict.heads.map((h: { value: { result: string }; actor: string }) => `${h.value.result}:${h.actor}`).sort(),
    ).toEqual(['compliant:张三', 'noncompliant:李四']);
    const show = await showJson(a, id);
    expect(show.conflicts).toHaveLength(1);
    expect(show.progress.conflicts).toBe(1);
    expect(show.progress.open.find((o: { itemId: string }) => o.itemId === 'WY-01').status).toBe('conflict');
    expect(await a.ok('inspection', 'show', id)).toContain('1 个冲突尚未处理');
    // No official document while the conflict is open: the refusal names it and how to resolve it.
    const report = await a.run('report', id, '--kind', 'feedback', '-o', join(tempDir(), 'r.md'));
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`冲突 ${conflict.id}：条目 WY-01 的结论`);
    expect(report.stderr).toContain(`ducha conflicts resolve ${conflict.id} --take 1`);

    await a.ok('conflicts', 'resolve', conflict.id, '--take', 'noncompliant');
    expect(JSON.parse(await a.ok('conflicts', 'list', '--json')).data).toEqual([]);
    await exchange(a, b, id);
    expect(JSON.parse(await b.ok('conflicts', 'list', '--json')).data).toEqual([]);
    const [sa, sb] = await Promise.all([showJson(a, id), showJson(b, id)]);
    expect(sb).toEqual(sa);
    expect(sa.progress.items.find((i: { itemId: string }) => i.itemId === 'WY-01')).toMatchObject({
      status: 'done',
      result: 'noncompliant',
    });
    for (const l of [a, b]) expect((await l.run('verify')).code).toBe(0);
  });
});
