// Cold start: `ducha --version` against bare `node -e 0` (target: ratio ≤ 1.3), and the everyday commands
// that open a small database — `inspection show`, `record` — against the same (target: ratio ≤ 2.0).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, compare, median, row, timeRun } from '../lib.mjs';

export async function startup() {
  const { a, b } = compare(
    21,
    () => timeRun(process.execPath, [BIN, '--version']),
    () => timeRun(process.execPath, ['-e', '0']),
  );
  // Help is what `npm start` shows without a terminal: it loads commander, so it is worth watching too.
  const { a: help } = compare(
    11,
    () => timeRun(process.execPath, [BIN, '--help']),
    () => 0,
  );
  const everyday = everydayCommands();
  return [
    row({
      metric: 'cold start: ducha --version vs node -e 0',
      ducha: a,
      peer: b,
      target: 'ratio ≤ 1.3',
      pass: a / b <= 1.3,
    }),
    row({ metric: 'ducha --help (commander loaded), vs node -e 0', ducha: help, peer: b, target: 'info', pass: true }),
    ...everyday.map(({ metric, ms, peer, info }) =>
      info
        ? row({ metric, ducha: ms, peer, target: 'info', pass: true })
        : row({ metric, ducha: ms, peer, target: 'ratio ≤ 2.0', pass: ms / peer <= 2.0 }),
    ),
  ];
}

/** `inspection show` and `record` on a database of one fresh inspection (made untimed), each against `node -e 0`. */
function everydayCommands() {
  const dir = mkdtempSync(join(tmpdir(), 'ducha-bench-startup-'));
  const env = { DUCHA_DATA_DIR: dir, DUCHA_ACTOR: 'bench', DUCHA_LANG: 'zh', NO_COLOR: '1' };
  try {
    const made = spawnSync(
      process.execPath,
      [BIN, 'inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac'],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    const id = made.stdout.trim();
    if (made.status !== 0 || !/^\w+$/.test(id)) throw new Error(`inspection new failed: ${made.stderr}`);
    const cases = [
      ['inspection show (small database) vs node -e 0', ['inspection', 'show', id]],
      [
        'record (one record, small database) vs node -e 0',
        ['record', id, 'QS-01', '--method', 'check', '--subject', '登记簿', '--note', '抽查 5 件'],
      ],
    ];
    return cases.flatMap(([metric, args]) => {
      const { a, b } = compare(
        21,
        () => timeRun(process.execPath, [BIN, ...args], { env }),
        () => timeRun(process.execPath, ['-e', '0']),
      );
      const cpu = cpuCompare(21, [BIN, ...args], env);
      return [
        { metric, ms: a, peer: b },
        { metric: `  the same in CPU time (user + system)`, ms: cpu.a, peer: cpu.b, info: true },
      ];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PROBE = join(ROOT, 'bench', 'cpu-probe.cjs');

/** Median CPU time (ms) of `node -r probe ARGS` and of `node -r probe -e 0`, interleaved. */
function cpuCompare(runs, args, env) {
  const cpuOf = (argv, extraEnv) => {
    const r = spawnSync(process.execPath, ['-r', PROBE, ...argv], {
      env: { ...process.env, ...extraEnv },
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const us = /\[cpu-us\] (\d+)/.exec(r.stderr)?.[1];
    if (r.status !== 0 || us === undefined) throw new Error(`${argv.join(' ')}: ${r.stderr.slice(0, 2000)}`);
    return Number(us) / 1000;
  };
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(cpuOf(args, env));
    b.push(cpuOf(['-e', '0'], {}));
  }
  return { a: median(a), b: median(b) };
}
