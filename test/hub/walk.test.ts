// Issue 18's "done when", against a real PostgreSQL: two teams' laptops push to the hub through the
// least-privileged submit role, the office accepts, the commission's summary, overdue list, compare and
// ledger come from the hub — each the same as a laptop holding the same events prints — and the
// commission's closure of a problem, made on its own laptop and pushed, is pulled back by the team.
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, protect, type Laptop } from '../team/laptops.js';

let pg: TestPostgres;
let admin: string;
let submit: string;
let read: string;

beforeAll(async () => {
  pg = await startPostgres();
  const db = await pg.createDatabase('walk');
  admin = pg.url(db);
  const init = laptop('督查办');
  await init.ok('hub', 'init', admin);
  const roles = await pg.sql<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1', [
    `${db}_%`,
  ]);
  expect(roles.map((r) => r.rolname)).toEqual([`${db}_admin`, `${db}_read`, `${db}_submit`]);
  await pg.sql(`CREATE ROLE laptops LOGIN PASSWORD 'laptop-pw' IN ROLE ${db}_submit`);
  await pg.sql(`CREATE ROLE reader LOGIN PASSWORD 'reader-pw' IN ROLE ${db}_read`);
  submit = pg.url(db, 'laptops', 'laptop-pw');
  read = pg.url(db, 'reader', 'reader-pw');
});

afterAll(async () => {
  cleanup();
  await pg?.stop();
});

/** The summary's data without what differs by where it was printed. */
const summaryData = (data: Record<string, unknown>) => ({ ...data, meta: undefined, file: undefined });

describe('two laptops → hub → summary, and a closure pulled back', () => {
  let zhang: Laptop;
  let li: Laptop;
  let office: Laptop;
  /** Holds both teams' inspections, and Li's data key (a sealed bundle): it reads the hub's encrypted texts. */
  let lead: Laptop;
  let a: string;
  let b: string;

  it('two teams record, propose and push; the office accepts', async () => {
    zhang = laptop('张三');
    li = laptop('李四');
    office = laptop('督查办');
    a = await zhang.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--region',
      '甲市乙县',
      '--team',
      '张三',
      '--start',
      '2026-03-02',
    );
    b = await li.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某区委政法委',
      '--unit-kind',
      'plac',
      '--region',
      '甲市丙区',
      '--team',
      '李四',
      '--start',
      '2026-03-09',
    );
    li.env.DUCHA_PASSPHRASE = '李四的口令';
    li.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
    await protect(li);
    const photo = join(scratch(), '登记簿.jpg');
    writeFileSync(photo, Buffer.from('jpeg 登记簿'));
    await zhang.ok(
      'record',
      a,
      'QS-01',
      '--method',
      'check',
      '--subject',
      '请示报告登记簿',
      '--note',
      '未见事项清单',
      '--evidence',
      photo,
    );
    // No name: Zhang's laptop is not protected, and the hub takes names only encrypted (issue 18).
    await zhang.ok(
      'record',
      a,
      'QS-01',
      '--method',
      'talk',
      '--subject',
      '办公室主任',
      '--note',
      '办公室主任称不清楚有无清单',
    );
    await zhang.ok('conclude', a, 'QS-01', '--result', 'noncompliant', '--note', '未制定请示报告事项清单');
    await zhang.ok(
      'conclude',
      a,
      'QS-02',
      '--result',
      'compliant',
      '--good-practice',
      '--note',
      '逐项登记、逐项销号',
      '--reason',
      '已当面核实',
    );
    await li.ok('record', b, 'QS-01', '--method', 'check', '--note', '清单已制定');
    // The hub takes interviewee names only encrypted (issue 18): the team that records one is protected before
    // its first record. (Li's, not Zhang's: Zhang's evidence files would be encrypted too, and this hub does
    // not take encrypted evidence yet.)
    await li.ok(
      'record',
      b,
      'QS-01',
      '--method',
      'talk',
      '--subject',
      '办公室主任',
      '--interviewee',
      '王某某',
      '--note',
      '王某某称不清楚有无清单',
    );
    await li.ok('conclude', b, 'QS-01', '--result', 'partial', '--note', '清单不全', '--reason', '谈话另行安排');
    for (const [who, id] of [
      [zhang, a],
      [li, b],
    ] as const) {
      await who.ok('problem', 'propose', id);
      const [p] = (await who.json('problem', 'list', id)).problems;
      await who.ok('problem', 'edit', p.id, '--deadline', '2026-04-30', '--unit', `${who.name}所在组责任单位`);
    }

    // Not registered yet: nothing is pushed, and the laptop says why.
    const early = await zhang.run('push', '--hub', submit);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('尚未登记本机设备');

    for (const who of [zhang, li, office])
      await office.ok('hub', 'trust', await who.ok('team', 'key'), '--name', who.name, '--hub', admin);
    for (const who of [zhang, li]) {
      const pushed = await who.json('push', '--hub', submit);
      expect(pushed.events).toBeGreaterThan(0);
      expect(pushed.waiting).toBe(1); // the submit role cannot store history: the batch waits for acceptance
      expect(pushed.decisions).toEqual([]);
    }
    const decisions = await office.json('hub', 'accept', '--hub', admin);
    expect(decisions.map((d: { status: string }) => d.status)).toEqual(['accepted', 'accepted']);
    // Pushing again sends nothing: the hub holds it all.
    expect((await zhang.json('push', '--hub', submit)).events).toBe(0);
  });

  it("the hub's summary is the summary of a laptop holding both teams' events", async () => {
    // The lead reads Li's encrypted texts with the data key Li's sealed bundle brings (as the product does:
    // `export --to`), which only a protected database may import.
    lead = laptop('汇总员');
    lead.env.DUCHA_PASSPHRASE = '汇总员的口令';
    lead.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
    const leadKey = await lead.ok('team', 'key');
    await protect(lead);
    await li.ok('team', 'trust', leadKey, '--name', lead.name);
    for (const [who, id, to] of [
      [zhang, a, []],
      [li, b, ['--to', lead.name]],
    ] as const) {
      const file = join(scratch(), `${who.name}.ducha`);
      await who.ok('export', id, '-o', file, ...to);
      await lead.ok('import', file, '--trust', '--name', who.name);
    }
    const onHub = await lead.json('summary', '--hub', read);
    const onLaptop = await lead.json('summary');
    expect(onHub.coverage.inspections).toBe(2);
    expect(onHub.rectification.problems).toBe(2);
    expect(onHub.rectification.overdue).toBe(2);
    expect(summaryData(onHub)).toEqual(summaryData(onLaptop));
    expect(onHub.goodPractices).toHaveLength(1);
    // The terminal's summary (which reads no good practices) too is the laptop's, and says the same.
    const printed = await lead.ok('summary', '--hub', read);
    expect(printed).toBe(await lead.ok('summary'));
    expect(printed).toContain(`督查 2 次`);
    // Redacted as on the laptop: the interviewee's name appears in no --hub output.
    expect(JSON.stringify(onHub)).not.toContain('王某某');

    // 回头看 from the hub: the same comparison a laptop holding both rounds makes.
    const compareHub = await lead.json('compare', a, b, '--allow-other-unit', '--hub', read);
    const compareLaptop = await lead.json('compare', a, b, '--allow-other-unit');
    expect(compareHub.problems.new.count + compareHub.problems.persisting.count).toBeGreaterThan(0);
    expect({ ...compareHub, meta: 0 }).toEqual({ ...compareLaptop, meta: 0 });

    const overdue = await lead.json('problem', 'list', '--overdue', '--hub', read);
    expect(overdue.problems.map((p: { inspectionId: string }) => p.inspectionId).sort()).toEqual([a, b].sort());
    for (const id of [a, b]) {
      const ledgerHub = join(scratch(), 'hub.csv');
      const ledgerLaptop = join(scratch(), 'laptop.csv');
      await lead.ok(
        'report',
        id,
        '--kind',
        'ledger',
        '--format',
        'csv',
        '-o',
        ledgerHub,
        '--hub',
        read,
        '--date',
        '2026-04-20',
      );
      await lead.ok('report', id, '--kind', 'ledger', '--format', 'csv', '-o', ledgerLaptop, '--date', '2026-04-20');
      expect(readFileSync(ledgerHub, 'utf8')).toBe(readFileSync(ledgerLaptop, 'utf8'));
      expect(readFileSync(ledgerHub, 'utf8')).not.toContain('王某某');
    }
  });

  it("the commission's closure, made on its laptop and pushed, is pulled back by the team", async () => {
    const [problem] = (await zhang.json('problem', 'list', a)).problems;
    const proof = join(scratch(), '清单.pdf');
    writeFileSync(proof, Buffer.from('%PDF 请示报告事项清单'));
    await zhang.ok('rectify', problem.id, '--status', 'closure-requested', '--note', '清单已印发', '--evidence', proof);
    await zhang.ok('push', '--hub', submit);
    // The office holds the inspection (a bundle from the team), brings it up to date from the hub, and closes.
    const file = join(scratch(), 'a.ducha');
    await zhang.ok('export', a, '-o', file);
    await office.ok('hub', 'accept', '--hub', admin);
    await office.ok('import', file, '--trust', '--name', '张三');
    const pulled = await office.json('pull', '--hub', submit);
    expect(pulled.inspections).toBe(1);
    await office.ok('close', problem.id, '--note', '经督查办核实，同意销号');
    // The office's own login is an administrator's: its push is accepted at once.
    const pushed = await office.json('push', '--hub', admin);
    expect(pushed.decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);

    const back = await zhang.json('pull', '--hub', submit);
    expect(back.newByType).toEqual({ 'problem.progressed': 1 });
    const shown = await zhang.json('problem', 'show', problem.id);
    expect(shown.status).toBe('closed');
    expect(shown.steps.at(-1).actor).toBe('督查办');
    // Pulling again brings nothing; the summary on the hub counts the closure.
    expect((await zhang.json('pull', '--hub', submit)).newEvents).toBe(0);
    // Read on the lead's laptop: the summary covers Li's encrypted texts too, which Zhang holds no key for.
    expect((await lead.json('summary', '--hub', read)).rectification.closed).toBe(1);
  });
});
