// Format 2's cost (issue 16): this build, in both crypto suites, against the build before format 2 (the
// peer: the revision in DUCHA_BENCH_BASE, default 9afdad0, the main last merged into this work: issue 15's
// leaner records on both sides, so the ratio is format 2's alone; move it when main is merged again), in the same
// run, interleaved. Targets: `record` ≤ 1.1 × (one signature per write), `import-records` of 100,000 rows
// ≤ 1.1 ×, `verify` of 1,000,000 events ≤ 1.5 ×, `import` of a 100,000-record bundle ≤ 1.5 ×. The 国密 suite
// is compared with the same peer (format 1 knew only the default suite).
// Since migration 16 (docs/format.md §21) this build's import-records writes 256 records to an event, the peer
// one event per record: the import, verify and bundle rows compare the same records, no longer the same events,
// so they hold the batching's gain with format 2's cost (format 2 alone: BENCHMARKS.md, issue 16's rows).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, median, progress, row, timeRun } from '../lib.mjs';
import { envFor, privateBuild, removeScratch, scratchDir } from '../private.mjs';
import { generateCsv } from './records.mjs';

const BASE = process.env.DUCHA_BENCH_BASE ?? '9afdad0';
const ROWS = 100_000;
const BIG_IMPORTS = 10;
const RECORD_RUNS = 21;
const RUNS = 3;

/** The package at `revision`, built in `dir` (git archive, node_modules linked). */
function baseBuild(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BASE} | tar -x -C "${dir}"`]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, stdio: 'ignore' });
  return join(dir, 'bin', 'ducha.js');
}

function run(bin, args, env) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ducha ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return r.stdout;
}

function database(bin, dir, suite) {
  const env = { ...envFor(dir), ...(suite ? { DUCHA_SUITE: suite } : {}) };
  mkdirSync(env.DUCHA_DATA_DIR, { recursive: true });
  const id = run(
    bin,
    ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac'],
    env,
  ).trim();
  return { env, id };
}

export async function integrity() {
  const dir = scratchDir('ducha-bench-integrity-');
  try {
    progress('integrity: builds…');
    const mine = (await privateBuild(join(dir, 'mine'))).bin;
    const base = baseBuild(join(dir, 'base'));
    const variants = [
      { name: 'base', bin: base, suite: undefined },
      { name: 'default', bin: mine, suite: 'default' },
      { name: 'gm', bin: mine, suite: 'gm' },
    ];
    const items = JSON.parse(
      run(mine, ['checklist', 'show', 'qingshi-baogao', '--json'], envFor(join(dir, 'probe'))),
    ).data.checklist.sections.flatMap((s) => s.items.map((i) => i.id));
    const csv = join(dir, 'records.csv');
    writeFileSync(csv, generateCsv(ROWS, items));

    // 1. record: one write (one signature) on a small database, interleaved.
    const small = Object.fromEntries(
      variants.map((v) => [v.name, database(v.bin, join(dir, `small-${v.name}`), v.suite)]),
    );
    const recordTimes = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let i = 0; i < RECORD_RUNS; i++) {
      progress(`integrity: record ${i + 1}/${RECORD_RUNS}…`);
      for (const v of variants)
        recordTimes[v.name].push(
          timeRun(
            process.execPath,
            [v.bin, 'record', small[v.name].id, 'QS-01', '--method', 'check', '--note', `第 ${i} 份材料`],
            { env: small[v.name].env },
          ),
        );
    }

    // 2. import-records of 100,000 rows, a fresh database each run.
    const importTimes = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        progress(`integrity: import-records ${v.name} ${i + 1}/${RUNS}…`);
        const d = join(dir, `import-${v.name}-${i}`);
        const { env, id } = database(v.bin, d, v.suite);
        importTimes[v.name].push(timeRun(process.execPath, [v.bin, 'import-records', id, csv], { env }));
        rmSync(d, { recursive: true, force: true });
      }
    }

    // 3. export, then import into a fresh database, of a 100,001-event bundle; 4. verify of 1,000,001 events.
    // Everything is built first and the timed runs interleaved, so that the machine's load drifts alike.
    const bundles = {};
    const bigs = {};
    for (const v of variants) {
      progress(`integrity: ${v.name}: a bundle of ${ROWS} records, and 1,000,000 events…`);
      const one = database(v.bin, join(dir, `one-${v.name}`), v.suite);
      run(v.bin, ['import-records', one.id, csv], one.env);
      bundles[v.name] = join(dir, `${v.name}.ducha`);
      run(v.bin, ['export', one.id, '-o', bundles[v.name]], { ...one.env, DUCHA_ACTOR: '张三' });
      rmSync(join(dir, `one-${v.name}`), { recursive: true, force: true });
      bigs[v.name] = database(v.bin, join(dir, `big-${v.name}`), v.suite);
      for (let i = 0; i < BIG_IMPORTS; i++) run(v.bin, ['import-records', bigs[v.name].id, csv], bigs[v.name].env);
    }
    const bundleTimes = Object.fromEntries(variants.map((v) => [v.name, []]));
    const verifyRuns = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        progress(`integrity: import and verify, ${v.name} ${i + 1}/${RUNS}…`);
        const d = join(dir, `into-${v.name}-${i}`);
        const env = { ...envFor(d), DUCHA_ACTOR: '李四', ...(v.suite ? { DUCHA_SUITE: v.suite } : {}) };
        mkdirSync(env.DUCHA_DATA_DIR, { recursive: true });
        bundleTimes[v.name].push(
          timeRun(process.execPath, [v.bin, 'import', bundles[v.name], '--trust', '--name', '张三'], { env }),
        );
        rmSync(d, { recursive: true, force: true });
        if (i < 2) verifyRuns[v.name].push(timeRun(process.execPath, [v.bin, 'verify'], { env: bigs[v.name].env }));
      }
    }
    const verifyTimes = Object.fromEntries(variants.map((v) => [v.name, median(verifyRuns[v.name])]));

    const rows = [];
    for (const suite of ['default', 'gm']) {
      const tag = suite === 'gm' ? ' (国密 suite)' : '';
      const r = median(recordTimes[suite]);
      const b = median(recordTimes.base);
      rows.push(
        row({
          metric: `record, one write signed${tag}, vs before format 2`,
          ducha: r,
          peer: b,
          target: 'ratio ≤ 1.1',
          pass: r / b <= 1.1,
          note: `median of ${RECORD_RUNS}, interleaved`,
        }),
      );
      const ir = median(importTimes[suite]);
      const ib = median(importTimes.base);
      rows.push(
        row({
          metric: `import-records ${ROWS.toLocaleString('en-US')} rows${tag}, vs before format 2`,
          ducha: ir,
          peer: ib,
          target: 'ratio ≤ 1.1',
          pass: ir / ib <= 1.1,
          note: `median of ${RUNS}, a fresh database each`,
        }),
      );
      rows.push(
        row({
          metric: `verify, ${(BIG_IMPORTS * ROWS).toLocaleString('en-US')} imported records${tag}, vs before format 2`,
          ducha: verifyTimes[suite],
          peer: verifyTimes.base,
          target: 'ratio ≤ 1.5',
          pass: verifyTimes[suite] / verifyTimes.base <= 1.5,
          note: 'median of 2, interleaved',
        }),
      );
      const br = median(bundleTimes[suite]);
      const bb = median(bundleTimes.base);
      rows.push(
        row({
          metric: `import --trust of a ${ROWS.toLocaleString('en-US')}-record bundle${tag}, vs before format 2`,
          ducha: br,
          peer: bb,
          target: 'ratio ≤ 1.5',
          pass: br / bb <= 1.5,
          note: `median of ${RUNS}, a fresh database each, interleaved`,
        }),
      );
    }
    return rows;
  } finally {
    removeScratch(dir);
  }
}
