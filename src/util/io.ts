// The shape of the process boundary (streams, environment, folder, Ctrl+C) that main() and the prompts are given;
// cli/io.ts makes the real process's.

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
