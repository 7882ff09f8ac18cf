// Cold start: `ducha --version` against bare `node -e 0` (target: ratio ≤ 2.0).
import { BIN, compare, row, timeRun } from '../lib.mjs';

export async function startup() {
  const { a, b } = compare(21, () => timeRun(process.execPath, [BIN, '--version']), () => timeRun(process.execPath, ['-e', '0']));
  // Help is what `npm start` shows without a terminal: it loads commander, so it is worth watching too.
  const { a: help } = compare(11, () => timeRun(process.execPath, [BIN, '--help']), () => 0);
  return [
    row({ metric: 'cold start: ducha --version vs node -e 0', ducha: a, peer: b, target: 'ratio ≤ 2.0', pass: a / b <= 2.0 }),
    row({ metric: 'ducha --help (commander loaded), vs node -e 0', ducha: help, peer: b, target: 'info', pass: true }),
  ];
}
