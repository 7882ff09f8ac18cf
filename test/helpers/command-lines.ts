// Reads the `ducha …` command lines a Markdown page shows (the user guide, the README) and checks each one against
// the program's command definitions: the command, its options and the number of its arguments.
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { createContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/process-io.js';

const program = buildProgram(createContext(processIo(), []));

export interface Line {
  text: string;
  /** Lines in code blocks are whole commands; inline code may be a fragment (arguments left out). */
  whole: boolean;
  /** What the guide shows ducha answering (the lines up to the next command), if anything. */
  output?: string;
}

/** `$ ducha …` (also `张三$`, `李四$`) in any code block, `ducha …` at the start of a line in sh blocks, and inline code. */
export function commandLines(markdown: string): Line[] {
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
    } else if ((fence === 'sh' || fence === 'bash') && /^ducha(?: |$)/.test(raw))
      lines.push({ text: raw, whole: true });
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
export function check(line: Line): string | undefined {
  const argv = words(line.text).slice(1);
  const chain: Command[] = [program];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--help' || word === '-h') continue;
    if (word.startsWith('-') && word !== '-') {
      const flag = word.split('=')[0];
      const option = findOption(chain, flag);
      if (!option)
        return `unknown option ${flag} for "ducha ${chain
          .slice(1)
          .map((c) => c.name())
          .join(' ')}"`;
      if (
        !word.includes('=') &&
        (option.required || (option.optional && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')))
      )
        i++;
      continue;
    }
    const here = chain[chain.length - 1];
    if (here === program && word === 'help' && positionals.length === 0) {
      // commander's own help command: `ducha help team`
      const rest = argv.slice(i + 1).filter((w) => !w.startsWith('-'));
      return rest.every((w) => program.commands.some((c) => c.name() === w))
        ? undefined
        : `help for an unknown command: ${rest.join(' ')}`;
    }
    const sub =
      positionals.length === 0 ? here.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub) {
      chain.push(sub);
      continue;
    }
    if (/^…+$/.test(word)) continue; // a placeholder the prose fills in
    positionals.push(word);
  }
  const cmd = chain[chain.length - 1];
  const name = `ducha ${chain
    .slice(1)
    .map((c) => c.name())
    .join(' ')}`.trim();
  const args = cmd.registeredArguments;
  if (args.length === 0 && positionals.length > 0)
    return cmd.commands.length > 0
      ? `"${name}" has no subcommand "${positionals[0]}"`
      : `"${name}" takes no arguments, given ${positionals.join(' ')}`;
  const variadic = args.some((a) => a.variadic);
  if (!variadic && positionals.length > args.length)
    return `"${name}" takes at most ${args.length} arguments, given ${positionals.length}: ${positionals.join(' ')}`;
  if (line.whole && cmd.commands.length === 0) {
    const needed = args.filter((a) => a.required).length;
    if (positionals.length < needed) return `"${name}" needs ${needed} arguments, given ${positionals.length}`;
  }
  return undefined;
}

/** A mistake the guide shows on purpose, with the refusal ducha prints for exactly that mistake. */
export function shownAsRefused(line: Line, why: string): boolean {
  const said = line.output ?? '';
  if (why.startsWith('unknown option')) return said.startsWith('错误：未知选项');
  if (/needs \d+ arguments/.test(why)) return said.startsWith('错误：缺少参数');
  return false;
}
