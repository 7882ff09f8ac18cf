// The CLI's single entry: main(argv, io) returns an exit code. `--version` answers before anything else is
// loaded; everything else is in cli/dispatch.ts.
import type { Io } from './cli/io.js';
import { processIo } from './cli/process-io.js';

export { processIo };
export const VERSION = __DUCHA_VERSION__;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(VERSION + '\n');
    return 0;
  }
  const { dispatch } = await import('./cli/dispatch.js');
  return dispatch(argv, io);
}
