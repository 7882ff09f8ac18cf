// Every command documents itself: --help with a description and examples, in both languages (the reference
// in docs/ is generated from the same definitions: reference.test.ts); the two catalogues hold the same keys
// and placeholders.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/process-io.js';
import { zh } from '../../src/i18n/zh/index.js';
import { en } from '../../src/i18n/en/index.js';
import { cleanEnv, runMain } from '../helpers/run.js';

function leafCommands(cmd: Command, prefix: string[] = []): string[][] {
  const subs = cmd.commands.filter((c) => c.name() !== 'help');
  if (subs.length === 0) return [prefix];
  return subs.flatMap((c) => leafCommands(c, [...prefix, c.name()]));
}

const commands = leafCommands(buildProgram(createContext(processIo(), [])));

describe('help', () => {
  // The whole list, so a command that disappears (or one added without help, examples and README) is noticed.
  it('the commands are exactly these', () =>
    expect(commands.map((p) => p.join(' ')).sort()).toEqual(
      [
        'backup',
        'checklist export',
        'checklist import',
        'checklist list',
        'checklist new',
        'checklist show',
        'close',
        'compare',
        'conclude',
        'conclusion amend',
        'conclusion withdraw',
        'config get',
        'config list',
        'config set',
        'config unset',
        'conflicts list',
        'conflicts resolve',
        'evidence get',
        'evidence list',
        'export',
        'hub accept',
        'hub import',
        'hub init',
        'hub list',
        'hub trust',
        'hub verify',
        'import',
        'import-records',
        'inspection history',
        'inspection list',
        'inspection new',
        'inspection set',
        'inspection show',
        'inspection upgrade',
        'lint',
        'lock',
        'problem add',
        'problem edit',
        'problem follow',
        'problem list',
        'problem merge',
        'problem propose',
        'problem show',
        'protect',
        'pull',
        'push',
        'record amend',
        'record list',
        'record withdraw',
        'rectify',
        'report',
        'run',
        'schema',
        'summary',
        'team history',
        'team key',
        'team list',
        'team trust',
        'template lint',
        'template list',
        'unlock',
        'verify',
      ].sort(),
    ));
  for (const path of commands) {
    it(`ducha ${path.join(' ')} --help has a description and an example (zh and en)`, async () => {
      for (const lang of ['zh', 'en']) {
        const r = await runMain(['--lang', lang, ...path, '--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(lang === 'zh' ? /用法：/ : /Usage:/);
        expect(r.stdout).toMatch(lang === 'zh' ? /示例：\n {2}ducha / : /Examples:\n {2}ducha /);
      }
    });
  }
  it('no arguments without a terminal prints help, exit 0', async () => {
    const r = await runMain([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('用法：');
  });
  it('an unknown command is a usage error with a hint', async () => {
    const r = await runMain(['lnt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知命令 lnt');
    expect(r.stderr).toContain('lint');
  });
});

describe('i18n catalogues', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('hold the same keys', () => expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort()));
  it('use the same placeholders', () => {
    for (const key of Object.keys(zh) as Array<keyof typeof zh>)
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });
});

function groups(cmd: Command, prefix: string[] = []): string[][] {
  const subs = cmd.commands.filter((c) => c.name() !== 'help');
  return subs.length === 0 ? [] : [prefix, ...subs.flatMap((c) => groups(c, [...prefix, c.name()]))];
}

describe('help of command groups', () => {
  const all = groups(buildProgram(createContext(processIo(), [])));
  // One private home for all of these runs, removed afterwards.
  const env = cleanEnv();
  afterAll(() => rmSync(env.HOME!, { recursive: true, force: true }));
  it('the groups are exactly these (the program itself first)', () =>
    expect(all.map((p) => p.join(' ')).sort()).toEqual([
      '',
      'checklist',
      'conclusion',
      'config',
      'conflicts',
      'evidence',
      'hub',
      'inspection',
      'problem',
      'record',
      'team',
      'template',
    ]));
  for (const path of all) {
    it(`ducha ${path.join(' ')} --help has examples (zh and en)`, async () => {
      for (const lang of ['zh', 'en']) {
        const r = await runMain(['--lang', lang, ...path, '--help'], { env });
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(lang === 'zh' ? /示例：\n {2}ducha/ : /Examples:\n {2}ducha/);
      }
    });
  }
  for (const path of all.filter((p) => p.length > 0)) {
    it(`ducha ${path.join(' ')} without a subcommand shows its help on stdout, exit 0`, async () => {
      const r = await runMain(path, { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`用法： ducha ${path.join(' ')}`);
      expect(r.stdout).toMatch(/示例：\n {2}ducha /);
    });
  }
  it('an unknown subcommand of a group is still a usage error with a suggestion', async () => {
    const r = await runMain(['checklist', 'lsit'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('list');
  });
  it('the help of a required inspection argument does not say it may be omitted', async () => {
    for (const path of [
      ['problem', 'add'],
      ['inspection', 'upgrade'],
    ]) {
      const r = await runMain([...path, '--help'], { env });
      expect(r.stdout, path.join(' ')).not.toContain('省略时为最近一次督查');
    }
    const record = await runMain(['record', '--help'], { env });
    expect(record.stdout).toContain('用法： ducha record [督查编号] <条目编号> [选项]');
    expect(record.stdout).toContain('省略时为最近一次督查');
  });
});
