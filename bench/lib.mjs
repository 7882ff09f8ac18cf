// Shared helpers for `npm run bench`: timing commands, medians, and result rows.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ducha.js');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one run in ms; throws if the command fails (unless allowed). */
export function timeRun(command, args, { env, cwd = ROOT, okCodes = [0], input } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    input,
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(r.status))
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return ms;
}

/** Median wall time of several runs of each command, interleaved so drift affects both alike. */
export function compare(runs, a, b) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    ta.push(a());
    tb.push(b());
  }
  return { a: median(ta), b: median(tb) };
}

export function row({ metric, ducha, peer = null, unit = 'ms', target, pass, note }) {
  const ratio = peer ? ducha / peer : null;
  return {
    metric,
    ducha: round(ducha),
    peer: peer === null ? null : round(peer),
    unit,
    ratio: ratio === null ? null : round(ratio, 2),
    target,
    pass,
    note,
  };
}

export const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export function progress(text) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}
