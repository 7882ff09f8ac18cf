// The terminal implementation of Prompter: the only module that imports @inquirer. Ctrl+C becomes a
// CancelledError (exit 130); Esc leaves an escapable flow; inquirer's own words (key hints, "You must
// provide a value", yes/no) are in the user's language.
import { checkbox, confirm, input, password, select } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Io } from '../util/io.js';
import type { Prompter } from './prompter.js';
import { sanitisedPrompter } from './safe-prompter.js';

const KEY_WORDS: Record<string, string> = {};

function keysHelpTip(keys: Array<[string, string]>): string {
  if (!KEY_WORDS.navigate) {
    Object.assign(KEY_WORDS, {
      navigate: t('prompt.keys.navigate'),
      select: t('prompt.keys.select'),
      all: t('prompt.keys.all'),
      invert: t('prompt.keys.invert'),
      submit: t('prompt.keys.submit'),
      space: t('prompt.keys.space'),
    });
  }
  return keys.map(([key, action]) => `${KEY_WORDS[key] ?? key} ${KEY_WORDS[action] ?? action}`).join(' • ');
}

/** Thrown inside an escapable flow when Esc was pressed. */
class Escaped extends Error {}
const ESCAPE = Symbol('escape');

async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'AbortPromptError' && (error as { cause?: unknown }).cause === ESCAPE) throw new Escaped();
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError')
      throw new CancelledError(t('prompt.cancelled'));
    throw error;
  }
}

export function terminalPrompter(io: Io): Prompter {
  let escapeDepth = 0;
  /** Each prompt's context: inside an escapable flow, a signal that Esc aborts. */
  const context = () => {
    const base = { input: io.stdin, output: io.stdout as NodeJS.WritableStream, clearPromptOnDone: false };
    if (escapeDepth === 0) return { context: base, done: () => undefined };
    const controller = new AbortController();
    const onKey = (_: unknown, key: { name?: string } | undefined) => {
      if (key?.name === 'escape') controller.abort(ESCAPE);
    };
    io.stdin.on('keypress', onKey);
    return {
      context: { ...base, signal: controller.signal },
      done: () => void io.stdin.removeListener('keypress', onKey),
    };
  };
  const ask = async <T>(prompt: (ctx: ReturnType<typeof context>['context']) => Promise<T>): Promise<T> => {
    const { context: ctx, done } = context();
    try {
      return await guard(prompt(ctx));
    } finally {
      done();
    }
  };
  const theme = { style: { keysHelpTip }, i18n: { disabledError: t('prompt.disabled') } };
  const confirmTheme = { keywords: { yes: t('prompt.yes'), no: t('prompt.no'), error: () => t('prompt.yesNo') } };
  const required =
    (needed: boolean | undefined, validate: ((v: string) => true | string) | undefined) => (v: string) =>
      needed && v.trim() === '' ? t('prompt.required') : (validate?.(v) ?? true);
  const disabled = <C extends { disabled?: boolean | string }>(c: C) => ({
    ...c,
    disabled: c.disabled === true ? t('prompt.disabled') : c.disabled,
  });
  return sanitisedPrompter({
    select: (message, choices, options = {}) =>
      ask((ctx) =>
        select(
          {
            message,
            choices: choices.map(disabled),
            default: options.default,
            pageSize: options.pageSize ?? 12,
            loop: false,
            theme,
          },
          ctx,
        ),
      ),
    checkbox: (message, choices, options = {}) =>
      ask((ctx) =>
        checkbox(
          {
            message,
            choices: choices.map(disabled),
            pageSize: 12,
            loop: false,
            theme,
            validate: (picked) => (options.required && picked.length === 0 ? t('prompt.pickOne') : true),
          },
          ctx,
        ),
      ),
    // Required is checked here, not by inquirer, so that its English "You must provide a value" never shows.
    input: (message, options = {}) =>
      ask((ctx) =>
        input({ message, default: options.default, validate: required(options.required, options.validate) }, ctx),
      ),
    confirm: (message, options = {}) =>
      ask((ctx) =>
        confirm(
          {
            message,
            default: options.default ?? false,
            theme: confirmTheme,
            transformer: (yes) => (yes ? t('prompt.yes') : t('prompt.no')),
          },
          ctx,
        ),
      ),
    print: (text) => void io.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    escapable: async (flow) => {
      escapeDepth++;
      try {
        return await flow();
      } catch (error) {
        if (error instanceof Escaped) return undefined;
        throw error;
      } finally {
        escapeDepth--;
      }
    },
    screen: () => {
      const out = io.stdout as { isTTY?: boolean; rows?: number; columns?: number };
      return out.isTTY && out.rows && out.columns ? { rows: out.rows, columns: out.columns } : undefined;
    },
  });
}

/** A secret typed without echo (a passphrase, a recovery key): nothing of it reaches the screen; Ctrl+C cancels. */
export async function askSecret(io: Io, message: string, output = io.stdout): Promise<string> {
  const context = { input: io.stdin, output: output as NodeJS.WritableStream, clearPromptOnDone: false };
  return guard(password({ message, mask: false, theme: { style: { maskedText: t('protect.hidden') } } }, context));
}
