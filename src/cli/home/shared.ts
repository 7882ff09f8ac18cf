// What the home menu's steps share: one object with the context, options, prompter and store; running a
// command's own action (so the menu does exactly what the command does) with its errors shown, not fatal;
// the command line it stands for; and free file names for what a step writes.
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { CliError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { Prompter } from '../../inspect/prompter.js';
import type { Store } from '../../store/store.js';
import type { InspectionRow } from '../../store/queries.js';

export interface Home {
  ctx: Context;
  options: GlobalOptions;
  prompter: Prompter;
  store: Store;
  actor: string;
}

/** "ducha report 7k3m9q --kind feedback -o 某县委政法委督查反馈意见.docx", quoted where a shell needs it. */
export function commandLine(args: readonly string[]): string {
  return ['ducha', ...args]
    .map((a) => (/^[\w\u3400-\u9fff@%+=:,./（）《》〔〕-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`))
    .join(' ');
}

/**
 * Run a command's action as the menu's step: say which command it is, and when it refuses (a file that
 * exists, a step not allowed), print its message and hint and return to the menu. Ctrl+C still leaves.
 */
export async function attempt(
  home: Home,
  args: readonly string[],
  action: () => Promise<number>,
): Promise<CliError | undefined> {
  const { ctx } = home;
  ctx.out(ctx.colour.dim(t('home.equivalent', { command: commandLine(args) })));
  try {
    await action();
    return undefined;
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode === 130) throw error;
    ctx.err(`${ctx.errColour.red(ctx.errColour.bold(t('cli.errorLabel')))}${error.message}`);
    if (error.hint) ctx.err(`${ctx.errColour.dim(t('cli.hintLabel'))}${error.hint}`);
    return error;
  }
}

/** A file name in the working folder that is not taken: 某县委政法委督查反馈意见.docx, then …（2）.docx. */
export function freeName(home: Home, name: string): string {
  const clean = name.trim().replace(/[\\/:*?"<>|]/g, '-');
  const ext = extname(clean);
  const stem = clean.slice(0, clean.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? clean : `${stem}（${n}）${ext}`;
    if (!existsSync(join(home.ctx.io.cwd, candidate))) return candidate;
  }
}

/** Ask for the name of a file to write; an existing file is refused here already (the writer refuses it too). */
export function askFileName(home: Home, suggested: string): Promise<string> {
  return home.prompter.input(t('home.fileName'), {
    default: freeName(home, suggested),
    validate: (v) =>
      v.trim() === ''
        ? true
        : existsSync(join(home.ctx.io.cwd, v.trim()))
          ? t('home.fileExists', { file: v.trim() })
          : true,
  });
}

/** A unit's name as part of a file name. */
export const fileStem = (inspection: InspectionRow) => inspection.unit.replace(/[\\/:*?"<>|\s]/g, '');
