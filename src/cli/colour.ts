// Colour for terminal output: on only for a TTY (or FORCE_COLOR), never with NO_COLOR.
import { Chalk, type ChalkInstance } from 'chalk';

export type Colour = Pick<ChalkInstance, 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'underline' | 'cyan'>;

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

export function makeColour(level: 0 | 1 | 2 | 3): Colour {
  return new Chalk({ level });
}
