// `ducha evidence list|get`: the evidence files of an inspection, and one written back out.
import { argument, command, group, option } from '../define.js';

export const evidence = group({
  name: 'evidence',
  description: 'cli.evidence.description',
  examples: ['ducha evidence list', 'ducha evidence get 3fa2c1 -o 登记簿.jpg'],
  commands: [
    command({
      name: 'list',
      description: 'cli.evidence.list',
      arguments: [argument('[inspection]', 'cli.arg.inspection')],
      examples: ['ducha evidence list', 'ducha evidence list 7k3m9q --json'],
      action: () => import('../commands/lead.js').then((m) => m.evidenceList),
    }),
    command({
      name: 'get',
      description: 'cli.evidence.get',
      arguments: [argument('<hash>', 'cli.evidence.hash')],
      options: [option('-o, --output <file>', 'cli.evidence.output'), option('--force', 'cli.evidence.force')],
      examples: ['ducha evidence get 3fa2c1 -o 登记簿.jpg', 'ducha evidence get 3fa2c1'],
      action: () => import('../commands/evidence.js').then((m) => m.evidenceGet),
    }),
  ],
});
