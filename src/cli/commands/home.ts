// `ducha` with no arguments in a terminal: the home menu, so a new user never needs the manual to begin —
// and, above it, where the current inspection stands, with every step from recording to reporting offered.
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
import { listInspections, nextSeqNo, type InspectionRow } from '../../store/queries.js';
import { maxEvidenceMb, withStore } from '../session.js';
import { clearNamesSinceText } from '../clear-name-warning.js';
import { inspectionHeader, openItemsText, progressLine, progressTable } from '../../inspect/progress-text.js';
import type { Home } from '../home/shared.js';
import { standing, standingText, type Standing } from '../home/journey.js';

type Choice =
  | 'continue'
  | 'problems'
  | 'report'
  | 'rectify'
  | 'compare'
  | 'summary'
  | 'export'
  | 'import'
  | 'new'
  | 'show'
  | 'lint'
  | 'quit';

export async function homeCommand(ctx: Context, options: GlobalOptions): Promise<number> {
  const { terminalPrompter } = await import('../../inspect/prompts.js');
  const prompter = terminalPrompter(ctx.io);
  const actor = await ensureName(ctx, options, prompter);
  return withStore(ctx, options, 'create', async (store) => {
    const home: Home = { ctx, options, prompter, store, actor };
    let currentId: string | undefined;
    for (;;) {
      const inspections = listInspections(store);
      const current = inspections.find((i) => i.id === currentId) ?? inspections[0];
      const where = current && standing(store, current);
      prompter.print('');
      if (current && where) prompter.print(standingText(current, where, ctx.colour));
      const choice = await prompter.select<Choice>(t('home.title'), homeMenu(inspections, where), {
        default: defaultChoice(where),
      });
      if (choice === 'quit') return 0;
      if (choice === 'lint') await lintAll(ctx, options, prompter);
      else if (choice === 'new') {
        const inspection = await newInspection(ctx, options, prompter, home);
        currentId = inspection.id;
        if (await prompter.confirm(t('home.startNow'), { default: true })) await run(home, inspection);
      } else if (choice === 'continue') {
        const inspection = await pick(home, inspections, current!);
        currentId = inspection.id;
        await run(home, inspection);
      } else {
        // Esc at any prompt of a step returns here; what a step's command already wrote stays written.
        await prompter.escapable(async () => {
          if (choice === 'summary') return (await import('../home/documents.js')).summaryStep(home);
          if (choice === 'import') return (await import('../home/team.js')).importStep(home);
          const inspection = await pick(home, inspections, current!);
          currentId = inspection.id;
          await step(home, choice, inspection);
        });
      }
    }
  });
}

/** The steps in the order of the work: record, list problems, report, rectify, look back, sum up, share. */
function homeMenu(inspections: InspectionRow[], where: Standing | undefined) {
  const none = inspections.length === 0 ? t('home.noneYetReason') : false;
  const open = where?.progress.open.length ?? 0;
  return [
    {
      value: 'continue' as Choice,
      name: open ? t('home.continueOpen', { n: open }) : t('home.continue'),
      disabled: none,
    },
    {
      value: 'problems' as Choice,
      name: where?.toPropose ? t('home.problemsPending', { n: where.toPropose }) : t('home.problemsMenu'),
      disabled: none,
    },
    { value: 'report' as Choice, name: t('home.report'), disabled: none },
    {
      value: 'rectify' as Choice,
      name: t('home.rectify'),
      disabled: none || (where?.problems.total ? false : t('home.noProblemsYet')),
    },
    {
      value: 'compare' as Choice,
      name: t('home.compare'),
      disabled: inspections.length < 2 ? t('home.needTwo') : false,
    },
    { value: 'summary' as Choice, name: t('home.summary'), disabled: none },
    { value: 'export' as Choice, name: t('home.export'), disabled: none },
    { value: 'import' as Choice, name: t('home.import') },
    { value: 'new' as Choice, name: t('home.new') },
    { value: 'show' as Choice, name: t('home.show'), disabled: none },
    { value: 'lint' as Choice, name: t('home.lint') },
    { value: 'quit' as Choice, name: t('home.quit') },
  ];
}

/** Where Enter leads: on with the recording while items are open, then the problem list, then the report. */
function defaultChoice(where: Standing | undefined): Choice {
  if (!where) return 'new';
  if (where.progress.open.length) return 'continue';
  return where.toPropose ? 'problems' : 'report';
}

async function step(home: Home, choice: Choice, inspection: InspectionRow): Promise<void> {
  const { ctx, store } = home;
  if (choice === 'show') {
    const p = inspectionProgress(store, inspection);
    home.prompter.print(
      [
        inspectionHeader(inspection, ctx.colour),
        '',
        progressTable(p, ctx.colour),
        '',
        openItemsText(p, ctx.colour),
      ].join('\n'),
    );
  } else if (choice === 'problems') await (await import('../home/problems.js')).problemsStep(home, inspection);
  else if (choice === 'rectify') await (await import('../home/rectify.js')).rectifyStep(home, inspection);
  else if (choice === 'export') await (await import('../home/team.js')).exportStep(home, inspection);
  else {
    const documents = await import('../home/documents.js');
    if (choice === 'report') await documents.reportStep(home, inspection);
    else if (choice === 'compare') await documents.compareStep(home, inspection);
  }
}

/** Every event carries a name: ask for it once and keep it in the profile. */
async function ensureName(ctx: Context, options: GlobalOptions, prompter: Prompter): Promise<string> {
  const known = options.actor ?? ctx.io.env.DUCHA_ACTOR ?? getConfig(ctx.io.env, 'name');
  if (typeof known === 'string' && known.trim()) return known.trim();
  prompter.print(t('home.welcome'));
  const name = await prompter.input(t('home.askName'), {
    required: true,
    validate: (v) => (v.trim() ? true : t('config.empty')),
  });
  setConfig(ctx.io.env, 'name', name);
  return name.trim();
}

/** Which inspection: asked only when there are several, the current one first. */
async function pick(home: Home, inspections: InspectionRow[], current: InspectionRow): Promise<InspectionRow> {
  if (inspections.length === 1) return inspections[0]!;
  const id = await home.prompter.select(
    t('home.pick'),
    inspections.map((i) => ({
      value: i.id,
      name: `${i.unit}  ${i.start}  ${progressLine(inspectionProgress(home.store, i))}`,
      description: `${i.id} · ${i.title}`,
    })),
    { default: current.id },
  );
  return inspections.find((i) => i.id === id)!;
}

async function newInspection(
  ctx: Context,
  options: GlobalOptions,
  prompter: Prompter,
  home: Home,
): Promise<InspectionRow> {
  const { inspectionWizard } = await import('../../inspect/wizard.js');
  const registry = loadRegistry(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd);
  const input = await inspectionWizard(prompter, registry, { me: home.actor, today: ctx.now() });
  const inspection = createInspection(home.store, home.actor, input, registry);
  prompter.print(t('inspect.created', { id: inspection.id, title: inspection.title }));
  return inspection;
}

async function run(home: Home, inspection: InspectionRow): Promise<void> {
  const { ctx, store, actor, prompter } = home;
  const { runSession } = await import('../../inspect/session.js');
  const from = nextSeqNo(store);
  await runSession(
    { store, actor, inspection, prompter, maxEvidenceMb: maxEvidenceMb(ctx), cwd: ctx.io.cwd, colour: ctx.colour },
    {},
  );
  // Names recorded in clear on a laptop that has a hub: the warning `record` gives (issue 18).
  const warning = clearNamesSinceText(ctx, store, from);
  if (warning) prompter.print(ctx.colour.yellow(warning));
}

async function lintAll(ctx: Context, options: GlobalOptions, prompter: Prompter): Promise<void> {
  const result = await lintFiles(folderFiles(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd));
  prompter.print(formatLint('stylish', result, { colour: ctx.colour }));
}
