// Crash safety at chosen moments: ducha killed with SIGKILL by its own crash hook (DUCHA_CRASH_AT, see
// src/store/crash-points.ts) inside an INSERT, just before COMMIT or just after it — during a 20,000-row
// import-records, a loop of record commands and the import of a team bundle — leaves a file that opens,
// verifies, and holds exactly what was promised: all rows of the import or none, the whole bundle or none of
// it, every record that was reported saved. No timer decides where a kill lands, so every run tests the same
// moments; the timer-driven kills at random moments (inside SQLite's own commit and checkpoint too) are
// crash-timed.soak.ts, run by `npm run soak`.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, runMain } from '../helpers/run.js';
import { SCRIPTS, freshInspection, readFacts, requireBuild, type Fixture } from './support.js';

interface Crash {
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Bytes in the -wal file right after the process died, before anything opened the database again. */
  walBytes: number;
}

/** Run node with `args` and DUCHA_CRASH_AT=`at`; the process kills itself there (or ends, if it never gets there). */
function crashAt(at: string, args: string[], f: Fixture): Promise<Crash> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: f.cwd,
      env: { ...f.env, DUCHA_CRASH_AT: at } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ signal, code, stdout, stderr, walBytes: walBytes(f.db) }));
  });
}

function walBytes(db: string): number {
  return existsSync(db + '-wal') ? statSync(db + '-wal').size : 0;
}

/**
 * What must hold after every kill: the file opens, `ducha verify` exits 0 (through main() in this process:
 * the same code as the binary), `inspection show` counts as many 访 records as the records table and the log
 * hold, and the chain is numbered without gaps.
 */
async function checkAfterKill(f: Fixture, what: string): Promise<string[]> {
  const verify = await runMain(['verify', '--db', f.db], { env: f.env, cwd: f.cwd });
  expect(verify.code, `${what}: verify\n${verify.stdout}${verify.stderr}`).toBe(0);
  const show = await runMain(['inspection', 'show', f.id, '--json', '--db', f.db], { env: f.env, cwd: f.cwd });
  expect(show.code, `${what}: inspection show\n${show.stderr}`).toBe(0);
  const visit = JSON.parse(show.stdout).data.progress.methods.visit as number;
  const facts = readFacts(f.db);
  expect(facts.records.length, `${what}: records table vs progress`).toBe(visit);
  expect(facts.recordEvents, `${what}: record events vs records table`).toBe(visit);
  expect(facts.seqs, `${what}: chain sequence`).toEqual(Array.from({ length: facts.events }, (_, i) => i + 1));
  return facts.records;
}

/** The database as it was, under a new name, copied back before each kill. */
function resettable(base: Fixture, name: string): { f: Fixture; reset: () => void } {
  expect(existsSync(base.db + '-wal'), 'the pristine database was left with a WAL').toBe(false);
  const pristine = join(base.cwd, 'pristine.db');
  copyFileSync(base.db, pristine);
  const f: Fixture = { ...base, db: join(base.cwd, name) };
  return {
    f,
    reset: () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(f.db + suffix, { force: true });
      copyFileSync(pristine, f.db);
    },
  };
}

const made: string[] = [];
beforeAll(requireBuild);
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('crash safety (SIGKILL at chosen points)', () => {
  it('the crash hook refuses a value that is not a point and a count, and then writes nothing', async () => {
    const f = await freshInspection();
    made.push(f.cwd);
    for (const at of ['bogus', 'event', 'event:0', 'commit:1']) {
      const r = await runBin(['record', f.id, 'WY-01', '--method', 'visit', '--note', '不应写入', '--db', f.db], {
        env: { ...f.env, DUCHA_CRASH_AT: at },
        cwd: f.cwd,
      });
      expect(r.code, at).toBe(2);
      expect(r.stderr, at).toContain(
        `错误：DUCHA_CRASH_AT=${at}: expected <event|blob|commit-before|commit-after>:<n ≥ 1>`,
      );
    }
    expect(readFacts(f.db).records).toEqual([]);
  });

  it('import-records of 20,000 rows killed inside its transaction, before and after COMMIT: all rows or none, and the file verifies', async () => {
    const ROWS = 20_000;
    const base = await freshInspection();
    made.push(base.cwd);
    const { f, reset } = resettable(base, 'import.db');
    const csv = join(f.cwd, 'records.csv');
    const rows = Array.from(
      { length: ROWS },
      (_, i) => `WY-01,访,"第 ${i} 条：政法委员在岗，综治中心运转正常",综治中心`,
    );
    writeFileSync(csv, ['item,method,note,subject', ...rows].join('\n') + '\n');
    const args = [BIN, 'import-records', f.id, csv, '--db', f.db];
    // One event per 256 rows (records.imported): inside the first event and a middle one (rows 10,241–10,496),
    // then with every row written but not committed.
    const plan: Array<[string, number]> = [
      ['event:1', 0],
      ['event:41', 0],
      ['commit-before:1', 0],
      ['commit-after:1', ROWS],
    ];
    for (const [at, rowsAfter] of plan) {
      reset();
      const what = `import-records killed at ${at}`;
      const r = await crashAt(at, args, f);
      expect(r.signal, `${what}: the process was not killed there\n${r.stderr}`).toBe('SIGKILL');
      if (at === 'commit-after:1') expect(r.walBytes, `${what}: the commit is in the -wal file`).toBeGreaterThan(0);
      expect((await checkAfterKill(f, what)).length, `${what}: rows present`).toBe(rowsAfter);
      if (at === 'commit-before:1') {
        // Killed with every row written but not committed: running the import again imports every row, once.
        const again = await runBin(args.slice(1), { env: f.env, cwd: f.cwd });
        expect(again.code, again.stderr).toBe(0);
        expect((await checkAfterKill(f, `${what}, then imported again`)).length).toBe(ROWS);
      }
    }
  }, 180_000);

  it('a loop of record commands killed inside, before and after a commit: every record reported saved is there, nothing else but the one committed unreported', async () => {
    const f = await freshInspection();
    made.push(f.cwd);
    const reported = new Set<string>();
    let unreported = 0;
    // The reporter records until killed, printing each record's id after main() returned (see record-reporter.mjs).
    const plan = [
      'event:1',
      'commit-after:1',
      'commit-before:2',
      'event:3',
      'commit-after:3',
      'commit-before:1',
      'event:2',
      'commit-after:2',
    ];
    for (const [k, at] of plan.entries()) {
      const what = `record loop, kill ${k + 1} at ${at}`;
      const r = await crashAt(at, [join(SCRIPTS, 'record-reporter.mjs'), f.db, f.id, '0', `第${k + 1}轮`], f);
      expect(r.signal, `${what}: the process was not killed there\n${r.stderr}`).toBe('SIGKILL');
      const n = Number(at.split(':')[1]);
      const lines = r.stdout.split('\n').filter(Boolean);
      // Before the n-th record's commit (or inside it) n-1 records were saved and reported; after it, n saved and n-1 reported.
      expect(lines, `${what}: records reported`).toHaveLength(n - 1);
      for (const line of lines) reported.add(line.split(' ')[0]!);
      if (at.startsWith('commit-after')) {
        unreported++;
        expect(r.walBytes, `${what}: the last commit is only in the -wal file`).toBeGreaterThan(0);
      }
      const present = new Set(await checkAfterKill(f, what));
      expect(
        [...reported].filter((id) => !present.has(id)),
        `${what}: records reported saved are missing`,
      ).toEqual([]);
      expect(present.size, `${what}: records present`).toBe(reported.size + unreported);
    }
    const final = await runBin(['verify', '--db', f.db], { env: f.env, cwd: f.cwd });
    expect(final.code, final.stdout + final.stderr).toBe(0);
  }, 120_000);

  it('import of a team bundle (5,000 records, 4 MB of evidence) killed while the evidence and the events are written, before and after COMMIT: all of it or none, and importing again completes it', async () => {
    // The laptop that sends: its records and one large evidence file, exported as a bundle.
    const sender = await freshInspection();
    made.push(sender.cwd);
    const csv = join(sender.cwd, 'records.csv');
    const rows = Array.from({ length: 5_000 }, (_, i) => `WY-01,访,"第 ${i} 条：走访群众",村民`);
    writeFileSync(csv, ['item,method,note,subject', ...rows].join('\n') + '\n');
    expect(
      (await runBin(['import-records', sender.id, csv, '--db', sender.db], { env: sender.env, cwd: sender.cwd })).code,
    ).toBe(0);
    const video = join(sender.cwd, '走访录像.mp4');
    writeFileSync(video, Buffer.from(Array.from({ length: 4 * 2 ** 20 }, (_, i) => (i * 7919) % 251)));
    const withVideo = await runBin(
      ['record', sender.id, 'WY-01', '--method', 'visit', '--note', '录像', '--evidence', video, '--db', sender.db],
      { env: sender.env, cwd: sender.cwd },
    );
    expect(withVideo.code, withVideo.stderr).toBe(0);
    const bundle = join(sender.cwd, 'team.ducha');
    expect(
      (await runBin(['export', sender.id, '-o', bundle, '--db', sender.db], { env: sender.env, cwd: sender.cwd })).code,
    ).toBe(0);
    const sent = readFacts(sender.db);

    // The laptop that receives: its own inspection and record, which must survive every kill.
    const base = await freshInspection();
    made.push(base.cwd);
    await runBin(['record', base.id, 'WY-01', '--method', 'visit', '--note', '本机记录', '--db', base.db], {
      env: base.env,
      cwd: base.cwd,
    });
    const { f, reset } = resettable(base, 'receiver.db');
    const args = [BIN, 'import', bundle, '--trust', '--db', f.db];
    const own = readFacts(base.db).events;
    const check = async (what: string): Promise<'all' | 'none'> => {
      const verify = await runMain(['verify', '--db', f.db], { env: f.env, cwd: f.cwd });
      expect(verify.code, `${what}: verify\n${verify.stdout}${verify.stderr}`).toBe(0);
      const facts = readFacts(f.db);
      expect([1, 1 + sent.records.length], `${what}: a partial import (${facts.records.length} records)`).toContain(
        facts.records.length,
      );
      expect(facts.events, `${what}: events`).toBe(facts.records.length === 1 ? own : own + sent.events);
      return facts.records.length === 1 ? 'none' : 'all';
    };
    const plan: Array<[string, 'all' | 'none']> = [
      ['blob:1', 'none'],
      ['event:1', 'none'],
      [`event:${sent.events}`, 'none'],
      ['commit-before:1', 'none'],
      ['commit-after:1', 'all'],
    ];
    for (const [k, [at, outcome]] of plan.entries()) {
      reset();
      const what = `bundle import killed at ${at}`;
      const r = await crashAt(at, args, f);
      expect(r.signal, `${what}: the process was not killed there\n${r.stderr}`).toBe('SIGKILL');
      expect(await check(what)).toBe(outcome);
      if (k === 0) {
        // Whatever the kill left, importing again completes the bundle exactly once.
        const again = await runBin(args.slice(1), { env: f.env, cwd: f.cwd });
        expect(again.code, again.stderr).toBe(0);
        expect(await check(`${what}, then imported again`)).toBe('all');
      }
    }
  }, 180_000);
});
