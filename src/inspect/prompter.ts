// The one interface every interactive flow asks through, so the flows are tested without a terminal.

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
  disabled?: boolean | string;
}

export interface ScreenSize {
  rows: number;
  columns: number;
}

export interface Prompter {
  select<T>(
    message: string,
    choices: ReadonlyArray<Choice<T>>,
    options?: { default?: T; pageSize?: number },
  ): Promise<T>;
  checkbox<T>(
    message: string,
    choices: ReadonlyArray<Choice<T> & { checked?: boolean }>,
    options?: { required?: boolean },
  ): Promise<T[]>;
  input(
    message: string,
    options?: { default?: string; required?: boolean; validate?: (value: string) => true | string },
  ): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
  /** Text shown between prompts (item cards, progress). */
  print(text: string): void;
  /**
   * Run a flow of prompts that Esc leaves: pressing Esc at any of its prompts abandons the flow (nothing of
   * it is saved) and resolves to undefined. Ctrl+C still cancels the whole program.
   */
  escapable<T>(flow: () => Promise<T>): Promise<T | undefined>;
  /** The terminal's size, when there is one: screens are fitted to it. */
  screen(): ScreenSize | undefined;
}
