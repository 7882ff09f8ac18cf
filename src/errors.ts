// Typed errors: the only way library code reports a failure that main turns into a message and an exit code,
// and the codes they carry (what `problems[].code` says in --json when a command fails).

/**
 * Every code an error may carry, grouped as docs/commands.md lists them; each has a sentence in the catalogues
 * (`errorCode.<code>`, zh and en), which a type check below keeps complete. `internal` is dispatch's: a bug.
 */
export const ERROR_CODES = [
  // The command line and the run
  'usage',
  'input',
  'cancelled',
  'interrupted',
  'internal',
  'file',
  'bad-date',
  'config',
  // Files read
  'input-unreadable',
  'input-not-file',
  'input-too-large',
  'yaml-limits',
  'mapping',
  'evidence-changed',
  // Files written
  'output-exists',
  'output-is-database',
  'output-no-dir',
  'output-failed',
  // The database
  'no-database',
  'db-not-file',
  'needs-upgrade',
  'read-only',
  'busy',
  'disk-full',
  'io',
  'damaged',
  'sqlite',
  'schema-altered',
  'suite-fixed',
  'key-locked',
  'key-protected',
  'key-not-protected',
  'passphrase-mismatch',
  'unlock-unsafe',
  // Documents
  'unsettled',
  'deadline-before-feedback',
  'template-limits',
  // Rectification and trusted devices
  'self-close',
  'bad-device',
  'key-suite',
  'key-elsewhere',
  // Bundles
  'bundle-unreadable',
  'bundle-truncated',
  'bundle-too-large',
  'bundle-format',
  'bundle-signature',
  'bundle-hash',
  'bundle-untrusted',
  'bundle-fork',
  'bundle-id-clash',
  'bundle-reference',
  'bundle-malformed',
  'bundle-unsigned',
  'bundle-heads',
  'bundle-four-eyes',
  'bundle-suite',
  // The hub
  'hub-connect',
  'hub-lost',
  'hub-denied',
  'hub-error',
  'hub-missing',
  'hub-older',
  'hub-refused',
  // Encryption and keys
  'crypto-bad-key',
  'crypto-bad-private-key',
  'crypto-wrong-suite',
  'crypto-unknown-suite',
  'crypto-gm-unavailable',
  'crypto-bad-ciphertext',
  'crypto-tampered',
  'crypto-not-for-you',
  'crypto-recipients',
  'crypto-wrong-passphrase',
  'crypto-empty-passphrase',
  // Encrypted bundles (issue 17)
  'bundle-encrypted',
  'key-binding',
  'recipient-ambiguous',
  'recipient-no-key',
  'recipient-unknown',
  // Confidential fields encrypted at rest (issue 17)
  'data-key-unknown',
  'export-unencrypted',
  'import-unprotected',
  // Interviewee names only encrypted on the hub (issue 18)
  'hub-clear-name',
] as const;

/** A code of ERROR_CODES: a typo in one is a type error. */
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CliErrorOptions {
  code?: ErrorCode;
  exitCode?: number;
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
}

export class CliError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = options.code ?? 'input';
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
