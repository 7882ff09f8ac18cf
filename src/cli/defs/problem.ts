// `ducha problem list|show|propose|add|edit|merge|follow`, `ducha rectify` and `ducha close`: the problem
// list of an inspection, and each problem's way to closure (销号).
import { argument, command, group, option } from '../define.js';

const problems = () => import('../commands/problem.js');
const lifecycle = () => import('../commands/rectify.js');
const problemArgument = argument('<problem>', 'cli.arg.problem');
const evidenceOption = option('--evidence <file>', 'cli.record.evidence', { repeatable: true });

/** What `problem add` sets and `problem edit` changes. */
const FIELDS = [
  option('--description <text>', 'cli.problem.descriptionOption'),
  option('--item <item>', 'cli.problem.item', { repeatable: true }),
  option('--method <method>', 'cli.problem.method', { repeatable: true }),
  option('--severity <level>', 'cli.problem.severity'),
  option('--rectification <text>', 'cli.problem.rectification'),
  option('--type <type>', 'cli.problem.type'),
  option('--unit <name>', 'cli.problem.unit'),
  option('--leader <name>', 'cli.problem.leader'),
  option('--person <name>', 'cli.problem.person'),
  option('--deadline <date>', 'cli.problem.deadline'),
  option('--measures <text>', 'cli.problem.measures'),
] as const;

export const problem = group({
  name: 'problem',
  description: 'cli.problem.description',
  examples: [
    'ducha problem propose 7k3m9q',
    'ducha problem list 7k3m9q',
    'ducha problem edit k2m9qa --unit 县委政法委办公室 --deadline 2027-01-31',
  ],
  commands: [
    command({
      name: 'list',
      description: 'cli.problem.list',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      options: [
        option('--overdue', 'cli.problem.overdue'),
        option('--due-within <days>', 'cli.problem.dueWithin'),
        option('--status <status>', 'cli.problem.status'),
        option('--hub [url]', 'cli.hub.readOption'),
      ],
      examples: [
        'ducha problem list 7k3m9q',
        'ducha problem list --overdue',
        'ducha problem list 7k3m9q --due-within 7d --json',
        'ducha problem list --overdue --hub "$DUCHA_HUB"',
      ],
      action: () => problems().then((m) => m.problemList),
    }),
    command({
      name: 'show',
      description: 'cli.problem.show',
      arguments: [problemArgument],
      examples: ['ducha problem show k2m9qa'],
      action: () => problems().then((m) => m.problemShow),
    }),
    command({
      name: 'propose',
      description: 'cli.problem.propose',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      options: [option('--dry-run', 'cli.problem.dryRun')],
      examples: ['ducha problem propose 7k3m9q --dry-run', 'ducha problem propose 7k3m9q'],
      action: () => problems().then((m) => m.problemPropose),
    }),
    command({
      name: 'add',
      description: 'cli.problem.add',
      arguments: [argument('<inspection>', 'cli.arg.inspectionRequired')],
      options: FIELDS,
      examples: [
        'ducha problem add 7k3m9q --item QS-05 --description "重大事项未事前请示" --method talk --severity high --type deadline --deadline 2027-01-31',
      ],
      action: () => problems().then((m) => m.problemAdd),
    }),
    command({
      name: 'edit',
      description: 'cli.problem.edit',
      arguments: [problemArgument],
      options: [...FIELDS, option('--remove-item <item>', 'cli.problem.removeItem', { repeatable: true })],
      examples: [
        'ducha problem edit k2m9qa --unit 县委政法委办公室 --leader 李某 --person 王某 --deadline 2027-01-31',
        'ducha problem edit k2m9qa --item QS-06 --type immediate',
      ],
      action: () => problems().then((m) => m.problemEdit),
    }),
    command({
      name: 'merge',
      description: 'cli.problem.merge',
      arguments: [argument('<problems...>', 'cli.problem.mergeArgs')],
      examples: ['ducha problem merge k2m9qa p7d3xz'],
      action: () => problems().then((m) => m.problemMerge),
    }),
    command({
      name: 'follow',
      description: 'cli.problem.follow',
      arguments: [problemArgument],
      options: [option('--keep', 'cli.problem.keep')],
      examples: ['ducha problem follow k2m9qa', 'ducha problem follow k2m9qa --keep'],
      action: () => problems().then((m) => m.problemFollow),
    }),
  ],
});

export const rectify = command({
  name: 'rectify',
  description: 'cli.rectify.description',
  arguments: [problemArgument],
  options: [
    option('--status <status>', 'cli.rectify.status', { required: true }),
    option('--note <text>', 'cli.rectify.note'),
    option('--reason <text>', 'cli.rectify.reason'),
    evidenceOption,
  ],
  examples: [
    'ducha rectify k2m9qa --status rectifying --note "已修订请示报告事项清单，待党委会审议"',
    'ducha rectify k2m9qa --status closure-requested --note "清单已印发执行" --evidence 印发通知.pdf',
    'ducha rectify k2m9qa --status returned --note "佐证材料不能证明整改实效，请补充执行情况"',
    'ducha rectify k2m9qa --status reopened --reason "回头看发现问题反弹"',
  ],
  action: () => lifecycle().then((m) => m.rectifyCommand),
});

export const close = command({
  name: 'close',
  description: 'cli.close.description',
  arguments: [problemArgument],
  options: [
    option('--note <text>', 'cli.close.note'),
    evidenceOption,
    option('--allow-self-close', 'cli.close.allowSelf'),
    option('--reason <text>', 'cli.close.reason'),
  ],
  examples: [
    'ducha close k2m9qa --note "经核实整改到位，同意销号"',
    'ducha close k2m9qa --allow-self-close --reason "督查组仅一人在岗，已报组长同意"',
  ],
  action: () => lifecycle().then((m) => m.closeCommand),
});
