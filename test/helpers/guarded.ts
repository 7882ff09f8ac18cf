// Runs the built binary on inputs that once made it hang or balloon (FIFOs, /dev/zero, alias bombs), with a
// safety net so a regression fails the test instead of taking the machine down: the process is killed if it
// has not exited after `killAfterMs`, and runs under a virtual-memory ulimit. Neither is a timing assertion —
// a correct run ends long before either matters; the test asserts `exitedByItself`.
import { spawn } from 'node:child_process';
import { BIN, ROOT, type RunOptions, type RunResult } from './run.js';

export interface GuardedResult extends RunResult {
  exitedByItself: boolean;
}

export function runGuarded(
  argv: string[],
  options: RunOptions & { killAfterMs?: number; memoryKb?: number } = {},
): Promise<GuardedResult> {
  const { killAfterMs = 60_000, memoryKb = 4_000_000 } = options;
  return new Promise((resolve, reject) => {
    // `sh -c SCRIPT ARG0 ARGS...`: $0 is the limit, "$@" the command.
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -v "$0" 2>/dev/null; exec "$@"', String(memoryKb), process.execPath, BIN, ...argv],
      {
        cwd: options.cwd ?? ROOT,
        env: (options.env ?? { PATH: process.env.PATH }) as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, exitedByItself: !killed });
    });
    // A child may exit before it reads its input (a refusal at start-up): writing to it then fails with EPIPE,
    // which is no error of the test's — its exit code and output are what the test checks.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
