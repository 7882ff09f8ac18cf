// A Prompter that answers from a script, checking each prompt's kind and message, and keeping a transcript.
import type { Choice, Prompter, ScreenSize } from '../../src/inspect/prompter.js';

export type Step =
  | { select: RegExp; answer: unknown | ((choices: ReadonlyArray<Choice<unknown>>) => unknown) }
  | { checkbox: RegExp; answer: unknown[] }
  | { input: RegExp; answer: string }
  | { confirm: RegExp; answer: boolean }
  /** Press Esc at the next prompt, whatever its kind; it must match and be inside an escapable flow. */
  | { escape: RegExp };

class Escaped extends Error {}

export class ScriptedPrompter implements Prompter {
  readonly transcript: string[] = [];
  readonly menus: Array<ReadonlyArray<Choice<unknown>>> = [];

  private readonly steps: Step[];
  private escapableDepth = 0;

  constructor(
    steps: readonly Step[],
    private readonly size?: ScreenSize,
  ) {
    this.steps = [...steps];
  }

  get remaining(): number {
    return this.steps.length;
  }

  private next(kind: string, message: string): Step {
    const step = this.steps.shift();
    if (!step)
      throw new Error(
        `unexpected ${kind} prompt "${message}" (script finished)\n${this.transcript.slice(-5).join('\n')}`,
      );
    if ('escape' in step) {
      if (!step.escape.test(message)) throw new Error(`Esc expected at ${step.escape} but got ${kind} "${message}"`);
      if (this.escapableDepth === 0)
        throw new Error(`Esc pressed at ${kind} "${message}", which is not inside an escapable flow`);
      this.transcript.push(`? ${message} [Esc]`);
      throw new Escaped();
    }
    const pattern = (step as Record<string, unknown>)[kind] as RegExp | undefined;
    if (!pattern) throw new Error(`expected ${Object.keys(step)[0]} but got ${kind} "${message}"`);
    if (!pattern.test(message)) throw new Error(`${kind} "${message}" does not match ${pattern}`);
    this.transcript.push(`? ${message}`);
    return step;
  }

  async select<T>(message: string, choices: ReadonlyArray<Choice<T>>): Promise<T> {
    this.menus.push(choices as ReadonlyArray<Choice<unknown>>);
    const step = this.next('select', message) as { answer: unknown };
    const answer = (
      typeof step.answer === 'function' ? (step.answer as (c: typeof choices) => unknown)(choices) : step.answer
    ) as T;
    const choice = choices.find((c) => c.value === answer);
    if (!choice)
      throw new Error(
        `answer ${String(answer)} is not among the choices of "${message}": ${choices.map((c) => String(c.value)).join(', ')}`,
      );
    if (choice.disabled) throw new Error(`answer ${String(answer)} is disabled in "${message}"`);
    return answer;
  }

  async checkbox<T>(message: string): Promise<T[]> {
    return (this.next('checkbox', message) as { answer: T[] }).answer;
  }

  async input(
    message: string,
    options: { default?: string; validate?: (v: string) => true | string } = {},
  ): Promise<string> {
    const { answer } = this.next('input', message) as { answer: string };
    const value = answer === '' && options.default !== undefined ? options.default : answer;
    const verdict = options.validate?.(value) ?? true;
    if (verdict !== true) throw new Error(`input "${value}" for "${message}" rejected: ${verdict}`);
    return value;
  }

  async confirm(message: string): Promise<boolean> {
    return (this.next('confirm', message) as { answer: boolean }).answer;
  }

  print(text: string): void {
    this.transcript.push(text);
  }

  async escapable<T>(flow: () => Promise<T>): Promise<T | undefined> {
    this.escapableDepth++;
    try {
      return await flow();
    } catch (error) {
      if (error instanceof Escaped) return undefined;
      throw error;
    } finally {
      this.escapableDepth--;
    }
  }

  screen(): ScreenSize | undefined {
    return this.size;
  }

  /** Item ids of the cards shown, in order. */
  cards(): string[] {
    return this.transcript.flatMap((t) => [...t.matchAll(/^([A-Z]+-\d+) {2}/gm)].map((m) => m[1]!));
  }
}
