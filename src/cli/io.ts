// The process boundary as an object, so main() runs the same in tests and in the real process: the real
// process's io, its Ctrl+C, and whether a person is at the terminal. (The types are in util/io.ts, for the
// prompts below the CLI.)
import type { Interrupt, Io } from '../util/io.js';

export type { Interrupt, Io, Sink } from '../util/io.js';

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interrupts: sigint,
  };
}

/** While a SIGINT listener is installed Node does not end the process on Ctrl+C: the command decides. */
function sigint(): Interrupt {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', abort) };
}

export function isInteractive(io: Io): boolean {
  return Boolean(io.stdin.isTTY && io.stdout.isTTY);
}
