// The terminal implementation of Prompter: the only module that imports @inquirer. Ctrl+C becomes a
// CancelledError (exit 130); the key hints are in the user's language.
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Io } from '../cli/io.js';
import type { Prompter } from './prompter.js';
import { sanitisedPrompter } from './safe-prompter.js';

const KEY_WORDS: Record<string, string> = {};

function keysHelpTip(keys: Array<[string, string]>): string {
  if (!KEY_WORDS.navigate) {
    Object.assign(KEY_WORDS, { navigate: t('prompt.keys.navigate'), select: t('prompt.keys.select'), all: t('prompt.keys.all'), invert: t('prompt.keys.invert'), submit: t('prompt.keys.submit') });
  }
  return keys.map(([key, action]) => `${key} ${KEY_WORDS[action] ?? action}`).join(' • ');
}

async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw new CancelledError(t('prompt.cancelled'));
    throw error;
  }
}

export function terminalPrompter(io: Io): Prompter {
  const context = { input: io.stdin, output: io.stdout as NodeJS.WritableStream, clearPromptOnDone: false };
  const theme = { style: { keysHelpTip }, i18n: { disabledError: t('prompt.disabled') } };
  return sanitisedPrompter({
    select: (message, choices, options = {}) =>
      guard(select({ message, choices: choices.map((c) => ({ ...c })), default: options.default, pageSize: options.pageSize ?? 12, loop: false, theme }, context)),
    checkbox: (message, choices, options = {}) =>
      guard(checkbox({ message, choices: choices.map((c) => ({ ...c })), required: options.required ?? false, pageSize: 12, loop: false, theme }, context)),
    input: (message, options = {}) =>
      guard(input({ message, default: options.default, required: options.required ?? false, validate: options.validate ?? (() => true) }, context)),
    confirm: (message, options = {}) => guard(confirm({ message, default: options.default ?? false, transformer: (yes) => (yes ? t('prompt.yes') : t('prompt.no')) }, context)),
    print: (text) => void io.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  });
}
