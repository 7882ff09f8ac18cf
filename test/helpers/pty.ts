// Drives bin/ducha.js in a real pseudo-terminal (node-pty): keys in, screen text out, with waits on
// what the screen shows instead of sleeps.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ducha.js');

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003', escape: '\u001b' } as const;

export interface TerminalOptions {
  /** Columns and rows of the terminal (default 120 × 45; an ordinary one is 80 × 24). */
  cols?: number;
  rows?: number;
  /** Working folder of the program (default the repository). */
  cwd?: string;
}

/** The environment of every spawned ducha: a private HOME and data directory, a fixed actor, no colour forcing. */
export function terminalEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    DUCHA_DATA_DIR: join(home, 'data'),
    DUCHA_ACTOR: '测试员',
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

// CSI (cursor moves, erases, colours), OSC (titles) and the two-byte escapes inquirer's ansi-escapes emit.
// eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_7-8=>]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, '').replace(/\r/g, '');

export interface Match {
  /** Offset in the stripped output where the match starts / ends. */
  index: number;
  end: number;
  groups: string[];
}

export interface Exit {
  exitCode: number;
  signal: number | undefined;
}

const live = new Set<Terminal>();

/**
 * node-pty destroys its read stream 200 ms after the child exits unless the stream has closed by then (a macOS
 * work-around). On a loaded machine the test process can be descheduled for longer: when it runs again, the
 * timers phase comes before the poll phase, so the stream was destroyed before the last output still waiting
 * in the pty — the message a test waits for — was read (one failure in ten loaded runs: "process exited before
 * 未生成报告 appeared"). A destroy without an error (the timed one, or the end of the stream) is therefore put off
 * until after the next poll phase, which reads what the child wrote before it exited.
 */
function keepLastOutput(proc: pty.IPty): void {
  const socket = (proc as unknown as { _socket?: { destroy: (error?: Error) => unknown } })._socket;
  if (!socket || typeof socket.destroy !== 'function') return;
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error) => {
    if (error !== undefined) return destroy(error);
    setImmediate(() => destroy());
    return socket;
  };
}

export class Terminal {
  private raw = '';
  private plain = '';
  private waiters = new Set<() => void>();
  private exited: Exit | undefined;
  /** Where the next waitFor starts looking by default: just after the previous match. */
  cursor = 0;
  readonly exit: Promise<Exit>;
  private readonly proc: pty.IPty;
  /** A terminal emulator fed the same bytes, to read what is on the screen (not only what was printed). */
  private readonly emulator: InstanceType<typeof xterm.Terminal>;

  constructor(args: string[], env: Record<string, string>, options: TerminalOptions = {}) {
    const { cols = 120, rows = 45, cwd = ROOT } = options;
    this.proc = pty.spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols, rows, cwd, env });
    this.emulator = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    live.add(this);
    keepLastOutput(this.proc);
    this.proc.onData((chunk) => {
      this.emulator.write(chunk);
      this.raw += chunk;
      this.plain = stripAnsi(this.raw);
      for (const wake of this.waiters) wake();
    });
    this.exit = new Promise((resolve) => {
      this.proc.onExit(({ exitCode, signal }) => {
        this.exited = { exitCode, signal: signal || undefined };
        this.emulator.write('', () => this.emulator.dispose());
        live.delete(this);
        resolve(this.exited);
        for (const wake of this.waiters) wake();
      });
    });
  }

  /** Everything printed so far, escapes stripped. */
  get output(): string {
    return this.plain;
  }

  /** Resolves once `pattern` appears at or after `from`; rejects with the tail of the screen on timeout or exit. */
  waitFor(pattern: string | RegExp, timeoutMs = 30_000, from = this.cursor): Promise<Match> {
    const find = (): Match | undefined => {
      const text = this.plain.slice(from);
      if (typeof pattern === 'string') {
        const i = text.indexOf(pattern);
        return i === -1 ? undefined : { index: from + i, end: from + i + pattern.length, groups: [pattern] };
      }
      const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
      return m
        ? { index: from + m.index, end: from + m.index + m[0].length, groups: [...m].map((g) => g ?? '') }
        : undefined;
    };
    return new Promise((resolve, reject) => {
      const done = (error?: Error, match?: Match) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else {
          this.cursor = match!.end;
          resolve(match!);
        }
      };
      const check = () => {
        const match = find();
        if (match) done(undefined, match);
        else if (this.exited)
          done(
            new Error(
              `process exited (${JSON.stringify(this.exited)}) before ${String(pattern)} appeared; screen ends:\n${this.tail()}`,
            ),
          );
      };
      const timer = setTimeout(
        () =>
          done(
            new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; screen ends:\n${this.tail()}`),
          ),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  send(keys: string): void {
    this.proc.write(keys);
  }

  enter(): void {
    this.send(KEY.enter);
  }

  ctrlC(): void {
    this.send(KEY.ctrlC);
  }

  /** Answer a text prompt and wait until inquirer shows it as answered. */
  async type(message: string, text: string): Promise<void> {
    await this.waitFor(`? ${message}`);
    this.send(text + KEY.enter);
    await this.waitFor(`✔ ${message}`);
  }

  /** Answer a yes/no prompt. */
  async confirm(message: string, yes: boolean): Promise<void> {
    await this.waitFor(`? ${message}`);
    this.send((yes ? 'y' : 'n') + KEY.enter);
    await this.waitFor(`✔ ${message}`);
  }

  /**
   * Pick `option` in the select prompt `message`: read where the cursor is in the latest rendering,
   * move to the option, wait until it is highlighted, press Enter and wait for the answered line.
   */
  async choose(message: string, option: string): Promise<void> {
    const frame = await this.choices(message);
    const at = frame.findIndex((line) => line.startsWith('❯ '));
    const target = frame.findIndex((line) => line.slice(2).startsWith(option));
    if (target === -1) throw new Error(`"${option}" is not among the choices of "${message}":\n${frame.join('\n')}`);
    const steps = target - at;
    if (steps !== 0) {
      this.send((steps > 0 ? KEY.down : KEY.up).repeat(Math.abs(steps)));
      await this.waitFor(`❯ ${option}`);
    }
    this.enter();
    await this.waitFor(`✔ ${message}`);
  }

  /** Wait for the select prompt `message` and return its choice lines as first rendered (the prompt stays unanswered). */
  async choices(message: string): Promise<string[]> {
    const header = await this.waitFor(`? ${message}`);
    // A rendering can arrive in several chunks; the key help line closes it.
    await this.waitFor('⏎ ');
    this.cursor = header.index;
    return this.frameAt(header.end);
  }

  /** The choice lines that follow the prompt line ending at `from`. */
  private frameAt(from: number): string[] {
    const text = this.plain.slice(from);
    const lines = text.slice(text.indexOf('\n') + 1).split('\n');
    const frame: string[] = [];
    for (const line of lines) {
      if (!/^[❯ -] /.test(line)) break;
      frame.push(line);
    }
    return frame;
  }

  /** The rows visible on the screen now, as a terminal shows them (after every byte so far is drawn). */
  screen(): Promise<string[]> {
    if (this.exited) return Promise.reject(new Error('the screen is read while the program runs'));
    return new Promise((resolve) =>
      this.emulator.write('', () => {
        const buffer = this.emulator.buffer.active;
        const rows: string[] = [];
        for (let i = buffer.viewportY; i < buffer.viewportY + this.emulator.rows; i++)
          rows.push(buffer.getLine(i)?.translateToString(true) ?? '');
        resolve(rows);
      }),
    );
  }

  /** Like choose, for the first choice whose text (after the cursor column) satisfies `test`. */
  async chooseWhere(message: string, test: (choice: string) => boolean): Promise<string> {
    const frame = await this.choices(message);
    const option = frame.map((line) => line.slice(2)).find(test);
    if (option === undefined) throw new Error(`no choice of "${message}" passes the test:\n${frame.join('\n')}`);
    await this.choose(message, option);
    return option;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.exited) this.proc.kill(signal);
  }

  tail(lines = 25): string {
    return this.plain.split('\n').slice(-lines).join('\n');
  }
}

/** Start `node bin/ducha.js ...args` in a pseudo-terminal, 120×45 unless told (an ordinary one is 80×24). */
export function spawnTerminal(args: string[], env: Record<string, string>, options?: TerminalOptions): Terminal {
  return new Terminal(args, env, options);
}

/** Kill whatever a test left running (afterEach). */
export async function killAll(): Promise<void> {
  const running = [...live];
  for (const t of running) t.kill('SIGKILL');
  await Promise.all(running.map((t) => t.exit));
}
