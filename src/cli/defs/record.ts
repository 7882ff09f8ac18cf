// `ducha record` (and `record list|amend|withdraw`), `ducha conclude`, `ducha conclusion amend|withdraw` and
// `ducha import-records`: 听查谈访 records and conclusions without prompts, and their corrections.
import { argument, command, group, option, type OptionsOf } from '../define.js';

const records = () => import('../commands/record.js');
const lead = () => import('../commands/lead.js');
const corrections = () => import('../commands/corrections.js');
const reason = option('--reason <text>', 'cli.corrections.reason', { required: true });
const recordFields = [
  option('--method <method>', 'cli.record.method'),
  option('--note <text>', 'cli.record.note'),
  option('--subject <text>', 'cli.record.subject'),
  option('--interviewee <name>', 'cli.record.interviewee'),
] as const;
/** What a record says (method, note, subject, interviewee), as `record` takes it and `record amend` changes it. */
export type RecordFieldOptions = OptionsOf<typeof recordFields>;
const inspectionAndItem = [argument('[inspection]', 'cli.arg.inspection'), argument('[item]', 'cli.arg.item')] as const;

export const record = command({
  name: 'record',
  description: 'cli.record.description',
  usage: 'cli.record.usage',
  arguments: inspectionAndItem,
  // Not required options: commander would demand them of the subcommands too (record list, amend, withdraw); recordCommand checks them.
  options: [...recordFields, option('--evidence <file>', 'cli.record.evidence', { repeatable: true })],
  examples: [
    'ducha record QS-01 --method 查 --subject 请示报告登记簿 --note "登记 12 件，抽查 5 件均一文一事"',
    'ducha record 7k3m9q QS-01 --method check --subject 请示报告登记簿 --note "2026 年登记 12 件，抽查 5 件均一文一事" --evidence 登记簿.jpg',
    'ducha record 7k3m9q QS-03 --method talk --subject 办公室主任 --interviewee 王某某 --note "……"',
  ],
  // `ducha record` alone is the group (record list|amend|withdraw) asked for help, not a record missing its flags.
  showsHelp: (ctx, args, options) =>
    !ctx.json && args.every((a) => a === undefined) && options.method === undefined && options.note === undefined,
  action: () => records().then((m) => m.recordCommand),
  commands: [
    command({
      name: 'list',
      description: 'cli.record.list',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      options: [
        option('--item <item>', 'cli.record.listItem'),
        option('--by <name>', 'cli.record.by'),
        option('--reveal-identities', 'cli.record.reveal'),
      ],
      examples: [
        'ducha record list',
        'ducha record list 7k3m9q --item QS-01',
        'ducha record list 7k3m9q --by 李四 --json',
      ],
      action: () => lead().then((m) => m.recordList),
    }),
    command({
      name: 'amend',
      description: 'cli.recordAmend.description',
      arguments: [argument('<record>', 'cli.arg.record')],
      options: [reason, ...recordFields],
      examples: [
        'ducha record amend 1m8s1w5e81yc --method talk --reason "录入时把谈话误选为听取汇报"',
        'ducha record amend 1m8s1w5e81yc --note "抽查 5 件，1 件一文多事" --reason "笔误"',
      ],
      action: () => corrections().then((m) => m.recordAmend),
    }),
    command({
      name: 'withdraw',
      description: 'cli.recordWithdraw.description',
      arguments: [argument('<record>', 'cli.arg.record')],
      options: [reason],
      examples: ['ducha record withdraw 1m8s1w5e81yc --reason "重复录入"'],
      action: () => corrections().then((m) => m.recordWithdraw),
    }),
  ],
});

export const conclude = command({
  name: 'conclude',
  description: 'cli.conclude.description',
  usage: 'cli.record.usage',
  arguments: inspectionAndItem,
  options: [
    option('--result <result>', 'cli.conclude.result', { required: true }),
    option('--note <text>', 'cli.conclude.note'),
    option('--good-practice', 'cli.conclude.goodPractice'),
    option('--reason <text>', 'cli.conclude.reason'),
  ],
  examples: [
    'ducha conclude 7k3m9q QS-01 --result compliant --good-practice --note "建立了请示报告事项清单"',
    'ducha conclude QS-02 --result 基本符合 --note "……"',
  ],
  action: () => records().then((m) => m.concludeCommand),
});

const inspectionItem = [argument('<inspection>', 'cli.arg.inspection'), argument('<item>', 'cli.arg.item')] as const;

export const conclusion = group({
  name: 'conclusion',
  description: 'cli.conclusion.description',
  examples: [
    'ducha conclusion amend 7k3m9q QS-02 --result partial --reason "补充谈话后认定为基本符合"',
    'ducha conclusion withdraw 7k3m9q QS-02 --reason "结论下早了，待补查"',
  ],
  commands: [
    command({
      name: 'amend',
      description: 'cli.conclusionAmend.description',
      arguments: inspectionItem,
      options: [
        reason,
        option('--result <result>', 'cli.conclude.result'),
        option('--note <text>', 'cli.conclude.note'),
        option('--good-practice', 'cli.conclude.goodPractice'),
        option('--no-good-practice', 'cli.conclusionAmend.noGoodPractice'),
      ],
      examples: [
        'ducha conclusion amend 7k3m9q QS-02 --result partial --note "……" --reason "补充谈话后认定为基本符合"',
        'ducha conclusion amend 7k3m9q QS-01 --no-good-practice --reason "经验不具推广价值"',
      ],
      action: () => corrections().then((m) => m.conclusionAmend),
    }),
    command({
      name: 'withdraw',
      description: 'cli.conclusionWithdraw.description',
      arguments: inspectionItem,
      options: [reason],
      examples: ['ducha conclusion withdraw 7k3m9q QS-02 --reason "结论下早了，待补查"'],
      action: () => corrections().then((m) => m.conclusionWithdraw),
    }),
  ],
});

export const importRecords = command({
  name: 'import-records',
  description: 'cli.importRecords.description',
  usage: 'cli.importRecords.usage',
  // `import-records FILE` takes the most recent inspection, as record and run do.
  arguments: [argument('<inspection>', 'cli.arg.inspection'), argument('[file]', 'cli.importRecords.file')],
  options: [
    option('--skip-bad', 'cli.importRecords.skipBad'),
    option('--allow-outside-evidence', 'cli.importRecords.allowOutside'),
  ],
  examples: ['ducha import-records 谈话记录.csv', 'ducha import-records 7k3m9q records.yaml --skip-bad'],
  action: () => import('../commands/import-records.js').then((m) => m.importRecordsCommand),
});
