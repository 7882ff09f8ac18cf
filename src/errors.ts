// Typed errors: the only way library code reports a failure that main turns into a message and an exit code.

export interface CliErrorOptions {
  code?: string;
  exitCode?: number;
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
}

export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = options.code ?? 'error';
    this.exitCode = options.exitCode ?? 2;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }
}

/** The command line itself is wrong: unknown option, missing argument, bad value. */
export class UsageError extends CliError {
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, { code: 'usage', ...options, exitCode: 2 });
  }
}

/** The input (a file, an id, a value) cannot be used. */
export class InputError extends CliError {
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, { code: 'input', ...options, exitCode: 2 });
  }
}

/** The user cancelled (Ctrl+C, Esc at a prompt). */
export class CancelledError extends CliError {
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, { code: 'cancelled', ...options, exitCode: 130 });
  }
}
