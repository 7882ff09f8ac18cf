// Colour for terminal output: on only for a TTY (or FORCE_COLOR), never with NO_COLOR. The styles are marks
// that become escape sequences only where text reaches the terminal (util/terminal.ts: toTerminal), so the
// sanitiser there can tell our colours from escape sequences hidden in data.
import { styleMark } from './terminal.js';

const STYLES = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
  underline: [4, 24],
} as const;

export type Colour = Record<keyof typeof STYLES, (text: string) => string>;

export function colourLevel(env: Record<string, string | undefined>, isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const level = Number(force);
    return level === 2 || level === 3 ? level : 1;
  }
  return isTTY ? 1 : 0;
}

/** Level 0 leaves text alone; any other level styles it (only the 16 basic colours are used). */
export function makeColour(level: 0 | 1 | 2 | 3): Colour {
  const style = ([open, close]: readonly [number, number]) => {
    if (level === 0) return (text: string) => String(text);
    const on = styleMark(open);
    const off = styleMark(close);
    // As chalk does: an inner style that closes with the same code reopens ours after it.
    return (text: string) =>
      on +
      String(text)
        .split(off)
        .join(off + on) +
      off;
  };
  return Object.fromEntries(Object.entries(STYLES).map(([name, codes]) => [name, style(codes)])) as Colour;
}
