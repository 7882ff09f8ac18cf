// Encrypted fields on the hub (issues 17 and 18), against a real PostgreSQL: a protected laptop pushes its
// records, conclusions and problems as it stores them — the interviewee's name, notes and problem texts as
// ciphertext, so no table of the hub holds them in clear; a --hub output opens them with the reading laptop's
// keys (the commission's, given the team's data key by a sealed bundle) and redacts the names as ever; a
// reader without the key is refused (data-key-unknown), a locked one asked to unlock (key-locked) — never a
// list or summary of ciphertext.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, protect, type Laptop } from '../team/laptops.js';
import { allRows } from './hub-rows.js';

let pg: TestPostgres;
let admin: string;
let submit: string;
let read: string;
let dbName: string;

const NAME = '李秘密';
const NOTE = '谈话中反映的秘密短语';
const PRACTICE = '好做法的秘密说明';
const PROBLEM = '政法委员长期不在岗的秘密问题';
const IMPORTED = '批量导入的谈话秘密记录';
const SUBJECT = '综治中心秘密对象';
const PASS = { member: '成员的口令 one', office: '督查办的口令 two' };

beforeAll(async () => {
  pg = await startPostgres();
  dbName = await pg.createDatabase('sealed_fields');
  admin = pg.url(dbName);
  await laptop('督查办').ok('hub', 'init', admin);
  await pg.sql(`CREATE ROLE enc_laptops LOGIN PASSWORD 'laptop-pw' IN ROLE ${dbName}_submit`);
  await pg.sql(`CREATE ROLE enc_reader LOGIN PASSWORD 'reader-pw' IN ROLE ${dbName}_read`);
  submit = pg.url(dbName, 'enc_laptops', 'laptop-pw');
  read = pg.url(dbName, 'enc_reader', 'reader-pw');
});

afterAll(async () => {
  cleanup();
  await pg?.stop();
});

function device(name: string, passphrase: string): Laptop {
  const l = laptop(name, { spawned: true });
  l.env.DUCHA_PASSPHRASE = passphrase;
  l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  return l;
}

const hubText = () => allRows(pg, dbName);

describe("a protected laptop's texts on the hub", () => {
  it('are stored as ciphertext; --hub outputs open them with the reader’s keys, or refuse', async () => {
    const member = device('张三', PASS.member);
    const office = device('督查办', PASS.office);
    const memberKey = await member.ok('team', 'key');
    const officeKey = await office.ok('team', 'key');
    await member.ok('team', 'trust', officeKey, '--name', '督查办');
    await office.ok('team', 'trust', memberKey, '--name', '张三');
    await office.ok('hub', 'trust', memberKey, '--name', '张三', '--hub', admin);
    const id = await member.ok(
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
    await protect(member);
    await member.ok('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', `${NAME}说：${NOTE}`);
    // Imported after protect: the notes and subjects sealed together in the event, which the hub cannot open.
    const csv = join(scratch(), 'records.csv');
    writeFileSync(csv, `item,method,note,subject,interviewee\nWY-01,talk,${IMPORTED},${SUBJECT},${NAME}\n`);
    await member.ok('import-records', id, csv);
    await member.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', NOTE, '--reason', '先作结论');
    await member.ok('record', id, 'WY-02', '--method', 'check', '--note', '查阅台账');
    await member.ok(
      'conclude',
      id,
      'WY-02',
      '--result',
      'compliant',
      '--good-practice',
      '--note',
      PRACTICE,
      '--reason',
      '谈话另行安排',
    );
    await member.ok(
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
    const pushed = await member.run('push', '--hub', submit, '--json');
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    const decisions = await office.json('hub', 'accept', '--hub', admin);
    expect(decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);
    // hub verify replays these events (sealed texts, an import sealed whole) to the rows the hub holds: clean.
    const verified = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(verified.code, verified.stdout).toBe(0);
    // An imported record's row on the hub holds neither note nor subject (they are in its event): one given one is named.
    const [imported] = await pg.sql<{ id: string }>(
      'SELECT id FROM ducha.records WHERE in_texts <> 0 LIMIT 1',
      [],
      dbName,
    );
    await pg.sql('UPDATE ducha.records SET subject = $2 WHERE id = $1', [imported!.id, '补上的对象'], dbName);
    const edited = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout).data.problems.map((p: { detail: string }) => p.detail)).toEqual([
      `records: ${imported!.id}`,
    ]);
    await pg.sql('UPDATE ducha.records SET subject = NULL WHERE id = $1', [imported!.id], dbName);

    // No table of the hub holds the name, the notes or the problem's text in clear.
    const stored = await hubText();
    expect(stored).toContain(id);
    expect(stored).toContain('ducha-enc:1:');
    for (const s of [NAME, NOTE, PRACTICE, PROBLEM, IMPORTED, SUBJECT]) expect(stored.includes(s), s).toBe(false);

    // A reader with no database (so no key): refused, not a list of ciphertext.
    const stranger = laptop('读者', { spawned: true });
    for (const args of [
      ['problem', 'list', '--hub', read],
      ['summary', '--hub', read],
      ['report', id, '--kind', 'feedback', '--hub', read, '-o', join(scratch(), 'x.md')],
    ]) {
      const r = await stranger.run(...args, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout).problems[0].code).toBe('data-key-unknown');
      expect(r.stdout).not.toContain('ducha-enc:');
    }

    // The terminal's summary opens no notes (it shows none), but it still redacts with every name: refused too.
    const plain = await stranger.run('summary', '--hub', read);
    expect(plain.code).toBe(2);
    expect(plain.stdout + plain.stderr).not.toContain('ducha-enc:');

    // The office holds no key of the member's until a sealed bundle brings it.
    await protect(office);
    const before = await office.run('problem', 'list', '--hub', read, '--json');
    expect(JSON.parse(before.stdout).problems[0].code).toBe('data-key-unknown');
    const sealed = join(scratch(), 'sealed.ducha');
    await member.ok('export', id, '-o', sealed, '--to', '督查办');
    await office.ok('import', sealed);

    // Now the hub's outputs read: texts opened, the name redacted, no ciphertext shown.
    const listed = await office.ok('problem', 'list', '--hub', read);
    expect(listed).toContain(PROBLEM);
    expect(listed).not.toContain(NAME);
    expect(listed).not.toContain('ducha-enc:');
    const summary = await office.ok('summary', '--hub', read, '--json');
    expect(summary).toContain(PRACTICE);
    expect(summary).not.toContain('ducha-enc:');
    const feedback = join(scratch(), 'feedback.md');
    await office.ok('report', id, '--kind', 'feedback', '--hub', read, '-o', feedback, '--date', '2026-12-01');
    const text = readFileSync(feedback, 'utf8');
    expect(text).toContain(PROBLEM);
    // The ledger says how each problem was found: the imported record's subject, read out of its event's texts.
    const ledger = join(scratch(), 'ledger.md');
    await office.ok('report', id, '--kind', 'ledger', '--hub', read, '-o', ledger, '--date', '2026-12-01');
    expect(readFileSync(ledger, 'utf8')).toContain(`谈：${SUBJECT}`);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('ducha-enc:');

    // Locked (no passphrase, no unlock): asked to unlock.
    delete office.env.DUCHA_PASSPHRASE;
    const locked = await office.run('problem', 'list', '--hub', read, '--json');
    expect(locked.code).toBe(2);
    expect(JSON.parse(locked.stdout).problems[0].code).toBe('key-locked');
  });
});
