// `ducha` with no arguments in a terminal: the home menu, so a new user never needs the manual to begin.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { getConfig, setConfig } from '../../config.js';
import { checklistFolders, folderFiles, loadRegistry } from '../../checklist/registry.js';
import { lintFiles } from '../../checklist/lint.js';
import { formatLint } from '../../checklist/formatters/index.js';
import { createInspection } from '../../inspect/inspections.js';
import { inspectionProgress } from '../../inspect/status.js';
import type { Prompter } from '../../inspect/prompter.js';
import { listInspections, type InspectionRow } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
import { maxEvidenceMb, withStore } from '../session.js';
import { inspectionHeader, openItemsText, progressLine, progressTable } from '../format/progress.js';

type Choice = 'continue' | 'new' | 'show' | 'lint' | 'quit';

export async function homeCommand(ctx: Context, options: GlobalOptions): Promise<number> {
  const { terminalPrompter } = await import('../../inspect/prompts.js');
  const prompter = terminalPrompter(ctx.io);
  const actor = await ensureName(ctx, options, prompter);
  return withStore(ctx, options, 'create', async (store) => {
    for (;;) {
      const inspections = listInspections(store.db);
      prompter.print('');
      const choice = await prompter.select<Choice>(
        t('home.title'),
        [
        { value: 'continue', name: t('home.continue'), disabled: inspections.length === 0 ? t('home.noneYet') : false },
        { value: 'new', name: t('home.new') },
        { value: 'show', name: t('home.show'), disabled: inspections.length === 0 ? t('home.noneYet') : false },
        { value: 'lint', name: t('home.lint') },
        { value: 'quit', name: t('home.quit') },
        ],
        { default: inspections.length === 0 ? 'new' : 'continue' },
      );
      if (choice === 'quit') return 0;
      if (choice === 'lint') await lintAll(ctx, options, prompter);
      else if (choice === 'new') {
        const inspection = await newInspection(ctx, options, prompter, store, actor);
        if (await prompter.confirm(t('home.startNow'), { default: true })) await run(ctx, store, actor, inspection, prompter);
      } else {
        const inspection = await pick(store, inspections, prompter);
        if (choice === 'continue') await run(ctx, store, actor, inspection, prompter);
        else {
          const p = inspectionProgress(store.db, inspection);
          prompter.print([inspectionHeader(inspection, ctx.colour), '', progressTable(p, ctx.colour), '', openItemsText(p, ctx.colour)].join('\n'));
        }
      }
    }
  });
}

/** Every event carries a name: ask for it once and keep it in the profile. */
async function ensureName(ctx: Context, options: GlobalOptions, prompter: Prompter): Promise<string> {
  const known = options.actor ?? ctx.io.env.DUCHA_ACTOR ?? getConfig(ctx.io.env, 'name');
  if (typeof known === 'string' && known.trim()) return known.trim();
  prompter.print(t('home.welcome'));
  const name = await prompter.input(t('home.askName'), { required: true, validate: (v) => (v.trim() ? true : t('config.empty')) });
  setConfig(ctx.io.env, 'name', name);
  return name.trim();
}

async function pick(store: Store, inspections: InspectionRow[], prompter: Prompter): Promise<InspectionRow> {
  const id = await prompter.select(
    t('home.pick'),
    inspections.map((i) => ({ value: i.id, name: `${i.title}  ${progressLine(inspectionProgress(store.db, i))}`, description: `${i.id} · ${i.unit} · ${i.start}` })),
  );
  return inspections.find((i) => i.id === id)!;
}

async function newInspection(ctx: Context, options: GlobalOptions, prompter: Prompter, store: Store, actor: string): Promise<InspectionRow> {
  const { inspectionWizard } = await import('../../inspect/wizard.js');
  const registry = loadRegistry(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd);
  const input = await inspectionWizard(prompter, registry, { me: actor, today: new Date() });
  const inspection = createInspection(store, actor, input, registry);
  prompter.print(t('inspect.created', { id: inspection.id, title: inspection.title }));
  return inspection;
}

async function run(ctx: Context, store: Store, actor: string, inspection: InspectionRow, prompter: Prompter): Promise<void> {
  const { runSession } = await import('../../inspect/session.js');
  await runSession({ store, actor, inspection, prompter, maxEvidenceMb: maxEvidenceMb(ctx), cwd: ctx.io.cwd, colour: ctx.colour }, {});
}

async function lintAll(ctx: Context, options: GlobalOptions, prompter: Prompter): Promise<void> {
  const result = await lintFiles(folderFiles(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd));
  prompter.print(formatLint('stylish', result, { colour: ctx.colour }));
}
