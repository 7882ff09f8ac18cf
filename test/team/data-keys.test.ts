// Bundles of protected databases (issue 17, slice 5) through the spawned bin/ducha.js in both suites: the
// member's sealed bundle carries its data key, so the lead (protected too) reads and reports on the member's
// encrypted notes; the lead keeps that key only locked under its own data key; an unprotected lead is refused
// with nothing changed; a protected database exports without --to only with --unencrypted, and a third device
// importing that bundle verifies the member's history but cannot read its encrypted texts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { gmAvailable } from '../../src/crypto/index.js';
import { cleanup, dbDigest, laptop, scratch, protect, type Laptop } from './laptops.js';

afterAll(cleanup);

const NAME = '李秘密';
const PHRASE = '反映专项经费被挪作他用';
const PROBLEM = '政法委员长期不在岗的秘密问题';
const IMPORTED = '批量导入的谈话秘密记录';
const SUBJECT = '综治中心秘密对象';
const PASS = { member: '成员的口令 one', lead: '组长的口令 two', third: '第三台的口令 three' };

function device(name: string, suite: string, passphrase: string): Laptop {
  const l = laptop(name, { spawned: true });
  l.env.DUCHA_SUITE = suite;
  l.env.DUCHA_PASSPHRASE = passphrase;
  l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  return l;
}

/** Run `fn` with the laptop's DUCHA_PASSPHRASE unset (and no unlock: locked). */
async function locked<T>(l: Laptop, fn: () => Promise<T>): Promise<T> {
  const saved = l.env.DUCHA_PASSPHRASE;
  delete l.env.DUCHA_PASSPHRASE;
  try {
    return await fn();
  } finally {
    l.env.DUCHA_PASSPHRASE = saved;
  }
}

/** The encryption (bundle-opening) key row of a database: how its private key is kept, and the bytes kept. */
function encryptionSecret(file: string): { protection: string; secret: Buffer } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT protection, secret FROM device_keys WHERE purpose = 'encryption'").get() as {
      protection: string;
      secret: Buffer;
    };
  } finally {
    db.close();
  }
}

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('data keys in bundles (%s suite)', (suite) => {
  it("the lead reads a protected member's notes from its sealed bundle; the key is kept locked; a third device verifies but cannot read", async () => {
    const member = device('张三', suite, PASS.member);
    const lead = device('组长', suite, PASS.lead);
    const leadKey = await lead.ok('team', 'key');
    const memberKey = await member.ok('team', 'key');
    await member.ok('team', 'trust', leadKey, '--name', '组长');
    await lead.ok('team', 'trust', memberKey, '--name', '张三');
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
    await member.ok('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', `${NAME}${PHRASE}`);
    // Records imported after protect: their notes and subjects sealed together in the event (docs/format.md §21).
    const csv = join(scratch(), 'records.csv');
    writeFileSync(csv, `item,method,note,subject,interviewee\nWY-02,talk,${IMPORTED}，${NAME}说,${SUBJECT},${NAME}\n`);
    await member.ok('import-records', id, csv);
    await member.ok(
      'conclude',
      id,
      'WY-01',
      '--result',
      'noncompliant',
      '--note',
      PHRASE,
      '--reason',
      '先作结论的理由',
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

    // Without --to, a protected database's export is refused unless --unencrypted; nothing is written.
    const dir = scratch();
    const clear = join(dir, 'clear.ducha');
    const refusedExport = await member.run('export', id, '-o', clear, '--json');
    expect(refusedExport.code).toBe(2);
    expect(JSON.parse(refusedExport.stdout).problems[0].code).toBe('export-unencrypted');
    expect(() => readFileSync(clear)).toThrow();
    await member.ok('export', id, '-o', clear, '--unencrypted');
    const clearBytes = readFileSync(clear);
    for (const s of [NAME, PHRASE, PROBLEM, IMPORTED, SUBJECT])
      expect(clearBytes.includes(Buffer.from(s, 'utf8')), s).toBe(false);

    const sealed = join(dir, 'sealed.ducha');
    await member.ok('export', id, '-o', sealed, '--to', '组长');

    // An unprotected lead cannot keep the member's data key: refused, nothing changed.
    const before = dbDigest(lead.db);
    const unprotected = await lead.run('import', sealed, '--json');
    expect(unprotected.code, unprotected.stderr).toBe(2);
    expect(JSON.parse(unprotected.stdout).problems[0].code).toBe('import-unprotected');
    expect(dbDigest(lead.db)).toBe(before);

    // Protected, the lead imports it and reads the member's notes, problems and a report on them.
    const clearOpening = encryptionSecret(lead.db);
    expect(clearOpening.protection).toBe('none');
    await protect(lead);
    // protect sealed the bundle-opening private key with the data key: its clear bytes left the file and -wal.
    const sealedOpening = encryptionSecret(lead.db);
    expect(sealedOpening.protection).toBe('data-key');
    for (const file of [lead.db, `${lead.db}-wal`])
      if (existsSync(file)) expect(readFileSync(file).includes(clearOpening.secret), file).toBe(false);
    // Locked, the sealed bundle cannot be opened even for a preview (key-locked), and nothing changes.
    const beforePreview = dbDigest(lead.db);
    const lockedPreview = await locked(lead, () => lead.run('import', sealed, '--dry-run', '--json'));
    expect(lockedPreview.code, lockedPreview.stderr).toBe(2);
    expect(JSON.parse(lockedPreview.stdout).problems[0].code).toBe('key-locked');
    // Unlocked, a preview keeps no key; it changes nothing.
    const preview = await lead.run('import', sealed, '--dry-run');
    expect(preview.code, preview.stderr).toBe(0);
    expect(dbDigest(lead.db)).toBe(beforePreview);
    await lead.ok('import', sealed);
    const list = await lead.ok('record', 'list', id);
    expect(list).toContain(PHRASE);
    expect(list).toContain(IMPORTED);
    expect(list).toContain(SUBJECT);
    const problems = await lead.ok('problem', 'list', id);
    expect(problems).toContain(PROBLEM);
    const report = join(dir, 'feedback.md');
    await lead.ok('report', id, '--kind', 'feedback', '-o', report);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain(PROBLEM);
    expect(text).not.toContain(NAME); // the member's interviewee, decrypted to be redacted
    await lead.ok('verify');

    // The member's data key sits in the lead's database only locked under the lead's own data key.
    const db = new Database(lead.db, { readonly: true });
    const rows = db
      .prepare("SELECT purpose, public_key, protection, secret FROM device_keys WHERE purpose LIKE 'data%'")
      .all() as Array<{
      purpose: string;
      public_key: string;
      protection: string;
      secret: Buffer;
    }>;
    db.close();
    const foreign = rows.filter((r) => r.purpose.startsWith('data-foreign:'));
    expect(foreign).toHaveLength(1);
    expect(foreign[0]!.protection).toBe('data-key');
    // Locked: the lead cannot read without its passphrase.
    const lockedRun = await locked(lead, () => lead.run('record', 'list', id, '--json'));
    expect(lockedRun.code).toBe(2);
    expect(JSON.parse(lockedRun.stdout).problems[0].code).toBe('key-locked');

    // A third device, protected, given the unencrypted bundle: imports and verifies, cannot read the texts.
    const third = device('王五', suite, PASS.third);
    await third.ok('team', 'trust', memberKey, '--name', '张三');
    await protect(third);
    // An encryption key made after protect is sealed with the data key from the start.
    await third.ok('team', 'key');
    expect(encryptionSecret(third.db).protection).toBe('data-key');
    await third.ok('import', clear);
    await third.ok('verify');
    await third.ok('inspection', 'show', id);
    const unreadable = await third.run('record', 'list', id, '--json');
    expect(unreadable.code).toBe(2);
    expect(JSON.parse(unreadable.stdout).problems[0].code).toBe('data-key-unknown');
  });
});
