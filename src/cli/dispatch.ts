// Runs a command line: loads the language, builds the program, and turns every error into a message and an
// exit code. The only place that catches.
import { CliError } from '../errors.js';
import { loadLang, resolveLang, t } from '../i18n/index.js';
import { createContext, type Context } from './context.js';
import { buildProgram } from './program.js';
import type { Io } from './io.js';

/** Everything but `--version`: language, the program, and the one place errors become messages. */
export async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  await loadLang(resolveLang(argv, io.env));
  const ctx = createContext(io, argv);
  try {
    const program = buildProgram(ctx, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return report(error, ctx);
  }
}

function report(error: unknown, ctx: Context): number {
  const commander = error as { code?: string; exitCode?: number; message?: string };
  if (typeof commander.code === 'string' && commander.code.startsWith('commander.')) {
    if (commander.exitCode === 0) return 0;
    return printCliError(ctx, translateCommanderError(commander.code, commander.message ?? ''));
  }
  if (error instanceof CliError) return printCliError(ctx, error);
  const fsError = fileSystemError(error);
  if (fsError) return printCliError(ctx, fsError);
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (ctx.json) {
    ctx.emit(false, null, [
      {
        file: null,
        line: null,
        column: null,
        code: 'internal',
        severity: 'error',
        message: String((error as Error)?.message ?? error),
      },
    ]);
  }
  ctx.err(t('cli.internal', { version: __DUCHA_VERSION__ }));
  ctx.err(stack);
  return 2;
}

/**
 * A file-system call that failed on a path (ENAMETOOLONG, EACCES, ELOOP, EISDIR …) that no command turned
 * into a message of its own: the path came from the user, so it is a refusal with the path and the reason,
 * not an internal error with a stack trace.
 */
function fileSystemError(error: unknown): CliError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (
    !(error instanceof Error) ||
    typeof e.code !== 'string' ||
    !/^E[A-Z]+$/.test(e.code) ||
    typeof e.syscall !== 'string'
  )
    return undefined;
  const path = e.path ?? (e as { dest?: string }).dest ?? '';
  return new CliError(t('cli.fsError', { path, code: e.code, syscall: e.syscall }), {
    code: 'file',
    exitCode: 2,
    hint: t('cli.fsError.hint'),
  });
}

function printCliError(ctx: Context, error: CliError): number {
  // With --json stdout always carries one document, a cancellation's too (code `cancelled`/`interrupted`).
  if (ctx.json) {
    ctx.emit(false, null, [
      {
        file: error.file ?? null,
        line: error.line ?? null,
        column: error.column ?? null,
        code: error.code,
        severity: 'error',
        message: error.message,
        hint: error.hint,
      },
    ]);
  }
  const c = ctx.errColour;
  const at = error.file ? `${error.file}${error.line ? `:${error.line}:${error.column ?? 1}` : ''}: ` : '';
  if (error.exitCode === 130) ctx.err(error.message);
  else ctx.err(`${c.red(c.bold(t('cli.errorLabel')))}${at}${error.message}`);
  if (error.hint) ctx.err(`${c.dim(t('cli.hintLabel'))}${error.hint}`);
  return error.exitCode;
}

function translateCommanderError(code: string, message: string): CliError {
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const suggestion = /Did you mean (.+)\?/.exec(message)?.[1];
  const hint = suggestion ? t('cli.usage.didYouMean', { name: suggestion }) : t('cli.usage.hint');
  const map: Record<string, () => string> = {
    'commander.unknownOption': () => t('cli.usage.unknownOption', { option: quoted[0] ?? '' }),
    'commander.unknownCommand': () => t('cli.usage.unknownCommand', { command: quoted[0] ?? '' }),
    'commander.missingArgument': () => t('cli.usage.missingArgument', { name: quoted[0] ?? '' }),
    'commander.optionMissingArgument': () => t('cli.usage.optionMissingArgument', { option: quoted[0] ?? '' }),
    'commander.missingMandatoryOptionValue': () => t('cli.usage.missingOption', { option: quoted[0] ?? '' }),
    'commander.excessArguments': () => t('cli.usage.excessArguments'),
    'commander.invalidArgument': () => t('cli.usage.invalidArgument', { detail: message.replace(/^error: /, '') }),
  };
  const text = map[code]?.() ?? message.replace(/^error: /, '');
  return new CliError(text, { code: 'usage', exitCode: 2, hint });
}
