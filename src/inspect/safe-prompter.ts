// A Prompter whose every text passes the terminal sanitiser (util/terminal.ts) before the prompt library
// draws it: item titles, notes, names and file names in questions, choices and printed cards come from data.
import { clean, toTerminal } from '../util/terminal.js';
import type { Choice, Prompter } from './prompter.js';

const choice = <C extends Choice<unknown>>(c: C): C => ({
  ...c,
  name: toTerminal(c.name),
  description: c.description === undefined ? undefined : toTerminal(c.description),
  disabled: typeof c.disabled === 'string' ? toTerminal(c.disabled) : c.disabled,
});

export function sanitisedPrompter(inner: Prompter): Prompter {
  return {
    select: (message, choices, options) => inner.select(toTerminal(message), choices.map(choice), options),
    checkbox: (message, choices, options) => inner.checkbox(toTerminal(message), choices.map(choice), options),
    input: (message, options = {}) =>
      inner.input(toTerminal(message), {
        ...options,
        // A default is also the answer when accepted: cleaned, not coloured.
        default: options.default === undefined ? undefined : clean(options.default),
        validate:
          options.validate &&
          ((value) => {
            const verdict = options.validate!(value);
            return verdict === true ? true : toTerminal(verdict);
          }),
      }),
    confirm: (message, options) => inner.confirm(toTerminal(message), options),
    print: (text) => inner.print(toTerminal(text)),
    escapable: (flow) => inner.escapable(flow),
    screen: () => inner.screen(),
  };
}
