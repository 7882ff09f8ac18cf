// What a command is: its definition (name, description, arguments, options, help examples, a lazily loaded
// action) as plain data, and the types that give the action its arguments and options from that definition.
// Nothing here loads commander: program.ts turns definitions into commander commands, reference.ts into docs.
import type { MessageKey } from '../i18n/index.js';
import type { Context } from './context.js';

/** `<name>` required, `[name]` optional, `<name...>` / `[name...]` the rest of the line as a list. */
export interface ArgumentSpec {
  readonly spec: string;
  readonly description?: MessageKey;
}

/** Commander's flags (`-o, --output <file>`, `--hub [url]`, `--overdue`, `--no-good-practice`) and what they mean. */
export interface OptionSpec {
  readonly flags: string;
  readonly description: MessageKey;
  /** commander's requiredOption: the command refuses to run without it. */
  readonly required?: boolean;
  /** May be given again; the values are collected in order (none: an empty list). */
  readonly repeatable?: boolean;
  readonly default?: string;
  readonly choices?: readonly string[];
}

export const argument = <const S extends string>(spec: S, description?: MessageKey) => ({ spec, description });

export const option = <
  const F extends string,
  const E extends Omit<OptionSpec, 'flags' | 'description'> = Record<never, never>,
>(
  flags: F,
  description: MessageKey,
  extra?: E,
) => ({ flags, description, ...extra }) as { readonly flags: F; readonly description: MessageKey } & E;

// ---- From flags to types -------------------------------------------------------------------------------

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type LongName<F extends string> = F extends `${string}--${infer Rest}`
  ? Rest extends `${infer Name} ${string}`
    ? Name
    : Rest
  : never;
/** The key commander stores an option under: `--due-within` → dueWithin, `--no-good-practice` → goodPractice. */
export type OptionKey<F extends string> = LongName<F> extends `no-${infer Name}` ? Camel<Name> : Camel<LongName<F>>;
type OptionValue<O extends OptionSpec> = O extends { repeatable: true }
  ? string[]
  : O['flags'] extends `${string}<${string}`
    ? string
    : O['flags'] extends `${string}[${string}`
      ? string | boolean
      : boolean;
/** Options that always have a value: required, repeatable (an empty list) or with a default. */
type Always<O extends OptionSpec> = O extends { required: true }
  ? true
  : O extends { repeatable: true }
    ? true
    : O extends { default: string }
      ? true
      : false;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The options object commander hands over for these option specs. */
export type OptionsOf<T extends readonly OptionSpec[]> = Flatten<
  { [O in T[number] as Always<O> extends true ? OptionKey<O['flags']> : never]: OptionValue<O> } & {
    [O in T[number] as Always<O> extends true ? never : OptionKey<O['flags']>]?: OptionValue<O>;
  }
>;

type ArgumentValue<S extends string> = S extends `${string}...${string}`
  ? string[]
  : S extends `<${string}`
    ? string
    : string | undefined;
/** The arguments commander hands over, in order: a tuple. */
export type ArgumentsOf<T extends readonly ArgumentSpec[]> = {
  -readonly [K in keyof T]: T[K] extends ArgumentSpec ? ArgumentValue<T[K]['spec']> : never;
};

// ---- Global options: the root's, which every action also receives ----------------------------------------

export const GLOBAL_OPTIONS = [
  option('--db <path>', 'cli.option.db'),
  option('--lang <lang>', 'cli.option.lang', { choices: ['zh', 'en'] }),
  option('--json', 'cli.option.json'),
  option('--checklists <dir>', 'cli.option.checklists', { repeatable: true }),
  option('--actor <name>', 'cli.option.actor'),
] as const;

export type GlobalOptions = OptionsOf<typeof GLOBAL_OPTIONS>;

// ---- Definitions ---------------------------------------------------------------------------------------

/** An action as the registry calls it (its argument and option types checked where it is defined). */
export type AnyAction = (ctx: Context, args: never, options: never) => Promise<number>;

export interface CommandDefinition {
  readonly name: string;
  readonly description: MessageKey;
  /** The usage line, when commander's (from the arguments) would mislead. */
  readonly usage?: MessageKey;
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  /** Full command lines, shown under 示例 in --help and in docs/commands.md. */
  readonly examples: readonly string[];
  /** A paragraph after the examples (how a group's commands fit together). */
  readonly epilogue?: MessageKey;
  /** Loads the action module only when the command runs. A group without one shows its help. */
  readonly action?: () => Promise<AnyAction>;
  /** When this returns true the command shows its help instead of running (a command that is also a group). */
  readonly showsHelp?: (ctx: Context, args: readonly unknown[], options: Record<string, unknown>) => boolean;
  readonly commands: readonly CommandDefinition[];
}

type Examples = readonly [string, ...string[]];

interface CommonSpec {
  name: string;
  description: MessageKey;
  usage?: MessageKey;
  examples: Examples;
  epilogue?: MessageKey;
  commands?: readonly CommandDefinition[];
}

/**
 * Compile-time check that an action reads exactly what its definition declares: it accepts the arguments and
 * options commander will hand over, and names no option the definition lacks. A mismatch makes `action` a
 * sentence, so the type error says what is wrong.
 */
type Verdict<X, Args, Opts> = X extends (ctx: Context, args: infer A, options: infer O) => Promise<number>
  ? [Args] extends [A]
    ? [Opts] extends [O]
      ? [Exclude<keyof O, keyof Opts>] extends [never]
        ? unknown
        : {
            action: `the action reads options its definition does not declare: ${Exclude<keyof O, keyof Opts> & string}`;
          }
      : { action: "the options the definition declares do not fit the action's types" }
    : { action: "the arguments the definition declares do not fit the action's" }
  : { action: 'not an action (ctx, args, options) => Promise<number>' };

/** A command with an action (and perhaps subcommands of its own, as `record` has). */
export function command<
  const A extends readonly ArgumentSpec[] = readonly [],
  const O extends readonly OptionSpec[] = readonly [],
  X = unknown,
>(
  spec: CommonSpec & {
    arguments?: A;
    options?: O;
    action: () => Promise<X>;
    showsHelp?: (ctx: Context, args: ArgumentsOf<A>, options: OptionsOf<O> & GlobalOptions) => boolean;
  } & Verdict<X, ArgumentsOf<A>, OptionsOf<O> & GlobalOptions>,
): CommandDefinition {
  return {
    ...spec,
    arguments: spec.arguments ?? [],
    options: spec.options ?? [],
    commands: spec.commands ?? [],
  } as CommandDefinition;
}

/** A group of subcommands; run alone it shows its help. */
export function group(spec: CommonSpec & { commands: readonly CommandDefinition[] }): CommandDefinition {
  return { ...spec, arguments: [], options: [] };
}
