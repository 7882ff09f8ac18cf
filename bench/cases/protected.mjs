// What protection costs (issue 17): the same work on a protected database against an unprotected one, in the
// same run — `record` (target ≤ 1.2 ×), import-records of 100,000 rows (≤ 1.3 ×), the 1,000-problem feedback
// report to .docx (≤ 1.3 ×) and `summary` over 500,000 records (≤ 1.1 ×: it reads only clear columns).
// The protected database is opened two ways, both timed: by an unlock (`ducha unlock`, kept in a private
// runtime folder: what an inspector at the laptop uses) and by DUCHA_PASSPHRASE (scripts: the passphrase's
// KDF — scrypt N=2^17 — runs in every command that opens a key). Each run is one whole process, timed as
// wall time and as its own CPU time (user + system, bench/cpu-probe.cjs), runs interleaved; medians.
//
// Set-up (untimed): databases made by `ducha inspection new` (+ `ducha protect`, `ducha unlock`), and for the
// report and the summary by bench/setup/populate.ts (an empty file protected first, then filled in-process
// with the keys open, so every confidential field is encrypted as the commands write it). Building two
// databases of 500,000 records takes ≈ 3–6 minutes here; DUCHA_BENCH_PROTECTED=small runs every step on
// small sizes (a check that the case works, not figures).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, median, progress, row } from '../lib.mjs';
import { envFor, loadText, populate, removeScratch, scratchDir, sharedBuild } from '../private.mjs';
import { generateCsv } from './records.mjs';

const SMALL = process.env.DUCHA_BENCH_PROTECTED === 'small';
const SIZES = SMALL
  ? {
      recordRuns: 5,
      importRows: 5_000,
      importRuns: 2,
      problems: 100,
      reportRuns: 3,
      inspections: 40,
      records: 10_000,
      summaryRuns: 3,
    }
  : {
      recordRuns: 15,
      importRows: 100_000,
      importRuns: 3,
      problems: 1_000,
      reportRuns: 5,
      inspections: 2_000,
      records: 500_000,
      summaryRuns: 5,
    };
const PASSPHRASE = 'bench 口令 correct horse';
const CHECKLIST = 'qingshi-baogao';
const PROBE = join(ROOT, 'bench', 'cpu-probe.cjs');
const fmt = (n) => n.toLocaleString('en-US');

/** One whole process: wall time and its own CPU time (ms); throws when it fails. */
function timed(bin, args, env, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PROBE, bin, ...args], {
    cwd,
    env: cleanEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const us = /\[cpu-us\] (\d+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || us === undefined)
    throw new Error(`ducha ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return { wall, cpu: Number(us) / 1000 };
}

/** The caller's environment without its own passphrase or unlock folder, then `env` (undefined removes). */
function cleanEnv(env) {
  const out = { ...process.env };
  delete out.DUCHA_PASSPHRASE;
  delete out.XDG_RUNTIME_DIR;
  for (const [k, v] of Object.entries(env))
    if (v === undefined) delete out[k];
    else out[k] = v;
  return out;
}

/** Run ducha untimed; returns its stdout; throws with its stderr on a non-zero exit. */
function untimed(bin, args, env) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ducha ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return r.stdout;
}

/**
 * The three ways of running one database: unprotected, protected with an unlock in force, protected with
 * DUCHA_PASSPHRASE (and no unlock: its runtime folder is empty). Returns the envs for `plainDir` and `protectedDir`.
 */
function modes(dir, plainDir, protectedDir) {
  const unlocked = join(dir, 'run-unlocked');
  const none = join(dir, 'run-none');
  for (const d of [unlocked, none]) mkdirSync(d, { recursive: true, mode: 0o700 });
  return {
    plain: { ...envFor(plainDir), XDG_RUNTIME_DIR: none },
    unlock: { ...envFor(protectedDir), XDG_RUNTIME_DIR: unlocked },
    passphrase: { ...envFor(protectedDir), XDG_RUNTIME_DIR: none, DUCHA_PASSPHRASE: PASSPHRASE },
  };
}

/** Protect the database of `env` (made already) and unlock it for 8 hours in env's runtime folder. */
function protectAndUnlock(bin, env) {
  untimed(bin, ['protect'], { ...env, DUCHA_PASSPHRASE: PASSPHRASE });
  untimed(bin, ['unlock', '--for', '8h'], { ...env, DUCHA_PASSPHRASE: PASSPHRASE });
}

function newInspection(bin, env) {
  const id = untimed(
    bin,
    ['inspection', 'new', '--checklist', CHECKLIST, '--unit', '某县委政法委', '--unit-kind', 'plac'],
    env,
  ).trim();
  if (!/^\w+$/.test(id)) throw new Error(`inspection new printed ${JSON.stringify(id)}, expected an id`);
  return id;
}

/** Runs of `run(mode)` for each mode, interleaved; medians of wall and CPU per mode. */
function interleaved(runs, label, run) {
  const seen = { plain: [], unlock: [], passphrase: [] };
  for (let i = 0; i < runs; i++)
    for (const mode of Object.keys(seen)) {
      progress(`protected: ${label} ${mode} ${i + 1}/${runs}…`);
      seen[mode].push(run(mode));
    }
  const out = {};
  for (const [mode, list] of Object.entries(seen))
    out[mode] = { wall: median(list.map((m) => m.wall)), cpu: median(list.map((m) => m.cpu)) };
  return out;
}

/** Rows for one pair: protected (unlock, DUCHA_PASSPHRASE) against unprotected, in wall and CPU time. */
function pairRows(metric, m, limit, note) {
  const rows = [];
  for (const [mode, label] of [
    ['unlock', 'unlocked (ducha unlock)'],
    ['passphrase', 'DUCHA_PASSPHRASE'],
  ])
    for (const [kind, suffix] of [
      ['wall', ''],
      ['cpu', ', CPU time'],
    ])
      rows.push(
        row({
          metric: `${kind === 'wall' ? metric : ' '} protected, ${label}${suffix}, vs unprotected`,
          ducha: m[mode][kind],
          peer: m.plain[kind],
          target: `ratio ≤ ${limit}`,
          pass: m[mode][kind] <= limit * m.plain[kind],
          note,
        }),
      );
  return rows;
}

export async function protection() {
  const dir = scratchDir('ducha-bench-protected-');
  try {
    progress('protected: private build…');
    const { bin, setup } = await sharedBuild();
    const rows = [];
    const withLoad = (before, note) => `${note}; load ${before} before, ${loadText()} after`;

    // 1. record: one record into a small database (one inspection), as the start-up case does.
    {
      const before = loadText();
      const env = modes(join(dir, 'record'), join(dir, 'record', 'plain'), join(dir, 'record', 'protected'));
      const ids = { plain: newInspection(bin, env.plain), protected: newInspection(bin, env.unlock) };
      protectAndUnlock(bin, env.unlock);
      const args = (id) => [
        'record',
        id,
        'QS-01',
        '--method',
        'talk',
        '--subject',
        '县委政法委办公室',
        '--interviewee',
        '李秘密',
        '--note',
        '个别谈话中反映请示报告登记不及时',
      ];
      const m = interleaved(SIZES.recordRuns, 'record', (mode) =>
        timed(bin, args(mode === 'plain' ? ids.plain : ids.protected), env[mode], dir),
      );
      rows.push(
        ...pairRows('record (one record, small database):', m, 1.2, withLoad(before, `median of ${SIZES.recordRuns}`)),
      );
    }

    // 2. import-records: each run into a fresh database (made, protected and unlocked untimed).
    {
      const before = loadText();
      const csv = join(dir, 'records.csv');
      const probe = envFor(join(dir, 'probe'));
      const items = JSON.parse(
        untimed(bin, ['checklist', 'show', CHECKLIST, '--json'], probe),
      ).data.checklist.sections.flatMap((s) => s.items.map((i) => i.id));
      writeFileSync(csv, generateCsv(SIZES.importRows, items));
      let n = 0;
      const m = interleaved(SIZES.importRuns, `import-records ${fmt(SIZES.importRows)} rows`, (mode) => {
        const base = join(dir, `import-${++n}`);
        const env = modes(base, join(base, 'data'), join(base, 'data'))[mode];
        const id = newInspection(bin, env);
        if (mode !== 'plain') protectAndUnlock(bin, { ...env, XDG_RUNTIME_DIR: join(base, 'run-unlocked') });
        const t = timed(bin, ['import-records', id, csv], env, dir);
        rmSync(base, { recursive: true, force: true });
        return t;
      });
      rows.push(
        ...pairRows(
          `import-records ${fmt(SIZES.importRows)} rows:`,
          m,
          1.3,
          withLoad(before, `median of ${SIZES.importRuns}, a fresh database each run`),
        ),
      );
    }

    // 3. The feedback report of N problems to .docx (a draft: the generated problems repeat descriptions).
    {
      const before = loadText();
      const base = join(dir, 'report');
      const env = modes(base, join(base, 'plain'), join(base, 'protected'));
      const plain = populate(setup, 'reports', { db: join(base, 'plain', 'ducha.db'), problems: SIZES.problems });
      populate(setup, 'empty', { db: join(base, 'protected', 'ducha.db') });
      protectAndUnlock(bin, env.unlock);
      const prot = populate(setup, 'reports', {
        db: join(base, 'protected', 'ducha.db'),
        problems: SIZES.problems,
        passphrase: PASSPHRASE,
      });
      const report = (id, format, out) => [
        'report',
        id,
        '--kind',
        'feedback',
        '--date',
        '2026-12-01',
        '--draft',
        '--force',
        '--format',
        format,
        '-o',
        out,
      ];
      const docx = join(base, 'feedback.docx');
      for (const mode of ['plain', 'unlock']) {
        // Untimed first runs: the database in the page cache, and the report made from every problem.
        const id = mode === 'plain' ? plain.inspection : prot.inspection;
        const count = JSON.parse(untimed(bin, [...report(id, 'md', join(base, 'f.md')), '--json'], env[mode])).data
          ?.problems;
        if (count !== SIZES.problems)
          throw new Error(`the ${mode} feedback report holds ${count} problems, expected ${SIZES.problems}`);
      }
      const m = interleaved(SIZES.reportRuns, 'report', (mode) =>
        timed(bin, report(mode === 'plain' ? plain.inspection : prot.inspection, 'docx', docx), env[mode], base),
      );
      rows.push(
        ...pairRows(
          `report feedback, ${fmt(SIZES.problems)} problems → .docx:`,
          m,
          1.3,
          withLoad(before, `median of ${SIZES.reportRuns}; ${fmt(prot.events)} events`),
        ),
      );
    }

    // 4. summary over many inspections (it reads only clear columns: the key is never opened).
    {
      const before = loadText();
      const base = join(dir, 'summary');
      const env = modes(base, join(base, 'plain'), join(base, 'protected'));
      const sizes = { inspections: SIZES.inspections, records: SIZES.records };
      const startedAt = Date.now();
      progress(`protected: building 2 × ${fmt(sizes.records)} records…`);
      populate(setup, 'summary', { db: join(base, 'plain', 'ducha.db'), ...sizes });
      populate(setup, 'empty', { db: join(base, 'protected', 'ducha.db') });
      protectAndUnlock(bin, env.unlock);
      const prot = populate(setup, 'summary', {
        db: join(base, 'protected', 'ducha.db'),
        ...sizes,
        passphrase: PASSPHRASE,
      });
      const buildS = (Date.now() - startedAt) / 1000;
      const answers = {};
      for (const mode of ['plain', 'unlock', 'passphrase']) {
        const data = JSON.parse(untimed(bin, ['summary', '--json'], env[mode])).data;
        answers[mode] = `${data?.coverage?.inspections}/${data?.methods?.total}`;
      }
      const expected = `${sizes.inspections}/${sizes.records}`;
      if (Object.values(answers).some((a) => a !== expected))
        throw new Error(`summary counted ${JSON.stringify(answers)} (inspections/records), expected ${expected} each`);
      const m = interleaved(SIZES.summaryRuns, 'summary', (mode) => timed(bin, ['summary', '--json'], env[mode], base));
      rows.push(
        ...pairRows(
          `summary --json, ${fmt(sizes.inspections)} inspections / ${fmt(sizes.records)} records:`,
          m,
          1.1,
          withLoad(
            before,
            `median of ${SIZES.summaryRuns}; ${fmt(prot.events)} events; both databases built in ${buildS.toFixed(0)} s (untimed)`,
          ),
        ),
      );
    }
    return rows;
  } finally {
    removeScratch(dir);
  }
}
