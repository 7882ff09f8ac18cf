// The command reference as Markdown (docs/commands.md in Chinese, docs/commands.en.md in English), made from
// the command definitions and the commands program.ts registers from them, so it cannot drift from --help;
// and the error codes of --json. `npm run docs:commands` writes it; a test fails when the files are stale.
import type { Command, Help, Option } from 'commander';
import { loadLang, getLang, setLang, t, type Lang } from '../i18n/index.js';
import { reference as zhReference } from '../i18n/zh/reference.js';
import { reference as enReference } from '../i18n/en/reference.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { createContext } from './context.js';
import type { CommandDefinition } from './define.js';
import { COMMANDS } from './defs/index.js';
import { buildProgram } from './program.js';

/** Where each language's reference is written, relative to the repository. */
export const REFERENCE_FILES: Readonly<Record<Lang, string>> = { zh: 'docs/commands.md', en: 'docs/commands.en.md' };

type ReferenceKey = keyof typeof zhReference;
const REFERENCE: Readonly<Record<Lang, Readonly<Record<ReferenceKey, string>>>> = { zh: zhReference, en: enReference };
/** The reference's own sentences (kept out of the catalogue every command loads). */
const r = (key: ReferenceKey) => REFERENCE[getLang()][key];
const errorCodeKey = (code: ErrorCode): ReferenceKey => `errorCode.${code}`;

/** A table cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The reference in `lang` (the catalogue is switched for the call and switched back). */
export async function commandReference(lang: Lang): Promise<string> {
  const before = getLang();
  await loadLang(lang);
  try {
    return render();
  } finally {
    setLang(before);
  }
}

function render(): string {
  const program = buildProgram(
    createContext(
      { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin, env: {}, cwd: '/' },
      [],
    ),
  );
  const help = program.createHelp();
  const out: string[] = [
    `<!-- ${r('reference.generated')} -->`,
    '',
    `# ${r('reference.title')}`,
    '',
    r('reference.intro'),
    '',
  ];

  out.push(`## ${r('reference.contents')}`, '');
  for (const def of [...COMMANDS].sort(byName)) {
    out.push(`- [ducha ${def.name}](#${anchor(['ducha', def.name])}) — ${t(def.description)}`);
    for (const sub of [...def.commands].sort(byName))
      out.push(`  - [${sub.name}](#${anchor(['ducha', def.name, sub.name])}) — ${t(sub.description)}`);
  }
  out.push('', `## ${r('reference.globalOptions')}`, '', r('reference.globalOptions.intro'), '');
  out.push(...optionTable(help, program.options));

  for (const def of [...COMMANDS].sort(byName)) out.push(...section(help, program, def, [def.name], 2));

  out.push('', `## ${r('reference.errorCodes')}`, '', r('reference.errorCodes.intro'), '');
  out.push(`| ${r('reference.col.code')} | ${r('reference.col.meaning')} |`, '|---|---|');
  for (const c of ERROR_CODES) out.push(`| ${code(c)} | ${cell(r(errorCodeKey(c)))} |`);
  return out.join('\n') + '\n';
}

/** GitHub's heading anchor: lower case, spaces to hyphens. */
const anchor = (path: readonly string[]) => path.join('-').toLowerCase();

function section(
  help: Help,
  parent: Command,
  def: CommandDefinition,
  path: readonly string[],
  level: number,
): string[] {
  const cmd = parent.commands.find((c) => c.name() === def.name)!;
  const out = [
    '',
    `${'#'.repeat(level)} ducha ${path.join(' ')}`,
    '',
    t(def.description),
    '',
    `${r('reference.usage')}${code(help.commandUsage(cmd))}`,
  ];
  if (def.arguments.length) {
    out.push(
      '',
      `**${r('reference.arguments')}**`,
      '',
      `| ${r('reference.col.argument')} | ${r('reference.col.description')} |`,
      '|---|---|',
    );
    for (const a of def.arguments) out.push(`| ${code(a.spec)} | ${cell(a.description ? t(a.description) : '')} |`);
  }
  const own = cmd.options.filter((o) => o.long !== '--help');
  if (own.length) out.push('', `**${r('reference.options')}**`, '', ...optionTable(help, own));
  if (def.commands.length) {
    out.push(
      '',
      `**${r('reference.subcommands')}**`,
      '',
      `| ${r('reference.col.command')} | ${r('reference.col.description')} |`,
      '|---|---|',
    );
    for (const sub of [...def.commands].sort(byName))
      out.push(`| [${sub.name}](#${anchor(['ducha', ...path, sub.name])}) | ${cell(t(sub.description))} |`);
  }
  out.push('', `**${r('reference.examples')}**`, '', '```sh', ...def.examples, '```');
  if (def.epilogue) out.push('', t(def.epilogue));
  for (const sub of [...def.commands].sort(byName))
    out.push(...section(help, cmd, sub, [...path, sub.name], level + 1));
  return out;
}

function optionTable(help: Help, options: readonly Option[]): string[] {
  const rows = options.map(
    (o) =>
      `| ${code(help.optionTerm(o))} | ${cell(help.optionDescription(o) + (o.mandatory ? r('reference.required') : ''))} |`,
  );
  return [`| ${r('reference.col.option')} | ${r('reference.col.description')} |`, '|---|---|', ...rows];
}
