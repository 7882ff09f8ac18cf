// The new-inspection wizard: asks, through the Prompter, what `inspection new` takes as flags.
import { t } from '../i18n/index.js';
import { UNIT_KINDS } from '../checklist/format.js';
import { kindName } from '../checklist/describe.js';
import { itemCount, type Registry } from '../checklist/registry.js';
import type { Prompter } from './prompter.js';
import { parseTeam, type NewInspection } from './inspections.js';
import { localDate, validateDate } from '../util/dates.js';

export async function inspectionWizard(
  prompter: Prompter,
  registry: Registry,
  defaults: Partial<NewInspection> & { me?: string; today: Date },
): Promise<NewInspection> {
  const unit =
    defaults.unit ??
    (await prompter.input(t('wizard.unit'), {
      required: true,
      validate: (v) => (v.trim() ? true : t('inspect.unitRequired')),
    }));
  const unitKind =
    defaults.unitKind ??
    (await prompter.select(
      t('wizard.unitKind'),
      UNIT_KINDS.map((k) => ({ value: k as string, name: kindName(k) })),
      { default: 'plac' },
    ));
  const region = defaults.region ?? (await prompter.input(t('wizard.region')));
  const available = [...registry.entries.values()].filter((e) =>
    (e.checklist.applies_to as string[]).includes(unitKind),
  );
  const checklists = defaults.checklists?.length
    ? defaults.checklists
    : await prompter.checkbox(
        t('wizard.checklists'),
        available.map((e) => ({
          value: e.checklist.id,
          name: `${e.checklist.title}（${t('wizard.items', { n: itemCount(e.checklist) })}）`,
          checked: true,
        })),
        { required: true },
      );
  const team = defaults.team?.length
    ? defaults.team
    : parseTeam(await prompter.input(t('wizard.team'), { default: defaults.me }));
  const start =
    defaults.start ??
    (await prompter.input(t('wizard.start'), { default: localDate(defaults.today), validate: validateDate }));
  const title =
    defaults.title ??
    (await prompter.input(t('wizard.title'), { default: t('inspect.defaultTitle', { unit: unit.trim() }) }));
  return { unit, unitKind, region, checklists, team, start: start.trim(), title };
}
