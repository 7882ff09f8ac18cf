// The home menu's 问题清单: list the items found lacking as problems (preview first), see the list, and
// edit one field of a problem — each through the command that does it on the command line.
import { t } from '../../i18n/index.js';
import { severityName } from '../../checklist/describe.js';
import { SEVERITIES } from '../../checklist/format.js';
import type { InspectionRow } from '../../store/queries.js';
import { currentProblems, proposals, RECTIFICATION_TYPES, type Problem } from '../../problems/problems.js';
import { statusName } from '../../problems/lifecycle.js';
import { truncate } from '../../util/width.js';
import { attempt, type Home } from './shared.js';

type Step = 'propose' | 'list' | 'edit' | 'back';

export async function problemsStep(home: Home, inspection: InspectionRow): Promise<void> {
  const { prompter, store } = home;
  const pending = proposals(store, inspection).length;
  const problems = currentProblems(store, inspection.id);
  const step = await prompter.select<Step>(
    t('home.problems.ask'),
    [
      {
        value: 'propose',
        name: pending ? t('home.problems.propose', { n: pending }) : t('home.problems.proposeNone'),
        disabled: pending === 0 ? t('home.problems.noneToPropose') : false,
      },
      { value: 'list', name: t('home.problems.list', { n: problems.length }) },
      {
        value: 'edit',
        name: t('home.problems.edit'),
        disabled: problems.length === 0 ? t('home.problems.noneYet') : false,
      },
      { value: 'back', name: t('home.back') },
    ],
    { default: pending > 0 ? 'propose' : problems.length ? 'edit' : 'list' },
  );
  const { problemEdit, problemList, problemPropose } = await import('../commands/problem.js');
  const { ctx, options } = home;
  if (step === 'list')
    await attempt(home, ['problem', 'list', inspection.id], () => problemList(ctx, [inspection.id], options));
  else if (step === 'propose') {
    await attempt(home, ['problem', 'propose', inspection.id, '--dry-run'], () =>
      problemPropose(ctx, [inspection.id], { ...options, dryRun: true }),
    );
    if (await prompter.confirm(t('home.problems.confirmPropose', { n: pending }), { default: true })) {
      await attempt(home, ['problem', 'propose', inspection.id], () => problemPropose(ctx, [inspection.id], options));
      prompter.print(t('home.problems.afterPropose'));
    }
  } else if (step === 'edit') {
    const edit = await prompter.escapable(() => askEdit(home, problems));
    if (!edit) return;
    const id = `${inspection.id}/${edit.problem.id}`;
    await attempt(home, ['problem', 'edit', id, `--${edit.flag}`, edit.value], () =>
      problemEdit(ctx, [id], { ...options, item: [], removeItem: [], method: [], [edit.field]: edit.value }),
    );
  }
}

/** The fields the menu edits: each with its command-line flag and how its value is asked. */
const FIELDS = [
  { field: 'description', flag: 'description', label: 'problem.col.description', kind: 'text' },
  { field: 'unit', flag: 'unit', label: 'home.field.unit', kind: 'text' },
  { field: 'leader', flag: 'leader', label: 'home.field.leader', kind: 'text' },
  { field: 'person', flag: 'person', label: 'home.field.person', kind: 'text' },
  { field: 'deadline', flag: 'deadline', label: 'home.field.deadline', kind: 'text' },
  { field: 'severity', flag: 'severity', label: 'home.field.severity', kind: 'severity' },
  { field: 'type', flag: 'type', label: 'home.field.type', kind: 'type' },
  { field: 'rectification', flag: 'rectification', label: 'home.field.rectification', kind: 'text' },
  { field: 'measures', flag: 'measures', label: 'home.field.measures', kind: 'text' },
] as const;

async function askEdit(
  home: Home,
  problems: Problem[],
): Promise<{ problem: Problem; field: string; flag: string; value: string }> {
  const { prompter } = home;
  const columns = prompter.screen()?.columns ?? 100;
  const problem = await prompter.select(
    t('home.problems.which'),
    problems.map((p) => ({
      value: p,
      name: truncate(
        `${p.id}  ${p.items.map((i) => i.itemId).join('、') || '—'}  ${statusName(p.status)}  ${p.description}`,
        columns - 4,
      ),
    })),
  );
  const current = (field: string) => {
    const v = (problem as unknown as Record<string, unknown>)[field];
    return v === undefined || v === null ? '' : String(v);
  };
  const spec = await prompter.select(
    t('home.problems.field'),
    FIELDS.map((f) => ({ value: f, name: t(f.label), description: truncate(current(f.field) || '—', columns - 2) })),
  );
  let value: string;
  if (spec.kind === 'severity')
    value = await prompter.select(
      t(spec.label),
      SEVERITIES.map((s) => ({ value: s as string, name: severityName(s) })),
      { default: problem.severity },
    );
  else if (spec.kind === 'type')
    value = await prompter.select(
      t(spec.label),
      RECTIFICATION_TYPES.map((s) => ({ value: s as string, name: t(`problem.type.${s}`) })),
      { default: problem.type },
    );
  else
    value = await prompter.input(spec.field === 'deadline' ? t('home.field.deadlineAsk') : t(spec.label), {
      default: current(spec.field) || undefined,
    });
  return { problem, field: spec.field, flag: spec.flag, value };
}
