// `ducha report`, `ducha template list|lint`, `ducha compare` and `ducha summary`: the documents made from the
// record, and the templates they are made with.
import { argument, command, group, option } from '../define.js';

const reports = () => import('../commands/report.js');
const review = () => import('../commands/review.js');
const hubRead = option('--hub [url]', 'cli.hub.readOption');
const force = option('--force', 'cli.output.force');

/** What `compare` and `summary` share: where the document goes and how it looks. */
const DOCUMENT = [
  option('-o, --output <file>', 'cli.review.output'),
  option('--format <format>', 'cli.review.format'),
  option('--template <file>', 'cli.report.template'),
  option('--office <name>', 'cli.report.office'),
  option('--date <date>', 'cli.report.date'),
  option('--reveal-identities', 'cli.review.reveal'),
  option('--title <text>', 'cli.docs.title'),
  option('--flavour <flavour>', 'cli.docs.flavour'),
  force,
  hubRead,
] as const;

export const report = command({
  name: 'report',
  description: 'cli.report.description',
  arguments: [argument('[inspection]', 'cli.arg.inspection')],
  options: [
    option('--kind <kind>', 'cli.report.kind', { required: true }),
    option('--format <format>', 'cli.report.format'),
    option('-o, --output <file>', 'cli.report.output', { required: true }),
    option('--reveal-identities', 'cli.report.reveal'),
    option('--template <file>', 'cli.report.template'),
    option('--office <name>', 'cli.report.office'),
    option('--date <date>', 'cli.report.date'),
    option('--doc-number <text>', 'cli.report.docNumber'),
    option('--marking <text>', 'cli.report.marking'),
    option('--draft', 'cli.report.draft'),
    option('--title <text>', 'cli.docs.title'),
    option('--paper <paper>', 'cli.docs.paper'),
    option('--flavour <flavour>', 'cli.docs.flavour'),
    option('--systems <n>', 'cli.docs.systems'),
    force,
    hubRead,
  ],
  examples: [
    'ducha report 7k3m9q --kind feedback --format docx -o 督查反馈意见.docx',
    'ducha report 7k3m9q --kind notice -o 整改通知书.md',
    'ducha report 7k3m9q --kind ledger --format xlsx -o 整改台账.xlsx',
    'ducha report 7k3m9q --kind ledger --paper a4 -o 整改台账.docx',
    'ducha report 7k3m9q --kind ledger --format csv -o 整改台账.csv --reveal-identities',
    'ducha report 7k3m9q --kind feedback --draft -o 督查反馈意见（征求意见稿）.docx',
    'ducha report 7k3m9q --kind progress --systems 3 -o 整改进展情况通报.docx',
    'ducha report 7k3m9q --kind feedback --title "关于某县委政法委|贯彻落实《条例》情况的督查反馈意见" -o 反馈意见.docx',
  ],
  action: () => reports().then((m) => m.reportCommand),
});

export const template = group({
  name: 'template',
  description: 'cli.template.description',
  examples: ['ducha template list', 'ducha template lint'],
  commands: [
    command({
      name: 'list',
      description: 'cli.template.list',
      examples: ['ducha template list'],
      action: () => reports().then((m) => m.templateList),
    }),
    command({
      name: 'lint',
      description: 'cli.template.lint',
      arguments: [argument('[files...]', 'cli.template.files')],
      options: [option('--kind <kind>', 'cli.template.kind')],
      examples: ['ducha template lint', 'ducha template lint ~/.local/share/ducha/templates/feedback.md'],
      action: () => reports().then((m) => m.templateLint),
    }),
  ],
});

export const compare = command({
  name: 'compare',
  description: 'cli.compare.description',
  arguments: [argument('<old>', 'cli.compare.old'), argument('<new>', 'cli.compare.new')],
  options: [...DOCUMENT, option('--allow-other-unit', 'cli.compare.allowOtherUnit')],
  examples: [
    'ducha compare 7k3m9q q2w8er',
    'ducha compare 7k3m9q q2w8er -o 回头看对比.docx',
    'ducha compare 7k3m9q q2w8er --json',
  ],
  action: () => review().then((m) => m.compareCommand),
});

export const summary = command({
  name: 'summary',
  description: 'cli.summary.description',
  arguments: [argument('[inspections...]', 'cli.summary.inspections')],
  options: [
    ...DOCUMENT,
    option('--since <date>', 'cli.summary.since'),
    option('--unit-kind <kind>', 'cli.summary.unitKind'),
    option('--region <text>', 'cli.summary.region'),
  ],
  examples: [
    'ducha summary',
    'ducha summary --since 2026-01-01 --unit-kind township -o 汇总.docx',
    'ducha summary 7k3m9q q2w8er --format xlsx -o 汇总.xlsx',
    'ducha summary --hub postgres://督查办@hub.example/ducha -o 全省汇总.docx',
  ],
  action: () => review().then((m) => m.summaryCommand),
});
