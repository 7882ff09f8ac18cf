// What every command receives: the io, colour, whether JSON was asked for, and where to put the exit code.
import { colourLevel, makeColour, type Colour } from '../util/colour.js';
import { envelope, type EnvelopeProblem } from '../util/envelope.js';
import type { Io } from './io.js';
import { toTerminal } from '../util/terminal.js';

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
  return {
    io,
    colour: makeColour(colourLevel(io.env, io.stdout.isTTY)),
    errColour: makeColour(colourLevel(io.env, io.stderr.isTTY)),
    json: wantsJson(argv),
    exitCode: 0,
    // Every human-readable line passes the sanitiser: data cannot drive the terminal (util/terminal.ts).
    out: (s) => void io.stdout.write(toTerminal(line(s))),
    err: (s) => void io.stderr.write(toTerminal(line(s))),
    emit: (ok, data, problems = []) => void io.stdout.write(envelope(ok, data, problems)),
  };
}
