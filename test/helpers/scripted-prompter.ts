// A Prompter that answers from a script, checking each prompt's kind and message, and keeping a transcript.
import type { Choice, Prompter } from '../../src/inspect/prompter.js';

export type Step =
  | { select: RegExp; answer: unknown | ((choices: ReadonlyArray<Choice<unknown>>) => unknown) }
  | { checkbox: RegExp; answer: unknown[] }
  | { input: RegExp; answer: string }
  | { confirm: RegExp; answer: boolean };

export class ScriptedPrompter implements Prompter {
  readonly transcript: string[] = [];
  readonly menus: Array<ReadonlyArray<Choice<unknown>>> = [];

  private readonly steps: Step[];

  constructor(steps: readonly Step[]) {
    this.steps = [...steps];
  }

  get remaining(): number {
    return this.steps.length;
  }

  private next(kind: string, message: string): Step {
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected ${kind} prompt "${message}" (script finished)\n${this.transcript.slice(-5).join('\n')}`);
    const pattern = (step as Record<string, unknown>)[kind] as RegExp | undefined;
    if (!pattern) throw new Error(`expected ${Object.keys(step)[0]} but got ${kind} "${message}"`);
    if (!pattern.test(message)) throw new Error(`${kind} "${message}" does not match ${pattern}`);
    this.transcript.push(`? ${message}`);
    return step;
  }

  async select<T>(message: string, choices: ReadonlyArray<Choice<T>>): Promise<T> {
    const step = this.next('select', message) as { answer: unknown };
    this.menus.push(choices as ReadonlyArray<Choice<unknown>>);
    const answer = (typeof step.answer === 'function' ? (step.answer as (c: typeof choices) => unknown)(choices) : step.answer) as T;
    const choice = choices.find((c) => c.value === answer);
    if (!choice) throw new Error(`answer ${String(answer)} is not among the choices of "${message}": ${choices.map((c) => String(c.value)).join(', ')}`);
    if (choice.disabled) throw new Error(`answer ${String(answer)} is disabled in "${message}"`);
    return answer;
  }

  async checkbox<T>(message: string): Promise<T[]> {
    return (this.next('checkbox', message) as { answer: T[] }).answer;
  }

  async input(message: string, options: { validate?: (v: string) => true | string } = {}): Promise<string> {
    const { answer } = this.next('input', message) as { answer: string };
    const verdict = options.validate?.(answer) ?? true;
    if (verdict !== true) throw new Error(`input "${answer}" for "${message}" rejected: ${verdict}`);
    return answer;
  }

  async confirm(message: string): Promise<boolean> {
    return (this.next('confirm', message) as { answer: boolean }).answer;
  }

  print(text: string): void {
    this.transcript.push(text);
  }

  /** Item ids of the cards shown, in order. */
  cards(): string[] {
    return this.transcript.flatMap((t) => [...t.matchAll(/^([A-Z]+-\d+) {2}/gm)].map((m) => m[1]!));
  }
}
