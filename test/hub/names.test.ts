// Interviewee names reach the hub only encrypted (issue 18), against a real PostgreSQL with the real binary: a
// laptop holding a name in clear — never protected, or protected after recording it — cannot push (hub-clear-
// name, nothing sent, the name not in the message); a bundle holding one is refused by `hub import`; a batch a
// modified client writes straight into the inbox is refused by `hub accept` and leaves the inbox; in each case no
// table of the hub holds the name. A laptop protected before its first record pushes as ever. Recording a name
// in clear on an unprotected laptop that has a hub warns, and `protect` says how many records hold one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { allRows } from './hub-rows.js';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import { cleanup, laptop, scratch, protect, type Laptop } from '../team/laptops.js';
import { openStore } from '../../src/store/open.js';
import { meta } from '../../src/store/queries.js';
import { eventsFrom } from '../../src/store/hub-queries.js';
import { connectHub } from '../../src/hub/connect.js';
import { checkHub } from '../../src/hub/init.js';
import { Batch, submitBatch } from '../../src/hub/batch.js';
import type { PushResult } from '../../src/hub/push.js';

let pg: TestPostgres;
let admin: string;
let submit: string;
let read: string;
let dbName: string;
let office: Laptop;

const NAME = '李秘密';
const PROBLEM = '谈话反映的问题';

beforeAll(async () => {
  pg = await startPostgres();
  dbName = await pg.createDatabase('clear_names');
  admin = pg.url(dbName);
  office = laptop('督查办', { spawned: true });
  await office.ok('hub', 'init', admin);
  await pg.sql(`CREATE ROLE names_laptops LOGIN PASSWORD 'laptop-pw' IN ROLE ${dbName}_submit`);
  await pg.sql(`CREATE ROLE names_reader LOGIN PASSWORD 'reader-pw' IN ROLE ${dbName}_read`);
  submit = pg.url(dbName, 'names_laptops', 'laptop-pw');
  read = pg.url(dbName, 'names_reader', 'reader-pw');
});

afterAll(async () => {
  cleanup();
  await pg?.stop();
});

/** A laptop the hub trusts; protected ones get a passphrase and a scratch runtime folder, as a user's. */
async function member(name: string, passphrase?: string): Promise<Laptop> {
  const l = laptop(name, { spawned: true });
  if (passphrase) {
    l.env.DUCHA_PASSPHRASE = passphrase;
    l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  }
  await office.ok('hub', 'trust', await l.ok('team', 'key'), '--name', name, '--hub', admin);
  return l;
}

const newInspection = (l: Laptop) =>
  l.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    `${l.name}的乡镇`,
    '--unit-kind',
    'township',
    '--team',
    l.name,
    '--start',
    '2026-11-20',
  );

const talk = (l: Laptop, id: string) =>
  l.ok('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', `${NAME}说：台账不全`);

function deviceOf(l: Laptop): string {
  const db = new Database(l.db, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'device'").get() as { value: string }).value;
  } finally {
    db.close();
  }
}

const hubText = () => allRows(pg, dbName);

const count = async (sql: string, params: unknown[] = []) =>
  Number((await pg.sql<{ n: string }>(sql, params, dbName))[0]!.n);
const eventsOf = (l: Laptop) => count('SELECT count(*) AS n FROM ducha.events WHERE device = $1', [deviceOf(l)]);
const inboxRows = async () =>
  (await count('SELECT count(*) AS n FROM ducha.inbox_batches')) +
  (await count('SELECT count(*) AS n FROM ducha.inbox_events')) +
  (await count('SELECT count(*) AS n FROM ducha.inbox_blobs'));

/** A refused command's --json document: exit 2, the code, and no name in anything it printed. */
async function refusedClearName(l: Laptop, ...argv: string[]): Promise<string> {
  const r = await l.run(...argv, '--json');
  expect(r.code, r.stdout + r.stderr).toBe(2);
  const doc = JSON.parse(r.stdout);
  expect(doc.problems[0].code).toBe('hub-clear-name');
  expect(r.stdout + r.stderr).not.toContain(NAME);
  return doc.problems[0].message as string;
}

describe('a name in clear never reaches the hub', () => {
  it('an unprotected laptop cannot push: nothing sent, through either role', async () => {
    const l = await member('王五');
    const id = await newInspection(l);
    await talk(l, id);
    const record = (await l.json('record', id, 'WY-02', '--method', 'check', '--note', '查阅台账')).record;
    expect(record).toBeTruthy();
    const message = await refusedClearName(l, 'push', '--hub', submit);
    expect(message).toContain(id);
    expect(message).toMatch(/1 条记录/);
    // In text: the message and the hint on stderr, no name.
    const text = await l.run('push', '--hub', submit);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('ducha export --to');
    expect(text.stderr).not.toContain(NAME);
    // An administrator's login accepts at once: refused before anything is sent all the same.
    await refusedClearName(l, 'push', '--hub', admin);
    expect(await eventsOf(l)).toBe(0);
    expect(await inboxRows()).toBe(0);
    expect(await hubText()).not.toContain(NAME);
  });

  it('a laptop that recorded a name before protect cannot push; protect said so', async () => {
    const l = await member('赵六', '赵六的口令');
    const id = await newInspection(l);
    await talk(l, id);
    await talk(l, id);
    const r = await l.run('protect', '--json');
    expect(r.code, r.stderr).toBe(0);
    await cheapenLocks(l.db, l.env.DUCHA_PASSPHRASE!); // the commands below derive the key cheaply
    const doc = JSON.parse(r.stdout);
    expect(doc.data.clearNameRecords).toBe(2);
    expect(doc.problems.map((p: { code: string }) => p.code)).toEqual(['clear-name-no-hub']);
    expect(doc.problems[0].message).toContain('2');
    // The events written before protect are sealed whole on the laptop: opened for the push, refused.
    await l.ok('record', id, 'WY-02', '--method', 'talk', '--interviewee', '另一人', '--note', '保护之后的谈话');
    expect(await refusedClearName(l, 'push', '--hub', submit)).toMatch(/2 条记录/);
    expect(await eventsOf(l)).toBe(0);
    expect(await inboxRows()).toBe(0);
    expect(await hubText()).not.toContain(NAME);
  });

  it('names in clear among records imported in bulk are counted record by record: refused before protect and after it', async () => {
    const l = await member('孙七', '孙七的口令');
    const id = await newInspection(l);
    const csv = join(scratch(), '导入.csv');
    writeFileSync(
      csv,
      `item,method,note,interviewee\nWY-01,谈,谈话一,${NAME}\nWY-02,查,查阅台账,\nWY-03,谈,谈话二,${NAME}\n`,
    );
    await l.ok('import-records', id, csv);
    // One records.imported event (docs/format.md §21) names two records: both are counted, never the name.
    expect(await refusedClearName(l, 'push', '--hub', submit)).toMatch(/2 条记录/);
    const r = await l.run('protect', '--json');
    expect(r.code, r.stderr).toBe(0);
    await cheapenLocks(l.db, l.env.DUCHA_PASSPHRASE!); // the commands below derive the key cheaply
    expect(JSON.parse(r.stdout).data.clearNameRecords).toBe(2);
    // Now sealed whole on the laptop: opened for the push, refused the same.
    expect(await refusedClearName(l, 'push', '--hub', submit)).toMatch(/2 条记录/);
    expect(await eventsOf(l)).toBe(0);
    expect(await inboxRows()).toBe(0);
    expect(await hubText()).not.toContain(NAME);
  });

  it('hub import refuses a bundle holding a name in clear and stores nothing of it', async () => {
    const l = await member('孙七');
    const id = await newInspection(l);
    await talk(l, id);
    const file = join(scratch(), 'clear.ducha');
    await l.ok('export', id, '-o', file);
    const before = await count('SELECT count(*) AS n FROM ducha.events');
    await refusedClearName(office, 'hub', 'import', file, '--hub', admin);
    expect(await count('SELECT count(*) AS n FROM ducha.events')).toBe(before);
    expect(await eventsOf(l)).toBe(0);
    const refusals = await pg.sql<{ code: string; reason: string }>(
      "SELECT code, reason FROM ducha.submissions WHERE status = 'refused' AND source = 'bundle'",
      [],
      dbName,
    );
    expect(refusals.map((s) => s.code)).toEqual(['hub-clear-name']);
    expect(await hubText()).not.toContain(NAME);
  });

  it('hub accept refuses a batch a modified client put straight into the inbox, and empties it', async () => {
    const l = await member('周八');
    const id = await newInspection(l);
    await talk(l, id);
    // What a client without the push's check would send: the laptop's events as a signed batch, via the submit role.
    const store = openStore(l.db);
    const client = await connectHub(submit);
    try {
      await checkHub(client);
      await store.loadCrypto();
      const batch = new Batch();
      for (const row of eventsFrom(store.db, 1)) batch.add(row);
      const result: PushResult = {
        device: store.device,
        batches: 0,
        events: 0,
        blobs: 0,
        bytes: 0,
        decisions: [],
        waiting: 0,
        trusted: true,
      };
      await submitBatch(batch, {
        store,
        client,
        publicKey: meta(store.db, 'public_key')!,
        key: (data) => store.sign(data),
        actor: l.name,
        sentBlobs: new Set(),
        result,
      });
    } finally {
      await client.end();
      store.close();
    }
    expect(await count('SELECT count(*) AS n FROM ducha.inbox_batches')).toBe(1);
    expect(await hubText()).toContain(NAME); // in the inbox only, for now

    const r = await office.run('hub', 'accept', '--hub', admin, '--json');
    expect(r.code).toBe(1);
    const [decision] = JSON.parse(r.stdout).data;
    expect(decision).toMatchObject({ status: 'refused', code: 'hub-clear-name', newEvents: 0 });
    expect(decision.reason).toContain(id);
    expect(decision.reason).not.toContain(NAME);
    expect(await inboxRows()).toBe(0);
    expect(await eventsOf(l)).toBe(0);
    expect(await hubText()).not.toContain(NAME);
  });

  it('a laptop protected before its first record pushes its names encrypted; its --hub outputs redact them', async () => {
    const l = await member('吴九', '吴九的口令');
    const id = await newInspection(l);
    await protect(l);
    await talk(l, id);
    await l.ok(
      'problem',
      'add',
      id,
      '--description',
      `${PROBLEM}，${NAME}反映`,
      '--item',
      'WY-01',
      '--method',
      'talk',
      '--severity',
      'high',
      '--rectification',
      '限期配齐',
      '--type',
      'deadline',
      '--deadline',
      '2027-01-31',
    );
    const pushed = await l.json('push', '--hub', submit);
    expect(pushed.events).toBeGreaterThan(0);
    const decisions = await office.json('hub', 'accept', '--hub', admin);
    expect(decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);
    expect(await eventsOf(l)).toBeGreaterThan(0);
    const stored = await hubText();
    expect(stored).toContain(id);
    expect(stored).not.toContain(NAME);
    // Read back on the team's own laptop (which holds the data key): texts opened, the name redacted.
    const listed = await l.ok('problem', 'list', '--hub', read);
    expect(listed).toContain(PROBLEM);
    expect(listed).not.toContain(NAME);
    const feedback = join(scratch(), 'feedback.md');
    await l.ok('report', id, '--kind', 'feedback', '--hub', read, '-o', feedback, '--date', '2026-12-01');
    expect(readFileSync(feedback, 'utf8')).toContain(PROBLEM);
    expect(readFileSync(feedback, 'utf8')).not.toContain(NAME);
    // hub verify: the chains clean, and no name in clear to report.
    const verified = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(verified.code, verified.stdout).toBe(0);
    const doc = JSON.parse(verified.stdout);
    expect(doc.data.clearNames).toEqual({ events: 0, records: 0 });
    expect(doc.problems).toEqual([]);
    // A name taken out of the list the --hub outputs redact by (it stays sealed in the record) is named by hub verify.
    const [listedName] = await pg.sql<{ name: string }>('SELECT name FROM ducha.interviewees LIMIT 1', [], dbName);
    await pg.sql('DELETE FROM ducha.interviewees WHERE name = $1', [listedName!.name], dbName);
    const unlisted = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(unlisted.code).toBe(1);
    expect(JSON.parse(unlisted.stdout).data.problems.map((p: { detail: string }) => p.detail)).toEqual([
      'interviewees: 1 names not listed',
    ]);
    await pg.sql('INSERT INTO ducha.interviewees (name) VALUES ($1)', [listedName!.name], dbName);
    expect((await office.run('hub', 'verify', '--hub', admin)).code).toBe(0);
  });
});

describe('warnings where a name would be kept in clear', () => {
  it('record, amend and import-records warn on an unprotected laptop with a hub; not without one, nor once protected', async () => {
    const l = laptop('郑十', { spawned: true });
    const id = await newInspection(l);
    const quiet = await l.run('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', '无汇总库');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');

    l.env.DUCHA_HUB = submit;
    const warned = await l.run('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', '有汇总库');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('ducha protect');
    const json = JSON.parse(
      (await l.run('record', id, 'WY-02', '--method', 'check', '--note', '无人名', '--json')).stdout,
    );
    expect(json.problems).toEqual([]);
    const named = await l.run(
      'record',
      id,
      'WY-02',
      '--method',
      'talk',
      '--interviewee',
      NAME,
      '--note',
      '谈',
      '--json',
    );
    const problems = JSON.parse(named.stdout).problems;
    expect(problems.map((p: { code: string; severity: string }) => [p.code, p.severity])).toEqual([
      ['clear-name-no-hub', 'warning'],
    ]);
    expect(named.stderr).toBe('');

    const amended = await l.run(
      'record',
      'amend',
      json.data.record,
      '--interviewee',
      '新名字',
      '--reason',
      '补记',
      '--json',
    );
    expect(amended.code, amended.stderr).toBe(0);
    expect(JSON.parse(amended.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['clear-name-no-hub']);

    const csv = join(scratch(), 'rows.csv');
    writeFileSync(
      csv,
      ['item,method,note,subject,interviewee', 'WY-02,talk,批量,某股室,王机密', 'WY-02,check,查,,'].join('\n'),
    );
    const imported = await l.run('import-records', id, csv, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const warning = JSON.parse(imported.stdout).problems.find((p: { code: string }) => p.code === 'clear-name-no-hub');
    expect(warning.message).toMatch(/^1 /);

    // Protected: names are encrypted, nothing to warn about.
    l.env.DUCHA_PASSPHRASE = '郑十的口令';
    l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
    // Protect says how many records keep a name in clear (five: three recorded, one amended, one imported).
    expect(await protect(l)).toContain('本库已有 5 条记录的被谈话人姓名是明文');
    const after = await l.run(
      'record',
      id,
      'WY-01',
      '--method',
      'talk',
      '--interviewee',
      NAME,
      '--note',
      '保护后',
      '--json',
    );
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).problems).toEqual([]);
  });
});
