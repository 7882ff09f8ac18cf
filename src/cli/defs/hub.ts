// `ducha hub init|trust|list|accept|verify|import`, `ducha push` and `ducha pull`: the commission's hub on
// PostgreSQL, and the laptops' way to it.
import { argument, command, group, option } from '../define.js';

const hubCommands = () => import('../commands/hub.js');
const hubOption = option('--hub <url>', 'cli.hub.option');

export const hub = group({
  name: 'hub',
  description: 'cli.hub.description',
  examples: [
    'ducha hub init postgres://postgres@hub.example/ducha',
    'ducha hub trust 张三.key --name 张三',
    'ducha hub accept',
    'ducha hub import 张三-2026-11-27.ducha',
  ],
  epilogue: 'cli.hub.flow',
  commands: [
    command({
      name: 'init',
      description: 'cli.hub.init',
      arguments: [argument('<url>', 'cli.hub.url')],
      options: [option('--roles <prefix>', 'cli.hub.roles'), option('--suite <suite>', 'cli.hub.suite')],
      examples: [
        'ducha hub init postgres://postgres@hub.example/ducha --suite gm',
        'ducha hub init "postgres://postgres@hub.example/ducha?sslmode=verify-full&sslrootcert=ca.crt"',
        'ducha hub init postgres://postgres@localhost/ducha --roles shengji',
      ],
      action: () => hubCommands().then((m) => m.hubInit),
    }),
    command({
      name: 'trust',
      description: 'cli.hub.trust',
      arguments: [argument('<key>', 'cli.team.keyArg')],
      options: [option('--name <name>', 'cli.team.name', { required: true }), hubOption],
      examples: [
        'ducha hub trust 张三.key --name 张三',
        'ducha hub trust "ducha-key d3f9a1b2c4e5 MCow…" --name 第一督查组',
      ],
      action: () => hubCommands().then((m) => m.hubTrust),
    }),
    command({
      name: 'list',
      description: 'cli.hub.list',
      options: [hubOption],
      examples: ['ducha hub list'],
      action: () => hubCommands().then((m) => m.hubList),
    }),
    command({
      name: 'accept',
      description: 'cli.hub.accept',
      options: [hubOption],
      examples: ['ducha hub accept', 'ducha hub accept --json'],
      action: () => hubCommands().then((m) => m.hubAccept),
    }),
    command({
      name: 'verify',
      description: 'cli.hub.verify',
      options: [hubOption],
      examples: ['ducha hub verify', 'ducha hub verify --json'],
      action: () => hubCommands().then((m) => m.hubVerify),
    }),
    command({
      name: 'import',
      description: 'cli.hub.import',
      arguments: [argument('<file>', 'cli.import.file')],
      options: [hubOption],
      examples: ['ducha hub import 张三-2026-11-27.ducha'],
      action: () => hubCommands().then((m) => m.hubImport),
    }),
  ],
});

export const push = command({
  name: 'push',
  description: 'cli.push.description',
  options: [hubOption, option('--batch <events>', 'cli.push.batch')],
  examples: [
    'ducha push',
    'ducha push --hub "postgres://zhangsan@hub.example/ducha?sslmode=verify-full&sslrootcert=ca.crt"',
    'ducha config set hub.url postgres://zhangsan@hub.example/ducha',
  ],
  action: () => hubCommands().then((m) => m.pushCommand),
});

export const pull = command({
  name: 'pull',
  description: 'cli.pull.description',
  options: [hubOption],
  examples: ['ducha pull', 'ducha pull --json'],
  action: () => hubCommands().then((m) => m.pullCommand),
});
