// Registers every command (alphabetical), each with a description and examples; actions import their
// module only when run, so start-up stays near bare Node.
import { Command, Help, Option } from 'commander';
import { t, type MessageKey } from '../i18n/index.js';
import type { Context } from './context.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export interface GlobalOptions {
  db?: string;
  lang?: string;
  json?: boolean;
  checklists: string[];
  actor?: string;
}

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
  override optionDescription(option: Option): string {
    return super
      .optionDescription(option)
      .replace(/ ?\(default: \[\]\)$/, '')
      .replace(/ ?\(choices: ([^)]*)\)/, (_, list: string) => t('cli.help.choices', { list: list.replace(/"/g, '') }))
      .replace(/ ?\(default: ([^)]*)\)/, (_, value: string) => t('cli.help.default', { value: value.replace(/"/g, '') }));
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
}

function examples(cmd: Command, lines: readonly string[]): Command {
  return cmd.addHelpText('after', `\n${t('cli.help.examples')}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

// Each action declares the options it reads; commander hands over whatever was parsed.
type Action = (ctx: Context, args: unknown[], options: never) => Promise<number>;

/** Wire a command to a lazily imported action. */
function act(ctx: Context, cmd: Command, load: () => Promise<Action>): Command {
  return cmd.action(async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const args = params.slice(0, -2);
    const action = await load();
    ctx.exitCode = await action(ctx, args, command.optsWithGlobals() as never);
  });
}

export function buildProgram(ctx: Context): Command {
  const program = new DuchaCommand('ducha');
  program
    .helpOption('-h, --help', t('cli.option.help'))
    .configureHelp({ sortSubcommands: true, showGlobalOptions: true, helpWidth: 100 })
    .configureOutput({ writeOut: (s) => ctx.io.stdout.write(s), writeErr: (s) => ctx.io.stderr.write(s), outputError: () => undefined })
    .exitOverride()
    .description(t('cli.description'))
    .version(__DUCHA_VERSION__, '-V, --version', t('cli.option.version'))
    .option('--db <path>', t('cli.option.db'))
    .addOption(new Option('--lang <lang>', t('cli.option.lang')).choices(['zh', 'en']))
    .option('--json', t('cli.option.json'))
    .option('--checklists <dir>', t('cli.option.checklists'), collect, [])
    .helpCommand('help [command]', t('cli.help.command'));
  examples(program, ['ducha lint checklists/', 'ducha checklist list', 'ducha --lang en --help']);

  const checklist = program.command('checklist').description(t('cli.checklist.description'));
  examples(checklist, ['ducha checklist list', 'ducha checklist show qingshi-baogao --json']);
  examples(act(ctx, checklist.command('list').description(t('cli.checklist.list.description')), async () => (await import('./commands/checklist.js')).listChecklists), [
    'ducha checklist list',
    'ducha checklist list --checklists ./my-checklists --json',
  ]);
  examples(
    act(ctx, checklist.command('show').description(t('cli.checklist.show.description')).argument('<id>', t('cli.checklist.show.id')), async () => (await import('./commands/checklist.js')).showChecklist),
    ['ducha checklist show qingshi-baogao', 'ducha checklist show qingshi-baogao --json'],
  );

  examples(
    act(
      ctx,
      program
        .command('lint')
        .description(t('cli.lint.description'))
        .argument('[paths...]', t('cli.lint.paths'))
        .option('--format <format>', t('cli.lint.format'), 'stylish')
        .option('--max-warnings <n>', t('cli.lint.maxWarnings')),
      async () => (await import('./commands/lint.js')).lintCommand,
    ),
    ['ducha lint checklists/', 'ducha lint "checklists/**/*.yaml" --format github', 'ducha lint my.yaml --format junit > lint.xml', 'ducha lint --max-warnings 0'],
  );

  examples(act(ctx, program.command('schema').description(t('cli.schema.description')), async () => (await import('./commands/schema.js')).schemaCommand), [
    'ducha schema > checklist.schema.json',
  ]);
  return program;
}
