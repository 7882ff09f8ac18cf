// The process boundary as an object, so main() runs the same in tests and in the real process.

export interface Sink {
  write(chunk: string | Uint8Array): unknown;
  /** Present on streams: `drain` tells that a full pipe can take more. */
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Ctrl+C heard as an AbortSignal instead of ending the process, until dispose(). */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export interface Io {
  stdout: Sink;
  stderr: Sink;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** For a command that must say what an interruption left behind (import); absent: Ctrl+C ends the process. */
  interrupts?(): Interrupt;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), interrupts: sigint };
}

/** While a SIGINT listener is installed Node does not end the process on Ctrl+C: the command decides. */
function sigint(): Interrupt {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', abort) };
}

export function isInteractive(io: Io): boolean {
  return Boolean(io.stdin.isTTY && io.stdout.isTTY);
}
