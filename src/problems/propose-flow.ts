// Before a report, in a terminal: the items concluded 基本符合 or 不符合 that no problem covers are offered as
// problems at once — asking for the description where the conclusion has none, never using the item's title.
import { t } from '../i18n/index.js';
import { resultName } from '../checklist/describe.js';
import type { Prompter } from '../inspect/prompter.js';
import type { InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { conclusions } from '../store/queries.js';
import { createProblems, type Proposal } from './problems.js';

/** Offer the proposals; returns the ids of the problems made (none when declined). */
export async function offerProposals(
  prompter: Prompter,
  store: Store,
  actor: () => string,
  inspection: InspectionRow,
  uncovered: readonly Proposal[],
): Promise<string[]> {
  const heads = conclusions(store, inspection.id);
  prompter.print(t('readiness.offerList', { n: uncovered.length }));
  for (const p of uncovered) {
    const result = heads.get(p.ref.key)?.[0]?.result;
    prompter.print(
      `  ${p.ref.item.id}  ${p.ref.item.title}（${result ? resultName(result) : ''}）${p.fields.description ? '：' + p.fields.description : ''}`,
    );
  }
  if (!(await prompter.confirm(t('readiness.offer', { n: uncovered.length }), { default: true }))) return [];
  const fields = [];
  for (const p of uncovered) {
    let description = p.fields.description;
    if (p.needsDescription) {
      description = (
        await prompter.input(t('readiness.askDescription', { item: p.ref.item.id, title: p.ref.item.title }), {
          required: true,
          validate: (v) => (v.trim() ? true : t('run.problemNoteRequired')),
        })
      ).trim();
    }
    fields.push({ ...p.fields, description });
  }
  const ids = createProblems(store, actor(), inspection.id, fields);
  prompter.print(t('readiness.proposed', { n: ids.length, ids: ids.join('、') }));
  return ids;
}
