// CPU time (user + system, by /usr/bin/time) of `ducha import-records` of 100,000 rows against the sqlite3
// shell's `.import` of the same CSV, and of the SQL floor: each three times, interleaved, minimum given.
// Steadier than wall time on a shared machine; used for issue 15's measurements (BENCHMARKS.md).
//
//   node bench/records-cpu.mjs [ROWS] [RUNS]
//   DUCHA_BASELINE=/path/to/another/build node bench/records-cpu.mjs   # also times that build's import, interleaved
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from './lib.mjs';
import { generateCsv } from './cases/records.mjs';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 3);
const BIN = join(ROOT, 'bin', 'ducha.js');
const BASELINE = process.env.DUCHA_BASELINE ? join(process.env.DUCHA_BASELINE, 'bin', 'ducha.js') : undefined;
const CHECKLIST = 'qingshi-baogao';

/** user+sys and wall ms of a command (by GNU time), throwing on failure. */
function timed(cmd, args, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    ...options,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.slice(-2000)}`);
  const [u, s, e] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return {
    cpu: Math.round((u + s) * 1000),
    wall: Math.round(e * 1000),
    user: Math.round(u * 1000),
    sys: Math.round(s * 1000),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ducha-records-cpu-'));
try {
  const env = (d) => ({ ...process.env, DUCHA_DATA_DIR: d, DUCHA_ACTOR: 'bench', DUCHA_LANG: 'zh', NO_COLOR: '1' });
  const ducha = (args, d, bin = BIN) => {
    const r = spawnSync(process.execPath, [bin, ...args], { env: env(d), encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`ducha ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const probe = join(dir, 'probe');
  const doc = JSON.parse(ducha(['checklist', 'show', CHECKLIST, '--json'], probe));
  const items = doc.data.checklist.sections.flatMap((s) => s.items.map((i) => i.id));
  const csv = join(dir, 'records.csv');
  writeFileSync(csv, generateCsv(ROWS, items));
  // Made by the build that imports into it: a baseline may not open a database of a newer schema.
  const newInspection = (d, bin = BIN) =>
    ducha(
      ['inspection', 'new', '--checklist', CHECKLIST, '--unit', '某县委政法委', '--unit-kind', 'plac'],
      d,
      bin,
    ).trim();
  const floorBase = join(dir, 'floor');
  const floorId = newInspection(floorBase);
  const results = { import: [], sqlite: [], floor: [], ...(BASELINE ? { baseline: [] } : {}) };
  for (let i = 0; i < RUNS; i++) {
    const d = join(dir, `run-${i}`);
    const id = newInspection(d);
    results.import.push(timed(process.execPath, [BIN, 'import-records', id, csv], { env: env(d) }));
    rmSync(d, { recursive: true, force: true });
    if (BASELINE) {
      const b = join(dir, `baseline-${i}`);
      const bid = newInspection(b, BASELINE);
      results.baseline.push(timed(process.execPath, [BASELINE, 'import-records', bid, csv], { env: env(b) }));
      rmSync(b, { recursive: true, force: true });
    }
    const peer = join(dir, 'peer.sqlite');
    rmSync(peer, { force: true });
    results.sqlite.push(timed('/usr/bin/sqlite3', [peer], { input: `.mode csv\n.import '${csv}' records\n` }));
    const db = join(dir, 'floor.db');
    for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
    cpSync(join(floorBase, 'ducha.db'), db);
    results.floor.push(
      timed(process.execPath, [join(ROOT, 'bench', 'setup', 'sql-floor.mjs'), db, csv, floorId, CHECKLIST]),
    );
  }
  const min = (list, key) => Math.min(...list.map((r) => r[key]));
  for (const [name, list] of Object.entries(results))
    console.log(
      `${name.padEnd(7)} cpu ${String(min(list, 'cpu')).padStart(5)} ms (user ${min(list, 'user')}, sys ${min(list, 'sys')})  wall ${min(list, 'wall')} ms  [${list.map((r) => r.cpu).join(', ')}]`,
    );
  console.log(
    `ratio   cpu ${(min(results.import, 'cpu') / min(results.sqlite, 'cpu')).toFixed(1)} ×  wall ${(min(results.import, 'wall') / min(results.sqlite, 'wall')).toFixed(1)} ×`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
