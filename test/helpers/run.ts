// Runs ducha in-process (main with captured io) or as the real spawned binary, with an isolated
// environment: its own data directory, no colour forcing, no inherited DUCHA_* settings.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
  return { PATH: process.env.PATH, HOME: home, DUCHA_DATA_DIR: join(home, 'data'), LANG: 'C.UTF-8', TMPDIR: process.env.TMPDIR, ...extra };
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

export function runBin(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd ?? ROOT,
      env: (options.env ?? cleanEnv()) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export type Runner = typeof runMain;
export const RUNNERS: Array<[string, Runner]> = [
  ['in-process', runMain],
  ['spawned', runBin],
];
