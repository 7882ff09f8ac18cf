// What the reliability tests share: the soak switch, a seeded random source, the "no stack trace" check,
// file hashes, a fresh inspection on its own database, and direct reads of that database.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { BIN, ROOT, cleanEnv, runBin, tempDir, type RunResult } from '../helpers/run.js';

/** Heavier variants (more kills, more runs, bigger files) only when DUCHA_SOAK=1. */
export const SOAK = process.env.DUCHA_SOAK === '1';

export const SCRIPTS = join(ROOT, 'test', 'fixtures', 'reliability');

/** A stack trace line as Node prints it. */
export const STACK = /\n\s+at /;

/** A small LCG (Numerical Recipes constants): the same seed gives the same delays, so a failure reproduces. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The built CLI must exist: spawned tests run bin/ducha.js, which imports dist/. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` before the reliability tests');
}

/** A refusal as the guarantees describe it: exit 2, "错误：" and a message, no stack trace. */
export function expectCleanRefusal(r: RunResult, what: string, message?: RegExp): void {
  const text = r.stdout + r.stderr;
  expect(text, `${what}: stack trace printed`).not.toMatch(STACK);
  expect(text, `${what}: reported as an internal error`).not.toContain('内部错误');
  expect(r.code, `${what}: exit code\n${text}`).toBe(2);
  expect(r.stderr, what).toMatch(/错误：\S/);
  if (message) expect(r.stderr, what).toMatch(message);
}

export interface Fixture {
  env: Record<string, string | undefined>;
  cwd: string;
  db: string;
  id: string;
}

/** A new inspection (checklist zhengfa-weiyuan, township) in a new database file, made by the spawned binary. */
export async function freshInspection(db?: string): Promise<Fixture> {
  const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
  const cwd = tempDir('ducha-rel-');
  const file = db ?? join(cwd, 'ducha.db');
  const r = await runBin(
    [
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
      '--db',
      file,
    ],
    { env, cwd },
  );
  expect(r.code, r.stderr).toBe(0);
  return { env, cwd, db: file, id: r.stdout.trim() };
}

/** Records `n` 访 records through the built CLI's main() (test/fixtures/reliability/record-reporter.mjs), one transaction each. */
export function recordMany(f: Fixture, n: number, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(SCRIPTS, 'record-reporter.mjs'), f.db, f.id, String(n), tag], {
      cwd: f.cwd,
      env: f.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`record-reporter exited ${code}: ${stderr}`)),
    );
  });
}

export interface DbFacts {
  records: string[];
  /** Records the log holds: one per record.added event, and each of a records.imported event's. */
  recordEvents: number;
  events: number;
  seqs: number[];
}

/** What the file holds, read with a plain read-only connection (no ducha code involved). */
export function readFacts(file: string): DbFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const records = (db.prepare('SELECT id FROM records').all() as Array<{ id: string }>).map((r) => r.id);
    const recordEvents = (
      db
        .prepare(
          `SELECT (SELECT count(*) FROM events WHERE type = 'record.added')
             + (SELECT coalesce(sum(json_array_length(payload, '$.records')), 0) FROM events WHERE type = 'records.imported') AS n`,
        )
        .get() as { n: number }
    ).n;
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const seqs = (db.prepare('SELECT seq FROM events ORDER BY seq').all() as Array<{ seq: number }>).map((r) => r.seq);
    return { records, recordEvents, events, seqs };
  } finally {
    db.close();
  }
}

export interface Peak {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Peak resident set size of the ducha process in KiB. */
  peakKb: number;
  ms: number;
  stdout: string;
  stderr: string;
  /** Killed by us because it went over the memory bound. */
  overBound: boolean;
  /** Killed by us because it ran past the time limit. */
  overTime: boolean;
}

const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The node process to watch: the child itself, or the one /usr/bin/time started. */
function nodePid(pid: number): number {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? Number(children.split(/\s+/)[0]) : pid;
  } catch {
    return pid;
  }
}

/**
 * Run `node bin/ducha.js ...argv` and measure its peak RSS: /usr/bin/time's maximum when installed, and
 * VmHWM polled from /proc every 25 ms; killed as soon as it passes `boundKb` (or runs past `limitMs`), so an
 * unbounded run fails fast instead of taking the machine down.
 */
export function measurePeak(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
  boundKb: number,
  limitMs = 120_000,
): Promise<Peak> {
  const marker = 'ducha-peak-rss-kb=';
  const [cmd, args] = HAS_TIME
    ? ['/usr/bin/time', ['-f', `${marker}%M`, process.execPath, BIN, ...argv]]
    : [process.execPath, [BIN, ...argv]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd as string, args as string[], {
      cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let polled = 0;
    let overBound = false;
    let overTime = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setInterval(() => {
      const pid = nodePid(child.pid!);
      polled = Math.max(polled, statusKb(pid, 'VmHWM'));
      if (polled > boundKb && !overBound) {
        overBound = true;
        process.kill(pid, 'SIGKILL');
      } else if (performance.now() - started > limitMs && !overTime) {
        overTime = true;
        process.kill(pid, 'SIGKILL');
      }
    }, 25);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const m = new RegExp(`${marker}(\\d+)`).exec(stderr);
      stderr = stderr.replace(
        new RegExp(`(Command (exited with non-zero status|terminated by signal) \\d+\\n)?${marker}\\d+\\n?`),
        '',
      );
      // Under /usr/bin/time a killed ducha shows as exit 128+signal rather than as a signal.
      resolve({
        code,
        signal,
        peakKb: Math.max(polled, m ? Number(m[1]) : 0),
        ms: performance.now() - started,
        stdout,
        stderr,
        overBound,
        overTime,
      });
    });
  });
}
