// What the commands that write a file share: where -o points, the format its extension names, and the
// guarded write (src/util/output.ts) with the open database protected and --force honoured.
import { resolve } from 'node:path';
import type { Context } from './context.js';
import type { GlobalOptions } from './program.js';
import { dbPath } from './session.js';
import { checkOutput, writeOutput, writeOutputWith, type OutputOptions, type Written } from '../util/output.js';
import { shownPath } from '../checklist/expand.js';

export interface FileTarget {
  /** Absolute path. */
  file: string;
  /** As the user should read it: relative to the working folder when inside it. */
  shown: string;
  options: OutputOptions;
}

/** Resolve -o FILE and check it before any work is done (a refused target costs nothing). */
export function fileTarget(ctx: Context, options: GlobalOptions & { force?: boolean }, given: string): FileTarget {
  const file = resolve(ctx.io.cwd, given);
  const target: FileTarget = {
    file,
    shown: shownPath(file, ctx.io.cwd),
    options: { force: options.force ?? false, protect: [dbPath(ctx, options)], shown: given },
  };
  checkOutput(file, target.options);
  return target;
}

/** The format named by the file's extension, or the fallback. */
export function formatOf(file: string, given: string | undefined, fallback = 'md'): string {
  return given ?? /\.(\w+)$/.exec(file)?.[1]?.toLowerCase() ?? fallback;
}

export function writeTarget(target: FileTarget, bytes: Uint8Array): Written {
  return writeOutput(target.file, bytes, target.options);
}

export function writeTargetWith(target: FileTarget, fill: (fd: number) => void, mode?: number): Written {
  return writeOutputWith(target.file, { ...target.options, mode }, fill);
}
