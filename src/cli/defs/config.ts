// `ducha config set|get|unset|list`: the inspector's profile and settings.
import { argument, command, group } from '../define.js';

const commands = () => import('../commands/config.js');

export const config = group({
  name: 'config',
  description: 'cli.config.description',
  examples: ['ducha config set name 张三', 'ducha config list'],
  commands: [
    command({
      name: 'set',
      description: 'cli.config.set',
      arguments: [argument('<key>'), argument('<value>')],
      examples: ['ducha config set name 张三', 'ducha config set evidence.maxMB 200'],
      action: () => commands().then((m) => m.configSet),
    }),
    command({
      name: 'get',
      description: 'cli.config.get',
      arguments: [argument('<key>')],
      examples: ['ducha config get name'],
      action: () => commands().then((m) => m.configGet),
    }),
    command({
      name: 'unset',
      description: 'cli.config.unset',
      arguments: [argument('<key>')],
      examples: ['ducha config unset evidence.maxMB'],
      action: () => commands().then((m) => m.configUnset),
    }),
    command({
      name: 'list',
      description: 'cli.config.list',
      examples: ['ducha config list', 'ducha config list --json'],
      action: () => commands().then((m) => m.configList),
    }),
  ],
});
