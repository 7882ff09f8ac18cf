// Keeps the user guide (docs/使用指南.md) honest: every `ducha …` line it shows names commands and
// options the program defines, with a fitting number of arguments, and every page image it shows exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers/run.js';

const GUIDE = join(ROOT, 'docs', '使用指南.md');
const guide = readFileSync(GUIDE, 'utf8');
const program = buildProgram(createContext(processIo(), []));

interface Line {
  text: string;
  /** Lines in code blocks are whole commands; inline code may be a fragment (arguments left out). */
  whole: boolean;
  /** What the guide shows ducha answering (the lines up to the next command), if anything. */
  output?: string;
}

/** `$ ducha …` (also `张三$`, `李四$`) in any code block, `ducha …` at the start of a line in sh blocks, and inline code. */
function commandLines(markdown: string): Line[] {
  const lines: Line[] = [];
  const prose: string[] = [];
  let fence: string | undefined;
  let last: Line | undefined;
  for (const raw of markdown.split('\n')) {
    const opening = /^```(\w*)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[1] : undefined;
      last = undefined;
      continue;
    }
    if (fence === undefined) {
      prose.push(raw);
      continue;
    }
    const prompted = /^(?:\$|张三\$|李四\$) (.*)$/.exec(raw);
    if (prompted) {
      last = /^ducha(?: |$)/.test(prompted[1]) ? { text: prompted[1], whole: true, output: '' } : undefined;
      if (last) lines.push(last);
    } else if ((fence === 'sh' || fence === 'bash') && /^ducha(?: |$)/.test(raw)) lines.push({ text: raw, whole: true });
    else if (last) last.output += `${raw}\n`;
  }
  for (const m of prose.join('\n').matchAll(/`(ducha(?: [^`]*)?)`/g)) lines.push({ text: m[1], whole: false });
  return lines;
}

/** Shell words up to the first pipe, redirection, separator or comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if ('|<>;#&'.includes(ch) && word === undefined) {
      break;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) out.push(word);
  return out;
}

function findOption(chain: Command[], flag: string): Option | undefined {
  for (const cmd of [...chain].reverse()) {
    const found = cmd.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

/** What is wrong with one command line, or undefined when the program accepts its shape. */
function check(line: Line): string | undefined {
  const argv = words(line.text).slice(1);
  const chain: Command[] = [program];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--help' || word === '-h') continue;
    if (word.startsWith('-') && word !== '-') {
      const flag = word.split('=')[0];
      const option = findOption(chain, flag);
      if (!option) return `unknown option ${flag} for "ducha ${chain.slice(1).map((c) => c.name()).join(' ')}"`;
      if (!word.includes('=') && (option.required || (option.optional && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')))) i++;
      continue;
    }
    const here = chain[chain.length - 1];
    if (here === program && word === 'help' && positionals.length === 0) {
      // commander's own help command: `ducha help team`
      const rest = argv.slice(i + 1).filter((w) => !w.startsWith('-'));
      return rest.every((w) => program.commands.some((c) => c.name() === w)) ? undefined : `help for an unknown command: ${rest.join(' ')}`;
    }
    const sub = positionals.length === 0 ? here.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub) {
      chain.push(sub);
      continue;
    }
    if (/^…+$/.test(word)) continue; // a placeholder the prose fills in
    positionals.push(word);
  }
  const cmd = chain[chain.length - 1];
  const name = `ducha ${chain.slice(1).map((c) => c.name()).join(' ')}`.trim();
  const args = cmd.registeredArguments;
  if (args.length === 0 && positionals.length > 0) return cmd.commands.length > 0 ? `"${name}" has no subcommand "${positionals[0]}"` : `"${name}" takes no arguments, given ${positionals.join(' ')}`;
  const variadic = args.some((a) => a.variadic);
  if (!variadic && positionals.length > args.length) return `"${name}" takes at most ${args.length} arguments, given ${positionals.length}: ${positionals.join(' ')}`;
  if (line.whole && cmd.commands.length === 0) {
    const needed = args.filter((a) => a.required).length;
    if (positionals.length < needed) return `"${name}" needs ${needed} arguments, given ${positionals.length}`;
  }
  return undefined;
}

/** A mistake the guide shows on purpose, with the refusal ducha prints for exactly that mistake. */
function shownAsRefused(line: Line, why: string): boolean {
  const said = line.output ?? '';
  if (why.startsWith('unknown option')) return said.startsWith('错误：未知选项');
  if (/needs \d+ arguments/.test(why)) return said.startsWith('错误：缺少参数');
  return false;
}

describe('the user guide (docs/使用指南.md)', () => {
  const lines = commandLines(guide);

  it('shows commands', () => {
    expect(lines.filter((l) => l.whole).length).toBeGreaterThan(50);
  });

  it('every ducha command line in it parses: the command, its options and its arguments exist', () => {
    const wrong = lines.map((l) => [l.text, check(l)] as const).filter(([l, why]) => why !== undefined && !shownAsRefused(lines.find((x) => x.text === l)!, why));
    expect(wrong).toEqual([]);
  });

  it('every page image it shows is committed under docs/', () => {
    const images = [...guide.matchAll(/\]\((pages\/[^)\s]+)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) expect(existsSync(join(ROOT, 'docs', image)), image).toBe(true);
  });

  it('the README points to it', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/使用指南.md)');
  });
});

describe('the guide check itself', () => {
  it('refuses a renamed option, an unknown subcommand and too many arguments', () => {
    expect(check({ text: 'ducha report --kind feedback --doc-nummer X -o a.docx', whole: true })).toMatch(/unknown option --doc-nummer/);
    expect(check({ text: 'ducha problem propse', whole: true })).toMatch(/no subcommand "propse"/);
    expect(check({ text: 'ducha close a b', whole: true })).toMatch(/at most 1/);
    expect(check({ text: 'ducha rectify --status 整改中', whole: true })).toMatch(/needs 1/);
    expect(check({ text: 'ducha help tem', whole: true })).toMatch(/unknown command/);
  });
  it('accepts quoted values, global options anywhere, and a pipe', () => {
    expect(check({ text: 'ducha record QS-05 --method 谈 --note "称 --x 时间紧" --lang en', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha checklist show qingshi-baogao | head -12', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha --lang en inspection list', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha report --help', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha help team', whole: true })).toBeUndefined();
  });
  it('lets a shown mistake stand only with the refusal that mistake gets', () => {
    const missing = { text: 'ducha problem add --item QS-05', whole: true };
    expect(shownAsRefused({ ...missing, output: '错误：缺少参数 inspection\n' }, check(missing)!)).toBe(true);
    expect(shownAsRefused({ ...missing, output: '已导入 17 条记录\n' }, check(missing)!)).toBe(false);
    const renamed = { text: 'ducha report --doc-nummer X', whole: true };
    expect(shownAsRefused({ ...renamed, output: '错误：缺少参数 file\n' }, check(renamed)!)).toBe(false);
  });
});
