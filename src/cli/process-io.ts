// The real process's io and its Ctrl+C, as the Io object main() is given (cli/io.ts has the types and whether
// a person is at the terminal). Only main imports this, so the build keeps it in main.js: `--version` loads
// one file, and the other commands find it there rather than in a chunk of its own (scripts/build.mjs).
import type { Interrupt, Io } from '../util/io.js';

/**
 * The real process's io. stdin and stderr are made by Node when first read (stdin's stream alone loads
 * modules worth ≈ 2 ms), so they are looked up when used: most commands never read stdin.
 */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
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
