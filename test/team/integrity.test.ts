// Issue 16's findings, tried as a hostile team member would, each against real databases through the CLI. The
// forged bundles are written by hand (forge.ts) and signed with the real key of a trusted member, read out of
// that member's database file. Every test here failed on ducha 0.1: it accepted the forgeries (exit 0), ran
// the planted SQL, took free text for four eyes, or had no way to tell a rewritten history from the one sent.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { carry, cleanup, dbDigest, laptop, scratch, trustAround, type Laptop } from './laptops.js';
import {
  chainIn,
  chained,
  forgeBundle1,
  hash1,
  hash2,
  jcs,
  keyOf,
  strangerKey,
  type Body,
  type Event,
} from './forge.js';
import { H, statement, writeBundle2, type Key } from '../format/second.js';

afterAll(cleanup);

const digest = dbDigest; // checkpointed first: see laptops.ts
let counter = 0;
/** An event id of the right form, new each time. */
const newId = () => `01jz${String(++counter).padStart(12, '0')}`;
const at = (n: number) => `2026-11-25T09:00:${String(n % 60).padStart(2, '0')}.000Z`;

/** A refused import: exit 2, the message, no stack, and the database byte-for-byte as it was. */
async function refused(l: Laptop, file: string, pattern: RegExp): Promise<string> {
  const before = digest(l.db);
  const r = await l.run('import', file);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |已损坏|请从备份恢复|TypeError/);
  expect(digest(l.db)).toBe(before);
  return r.stderr;
}

/** A lead trusting a colleague and a member; the colleague's inspection and records are at the lead and the member. */
async function team() {
  const lead = laptop('组长');
  const colleague = laptop('李四');
  const member = laptop('王五');
  const id = await colleague.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--team',
    '李四,王五',
    '--start',
    '2026-11-20',
  );
  await colleague.ok('record', id, 'WY-01', '--method', 'check', '--note', '名册齐全');
  await colleague.ok('record', id, 'WY-09', '--method', 'talk', '--note', '每月调度');
  await trustAround(lead, [], [colleague, member]);
  await member.ok('team', 'trust', await colleague.ok('team', 'key'), '--name', '李四');
  await carry(colleague, lead, id);
  await carry(colleague, member, id);
  const snapshot = (
    new Database(lead.db, { readonly: true })
      .prepare('SELECT sha256 FROM inspection_checklists WHERE inspection_id = ?')
      .get(id) as { sha256: string }
  ).sha256;
  return { lead, colleague, member, id, snapshot };
}

const record = (
  device: string,
  seq: number,
  inspectionId: string,
  note: string,
  extra: Record<string, unknown> = {},
): Body => ({
  id: newId(),
  device,
  seq,
  at: at(seq),
  actor: '李四',
  type: 'record.added',
  payload: {
    id: newId(),
    inspectionId,
    checklistId: 'zhengfa-weiyuan',
    itemId: 'WY-01',
    method: 'visit',
    note,
    evidence: [],
    ...extra,
  },
});

/** A member's key as the second implementation's format-2 writer takes it (default suite). */
const asKey = (k: { publicKey: string; privateKey: string }): Key => ({
  suite: 'default',
  publicKey: k.publicKey,
  sign: (data) =>
    sign(null, data, createPrivateKey({ key: Buffer.from(k.privateKey, 'base64'), format: 'der', type: 'pkcs8' })),
});

describe('1. events are bound to the key of their own device', () => {
  it("a trusted member's bundle with events under a colleague's device and under a device nobody trusts is refused; the colleague's real work still imports", async () => {
    const { lead, colleague, member, id } = await team();
    const c = keyOf(colleague.db).device;
    const chain = chainIn(member.db, c);
    const head = chain.events.at(-1)!;
    const forged = chained(head.hash, record(c, head.seq + 1, id, '伪造的走访记录'), chain.format);
    const stranger = strangerKey('d00000000beef');
    const fromNowhere = chained('0'.repeat(64), { ...record(stranger.device, 1, id, '来历不明') }, 1);
    const file = join(scratch(), 'forged.ducha');
    forgeBundle1(file, keyOf(member.db), [forged, fromNowhere]);
    await refused(lead, file, new RegExp(`设备 ${c} 第 ${head.seq + 1} 号事件没有该设备签名的记录头覆盖`));

    // The same in format 2, with a "signed head" of the colleague's device signed by the member's key.
    const file2 = join(scratch(), 'forged2.ducha');
    const key = asKey(keyOf(member.db));
    const f2 = chained(head.hash, record(c, head.seq + 1, id, '伪造的走访记录'), 2);
    const fake = {
      device: c,
      seq: f2.seq,
      hash: f2.hash,
      signature: key.sign(statement('default', f2)).toString('base64'),
    };
    writeFileSync(
      file2,
      writeBundle2({
        key,
        device: keyOf(member.db).device,
        events: [f2],
        links: [],
        heads: [fake],
        blobs: [],
        createdAt: at(1),
        actor: '王五',
        inspections: [],
      }),
    );
    await refused(lead, file2, new RegExp(`设备 ${c} 第 ${f2.seq} 号事件处的签名无法用该设备受信任的密钥验证`));

    await colleague.ok('record', id, 'WY-10', '--method', 'check', '--note', '列席会议记录');
    await carry(colleague, lead, id);
    const verified = await lead.run('verify');
    expect(verified.code, verified.stdout).toBe(0);
  }, 60_000);

  it("a member relays a colleague's events with the colleague's signed heads: accepted by someone who trusts the colleague", async () => {
    const { colleague, member, id } = await team();
    const third = laptop('赵六');
    await third.ok('team', 'trust', await colleague.ok('team', 'key'), '--name', '李四');
    await third.ok('team', 'trust', await member.ok('team', 'key'), '--name', '王五');
    await member.ok('record', id, 'WY-11', '--method', 'visit', '--note', '培训签到表');
    const summary = JSON.parse(await carry(member, third, id, '--json')).data;
    expect(summary.newEvents).toBe(4);
    expect(summary.heads.map((h: { device: string }) => h.device).sort()).toEqual(
      [keyOf(colleague.db).device, keyOf(member.db).device].sort(),
    );
    expect((await third.run('verify')).code).toBe(0);
  }, 60_000);
});

describe('2. heads in a manifest must match what comes with it', () => {
  it("a bundle with no events whose manifest claims the lead's own device at seq 999 is refused; verify stays clean", async () => {
    const { lead, member } = await team();
    const file = join(scratch(), 'heads.ducha');
    forgeBundle1(file, keyOf(member.db), [], {
      heads: { [keyOf(lead.db).device]: { seq: 999, hash: 'f'.repeat(64) } },
    });
    await refused(lead, file, /清单称设备 d[0-9a-f]{12} 最新的事件是第 999 号/);
    expect((await lead.run('verify')).code).toBe(0);
  }, 60_000);
});

describe('3. payloads are checked before anything is written; a malformed bundle is called one', () => {
  it('an unknown result, an item that does not exist, a bogus method, an empty payload, evidence that is not a list: each refused, exit 2, naming the line and member', async () => {
    const { lead, member, id, snapshot } = await team();
    const key = keyOf(member.db);
    const m = key.device;
    const summaryBefore = await lead.ok('summary', '--json');
    const conclusion = (extra: Record<string, unknown>): Body => ({
      id: newId(),
      device: m,
      seq: 1,
      at: at(1),
      actor: '王五',
      type: 'conclusion.set',
      payload: {
        inspectionId: id,
        checklistId: 'zhengfa-weiyuan',
        itemId: 'WY-01',
        result: 'compliant',
        goodPractice: false,
        checklistSha: snapshot,
        supersedes: [],
        ...extra,
      },
    });
    const cases: Array<[string, Body, RegExp]> = [
      [
        'hacked',
        conclusion({ result: 'hacked' }),
        /不合格式：第 1 行（设备 d[0-9a-f]{12} 第 1 号事件，conclusion\.set）的 payload\.result 只能是 compliant, partial, noncompliant, not-applicable 之一/,
      ],
      [
        'no-item',
        conclusion({ itemId: 'WY-999' }),
        /payload\.itemId 所指的条目 WY-999 不在督查 \w+ 采用的清单 zhengfa-weiyuan 中/,
      ],
      [
        'bogus',
        { ...record(m, 1, id, '方法不对'), payload: { ...(record(m, 1, id, 'x').payload as object), method: 'bogus' } },
        /payload\.method 只能是 listen, check, talk, visit 之一/,
      ],
      [
        'empty',
        { ...record(m, 1, id, ''), payload: {} },
        /payload\.(id|evidence|inspectionId|checklistId|itemId|method|note) 缺少/,
      ],
      [
        'evidence',
        { ...record(m, 1, id, '证据不对'), payload: { ...(record(m, 1, id, 'x').payload as object), evidence: 'x' } },
        /payload\.evidence 应为 array/,
      ],
    ];
    for (const [name, body, pattern] of cases) {
      const file = join(scratch(), `${name}.ducha`);
      forgeBundle1(file, key, [chained('0'.repeat(64), body, 1)]);
      const stderr = await refused(lead, file, pattern);
      expect(stderr, name).toMatch(/数据包 .+ 不合格式/);
      expect(stderr, name).toMatch(/未导入任何内容，本数据库完好/);
    }
    expect(await lead.ok('summary', '--json')).toBe(summaryBefore);
    expect((await lead.run('verify')).code).toBe(0);
  }, 60_000);
});

/** What someone with the file and a shell does: change an event, recompute its hash and every later one, fix the projection. */
function rewrite(file: string, device: string, seq: number, from: string, to: string): void {
  const { events, format } = chainIn(file, device);
  const db = new Database(file);
  try {
    db.transaction(() => {
      let prev = events.find((e) => e.seq === seq)!.prevHash;
      for (const e of events.filter((x) => x.seq >= seq)) {
        const body: Body = {
          id: e.id,
          device: e.device,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          type: e.type,
          payload: JSON.parse(JSON.stringify(e.payload).replace(from, to)),
        };
        const hash = format === 1 ? hash1(prev, body) : hash2(prev, body);
        db.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE device = ? AND seq = ?').run(
          jcs(body.payload),
          prev,
          hash,
          device,
          e.seq,
        );
        prev = hash;
      }
      db.prepare('UPDATE records SET note = replace(note, ?, ?)').run(from, to);
    })();
  } finally {
    db.close();
  }
}

/** …and, holding the private key in the same file, signs the rewritten heads again. */
function resign(file: string, device: string): void {
  const key = keyOf(file);
  const db = new Database(file);
  try {
    const rows = db
      .prepare(
        'SELECT s.seq, e.hash FROM signatures s JOIN events e ON e.device = s.device AND e.seq = s.seq WHERE s.device = ?',
      )
      .all(device) as Array<{ seq: number; hash: string }>;
    for (const r of rows) {
      const signature = sign(
        null,
        statement('default', { device, seq: r.seq, hash: r.hash }),
        createPrivateKey({ key: Buffer.from(key.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
      ).toString('base64');
      db.prepare('UPDATE signatures SET hash = ?, signature = ? WHERE device = ? AND seq = ?').run(
        r.hash,
        signature,
        device,
        r.seq,
      );
    }
  } finally {
    db.close();
  }
}

describe('4. recomputing the chain does not defeat verify', () => {
  it('an edited payload with every later hash recomputed is found; re-signed with the key from the file it is found against what was sent', async () => {
    const { lead, colleague, id } = await team();
    const c = keyOf(colleague.db).device;
    const sent = join(scratch(), 'sent.ducha');
    await colleague.ok('export', id, '-o', sent);
    rewrite(colleague.db, c, 2, '名册齐全', '名册缺失');
    const found = await colleague.run('verify');
    expect(found.code, found.stdout).toBe(1);
    expect(found.stdout).toMatch(new RegExp(`设备 ${c} 签名过的第 \\d+ 号事件已不在记录链中`));

    resign(colleague.db, c);
    expect((await colleague.run('verify')).code).toBe(0); // the file and its key together can rewrite unsent history
    for (const against of [sent, lead.db]) {
      const r = await colleague.run('verify', '--against', against);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`设备 ${c} 第 2 号事件与 .+ 中的不同`));
    }
    // The lead's own copy is intact, and agrees with the bundle that was sent.
    expect((await lead.run('verify', '--against', sent)).code).toBe(0);
  }, 60_000);
});

describe('5. SQL planted in the database never runs', () => {
  it('a trigger copying the private key away, and one dropping events: every command refuses the file naming them; nothing runs; verify names them', async () => {
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
      '--team',
      '张三',
      '--start',
      '2026-11-20',
    );
    const db = new Database(a.db);
    db.exec(`CREATE TABLE loot (v TEXT);
      CREATE TRIGGER steal AFTER INSERT ON records BEGIN INSERT INTO loot SELECT value FROM meta; END;
      CREATE TRIGGER swallow BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END;`);
    db.close();
    const before = digest(a.db);
    for (const argv of [
      ['record', id, 'WY-01', '--method', 'visit', '--note', '在岗'],
      ['conclude', id, 'WY-01', '--result', 'compliant', '--reason', '走访待补'],
      ['inspection', 'show', id],
    ]) {
      const r = await a.run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).not.toMatch(/已保存/);
      expect(r.stderr).toMatch(
        /已拒绝打开：.*多出的表 loot.*多出的触发器 steal（属于 records）.*多出的触发器 swallow（属于 events）/,
      );
    }
    expect(digest(a.db)).toBe(before);
    const check = new Database(a.db, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM loot').get()).toEqual({ n: 0 });
    check.close();
    const v = await a.run('verify');
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/多出的触发器 swallow/);
  }, 60_000);
});

describe('6. four eyes between device keys; device ids and keys', () => {
  it('closing on the device that asked for the closure is refused whatever --actor says; the override is recorded and shown in the ledger', async () => {
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
      '--team',
      '张三,李四',
      '--start',
      '2026-11-20',
    );
    await a.ok(
      'problem',
      'add',
      id,
      '--item',
      'WY-01',
      '--description',
      '政法委员空缺',
      '--rectification',
      '配齐政法委员',
    );
    const p = (await a.json('problem', 'list', id)).problems[0].id as string;
    const evidence = join(scratch(), '任命.pdf');
    writeFileSync(evidence, '任命文件');
    await a.ok('rectify', p, '--status', 'closure-requested', '--note', '已任命', '--evidence', evidence);
    const r = await a.run('close', p, '--actor', '李四', '--note', '核实');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/销号申请是在本设备（d[0-9a-f]{12}）上提出的/);
    await a.ok('close', p, '--actor', '李四', '--allow-self-close', '--reason', '组内仅一台设备', '--note', '核实');
    const ledger = join(scratch(), 'ledger.csv');
    await a.ok('report', id, '--kind', 'ledger', '--format', 'csv', '-o', ledger);
    expect(readFileSync(ledger, 'utf8')).toMatch(/核实（本人销号，理由：组内仅一台设备）/);
  }, 60_000);

  it('a closure forged without the override on the requesting device is refused on import', async () => {
    const { lead, member, id } = await team();
    await lead.ok(
      'problem',
      'add',
      id,
      '--item',
      'WY-01',
      '--description',
      '政法委员空缺',
      '--rectification',
      '配齐政法委员',
    );
    await member.ok('team', 'trust', await lead.ok('team', 'key'), '--name', '组长');
    await carry(lead, member, id);
    const p = (await member.json('problem', 'list', id)).problems[0].id as string;
    const evidence = join(scratch(), '任命.pdf');
    writeFileSync(evidence, '任命文件');
    await member.ok('rectify', p, '--status', 'closure-requested', '--note', '已任命', '--evidence', evidence);
    await carry(member, lead, id);
    const m = keyOf(member.db).device;
    const chain = chainIn(member.db, m);
    const request = chain.events.at(-1)!;
    const close = chained(
      request.hash,
      {
        id: newId(),
        device: m,
        seq: request.seq + 1,
        at: at(59),
        actor: '李四',
        type: 'problem.progressed',
        payload: {
          problemId: p,
          inspectionId: id,
          kind: 'close',
          status: 'closed',
          note: '自己销号',
          evidence: [],
          supersedes: [request.id],
        },
      },
      chain.format,
    );
    const file = join(scratch(), 'close.ducha');
    // Signed as the member's own ducha would sign it: its events, a signed head of its device.
    const key = asKey(keyOf(member.db));
    const head = {
      device: m,
      seq: close.seq,
      hash: close.hash,
      signature: key.sign(statement('default', close)).toString('base64'),
    };
    writeFileSync(
      file,
      writeBundle2({
        key,
        device: m,
        events: [close as Event],
        links: [],
        heads: [head],
        blobs: [],
        createdAt: at(59),
        actor: '王五',
        inspections: [],
      }),
    );
    await refused(lead, file, new RegExp(`销号由提出销号申请的同一设备 ${m} 作出，却没有写明理由的本人销号记录`));
    // Four eyes as meant: the lead's device closes the member's request, and the member takes the closure.
    await lead.ok('close', p, '--note', '核实整改到位');
    await carry(lead, member, id);
    expect((await member.json('problem', 'show', p)).status).toBe('closed');
  }, 60_000);

  it('team trust refuses a device id that is not one, and a key already trusted under another id', async () => {
    const lead = laptop('组长');
    const b = laptop('李四');
    const [, , key] = (await b.ok('team', 'key')).split(' ');
    const bad = await lead.run('team', 'trust', `ducha-key ../../etc ${key}`, '--name', '李四');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/设备编号 "\.\.\/\.\.\/etc" 不合格式/);
    await lead.ok('team', 'trust', `ducha-key ${keyOf(b.db).device} ${key}`, '--name', '李四');
    const twice = await lead.run('team', 'trust', `ducha-key d0000000000aa ${key}`, '--name', '李四2');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/该密钥已作为设备 d[0-9a-f]{12} 的密钥被信任/);
    const list = await lead.json('team', 'list');
    expect(list.map((d: { device: string }) => d.device)).not.toContain('d0000000000aa');
  }, 60_000);
});

// The format-2 writer above hashes with H; keep the import used.
void H;

describe('records.imported from a hostile member (docs/format.md §21)', () => {
  /** A bundle of the member's own device holding one records.imported event, signed with its real key. */
  function importedBundle(
    member: Laptop,
    id: string,
    records: Array<Record<string, unknown>>,
    as: 'records.imported' | 'record.added' = 'records.imported',
  ): string {
    const mine = keyOf(member.db);
    const chain = chainIn(member.db, mine.device);
    const prev = chain.events.at(-1);
    const body: Body = {
      id: newId(),
      device: mine.device,
      seq: (prev?.seq ?? 0) + 1,
      at: at(7),
      actor: '王五',
      type: as,
      payload:
        as === 'record.added' ? { ...records[0], inspectionId: id, evidence: [] } : { inspectionId: id, records },
    };
    const ev = chained(prev?.hash ?? '0'.repeat(64), body, 2);
    const key = asKey(mine);
    const file = join(scratch(), `imported-${counter}.ducha`);
    writeFileSync(
      file,
      writeBundle2({
        key,
        device: mine.device,
        events: [ev],
        links: [],
        heads: [
          {
            device: mine.device,
            seq: ev.seq,
            hash: ev.hash,
            signature: key.sign(statement('default', ev)).toString('base64'),
          },
        ],
        blobs: [],
        createdAt: at(8),
        actor: '王五',
        inspections: [],
      }),
    );
    return file;
  }
  const one = (id: string, note: string, itemId = 'WY-01') => ({
    id,
    checklistId: 'zhengfa-weiyuan',
    itemId,
    method: 'check',
    note,
  });

  it("is imported when well formed: its records are the lead's, verify clean", async () => {
    const { lead, member, id } = await team();
    const file = importedBundle(member, id, [one(newId(), '导入甲'), one(newId(), '导入乙', 'WY-09')]);
    const r = await lead.run('import', file);
    expect(r.code, r.stderr).toBe(0);
    const notes = new Database(lead.db, { readonly: true })
      .prepare("SELECT note FROM records WHERE note LIKE '导入%' ORDER BY position")
      .pluck()
      .all();
    expect(notes).toEqual(['导入甲', '导入乙']);
    expect((await lead.run('verify')).code).toBe(0);
  }, 60_000);

  it('with a record id twice, or the id of a record already held, or an item the checklist lacks, is refused; nothing changes', async () => {
    // Before the record-id check, the first two stopped at SQLite's UNIQUE constraint ("this may be a ducha bug").
    const { lead, member, id } = await team();
    const twice = newId();
    await refused(
      lead,
      importedBundle(member, id, [one(twice, '甲'), one(twice, '乙')]),
      new RegExp(`payload\\.records\\[1\\]\\.id.*新记录的编号 ${twice} 已被另一条记录使用`),
    );
    const held = new Database(lead.db, { readonly: true })
      .prepare('SELECT id FROM records LIMIT 1')
      .pluck()
      .get() as string;
    await refused(
      lead,
      importedBundle(member, id, [one(newId(), '甲'), one(held, '乙')]),
      new RegExp(`payload\\.records\\[1\\]\\.id.*新记录的编号 ${held} 已被另一条记录使用`),
    );
    await refused(
      lead,
      importedBundle(member, id, [one(newId(), '甲'), one(newId(), '乙', 'ZZ-99')]),
      /payload\.records\[1\]\.itemId.*ZZ-99/,
    );
    // The same rule for a record.added (it too stopped at the UNIQUE constraint before).
    await refused(
      lead,
      importedBundle(member, id, [one(held, '丙')], 'record.added'),
      new RegExp(`payload\\.id.*新记录的编号 ${held} 已被另一条记录使用`),
    );
  }, 60_000);
});
