// What every command receives: the io, colour, whether JSON was asked for, and where to put the exit code.
import { colourLevel, makeColour, type Colour } from '../util/colour.js';
import { envelope, type EnvelopeProblem } from '../util/envelope.js';
import type { Io } from './io.js';
import { toTerminal } from '../util/terminal.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface Context {
  io: Io;
  colour: Colour;
  /** Colour for stderr, which may be a terminal when stdout is not. */
  errColour: Colour;
  json: boolean;
  exitCode: number;
  out(text: string): void;
  err(text: string): void;
  /** One JSON document on stdout. */
  emit(ok: boolean, data: unknown, problems?: readonly EnvelopeProblem[]): void;
  /** "Now" for everything the command dates: its events (the Store is opened with this clock) and "today". */
  now(): Date;
}

/**
 * The clock: the system's, or — for tests, so that they can set the day — the instant DUCHA_NOW names
 * (`2026-12-01T09:30:00+08:00`, or a date alone, read as noon local time so that its day is the same in
 * every time zone). Every event of the command is then stamped with that instant.
 */
export function clockOf(env: Record<string, string | undefined>): () => Date {
  const given = env.DUCHA_NOW?.trim();
  if (!given) return () => new Date();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given);
  const time = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12).getTime() : Date.parse(given);
  return () => {
    if (Number.isNaN(time)) throw new InputError(t('cli.badNow', { value: given }), { hint: t('cli.badNow.hint') });
    return new Date(time);
  };
}

export function wantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json')) return true;
  }
  return false;
}

export function createContext(io: Io, argv: readonly string[]): Context {
  const line = (s: string) => (s.endsWith('\n') ? s : s + '\n');
  let errColour: Colour | undefined;
  return {
    io,
    colour: makeColour(colourLevel(io.env, io.stdout.isTTY)),
    // Worked out when first used: the real process's stderr is made when first read (cli/io.ts).
    get errColour() {
      return (errColour ??= makeColour(colourLevel(io.env, io.stderr.isTTY)));
    },
    json: wantsJson(argv),
    exitCode: 0,
    // Every human-readable line passes the sanitiser: data cannot drive the terminal (util/terminal.ts).
    out: (s) => void io.stdout.write(toTerminal(line(s))),
    err: (s) => void io.stderr.write(toTerminal(line(s))),
    emit: (ok, data, problems = []) => void io.stdout.write(envelope(ok, data, problems)),
    now: clockOf(io.env),
  };
}
