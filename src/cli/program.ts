// Turns the command definitions (defs/index.ts, one list) into commander's commands with localised help: each
// action's module is imported only when its command runs, so start-up stays near bare Node.
import { Command, Help, Option } from 'commander';
import { t, type MessageKey } from '../i18n/index.js';
import type { Context } from './context.js';
import { isInteractive } from './io.js';
import { displayWidth } from '../util/table.js';
import { UsageError } from '../errors.js';
import { closest } from '../util/closest.js';
import { GLOBAL_OPTIONS, type CommandDefinition, type GlobalOptions, type OptionSpec } from './define.js';
import { COMMANDS } from './defs/index.js';

export type { GlobalOptions } from './define.js';

/** Commander's help with our headings and words for "options", "default" and "choices". */
class LocalisedHelp extends Help {
  override styleTitle(title: string): string {
    const key = `cli.help.title.${title.replace(/:$/, '').replace(/ /g, '')}` as MessageKey;
    const translated = t(key);
    return translated === key ? title : translated;
  }
  override commandUsage(cmd: Command): string {
    return localiseUsage(super.commandUsage(cmd));
  }
  override subcommandTerm(cmd: Command): string {
    return localiseUsage(super.subcommandTerm(cmd));
  }
  /** Global options are the root's: a parent's own options (record's, above record amend) are not the subcommand's. */
  override visibleGlobalOptions(cmd: Command): Option[] {
    let root = cmd;
    while (root.parent) root = root.parent;
    return super.visibleGlobalOptions(cmd).filter((o) => root.options.includes(o));
  }
  /** Chinese characters take two columns: pad by what the terminal shows, not by characters. */
  override displayWidth(text: string): number {
    return displayWidth(text);
  }
  override optionDescription(option: Option): string {
    return super
      .optionDescription(option)
      .replace(/ ?\(default: \[\]\)$/, '')
      .replace(/ ?\(choices: ([^)]*)\)/, (_, list: string) => t('cli.help.choices', { list: list.replace(/"/g, '') }))
      .replace(/ ?\(default: ([^)]*)\)/, (_, value: string) =>
        t('cli.help.default', { value: value.replace(/"/g, '') }),
      );
  }
}

function localiseUsage(usage: string): string {
  return usage.replace('[options]', t('cli.help.usageOptions')).replace('[command]', t('cli.help.usageCommand'));
}

/** Every command of ours gets localised help; subcommands inherit output, exit and help-option settings. */
class DuchaCommand extends Command {
  override createCommand(name?: string): Command {
    return new DuchaCommand(name);
  }
  override createHelp(): Help {
    return Object.assign(new LocalisedHelp(), this.configureHelp());
  }
  /** A command group run without a subcommand (`ducha checklist`) shows its help on stdout: that is no error. */
  override help(): never {
    return super.help({ error: false });
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, t(spec.description));
  if (spec.required) option.makeOptionMandatory();
  if (spec.repeatable) option.default([]).argParser(collect);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.choices) option.choices(spec.choices);
  return option;
}

function examples(cmd: Command, lines: readonly string[]): void {
  cmd.addHelpText('after', `\n${t('cli.help.examples')}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

/** One definition as a commander command under `parent`, with its subcommands. */
function register(ctx: Context, parent: Command, def: CommandDefinition): Command {
  const cmd = parent.command(def.name).description(t(def.description));
  if (def.usage) cmd.usage(t(def.usage));
  for (const a of def.arguments) cmd.argument(a.spec, a.description && t(a.description));
  for (const o of def.options) cmd.addOption(toOption(o));
  examples(cmd, def.examples);
  if (def.epilogue) cmd.addHelpText('after', `\n${t(def.epilogue)}\n`);
  const { action, showsHelp } = def;
  if (action) {
    cmd.action(async (...params: unknown[]) => {
      // Commander passes the arguments, then the command's own options, then the command.
      const args = params.slice(0, -2);
      const options = cmd.optsWithGlobals();
      if (showsHelp?.(ctx, args, options)) cmd.help();
      const run = (await action()) as (
        ctx: Context,
        args: unknown[],
        options: Record<string, unknown>,
      ) => Promise<number>;
      ctx.exitCode = await run(ctx, args, options);
    });
  }
  for (const sub of def.commands) register(ctx, cmd, sub);
  return cmd;
}

const TAKES_VALUE = new Set(GLOBAL_OPTIONS.filter((o) => / [<[]/.test(o.flags)).map((o) => o.flags.split(' ')[0]!));

/** The top-level command a command line names (its first word that is no global option or option value). */
function namedCommand(argv: readonly string[]): CommandDefinition | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return undefined;
    if (TAKES_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return COMMANDS.find((c) => c.name === word);
  }
  return undefined;
}

/**
 * The program. Given a command line that names a command, only that command is built: start-up pays for one
 * command's options, not sixty.
 */
export function buildProgram(ctx: Context, argv?: readonly string[]): Command {
  const program = new DuchaCommand('ducha');
  program
    .helpOption('-h, --help', t('cli.option.help'))
    .configureHelp({ sortSubcommands: true, showGlobalOptions: true, helpWidth: 100 })
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: () => undefined,
    })
    .exitOverride()
    .description(t('cli.description'))
    .version(__DUCHA_VERSION__, '-V, --version', t('cli.option.version'));
  for (const o of GLOBAL_OPTIONS) program.addOption(toOption(o));
  program.helpCommand('help [command]', t('cli.help.command'));
  examples(program, [
    'ducha',
    'ducha inspection new --checklist qingshi-baogao --unit 某县委政法委 --unit-kind plac',
    'ducha run',
    'ducha lint checklists/',
    'ducha --lang en --help',
  ]);

  // A line that names a command builds that one alone (the others are never reached: commander dispatches by
  // name, and only the root lists its commands); any other line builds them all, for the root's help.
  const named = argv && namedCommand(argv);
  for (const def of COMMANDS) if (!named || def === named) register(ctx, program, def);

  // The root itself: no command opens the home menu in a terminal, help otherwise. Set last, so that
  // subcommands (which copy settings when created) keep refusing excess arguments.
  program.allowExcessArguments(true).action(async (options: GlobalOptions, cmd: Command) => {
    if (cmd.args.length > 0) {
      const names = program.commands.map((c) => c.name());
      const guess = closest(cmd.args[0]!, names);
      throw new UsageError(t('cli.usage.unknownCommand', { command: cmd.args[0]! }), {
        hint: guess ? t('cli.usage.didYouMean', { name: guess }) : t('cli.usage.hint'),
      });
    }
    if (!isInteractive(ctx.io)) {
      ctx.out(program.helpInformation());
      return;
    }
    const { homeCommand } = await import('./commands/home.js');
    ctx.exitCode = await homeCommand(ctx, options);
  });
  return program;
}
