// Confidential fields encrypted before they are written (issue 17, slice 2), on real database files with the
// spawned binary in both suites: after `ducha protect`, records (also import-records), amendments, conclusions,
// problems and rectification steps store ciphertext text in the events and the projections — neither the file,
// its -wal nor a backup holds the known plaintexts — while ids, methods, results and statuses stay clear;
// `verify`, `inspection list` and `inspection show` work locked; a read of confidential text while locked is refused
// (key-locked, exit 2); unlocked, every read shows the clear text and reports redact the decrypted names.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gmAvailable } from '../../src/crypto/index.js';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import { runBin } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';
import { SECRETS, dayOfWork } from '../helpers/old-data.js';

const tmp = scratch();
const PASS = '加密字段的口令 correct horse';
const NAME = '李秘密';

function laptop(suite: string) {
  const cwd = tmp.dir('ducha-fe-');
  const db = join(cwd, 'ducha.db');
  // A temp folder of its own (SQLite's too), searched after the day's work.
  const temp = tmp.dir('ducha-tmpdir-');
  const env = tmp.env({
    DUCHA_DB: db,
    DUCHA_ACTOR: '张三',
    XDG_RUNTIME_DIR: tmp.dir('ducha-run-'),
    TMPDIR: temp,
    SQLITE_TMPDIR: temp,
  });
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runBin(args, { env: { ...env, ...extra }, cwd });
  const ok = async (args: string[], extra: Record<string, string | undefined> = { DUCHA_PASSPHRASE: PASS }) => {
    const r = await run(args, extra);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const json = async (args: string[], extra?: Record<string, string | undefined>) =>
    JSON.parse((await ok([...args, '--json'], extra)).stdout).data as Record<string, unknown>;
  return { cwd, db, temp, run, ok, json, suite };
}

/** `ducha protect`, then its locks re-made cheap for the commands that follow (helpers/cheap-locks.ts). */
async function protect(l: ReturnType<typeof laptop>) {
  await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
  await cheapenLocks(l.db, PASS);
}

function payloads(file: string): Array<{ type: string; payload: Record<string, unknown> }> {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare('SELECT type, payload FROM events ORDER BY seq_no').all() as Array<{ type: string; payload: string }>
    ).map((r) => ({ type: r.type, payload: JSON.parse(r.payload) }));
  } finally {
    db.close();
  }
}

/** Every file under `dir` (a temp folder's leftovers). */
const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

const CIPHERTEXT = /^ducha-enc:1:[A-Za-z0-9_-]+$/;

/** Every record's stored payload in log order: a record.added event's, and each of a records.imported event's. */
const recordPayloads = (events: ReturnType<typeof payloads>) =>
  events.flatMap((e) =>
    e.type === 'record.added'
      ? [e.payload]
      : e.type === 'records.imported'
        ? (e.payload.records as Array<Record<string, unknown>>)
        : [],
  );
const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('confidential fields encrypted at rest (%s suite)', (suite) => {
  it('new events and projections hold ciphertext; verify, inspection list and show work locked; reads need the key; reports redact the decrypted names', async () => {
    const l = laptop(suite);
    const { inspection, recordId, problemId } = await dayOfWork(l, () => protect(l));

    // The stored events: confidential members are ciphertext text; ids, methods, results, statuses stay clear.
    const events = payloads(l.db);
    const added = recordPayloads(events);
    expect(added).toHaveLength(2);
    for (const p of added) {
      expect(p.interviewee).toMatch(CIPHERTEXT);
      expect(p.method).toBe('talk');
    }
    // A record.added event seals its note; an import seals every record's note and subject as one text.
    expect(events.find((e) => e.type === 'record.added')!.payload.note).toMatch(CIPHERTEXT);
    const imported = events.find((e) => e.type === 'records.imported')!.payload;
    expect(imported.texts).toMatch(CIPHERTEXT);
    for (const r of imported.records as Array<Record<string, unknown>>) {
      expect(r).not.toHaveProperty('note');
      expect(r).not.toHaveProperty('subject');
    }
    const first = added.find((p) => p.id === recordId)!;
    expect(first.subject).toMatch(CIPHERTEXT);
    expect((first.evidence as Array<{ name: string; mime: string }>)[0]!.name).toMatch(CIPHERTEXT);
    const amended = events.find((e) => e.type === 'record.amended')!.payload;
    expect((amended.fields as { note: string }).note).toMatch(CIPHERTEXT);
    expect(amended.reason).toMatch(CIPHERTEXT);
    const concluded = events.find((e) => e.type === 'conclusion.set')!.payload;
    expect(concluded).toMatchObject({ result: 'noncompliant', goodPractice: false });
    expect(concluded.note).toMatch(CIPHERTEXT);
    expect(concluded.reason).toMatch(CIPHERTEXT);
    const created = events.find((e) => e.type === 'problem.created')!.payload.fields as Record<string, string>;
    for (const f of ['description', 'rectification']) expect(created[f]).toMatch(CIPHERTEXT);
    const edited = events.find((e) => e.type === 'problem.updated')!.payload.fields as Record<string, string>;
    expect(edited.measures).toMatch(CIPHERTEXT);
    expect(created).toMatchObject({ severity: 'high', type: 'deadline', deadline: '2027-01-31', unit: '某乡镇党委' });
    const step = events.find((e) => e.type === 'problem.progressed')!.payload;
    expect(step).toMatchObject({ kind: 'progress', status: 'rectifying' });
    expect(step.note).toMatch(CIPHERTEXT);

    // No known plaintext in the file, its -wal, a backup, or anything left in the temp folder.
    const backup = join(l.cwd, 'backup.db');
    await l.ok(['backup', backup], {});
    for (const file of [l.db, `${l.db}-wal`, backup, ...filesIn(l.temp)]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      for (const s of SECRETS) expect(bytes.indexOf(Buffer.from(s, 'utf8')), `${s} in ${file}`).toBe(-1);
    }

    // Locked (no passphrase, no unlock): verify, summary and the inspection list work; confidential reads are refused.
    expect((await l.run(['verify'])).code).toBe(0);
    expect((await l.run(['inspection', 'list'])).code).toBe(0);
    expect((await l.run(['inspection', 'show', inspection])).code).toBe(0);
    // summary is a shared output: it redacts the (decrypted) interviewee names, so it needs the key too.
    for (const args of [
      ['record', 'list'],
      ['problem', 'list', inspection],
      ['inspection', 'history', inspection],
      ['summary'],
    ]) {
      const r = await l.run([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout).problems[0].code).toBe('key-locked');
    }
    const refused = await l.run(['record', 'list']);
    expect(refused.stderr).toContain('ducha unlock');

    // Unlocked: the clear text everywhere it is shown.
    await l.ok(['unlock', '--for', '1h']);
    const list = (await l.ok(['record', 'list'], {})).stdout;
    for (const s of ['更正后的笔记内容', '办公室的秘密对象', '秘密照片名.txt', '批量导入的秘密笔记'])
      expect(list).toContain(s);
    const history = (await l.ok(['inspection', 'history', inspection], {})).stdout;
    for (const s of ['谈话笔记里的秘密短语', '结论说明的秘密短语', '问题表现的秘密短语', '进展说明的秘密短语'])
      expect(history).toContain(s);
    const problems = (await l.ok(['problem', 'list', inspection], {})).stdout;
    expect(problems).toContain('问题表现的秘密短语');
    expect(problems).toContain(problemId);
    // A report: the texts decrypted, the interviewee names (decrypted to be found) redacted.
    const feedback = join(l.cwd, 'feedback.md');
    await l.ok(['report', inspection, '--kind', 'feedback', '-o', feedback], {});
    const text = readFileSync(feedback, 'utf8');
    expect(text).toContain('问题表现的秘密短语');
    expect(text).not.toContain(NAME);
    await l.ok(['lock'], {});
    // Nothing the reads and the report left in the temp folder holds a known plaintext.
    for (const file of filesIn(l.temp)) {
      const bytes = readFileSync(file);
      for (const s of SECRETS) expect(bytes.indexOf(Buffer.from(s, 'utf8')), `${s} in ${file}`).toBe(-1);
    }
  });
});

describe('the pragmas of a protected database', () => {
  it('secure_delete and temp_store = MEMORY are set on every opening once it has a data key (not before)', async () => {
    const { openStore } = await import('../../src/store/open.js');
    const l = laptop('default');
    await l.json(
      ['inspection', 'new', '--checklist', 'zhengfa-weiyuan', '--unit', '某乡镇党委', '--unit-kind', 'township'],
      {},
    );
    const pragmas = (readonly: boolean) => {
      const store = openStore(l.db, readonly ? { readonly: true } : {});
      try {
        return [store.db.pragma('secure_delete', { simple: true }), store.db.pragma('temp_store', { simple: true })];
      } finally {
        store.close();
      }
    };
    expect(pragmas(false)).toEqual([0, 0]);
    await protect(l);
    expect(pragmas(false)).toEqual([1, 2]);
    expect(pragmas(true)).toEqual([1, 2]);
  });
});

describe.each(suites)('interviewee names sealed deterministically (%s suite)', (suite) => {
  it('the same name is the same stored ciphertext wherever it was written; another name is another; outputs still redact it', async () => {
    const l = laptop(suite);
    const made = await l.json(
      ['inspection', 'new', '--checklist', 'zhengfa-weiyuan', '--unit', '某乡镇党委', '--unit-kind', 'township'],
      {},
    );
    const inspection = made.id as string;
    await protect(l);
    const talk = (item: string, name: string, note: string) =>
      l.json(['record', item, '--method', 'talk', '--note', note, '--interviewee', name]);
    const first = (await talk('WY-01', NAME, `${NAME}谈到的第一件事`)).record as string;
    await talk('WY-02', NAME, '第二次谈话');
    await talk('WY-02', '王机密', '另一个人的谈话');
    writeFileSync(
      join(l.cwd, 'r.csv'),
      ['item,method,note,subject,interviewee', `WY-03,talk,批量导入,某股室,${NAME}`].join('\n') + '\n',
    );
    await l.ok(['import-records', inspection, 'r.csv']);
    await l.ok(['record', 'amend', first, '--interviewee', '赵保密', '--reason', '记错了谈话对象']);
    await talk('WY-04', '赵保密', '更正之后再谈');

    const events = payloads(l.db);
    const names = recordPayloads(events).map((p) => p.interviewee as string);
    expect(names).toHaveLength(5);
    for (const n of names) expect(n).toMatch(CIPHERTEXT);
    expect(names[1]).toBe(names[0]);
    expect(names[3]).toBe(names[0]); // import-records seals the same way
    expect(names[2]).not.toBe(names[0]);
    const amended = events.find((e) => e.type === 'record.amended')!.payload.fields as { interviewee: string };
    expect(amended.interviewee).toBe(names[4]); // an amendment's name too
    // The projection holds the same texts: three distinct names, three distinct stored values.
    const db = new Database(l.db, { readonly: true });
    try {
      const stored = db.prepare('SELECT interviewee FROM records').all() as Array<{ interviewee: string }>;
      expect(stored).toHaveLength(5);
      expect(new Set(stored.map((r) => r.interviewee))).toEqual(new Set([names[0], names[2], names[4]]));
    } finally {
      db.close();
    }
    // Redaction reads the distinct stored names and opens each: no output names them.
    await l.ok(['record', 'WY-04', '--method', 'check', '--note', '查阅了台账']);
    await l.ok([
      'conclude',
      inspection,
      'WY-04',
      '--result',
      'compliant',
      '--good-practice',
      '--note',
      `赵保密牵头建立台账`,
    ]);
    const report = join(l.cwd, 'feedback.md');
    await l.ok(['report', inspection, '--kind', 'feedback', '--date', '2026-12-01', '-o', report]);
    const summary = join(l.cwd, 'summary.md');
    await l.ok(['summary', '--date', '2026-12-01', '-o', summary]);
    for (const [what, out] of [
      ['summary', readFileSync(summary, 'utf8')],
      ['report', readFileSync(report, 'utf8')],
    ]) {
      expect(out, what).toContain('牵头建立台账'); // the good practice is there, its name redacted
      for (const n of [NAME, '王机密', '赵保密']) expect(out, what).not.toContain(n);
    }
  });
});
