// The one interface every interactive flow asks through, so the flows are tested without a terminal.

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
  disabled?: boolean | string;
}

export interface Prompter {
  select<T>(message: string, choices: ReadonlyArray<Choice<T>>, options?: { default?: T; pageSize?: number }): Promise<T>;
  checkbox<T>(message: string, choices: ReadonlyArray<Choice<T> & { checked?: boolean }>, options?: { required?: boolean }): Promise<T[]>;
  input(message: string, options?: { default?: string; required?: boolean; validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
  /** Text shown between prompts (item cards, progress). */
  print(text: string): void;
}
