// Cold start: `ducha --version` against bare `node -e 0` (target: ratio ≤ 1.3), and the everyday commands
// that open a small database — `inspection show`, `record` — against the same (target: ratio ≤ 2.0).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, compare, row, timeRun } from '../lib.mjs';

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
    ...everyday.map(({ metric, ms, peer }) =>
      row({ metric, ducha: ms, peer, target: 'ratio ≤ 2.0', pass: ms / peer <= 2.0 }),
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
    return cases.map(([metric, args]) => {
      const { a, b } = compare(
        21,
        () => timeRun(process.execPath, [BIN, ...args], { env }),
        () => timeRun(process.execPath, ['-e', '0']),
      );
      return { metric, ms: a, peer: b };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
