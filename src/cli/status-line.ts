// The one line of progress that long work (export, import, import-records, verify, push, hub verify) rewrites
// on stderr while it runs: only when stderr is a terminal, and erased when the work is done.
import type { Context } from './context.js';

/** Back to the start of the line, and erase it. */
const ERASE = '\r\u001b[K';

export interface StatusLine {
  /** Replace the line with `text`. */
  show(text: string): void;
  /** Erase the line: the work is done. */
  clear(): void;
}

/** The status line on stderr, or undefined when stderr is no terminal (a log or a pipe gets no progress). */
export function statusLine(ctx: Context): StatusLine | undefined {
  const stderr = ctx.io.stderr;
  if (!stderr.isTTY) return undefined;
  return { show: (text) => void stderr.write(ERASE + text), clear: () => void stderr.write(ERASE) };
}
