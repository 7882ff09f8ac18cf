// Runs ducha in-process (main with captured io) or as the real spawned binary, with an isolated
// environment: its own data directory, no colour forcing, no inherited DUCHA_* settings.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ducha.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

export function tempDir(prefix = 'ducha-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A clean environment: PATH and a private HOME / data directory, plus what the test adds. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const home = tempDir('ducha-home-');
  return {
    PATH: process.env.PATH,
    HOME: home,
    DUCHA_DATA_DIR: join(home, 'data'),
    LANG: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR,
    ...extra,
  };
}

class Capture extends PassThrough {
  text = '';
  isTTY = false;
  override write(chunk: unknown): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  }
}

export async function runMain(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const code = await main(argv, { stdout, stderr, stdin, env: options.env ?? cleanEnv(), cwd: options.cwd ?? ROOT });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * A spawned ducha still running after this long has hung (a correct run takes a second or two, even on a
 * loaded machine): it is asked for a Node diagnostic report (its JavaScript stack), then killed, and the
 * result says so on stderr — a failure that shows where it hung, before the test's own timeout hides it.
 */
const HANG_MS = 90_000;

export function runBin(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...(options.env ?? cleanEnv()) };
    const reports = mkdtempSync(join(tmpdir(), 'ducha-report-'));
    env.NODE_OPTIONS = [
      env.NODE_OPTIONS,
      '--report-on-signal',
      '--report-signal=SIGUSR2',
      `--report-directory=${reports}`,
    ]
      .filter(Boolean)
      .join(' ');
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd ?? ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGUSR2');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }, HANG_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (hung)
        stderr += `\n[runBin] ducha ${argv.join(' ')} was still running after ${HANG_MS / 1000} s and was killed.\n${hangReport(reports)}`;
      rmSync(reports, { recursive: true, force: true });
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    // A child may exit before it reads its input (a refusal at start-up): writing to it then fails with EPIPE,
    // which is no error of the test's — its exit code and output are what the test checks.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** The JavaScript stack and the active handles of a hung process's diagnostic report, when it wrote one. */
function hangReport(folder: string): string {
  try {
    const file = readdirSync(folder).find((f) => f.endsWith('.json'));
    if (!file) return '(no diagnostic report was written)';
    const report = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
      javascriptStack?: { message?: string; stack?: string[] };
      libuv?: Array<{ type: string; is_active: boolean }>;
    };
    const handles = (report.libuv ?? []).filter((h) => h.is_active).map((h) => h.type);
    return `JavaScript stack:\n  ${(report.javascriptStack?.stack ?? []).join('\n  ')}\nactive handles: ${handles.join(', ')}`;
  } catch (error) {
    return `(the diagnostic report could not be read: ${String(error)})`;
  }
}

export type Runner = typeof runMain;
export const RUNNERS: Array<[string, Runner]> = [
  ['in-process', runMain],
  ['spawned', runBin],
];
