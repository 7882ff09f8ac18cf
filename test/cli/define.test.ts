// A command's definition types its action: an action that reads an option or argument its definition does not
// declare, and an error code outside ERROR_CODES, are type errors. tsc runs over test/ in npm test, so every
// expected type error marked below fails the build if the mistake it marks ever compiles. At run time,
// commander hands the action exactly what the types say.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import {
  argument,
  command,
  option,
  type ArgumentsOf,
  type GlobalOptions,
  type OptionsOf,
} from '../../src/cli/define.js';
import type { Context } from '../../src/cli/context.js';
import { ERROR_CODES, InputError, UsageError } from '../../src/errors.js';
import { t } from '../../src/i18n/index.js';

const LIST = [
  option('--overdue', 'cli.problem.overdue'),
  option('--due-within <days>', 'cli.problem.dueWithin'),
  option('--hub [url]', 'cli.hub.readOption'),
  option('-o, --output <file>', 'cli.review.output', { required: true }),
  option('--item <item>', 'cli.problem.item', { repeatable: true }),
  option('--format <format>', 'cli.lint.format', { default: 'stylish' }),
  option('--good-practice', 'cli.conclude.goodPractice'),
  option('--no-good-practice', 'cli.conclusionAmend.noGoodPractice'),
] as const;
const ARGS = [argument('<problem>'), argument('[inspection]'), argument('[files...]')] as const;

async function reads(
  _ctx: Context,
  [problem]: [string, string | undefined, string[]],
  options: GlobalOptions & { dueWithin?: string; output: string },
): Promise<number> {
  return problem.length + (options.dueWithin?.length ?? 0) + options.output.length;
}
async function readsUndeclared(_ctx: Context, _args: [], options: GlobalOptions & { dueIn?: string }): Promise<number> {
  return options.dueIn ? 1 : 0;
}
async function needsArgument(_ctx: Context, [id]: [string]): Promise<number> {
  return id.length;
}
async function wrongType(_ctx: Context, _args: [], options: GlobalOptions & { item?: string }): Promise<number> {
  return options.item?.length ?? 0;
}

describe('command definitions', () => {
  it('type the action from the flags', () => {
    const ok = command({
      name: 'x',
      description: 'cli.description',
      examples: ['ducha x'],
      arguments: ARGS,
      options: LIST,
      action: async () => reads,
    });
    expect(ok.options.map((o) => o.flags)).toEqual(LIST.map((o) => o.flags));
    const options: OptionsOf<typeof LIST> = { output: 'a.docx', item: [], format: 'stylish' };
    options.goodPractice = false;
    options.hub = true;
    options.hub = 'postgres://hub';
    // @ts-expect-error --overdue is a flag: a boolean, not text
    options.overdue = 'yes';
    // @ts-expect-error --output is required: always present
    const missing: OptionsOf<typeof LIST> = { item: [], format: 'stylish' };
    const args: ArgumentsOf<typeof ARGS> = ['k2m9qa', undefined, []];
    expect([missing, args].length).toBe(2);
  });

  it('refuse an action that reads what its definition does not declare', () => {
    // Each @ts-expect-error below needs its call kept on the one line after it:
    // prettier-ignore
    const defs = [
      // @ts-expect-error the action reads dueIn; the definition declares --due-within
      command({ name: 'x', description: 'cli.description', examples: ['ducha x'], options: [option('--due-within <days>', 'cli.problem.dueWithin')], action: async () => readsUndeclared }),
      // @ts-expect-error the action needs <id>; the definition declares no argument
      command({ name: 'x', description: 'cli.description', examples: ['ducha x'], action: async () => needsArgument }),
      // @ts-expect-error --item is repeatable (a list); the action reads text
      command({ name: 'x', description: 'cli.description', examples: ['ducha x'], options: [option('--item <item>', 'cli.problem.item', { repeatable: true })], action: async () => wrongType }),
    ];
    expect(defs).toHaveLength(3);
  });

  it('commander hands over what the types say', async () => {
    let seen: unknown;
    const cmd = new Command('x').exitOverride();
    for (const o of LIST) cmd.option(o.flags, t(o.description));
    cmd.argument('<problem>').argument('[inspection]').argument('[files...]');
    cmd.action((...params: unknown[]) => {
      seen = { args: params.slice(0, -2), options: params.at(-2) };
    });
    await cmd.parseAsync(['k2m9qa', '--due-within', '7d', '--hub', '-o', 'a.docx', '--no-good-practice'], {
      from: 'user',
    });
    expect(seen).toEqual({
      args: ['k2m9qa', undefined, []],
      options: { dueWithin: '7d', hub: true, output: 'a.docx', goodPractice: false },
    });
  });
});

describe('error codes', () => {
  it('are a closed list with a meaning in both catalogues', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    // @ts-expect-error a misspelt code
    const typo = new InputError('x', { code: 'no-databse' });
    expect(typo).toBeInstanceOf(InputError);
    expect(new UsageError('x').code).toBe('usage');
    expect(new InputError('x').code).toBe('input');
  });
});
