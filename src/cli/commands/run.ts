// `ducha run [INSPECTION]`: the interactive checklist run (needs a terminal).
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { isInteractive } from '../io.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { findInspection } from '../../inspect/inspections.js';
import { actorOf, maxEvidenceMb, withStore } from '../session.js';
import { METHOD, parseMaybe } from '../enums.js';
import { clearNamesSinceText } from '../clear-name-warning.js';
import { nextSeqNo } from '../../store/queries.js';

interface RunOptions extends GlobalOptions {
  section?: string;
  method?: string;
  open?: boolean;
}

export async function runCommand(ctx: Context, [id]: [string | undefined], options: RunOptions): Promise<number> {
  if (!isInteractive(ctx.io)) throw new UsageError(t('run.needsTerminal'), { hint: t('run.needsTerminal.hint') });
  const method = parseMaybe(METHOD, options.method);
  const actor = actorOf(ctx, options);
  const { terminalPrompter } = await import('../../inspect/prompts.js');
  const { runSession } = await import('../../inspect/session.js');
  return withStore(ctx, options, 'write', async (store) => {
    const inspection = findInspection(store, id);
    const from = nextSeqNo(store);
    await runSession(
      {
        store,
        actor,
        inspection,
        prompter: terminalPrompter(ctx.io),
        maxEvidenceMb: maxEvidenceMb(ctx),
        cwd: ctx.io.cwd,
        colour: ctx.colour,
      },
      { section: options.section, method, open: options.open },
    );
    // Names recorded in clear on a laptop that has a hub: the warning `record` gives (issue 18).
    const warning = clearNamesSinceText(ctx, store, from);
    if (warning) ctx.err(ctx.errColour.yellow(warning));
    // From recording to reporting: what comes next, as the commands that do it.
    const { nextSteps, standing } = await import('../home/journey.js');
    ctx.out('\n' + nextSteps(inspection, standing(store, inspection), ctx.colour, actor));
    return 0;
  });
}
