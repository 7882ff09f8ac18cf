// dispatch builds only the command a command line names (the others by name and description): every command's
// help, and the root's, must read exactly as in the program built in full.
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/process-io.js';

const ctx = () => createContext(processIo(), []);
const find = (program: Command, path: readonly string[]) =>
  path.reduce((cmd, name) => cmd.commands.find((c) => c.name() === name)!, program);

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

describe('the program built for one command line', () => {
  const full = buildProgram(ctx());
  it('builds the named command in full and no other', () => {
    const partial = buildProgram(ctx(), ['--db', 'lint', 'inspection', 'show', '7k3m9q']);
    expect(partial.commands.map((c) => c.name())).toEqual(['inspection']);
    expect(find(partial, ['inspection']).commands.length).toBeGreaterThan(3);
    expect(full.commands.length).toBeGreaterThan(10);
    expect(find(full, ['lint']).options.length).toBeGreaterThan(0);
  });
  for (const path of paths(full)) {
    it(`ducha ${path.join(' ')}: the same help`, () => {
      const partial = buildProgram(ctx(), ['--json', ...path, '--help']);
      expect(find(partial, path).helpInformation()).toBe(find(full, path).helpInformation());
    });
  }
  it('a command line that names no command builds everything: the root help is the same', () => {
    for (const argv of [[], ['--help'], ['lnt'], ['--', 'inspection'], ['help', 'inspection']])
      expect(buildProgram(ctx(), argv).helpInformation(), argv.join(' ')).toBe(full.helpInformation());
  });
});
