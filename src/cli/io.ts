// The process boundary's types, re-exported for the CLI (they are in util/io.ts, for the prompts below it), and
// whether a person is at the terminal. The real process's io is made in cli/process-io.ts.
import type { Io } from '../util/io.js';

export type { Interrupt, Io, Sink } from '../util/io.js';

export function isInteractive(io: Io): boolean {
  return Boolean(io.stdout.isTTY && io.stdin.isTTY); // stdout first: stdin is not made when output is redirected
}
