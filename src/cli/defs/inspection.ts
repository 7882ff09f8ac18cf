// `ducha inspection new|list|show|upgrade|history|set`: inspections, their progress, their history and
// their feedback date.
import { argument, command, group, option } from '../define.js';

const inspections = () => import('../commands/inspection.js');
const corrections = () => import('../commands/corrections.js');

export const inspection = group({
  name: 'inspection',
  description: 'cli.inspection.description',
  examples: ['ducha inspection new', 'ducha inspection list', 'ducha inspection show 7k3m9q'],
  commands: [
    command({
      name: 'new',
      description: 'cli.inspection.new',
      options: [
        option('--checklist <id>', 'cli.inspection.checklist', { repeatable: true }),
        option('--unit <name>', 'cli.inspection.unit'),
        option('--unit-kind <kind>', 'cli.inspection.unitKind'),
        option('--region <text>', 'cli.inspection.region'),
        option('--title <text>', 'cli.inspection.title'),
        option('--team <names>', 'cli.inspection.team'),
        option('--start <date>', 'cli.inspection.start'),
        option('--suite <suite>', 'cli.option.suite'),
      ],
      examples: [
        'ducha inspection new',
        'ducha inspection new --suite gm --checklist qingshi-baogao --unit 某县委政法委 --unit-kind plac',
        'ducha inspection new --checklist qingshi-baogao --checklist zhengfa-weiyuan --unit 某县委政法委 --unit-kind plac --region 某省某市某县 --team "张三,李四" --start 2026-11-20',
      ],
      action: () => inspections().then((m) => m.inspectionNew),
    }),
    command({
      name: 'list',
      description: 'cli.inspection.list',
      examples: ['ducha inspection list', 'ducha inspection list --json'],
      action: () => inspections().then((m) => m.inspectionList),
    }),
    command({
      name: 'show',
      description: 'cli.inspection.show',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      examples: ['ducha inspection show 7k3m9q', 'ducha inspection show --json'],
      action: () => inspections().then((m) => m.inspectionShow),
    }),
    command({
      name: 'upgrade',
      description: 'cli.inspection.upgrade',
      arguments: [argument('<inspection>', 'cli.arg.inspectionRequired')],
      options: [option('--checklist <file>', 'cli.inspection.upgradeFile', { required: true })],
      examples: ['ducha inspection upgrade 7k3m9q --checklist checklists/qingshi-baogao.yaml'],
      action: () => inspections().then((m) => m.inspectionUpgrade),
    }),
    command({
      name: 'history',
      description: 'cli.inspectionHistory.description',
      arguments: [argument('[inspection]', 'cli.arg.inspection'), argument('[item]', 'cli.arg.item')],
      options: [option('--reveal-identities', 'cli.report.reveal')],
      examples: [
        'ducha inspection history 7k3m9q',
        'ducha inspection history 7k3m9q QS-02',
        'ducha inspection history 7k3m9q --json',
      ],
      action: () => corrections().then((m) => m.inspectionHistory),
    }),
    command({
      name: 'set',
      description: 'cli.inspectionSet.description',
      arguments: [argument('<inspection>', 'cli.arg.inspection')],
      options: [
        option('--feedback-date <date>', 'cli.inspectionSet.feedbackDate'),
        option('--rectify-days <n>', 'cli.inspectionSet.rectifyDays'),
      ],
      examples: [
        'ducha inspection set 7k3m9q --feedback-date 2026-11-28',
        'ducha inspection set 7k3m9q --feedback-date 2026-11-28 --rectify-days 90',
      ],
      action: () => corrections().then((m) => m.inspectionSet),
    }),
  ],
});
