// `ducha export`, `ducha import`, `ducha team key|trust|list|history` and `ducha conflicts list|resolve`:
// bundles between laptops, the devices trusted, and what they disagree on.
import { argument, command, group, option } from '../define.js';

const teamActions = () => import('../commands/team.js');
const conflictActions = () => import('../commands/conflicts.js');

export const exportBundle = command({
  name: 'export',
  description: 'cli.export.description',
  arguments: [argument('[inspections...]', 'cli.export.inspections')],
  options: [
    option('-o, --output <file>', 'cli.export.output', { required: true }),
    option('--to <key>', 'cli.export.to', { repeatable: true }),
    option('--unencrypted', 'cli.export.unencrypted'),
    option('--force', 'cli.output.force'),
  ],
  examples: [
    'ducha export -o 张三-2026-11-27.ducha --to 组长',
    'ducha export 7k3m9q q2w8er -o 张三-2026-11-27.ducha --to 组长 --to 指导组',
    'ducha export -o 张三-2026-11-27.ducha',
  ],
  action: () => teamActions().then((m) => m.exportCommand),
});

export const importBundle = command({
  name: 'import',
  description: 'cli.import.description',
  arguments: [argument('<file>', 'cli.import.file')],
  options: [
    option('--dry-run', 'cli.import.dryRun'),
    option('--trust', 'cli.import.trust'),
    option('--name <name>', 'cli.import.name'),
  ],
  examples: ['ducha import 李四-2026-11-27.ducha --dry-run', 'ducha import 李四-2026-11-27.ducha'],
  action: () => teamActions().then((m) => m.importCommand),
});

export const team = group({
  name: 'team',
  description: 'cli.team.description',
  examples: ['ducha team key', 'ducha team trust 李四.key --name 李四', 'ducha team list', 'ducha team history'],
  epilogue: 'cli.team.flow',
  commands: [
    command({
      name: 'key',
      description: 'cli.team.key',
      options: [option('--suite <suite>', 'cli.option.suite')],
      examples: ['ducha team key > 张三.key', 'ducha team key --suite gm'],
      action: () => teamActions().then((m) => m.teamKey),
    }),
    command({
      name: 'trust',
      description: 'cli.team.trust',
      arguments: [argument('<key>', 'cli.team.keyArg')],
      options: [option('--name <name>', 'cli.team.name', { required: true })],
      examples: ['ducha team trust 李四.key --name 李四', 'ducha team trust 李四-2026-11-27.ducha --name 李四'],
      action: () => teamActions().then((m) => m.teamTrust),
    }),
    command({
      name: 'list',
      description: 'cli.team.list',
      examples: ['ducha team list'],
      action: () => teamActions().then((m) => m.teamList),
    }),
    command({
      name: 'history',
      description: 'cli.team.history',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      examples: ['ducha team history', 'ducha team history 7k3m9q --json'],
      action: () => import('../commands/lead.js').then((m) => m.teamHistory),
    }),
  ],
});

export const conflicts = group({
  name: 'conflicts',
  description: 'cli.conflicts.description',
  examples: ['ducha conflicts list', 'ducha conflicts list --all', 'ducha conflicts resolve 3fa2c1d0 --take 2'],
  commands: [
    command({
      name: 'list',
      description: 'cli.conflicts.list',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      options: [option('--all', 'cli.conflicts.all')],
      examples: ['ducha conflicts list', 'ducha conflicts list --all', 'ducha conflicts list 7k3m9q --json'],
      action: () => conflictActions().then((m) => m.conflictsList),
    }),
    command({
      name: 'resolve',
      description: 'cli.conflicts.resolve',
      arguments: [argument('[id]', 'cli.conflicts.id')],
      options: [option('--take <value>', 'cli.conflicts.take')],
      examples: [
        'ducha conflicts resolve 3fa2c1d0 --take 2',
        'ducha conflicts resolve 3fa2c1d0 --take 不符合',
        'ducha conflicts resolve',
      ],
      action: () => conflictActions().then((m) => m.conflictsResolve),
    }),
  ],
});
