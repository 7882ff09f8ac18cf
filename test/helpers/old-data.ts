// A day's work written on an unprotected database, for the tests of protecting it later (issue 17, slice 4):
// spawned laptops in their own temp folders (removed after the file's tests), what a user reads of an
// inspection, the known plaintexts searched in the file and its -wal, and the events as stored.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { runBin } from './run.js';
import { scratch } from './scratch.js';

const tmp = scratch();
export const PASS = '保护旧数据的口令 battery staple';
export const NAME = '李秘密';
/** The evidence file's contents: encrypted by protect with the other evidence held before. */
export const EVIDENCE_TEXT = '照片里的秘密内容 photo bytes of the unannounced visit';
/** Texts of the day's work that must not be left in clear anywhere in the protected file. */
export const SECRETS = [
  NAME,
  '谈话笔记里的秘密短语',
  '更正后的笔记内容',
  '办公室的秘密对象',
  '结论说明的秘密短语',
  '问题表现的秘密短语',
  '整改要求的秘密短语',
  '整改措施的秘密短语',
  '进展说明的秘密短语',
  '更正理由的秘密短语',
  '结论理由的秘密短语',
  '批量导入的秘密笔记',
  '王机密',
  '秘密照片名.txt',
  EVIDENCE_TEXT,
];

export function laptop(suite: string, actor = '张三') {
  const cwd = tmp.dir('ducha-old-');
  const db = join(cwd, 'ducha.db');
  const env = tmp.env({ DUCHA_DB: db, DUCHA_ACTOR: actor, DUCHA_SUITE: suite, XDG_RUNTIME_DIR: tmp.dir('ducha-run-') });
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runBin(args, { env: { ...env, ...extra }, cwd });
  const ok = async (args: string[], extra: Record<string, string | undefined> = {}) => {
    const r = await run(args, extra);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const json = async (args: string[], extra?: Record<string, string | undefined>) =>
    JSON.parse((await ok([...args, '--json'], extra)).stdout).data as Record<string, unknown>;
  return { cwd, db, run, ok, json, suite };
}
export type Laptop = ReturnType<typeof laptop>;

/**
 * A day's work: records (interviewee, evidence, an amendment, a CSV import), a conclusion, a problem with a step —
 * on an unprotected database, or protected once the inspection exists when `afterCreate` runs `ducha protect`.
 */
export async function dayOfWork(l: Laptop, afterCreate?: () => Promise<unknown>) {
  const made = await l.json([
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--suite',
    l.suite,
    '--start',
    '2026-11-20', // before the problem's fixed deadline, whatever the day the test runs
  ]);
  const inspection = made.id as string;
  await afterCreate?.();
  writeFileSync(join(l.cwd, '秘密照片名.txt'), EVIDENCE_TEXT);
  const record = await l.json([
    'record',
    'WY-01',
    '--method',
    'talk',
    '--note',
    `${NAME}说：谈话笔记里的秘密短语`,
    '--subject',
    '办公室的秘密对象',
    '--interviewee',
    NAME,
    '--evidence',
    '秘密照片名.txt',
  ]);
  const recordId = record.record as string;
  await l.ok(['record', 'amend', recordId, '--note', `${NAME}说：更正后的笔记内容`, '--reason', '更正理由的秘密短语']);
  writeFileSync(
    join(l.cwd, 'r.csv'),
    ['item,method,note,subject,interviewee', 'WY-02,talk,批量导入的秘密笔记,某股室,王机密'].join('\n') + '\n',
  );
  await l.ok(['import-records', inspection, 'r.csv']);
  await l.ok([
    'conclude',
    'WY-01',
    '--result',
    'noncompliant',
    '--note',
    `结论说明的秘密短语，${NAME}反映`,
    '--reason',
    '结论理由的秘密短语',
  ]);
  const problem = await l.json([
    'problem',
    'add',
    inspection,
    '--description',
    `问题表现的秘密短语，${NAME}反映`,
    '--item',
    'WY-01',
    '--method',
    'talk',
    '--severity',
    'high',
    '--rectification',
    '整改要求的秘密短语',
    '--type',
    'deadline',
    '--deadline',
    '2027-01-31',
    '--unit',
    '某乡镇党委',
  ]);
  const problemId = problem.id as string;
  await l.ok(['problem', 'edit', problemId, '--measures', '整改措施的秘密短语']);
  await l.ok(['rectify', problemId, '--status', 'rectifying', '--note', '进展说明的秘密短语']);
  return { inspection, recordId, problemId };
}

/** What the user reads of an inspection: show and problem list (JSON) and a Markdown report. */
export async function readings(l: Laptop, inspection: string, name: string, extra: Record<string, string> = {}) {
  const report = join(l.cwd, `${name}.md`);
  await l.ok(['report', inspection, '--kind', 'feedback', '-o', report], extra);
  return {
    show: (await l.ok(['inspection', 'show', inspection, '--json'], extra)).stdout,
    problems: (await l.ok(['problem', 'list', inspection, '--json'], extra)).stdout,
    report: readFileSync(report, 'utf8'),
  };
}

/** Every known plaintext found in the database file and its -wal. */
export function plaintextsIn(db: string, secrets = SECRETS): string[] {
  const found: string[] = [];
  for (const file of [db, `${db}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const s of secrets) if (bytes.includes(Buffer.from(s, 'utf8'))) found.push(`${s} in ${file}`);
  }
  return found;
}

/** The events as stored: hash, whether sealed, the stored payload. */
export function storedEvents(
  file: string,
): Array<{ hash: string; type: string; sealed: string | null; payload: string }> {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT hash, type, sealed_key_id AS sealed, payload FROM events ORDER BY seq_no')
      .all() as Array<{
      hash: string;
      type: string;
      sealed: string | null;
      payload: string;
    }>;
  } finally {
    db.close();
  }
}
