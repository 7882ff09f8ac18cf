// Registers every command (alphabetical), each with a description and examples; actions import their
// module only when run, so start-up stays near bare Node.
import { Command, Help, Option } from 'commander';
import { t, type MessageKey } from '../i18n/index.js';
import type { Context } from './context.js';
import { isInteractive } from './io.js';
import { displayWidth } from './table.js';
import { UsageError } from '../errors.js';
import { closest } from '../checklist/suggest.js';
import { registerCorrections } from './register-corrections.js';

export const collect = (value: string, previous: string[]) => [...previous, value];

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
  /** A command group run without a subcommand (`ducha checklist`) shows its help on stdout: that is no error. */
  override help(): never {
    return super.help({ error: false });
  }
}

export function examples(cmd: Command, lines: readonly string[]): Command {
  return cmd.addHelpText('after', `\n${t('cli.help.examples')}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

// Each action declares the options it reads; commander hands over whatever was parsed.
export type Action = (ctx: Context, args: unknown[], options: never) => Promise<number>;

/** Wire a command to a lazily imported action. */
export function act(ctx: Context, cmd: Command, load: () => Promise<Action>): Command {
  return cmd.action(async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const args = params.slice(0, -2);
    const action = await load();
    ctx.exitCode = await action(ctx, args, command.optsWithGlobals() as never);
  });
}

export const lazy = <K extends string>(load: () => Promise<Record<K, unknown>>, name: K) => async () => (await load())[name] as Action;

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
    .option('--actor <name>', t('cli.option.actor'))
    .helpCommand('help [command]', t('cli.help.command'));
  examples(program, ['ducha', 'ducha inspection new --checklist qingshi-baogao --unit 某县委政法委 --unit-kind plac', 'ducha run', 'ducha lint checklists/', 'ducha --lang en --help']);

  const commands = () => import('./commands/checklist.js');
  const checklist = program.command('checklist').description(t('cli.checklist.description'));
  examples(checklist, ['ducha checklist list', 'ducha checklist show qingshi-baogao --json']);
  examples(act(ctx, checklist.command('list').description(t('cli.checklist.list.description')), lazy(commands, 'listChecklists')), [
    'ducha checklist list',
    'ducha checklist list --checklists ./my-checklists --json',
  ]);
  examples(act(ctx, checklist.command('show').description(t('cli.checklist.show.description')).argument('<id>', t('cli.checklist.show.id')), lazy(commands, 'showChecklist')), [
    'ducha checklist show qingshi-baogao',
    'ducha checklist show qingshi-baogao --json',
  ]);
  const tables = () => import('./commands/checklist-table.js');
  examples(
    act(
      ctx,
      checklist
        .command('import')
        .description(t('cli.checklist.import.description'))
        .argument('<file>', t('cli.checklist.import.file'))
        .option('-o, --output <file>', t('cli.checklist.import.output'))
        .option('--mapping <file>', t('cli.checklist.import.mapping'))
        .option('--id <id>', t('cli.checklist.import.id'))
        .option('--force', t('cli.output.force')),
      lazy(tables, 'checklistImport'),
    ),
    ['ducha checklist import 请示报告督查清单.xlsx -o checklists/qingshi-baogao.yaml', 'ducha checklist import 督查清单.docx --id my-checklist', 'ducha checklist import 清单.xlsx --mapping 列名.yaml -o checklists/my-checklist.yaml'],
  );
  examples(
    act(
      ctx,
      checklist
        .command('export')
        .description(t('cli.checklist.export.description'))
        .argument('<id>', t('cli.checklist.show.id'))
        .requiredOption('-o, --output <file>', t('cli.checklist.export.output'))
        .option('--force', t('cli.output.force')),
      lazy(tables, 'checklistExport'),
    ),
    ['ducha checklist export qingshi-baogao -o 请示报告督查清单.xlsx', 'ducha checklist export my-checklist --checklists ./checklists -o 清单.xlsx --force'],
  );
  examples(
    act(
      ctx,
      checklist
        .command('new')
        .description(t('cli.checklist.new.description'))
        .argument('<id>', t('cli.checklist.new.id'))
        .option('-o, --output <file>', t('cli.checklist.new.output'))
        .option('--title <text>', t('cli.checklist.new.title'))
        .option('--force', t('cli.output.force')),
      lazy(tables, 'checklistNew'),
    ),
    ['ducha checklist new my-checklist', 'ducha checklist new xiangzhen-zhili --title 乡镇（街道）政法委员履职情况 -o checklists/xiangzhen-zhili.yaml'],
  );

  const config = () => import('./commands/config.js');
  const cfg = program.command('config').description(t('cli.config.description'));
  examples(cfg, ['ducha config set name 张三', 'ducha config list']);
  examples(act(ctx, cfg.command('set').description(t('cli.config.set')).argument('<key>').argument('<value>'), lazy(config, 'configSet')), ['ducha config set name 张三', 'ducha config set evidence.maxMB 200']);
  examples(act(ctx, cfg.command('get').description(t('cli.config.get')).argument('<key>'), lazy(config, 'configGet')), ['ducha config get name']);
  examples(act(ctx, cfg.command('unset').description(t('cli.config.unset')).argument('<key>'), lazy(config, 'configUnset')), ['ducha config unset evidence.maxMB']);
  examples(act(ctx, cfg.command('list').description(t('cli.config.list')), lazy(config, 'configList')), ['ducha config list', 'ducha config list --json']);

  const inspection = () => import('./commands/inspection.js');
  const insp = program.command('inspection').description(t('cli.inspection.description'));
  examples(insp, ['ducha inspection new', 'ducha inspection list', 'ducha inspection show 7k3m9q']);
  examples(
    act(
      ctx,
      insp
        .command('new')
        .description(t('cli.inspection.new'))
        .option('--checklist <id>', t('cli.inspection.checklist'), collect, [])
        .option('--unit <name>', t('cli.inspection.unit'))
        .option('--unit-kind <kind>', t('cli.inspection.unitKind'))
        .option('--region <text>', t('cli.inspection.region'))
        .option('--title <text>', t('cli.inspection.title'))
        .option('--team <names>', t('cli.inspection.team'))
        .option('--start <date>', t('cli.inspection.start'))
        .option('--suite <suite>', t('cli.option.suite')),
      lazy(inspection, 'inspectionNew'),
    ),
    [
      'ducha inspection new',
      'ducha inspection new --suite gm --checklist qingshi-baogao --unit 某县委政法委 --unit-kind plac',
      'ducha inspection new --checklist qingshi-baogao --checklist zhengfa-weiyuan --unit 某县委政法委 --unit-kind plac --region 某省某市某县 --team "张三,李四" --start 2026-11-20',
    ],
  );
  examples(act(ctx, insp.command('list').description(t('cli.inspection.list')), lazy(inspection, 'inspectionList')), ['ducha inspection list', 'ducha inspection list --json']);
  examples(act(ctx, insp.command('show').description(t('cli.inspection.show')).argument('[inspection]', t('cli.arg.inspection')), lazy(inspection, 'inspectionShow')), [
    'ducha inspection show 7k3m9q',
    'ducha inspection show --json',
  ]);
  examples(
    act(
      ctx,
      insp.command('upgrade').description(t('cli.inspection.upgrade')).argument('<inspection>', t('cli.arg.inspectionRequired')).requiredOption('--checklist <file>', t('cli.inspection.upgradeFile')),
      lazy(inspection, 'inspectionUpgrade'),
    ),
    ['ducha inspection upgrade 7k3m9q --checklist checklists/qingshi-baogao.yaml'],
  );

  const record = () => import('./commands/record.js');
  const lead = () => import('./commands/lead.js');
  const recordCmd = examples(
    act(
      ctx,
      program
        .command('record')
        .description(t('cli.record.description'))
        .usage(t('cli.record.usage'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .argument('[item]', t('cli.arg.item'))
        // Not requiredOption: commander would demand them of the subcommands too (record list, amend, withdraw); recordCommand checks them.
        .option('--method <method>', t('cli.record.method'))
        .option('--note <text>', t('cli.record.note'))
        .option('--subject <text>', t('cli.record.subject'))
        .option('--interviewee <name>', t('cli.record.interviewee'))
        .option('--evidence <file>', t('cli.record.evidence'), collect, []),
      // `ducha record` alone is the group (record list|amend|withdraw) asked for help, not a record missing its flags.
      async () => {
        const recordCommand = await lazy(record, 'recordCommand')();
        return async (c, args, options: { method?: string; note?: string }) => {
          if (!c.json && args.every((a) => a === undefined) && options.method === undefined && options.note === undefined) program.commands.find((x) => x.name() === 'record')!.help();
          return recordCommand(c, args, options as never);
        };
      },
    ),
    [
      'ducha record QS-01 --method 查 --subject 请示报告登记簿 --note "登记 12 件，抽查 5 件均一文一事"',
      'ducha record 7k3m9q QS-01 --method check --subject 请示报告登记簿 --note "2026 年登记 12 件，抽查 5 件均一文一事" --evidence 登记簿.jpg',
      'ducha record 7k3m9q QS-03 --method talk --subject 办公室主任 --interviewee 王某某 --note "……"',
    ],
  );
  examples(
    act(
      ctx,
      recordCmd
        .command('list')
        .description(t('cli.record.list'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .option('--item <item>', t('cli.record.listItem'))
        .option('--by <name>', t('cli.record.by'))
        .option('--reveal-identities', t('cli.record.reveal')),
      lazy(lead, 'recordList'),
    ),
    ['ducha record list', 'ducha record list 7k3m9q --item QS-01', 'ducha record list 7k3m9q --by 李四 --json'],
  );
  examples(
    act(
      ctx,
      program
        .command('conclude')
        .description(t('cli.conclude.description'))
        .usage(t('cli.record.usage'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .argument('[item]', t('cli.arg.item'))
        .requiredOption('--result <result>', t('cli.conclude.result'))
        .option('--note <text>', t('cli.conclude.note'))
        .option('--good-practice', t('cli.conclude.goodPractice'))
        .option('--reason <text>', t('cli.conclude.reason')),
      lazy(record, 'concludeCommand'),
    ),
    ['ducha conclude 7k3m9q QS-01 --result compliant --good-practice --note "建立了请示报告事项清单"', 'ducha conclude QS-02 --result 基本符合 --note "……"'],
  );
  examples(
    act(
      ctx,
      program
        .command('import-records')
        .description(t('cli.importRecords.description'))
        .argument('<inspection>', t('cli.arg.inspectionRequired'))
        .argument('<file>', t('cli.importRecords.file'))
        .option('--skip-bad', t('cli.importRecords.skipBad'))
        .option('--allow-outside-evidence', t('cli.importRecords.allowOutside')),
      async () => (await import('./commands/import-records.js')).importRecordsCommand as Action,
    ),
    ['ducha import-records 7k3m9q 谈话记录.csv', 'ducha import-records 7k3m9q records.yaml --skip-bad'],
  );

  const evidence = program.command('evidence').description(t('cli.evidence.description'));
  examples(evidence, ['ducha evidence list', 'ducha evidence get 3fa2c1 -o 登记簿.jpg']);
  examples(act(ctx, evidence.command('list').description(t('cli.evidence.list')).argument('[inspection]', t('cli.arg.inspection')), lazy(lead, 'evidenceList')), [
    'ducha evidence list',
    'ducha evidence list 7k3m9q --json',
  ]);
  examples(
    act(
      ctx,
      evidence.command('get').description(t('cli.evidence.get')).argument('<hash>', t('cli.evidence.hash')).option('-o, --output <file>', t('cli.evidence.output')).option('--force', t('cli.evidence.force')),
      async () => (await import('./commands/evidence.js')).evidenceGet as Action,
    ),
    ['ducha evidence get 3fa2c1 -o 登记簿.jpg', 'ducha evidence get 3fa2c1'],
  );

  const problem = () => import('./commands/problem.js');
  const prob = program.command('problem').description(t('cli.problem.description'));
  examples(prob, ['ducha problem propose 7k3m9q', 'ducha problem list 7k3m9q', 'ducha problem edit k2m9qa --unit 县委政法委办公室 --deadline 2027-01-31']);
  const fieldOptions = (cmd: Command) =>
    cmd
      .option('--description <text>', t('cli.problem.descriptionOption'))
      .option('--item <item>', t('cli.problem.item'), collect, [])
      .option('--method <method>', t('cli.problem.method'), collect, [])
      .option('--severity <level>', t('cli.problem.severity'))
      .option('--rectification <text>', t('cli.problem.rectification'))
      .option('--type <type>', t('cli.problem.type'))
      .option('--unit <name>', t('cli.problem.unit'))
      .option('--leader <name>', t('cli.problem.leader'))
      .option('--person <name>', t('cli.problem.person'))
      .option('--deadline <date>', t('cli.problem.deadline'))
      .option('--measures <text>', t('cli.problem.measures'));
  examples(
    act(
      ctx,
      prob
        .command('list')
        .description(t('cli.problem.list'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .option('--overdue', t('cli.problem.overdue'))
        .option('--due-within <days>', t('cli.problem.dueWithin'))
        .option('--status <status>', t('cli.problem.status'))
        .option('--hub [url]', t('cli.hub.readOption')),
      lazy(problem, 'problemList'),
    ),
    ['ducha problem list 7k3m9q', 'ducha problem list --overdue', 'ducha problem list 7k3m9q --due-within 7d --json', 'ducha problem list --overdue --hub "$DUCHA_HUB"'],
  );
  examples(act(ctx, prob.command('show').description(t('cli.problem.show')).argument('<problem>', t('cli.arg.problem')), lazy(problem, 'problemShow')), ['ducha problem show k2m9qa']);
  examples(
    act(ctx, prob.command('propose').description(t('cli.problem.propose')).argument('[inspection]', t('cli.arg.inspection')).option('--dry-run', t('cli.problem.dryRun')), lazy(problem, 'problemPropose')),
    ['ducha problem propose 7k3m9q --dry-run', 'ducha problem propose 7k3m9q'],
  );
  examples(act(ctx, fieldOptions(prob.command('add').description(t('cli.problem.add')).argument('<inspection>', t('cli.arg.inspectionRequired'))), lazy(problem, 'problemAdd')), [
    'ducha problem add 7k3m9q --item QS-05 --description "重大事项未事前请示" --method talk --severity high --type deadline --deadline 2027-01-31',
  ]);
  examples(
    act(ctx, fieldOptions(prob.command('edit').description(t('cli.problem.edit')).argument('<problem>', t('cli.arg.problem'))).option('--remove-item <item>', t('cli.problem.removeItem'), collect, []), lazy(problem, 'problemEdit')),
    ['ducha problem edit k2m9qa --unit 县委政法委办公室 --leader 李某 --person 王某 --deadline 2027-01-31', 'ducha problem edit k2m9qa --item QS-06 --type immediate'],
  );
  examples(act(ctx, prob.command('merge').description(t('cli.problem.merge')).argument('<problems...>', t('cli.problem.mergeArgs')), lazy(problem, 'problemMerge')), ['ducha problem merge k2m9qa p7d3xz']);
  examples(act(ctx, prob.command('follow').description(t('cli.problem.follow')).argument('<problem>', t('cli.arg.problem')).option('--keep', t('cli.problem.keep')), lazy(problem, 'problemFollow')), [
    'ducha problem follow k2m9qa',
    'ducha problem follow k2m9qa --keep',
  ]);

  const lifecycle = () => import('./commands/rectify.js');
  examples(
    act(
      ctx,
      program
        .command('rectify')
        .description(t('cli.rectify.description'))
        .argument('<problem>', t('cli.arg.problem'))
        .requiredOption('--status <status>', t('cli.rectify.status'))
        .option('--note <text>', t('cli.rectify.note'))
        .option('--reason <text>', t('cli.rectify.reason'))
        .option('--evidence <file>', t('cli.record.evidence'), collect, []),
      lazy(lifecycle, 'rectifyCommand'),
    ),
    [
      'ducha rectify k2m9qa --status rectifying --note "已修订请示报告事项清单，待党委会审议"',
      'ducha rectify k2m9qa --status closure-requested --note "清单已印发执行" --evidence 印发通知.pdf',
      'ducha rectify k2m9qa --status returned --note "佐证材料不能证明整改实效，请补充执行情况"',
      'ducha rectify k2m9qa --status reopened --reason "回头看发现问题反弹"',
    ],
  );
  examples(
    act(
      ctx,
      program
        .command('close')
        .description(t('cli.close.description'))
        .argument('<problem>', t('cli.arg.problem'))
        .option('--note <text>', t('cli.close.note'))
        .option('--evidence <file>', t('cli.record.evidence'), collect, [])
        .option('--allow-self-close', t('cli.close.allowSelf'))
        .option('--reason <text>', t('cli.close.reason')),
      lazy(lifecycle, 'closeCommand'),
    ),
    ['ducha close k2m9qa --note "经核实整改到位，同意销号"', 'ducha close k2m9qa --allow-self-close --reason "督查组仅一人在岗，已报组长同意"'],
  );

  const review = () => import('./commands/review.js');
  const output = (cmd: Command) =>
    cmd
      .option('-o, --output <file>', t('cli.review.output'))
      .option('--format <format>', t('cli.review.format'))
      .option('--template <file>', t('cli.report.template'))
      .option('--office <name>', t('cli.report.office'))
      .option('--date <date>', t('cli.report.date'))
      .option('--reveal-identities', t('cli.review.reveal'))
      .option('--title <text>', t('cli.docs.title'))
      .option('--flavour <flavour>', t('cli.docs.flavour'))
      .option('--force', t('cli.output.force'))
      .option('--hub [url]', t('cli.hub.readOption'));
  examples(
    act(
      ctx,
      output(program.command('compare').description(t('cli.compare.description')).argument('<old>', t('cli.compare.old')).argument('<new>', t('cli.compare.new'))).option(
        '--allow-other-unit',
        t('cli.compare.allowOtherUnit'),
      ),
      lazy(review, 'compareCommand'),
    ),
    ['ducha compare 7k3m9q q2w8er', 'ducha compare 7k3m9q q2w8er -o 回头看对比.docx', 'ducha compare 7k3m9q q2w8er --json'],
  );
  examples(
    act(
      ctx,
      output(program.command('summary').description(t('cli.summary.description')).argument('[inspections...]', t('cli.summary.inspections')))
        .option('--since <date>', t('cli.summary.since'))
        .option('--unit-kind <kind>', t('cli.summary.unitKind'))
        .option('--region <text>', t('cli.summary.region')),
      lazy(review, 'summaryCommand'),
    ),
    ['ducha summary', 'ducha summary --since 2026-01-01 --unit-kind township -o 汇总.docx', 'ducha summary 7k3m9q q2w8er --format xlsx -o 汇总.xlsx', 'ducha summary --hub postgres://督查办@hub.example/ducha -o 全省汇总.docx'],
  );

  const team = () => import('./commands/team.js');
  examples(
    act(ctx, program.command('export').description(t('cli.export.description')).argument('[inspections...]', t('cli.export.inspections')).requiredOption('-o, --output <file>', t('cli.export.output')).option('--force', t('cli.output.force')), lazy(team, 'exportCommand')),
    ['ducha export -o 张三-2026-11-27.ducha', 'ducha export 7k3m9q q2w8er -o 张三-2026-11-27.ducha'],
  );
  examples(
    act(
      ctx,
      program
        .command('import')
        .description(t('cli.import.description'))
        .argument('<file>', t('cli.import.file'))
        .option('--dry-run', t('cli.import.dryRun'))
        .option('--trust', t('cli.import.trust'))
        .option('--name <name>', t('cli.import.name')),
      lazy(team, 'importCommand'),
    ),
    ['ducha import 李四-2026-11-27.ducha --dry-run', 'ducha import 李四-2026-11-27.ducha'],
  );
  const teamCmd = program.command('team').description(t('cli.team.description'));
  examples(teamCmd, ['ducha team key', 'ducha team trust 李四.key --name 李四', 'ducha team list', 'ducha team history']);
  teamCmd.addHelpText('after', `\n${t('cli.team.flow')}\n`);
  examples(act(ctx, teamCmd.command('key').description(t('cli.team.key')).option('--suite <suite>', t('cli.option.suite')), lazy(team, 'teamKey')), ['ducha team key > 张三.key', 'ducha team key --suite gm']);
  examples(
    act(ctx, teamCmd.command('trust').description(t('cli.team.trust')).argument('<key>', t('cli.team.keyArg')).requiredOption('--name <name>', t('cli.team.name')), lazy(team, 'teamTrust')),
    ['ducha team trust 李四.key --name 李四', 'ducha team trust 李四-2026-11-27.ducha --name 李四'],
  );
  examples(act(ctx, teamCmd.command('list').description(t('cli.team.list')), lazy(team, 'teamList')), ['ducha team list']);
  examples(act(ctx, teamCmd.command('history').description(t('cli.team.history')).argument('[inspection]', t('cli.arg.inspection')), lazy(lead, 'teamHistory')), [
    'ducha team history',
    'ducha team history 7k3m9q --json',
  ]);
  const conflictCommands = () => import('./commands/conflicts.js');
  const conflicts = program.command('conflicts').description(t('cli.conflicts.description'));
  examples(conflicts, ['ducha conflicts list', 'ducha conflicts list --all', 'ducha conflicts resolve 3fa2c1d0 --take 2']);
  examples(
    act(ctx, conflicts.command('list').description(t('cli.conflicts.list')).argument('[inspection]', t('cli.arg.inspection')).option('--all', t('cli.conflicts.all')), lazy(conflictCommands, 'conflictsList')),
    ['ducha conflicts list', 'ducha conflicts list --all', 'ducha conflicts list 7k3m9q --json'],
  );
  examples(
    act(ctx, conflicts.command('resolve').description(t('cli.conflicts.resolve')).argument('[id]', t('cli.conflicts.id')).option('--take <value>', t('cli.conflicts.take')), lazy(conflictCommands, 'conflictsResolve')),
    ['ducha conflicts resolve 3fa2c1d0 --take 2', 'ducha conflicts resolve 3fa2c1d0 --take 不符合', 'ducha conflicts resolve'],
  );

  const hubCommands = () => import('./commands/hub.js');
  const hub = program.command('hub').description(t('cli.hub.description'));
  examples(hub, ['ducha hub init postgres://postgres@hub.example/ducha', 'ducha hub trust 张三.key --name 张三', 'ducha hub accept', 'ducha hub import 张三-2026-11-27.ducha']);
  hub.addHelpText('after', `\n${t('cli.hub.flow')}\n`);
  examples(
    act(ctx, hub.command('init').description(t('cli.hub.init')).argument('<url>', t('cli.hub.url')).option('--roles <prefix>', t('cli.hub.roles')), lazy(hubCommands, 'hubInit')),
    ['ducha hub init "postgres://postgres@hub.example/ducha?sslmode=verify-full&sslrootcert=ca.crt"', 'ducha hub init postgres://postgres@localhost/ducha --roles shengji'],
  );
  examples(
    act(ctx, hub.command('trust').description(t('cli.hub.trust')).argument('<key>', t('cli.team.keyArg')).requiredOption('--name <name>', t('cli.team.name')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'hubTrust')),
    ['ducha hub trust 张三.key --name 张三', 'ducha hub trust "ducha-key d3f9a1b2c4e5 MCow…" --name 第一督查组'],
  );
  examples(act(ctx, hub.command('list').description(t('cli.hub.list')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'hubList')), ['ducha hub list']);
  examples(act(ctx, hub.command('accept').description(t('cli.hub.accept')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'hubAccept')), ['ducha hub accept', 'ducha hub accept --json']);
  examples(act(ctx, hub.command('verify').description(t('cli.hub.verify')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'hubVerify')), ['ducha hub verify', 'ducha hub verify --json']);
  examples(act(ctx, hub.command('import').description(t('cli.hub.import')).argument('<file>', t('cli.import.file')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'hubImport')), [
    'ducha hub import 张三-2026-11-27.ducha',
  ]);
  examples(
    act(ctx, program.command('push').description(t('cli.push.description')).option('--hub <url>', t('cli.hub.option')).option('--batch <events>', t('cli.push.batch')), lazy(hubCommands, 'pushCommand')),
    ['ducha push', 'ducha push --hub "postgres://zhangsan@hub.example/ducha?sslmode=verify-full&sslrootcert=ca.crt"', 'ducha config set hub.url postgres://zhangsan@hub.example/ducha'],
  );
  examples(act(ctx, program.command('pull').description(t('cli.pull.description')).option('--hub <url>', t('cli.hub.option')), lazy(hubCommands, 'pullCommand')), ['ducha pull', 'ducha pull --json']);

  const report = () => import('./commands/report.js');
  examples(
    act(
      ctx,
      program
        .command('report')
        .description(t('cli.report.description'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .requiredOption('--kind <kind>', t('cli.report.kind'))
        .option('--format <format>', t('cli.report.format'))
        .requiredOption('-o, --output <file>', t('cli.report.output'))
        .option('--reveal-identities', t('cli.report.reveal'))
        .option('--template <file>', t('cli.report.template'))
        .option('--office <name>', t('cli.report.office'))
        .option('--date <date>', t('cli.report.date'))
        .option('--doc-number <text>', t('cli.report.docNumber'))
        .option('--marking <text>', t('cli.report.marking'))
        .option('--draft', t('cli.report.draft'))
        .option('--title <text>', t('cli.docs.title'))
        .option('--paper <paper>', t('cli.docs.paper'))
        .option('--flavour <flavour>', t('cli.docs.flavour'))
        .option('--systems <n>', t('cli.docs.systems'))
        .option('--force', t('cli.output.force'))
        .option('--hub [url]', t('cli.hub.readOption')),
      lazy(report, 'reportCommand'),
    ),
    [
      'ducha report 7k3m9q --kind feedback --format docx -o 督查反馈意见.docx',
      'ducha report 7k3m9q --kind notice -o 整改通知书.md',
      'ducha report 7k3m9q --kind ledger --format xlsx -o 整改台账.xlsx',
      'ducha report 7k3m9q --kind ledger --paper a4 -o 整改台账.docx',
      'ducha report 7k3m9q --kind ledger --format csv -o 整改台账.csv --reveal-identities',
      'ducha report 7k3m9q --kind feedback --draft -o 督查反馈意见（征求意见稿）.docx',
      'ducha report 7k3m9q --kind progress --systems 3 -o 整改进展情况通报.docx',
      'ducha report 7k3m9q --kind feedback --title "关于某县委政法委|贯彻落实《条例》情况的督查反馈意见" -o 反馈意见.docx',
    ],
  );
  const tpl = program.command('template').description(t('cli.template.description'));
  examples(tpl, ['ducha template list', 'ducha template lint']);
  examples(act(ctx, tpl.command('list').description(t('cli.template.list')), lazy(report, 'templateList')), ['ducha template list']);
  examples(act(ctx, tpl.command('lint').description(t('cli.template.lint')).argument('[files...]', t('cli.template.files')).option('--kind <kind>', t('cli.template.kind')), lazy(report, 'templateLint')), [
    'ducha template lint',
    'ducha template lint ~/.local/share/ducha/templates/feedback.md',
  ]);

  examples(
    act(
      ctx,
      program
        .command('run')
        .description(t('cli.run.description'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .option('--section <id>', t('cli.run.section'))
        .option('--method <method>', t('cli.run.method'))
        .option('--open', t('cli.run.open')),
      async () => (await import('./commands/run.js')).runCommand as Action,
    ),
    ['ducha run', 'ducha run 7k3m9q --method check', 'ducha run 7k3m9q --open --section A'],
  );

  examples(
    act(
      ctx,
      program
        .command('lint')
        .description(t('cli.lint.description'))
        .argument('[paths...]', t('cli.lint.paths'))
        .option('--format <format>', t('cli.lint.format'), 'stylish')
        .option('--max-warnings <n>', t('cli.lint.maxWarnings'))
        .option('--max-problems <n>', t('cli.lint.maxProblems')),
      async () => (await import('./commands/lint.js')).lintCommand as Action,
    ),
    ['ducha lint checklists/', 'ducha lint "checklists/**/*.yaml" --format github', 'ducha lint my.yaml --format junit > lint.xml', 'ducha lint --max-warnings 0'],
  );

  examples(act(ctx, program.command('schema').description(t('cli.schema.description')), async () => (await import('./commands/schema.js')).schemaCommand as Action), [
    'ducha schema > checklist.schema.json',
  ]);

  const verify = () => import('./commands/verify.js');
  examples(act(ctx, program.command('verify').description(t('cli.verify.description')).option('--against <file>', t('cli.verify.against')), lazy(verify, 'verifyCommand')), [
    'ducha verify',
    'ducha verify --db team.db --json',
    'ducha verify --against 李四-2026-11-27.ducha',
    'ducha verify --db 李四.db --against 组长.db',
  ]);
  examples(
    act(ctx, program.command('backup').description(t('cli.backup.description')).argument('<file>', t('cli.backup.file')).option('--force', t('cli.backup.force')), lazy(verify, 'backupCommand')),
    ['ducha backup /media/usb/ducha-2026-11-27.db'],
  );

  registerCorrections(ctx, program);

  // The root itself: no command opens the home menu in a terminal, help otherwise. Set last, so that
  // subcommands (which copy settings when created) keep refusing excess arguments.
  program.allowExcessArguments(true).action(async (options: GlobalOptions, cmd: Command) => {
    if (cmd.args.length > 0) {
      const names = program.commands.map((c) => c.name());
      const guess = closest(cmd.args[0]!, names);
      throw new UsageError(t('cli.usage.unknownCommand', { command: cmd.args[0]! }), { hint: guess ? t('cli.usage.didYouMean', { name: guess }) : t('cli.usage.hint') });
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
