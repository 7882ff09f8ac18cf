// The command reference (docs/commands.md, docs/commands.en.md) and the README's list of error codes are
// generated from the command definitions: committed files that differ from what they generate fail here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { CODES_END, CODES_START, generatedFiles, readmeWithCodes } from '../../scripts/gen-reference.js';
import { buildProgram } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/process-io.js';
import { COMMANDS } from '../../src/cli/defs/index.js';
import { ERROR_CODES } from '../../src/errors.js';
import { ROOT } from '../helpers/run.js';

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

describe('the command reference', async () => {
  const files = await generatedFiles(ROOT);

  for (const [file, content] of files) {
    it(`${file} is fresh (run npm run docs:commands)`, () => {
      expect(readFileSync(join(ROOT, file), 'utf8')).toBe(content);
    });
  }

  it('documents every command and every option, in both languages', () => {
    const program = buildProgram(createContext(processIo(), []));
    const all = paths(program);
    expect(all.length).toBeGreaterThan(60);
    for (const file of ['docs/commands.md', 'docs/commands.en.md']) {
      const text = files.get(file)!;
      for (const path of all) {
        const heading = new RegExp(`^#{2,3} ducha ${path.join(' ')}$`, 'm');
        expect(text, `${file}: ducha ${path.join(' ')}`).toMatch(heading);
        const section = text.slice(text.search(heading)).split(/\n#{2,3} ducha /)[0]!;
        let cmd: Command = program;
        for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
        for (const option of cmd.options)
          if (option.long !== '--help')
            expect(section, `${file}: ducha ${path.join(' ')} ${option.flags}`).toContain(`\`${option.flags}\``);
      }
      for (const code of ERROR_CODES) expect(text, `${file}: ${code}`).toContain(`| \`${code}\` |`);
    }
  });

  it('the list of commands is in alphabetical order', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names).toEqual([...names].sort());
  });

  it('the README lists every error code between its markers, and a README without them is refused', () => {
    const readme = files.get('README.md')!;
    const list = readme.slice(readme.indexOf(CODES_START) + CODES_START.length, readme.indexOf(CODES_END));
    expect(list.trim().split(' · ')).toEqual(ERROR_CODES.map((c) => `\`${c}\``));
    expect(() => readmeWithCodes('# ducha\n')).toThrow(/error-code list/);
  });
});
