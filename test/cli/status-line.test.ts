// Long work shows one rewritten progress line on stderr when it is a terminal, erased at the end; a log or a
// pipe gets no escape sequence at all. One helper (src/cli/status-line.ts) draws it for every command.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { createContext } from '../../src/cli/context.js';
import { statusLine } from '../../src/cli/status-line.js';
import { t } from '../../src/i18n/index.js';
import { cleanEnv, tempDir } from '../helpers/run.js';

const ERASE = '\r\u001b[K';

class Sink extends PassThrough {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override write(chunk: unknown): boolean {
    this.text += String(chunk);
    return true;
  }
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(argv: string[], env: Record<string, string | undefined>, cwd: string, tty: boolean) {
  const stdout = new Sink(false);
  const stderr = new Sink(tty);
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(argv, { stdout, stderr, stdin, env, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('the status line', () => {
  it('rewrites one line on a terminal and erases it', () => {
    const stderr = new Sink(true);
    const line = statusLine(
      createContext({ stdout: new Sink(false), stderr, stdin: new PassThrough(), env: {}, cwd: '/' }, []),
    )!;
    line.show('1/3');
    line.show('2/3');
    line.clear();
    expect(stderr.text).toBe(`${ERASE}1/3${ERASE}2/3${ERASE}`);
  });

  it('is absent when stderr is not a terminal', () => {
    expect(
      statusLine(
        createContext(
          { stdout: new Sink(false), stderr: new Sink(false), stdin: new PassThrough(), env: {}, cwd: '/' },
          [],
        ),
      ),
    ).toBeUndefined();
  });

  it('verify and export draw their steps on a terminal and leave the line erased; nothing without one', async () => {
    const dir = tempDir('ducha-status-');
    dirs.push(dir);
    const env = cleanEnv({ DUCHA_ACTOR: '张三', NO_COLOR: '1' });
    dirs.push(env.HOME!);
    const db = join(dir, 'ducha.db');
    const made = await run(
      [
        '--db',
        db,
        'inspection',
        'new',
        '--checklist',
        'qingshi-baogao',
        '--unit',
        '某县委政法委',
        '--unit-kind',
        'plac',
      ],
      env,
      dir,
      false,
    );
    expect(made.code, made.stderr).toBe(0);

    const onTerminal = await run(['--db', db, 'verify'], env, dir, true);
    expect(onTerminal.code, onTerminal.stderr).toBe(0);
    expect(onTerminal.stderr).toContain(`${ERASE}${t('verify.progress.chains')}`);
    expect(onTerminal.stderr.endsWith(ERASE)).toBe(true);
    const inLog = await run(['--db', db, 'verify'], env, dir, false);
    expect(inLog.code).toBe(0);
    expect(inLog.stderr).not.toContain('\u001b');

    const exported = await run(['--db', db, 'export', '-o', join(dir, 'a.ducha')], env, dir, true);
    expect(exported.code, exported.stderr).toBe(0);
    // An export without --to first says, on a line of its own, that the bundle is not encrypted.
    const drawn = exported.stderr.replace(/^注意：数据包未加密[^\n]*\n/, '');
    // eslint-disable-next-line no-control-regex -- the progress line's erase sequence
    expect(drawn).toMatch(/^\r\u001b\[K/);
    expect(drawn.endsWith(ERASE)).toBe(true);
    const exportedToLog = await run(['--db', db, 'export', '-o', join(dir, 'b.ducha')], env, dir, false);
    expect(exportedToLog.code).toBe(0);
    expect(exportedToLog.stderr).not.toContain('\u001b');
  });
});
