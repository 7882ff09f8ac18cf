// `ducha run`, `ducha lint`, `ducha schema`, `ducha verify` and `ducha backup`: the interactive run, the
// checklist linter and its schema, and the database's own checks and copies.
import { argument, command, option } from '../define.js';

const verifyCommands = () => import('../commands/verify.js');

export const run = command({
  name: 'run',
  description: 'cli.run.description',
  arguments: [argument('[inspection]', 'cli.arg.inspection')],
  options: [
    option('--section <id>', 'cli.run.section'),
    option('--method <method>', 'cli.run.method'),
    option('--open', 'cli.run.open'),
  ],
  examples: ['ducha run', 'ducha run 7k3m9q --method check', 'ducha run 7k3m9q --open --section A'],
  action: () => import('../commands/run.js').then((m) => m.runCommand),
});

export const lint = command({
  name: 'lint',
  description: 'cli.lint.description',
  arguments: [argument('[paths...]', 'cli.lint.paths')],
  options: [
    option('--format <format>', 'cli.lint.format', { default: 'stylish' }),
    option('--max-warnings <n>', 'cli.lint.maxWarnings'),
    option('--max-problems <n>', 'cli.lint.maxProblems'),
  ],
  examples: [
    'ducha lint checklists/',
    'ducha lint "checklists/**/*.yaml" --format github',
    'ducha lint my.yaml --format junit > lint.xml',
    'ducha lint --max-warnings 0',
  ],
  action: () => import('../commands/lint.js').then((m) => m.lintCommand),
});

export const schema = command({
  name: 'schema',
  description: 'cli.schema.description',
  examples: ['ducha schema > checklist.schema.json'],
  action: () => import('../commands/schema.js').then((m) => m.schemaCommand),
});

export const verify = command({
  name: 'verify',
  description: 'cli.verify.description',
  options: [option('--against <file>', 'cli.verify.against')],
  examples: [
    'ducha verify',
    'ducha verify --db team.db --json',
    'ducha verify --against 李四-2026-11-27.ducha',
    'ducha verify --db 李四.db --against 组长.db',
  ],
  action: () => verifyCommands().then((m) => m.verifyCommand),
});

export const backup = command({
  name: 'backup',
  description: 'cli.backup.description',
  arguments: [argument('<file>', 'cli.backup.file')],
  options: [option('--force', 'cli.backup.force')],
  examples: ['ducha backup /media/usb/ducha-2026-11-27.db'],
  action: () => verifyCommands().then((m) => m.backupCommand),
});
