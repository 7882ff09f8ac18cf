// The run's 更正 entry on an item card: pick one of the item's records (or its conclusion), then amend or
// withdraw it, with a reason; each answer ends in one committed event.
import { t } from '../i18n/index.js';
import { methodName, resultName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { Method } from '../checklist/schema.js';
import type { ConclusionHead, RecordRow } from '../store/queries.js';
import { getRecord } from '../store/record-queries.js';
import type { ActionDeps } from './actions.js';
import { amendRecord, withdrawConclusion, withdrawRecord } from './corrections.js';
import type { ItemRef } from './items.js';

const short = (s: string, n = 40) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

/** A record as the list to pick from shows it: method, subject, the start of the note. */
export const recordLabel = (r: Pick<RecordRow, 'method' | 'subject' | 'note'>) =>
  `${methodName(r.method)}｜${r.subject ? r.subject + '｜' : ''}${short(r.note)}`;

export async function correctionFlow(
  deps: ActionDeps,
  ref: ItemRef,
  records: readonly RecordRow[],
  heads: readonly ConclusionHead[],
): Promise<void> {
  const { prompter } = deps;
  const choices = records.map((r) => ({ value: `record:${r.id}`, name: recordLabel(r) }));
  if (heads.length > 0)
    choices.push({
      value: 'conclusion',
      name: t('run.correct.conclusion', { result: heads.map((h) => resultName(h.result)).join(' / ') }),
    });
  choices.push({ value: 'back', name: t('run.correct.back') });
  const target = await prompter.select(t('run.ask.correctWhich'), choices);
  if (target === 'back') return;
  const reason = () =>
    prompter.input(t('run.ask.correctReason'), {
      required: true,
      validate: (v) => (v.trim() ? true : t('corrections.reasonRequired')),
    });
  if (target === 'conclusion') {
    if (!(await prompter.confirm(t('run.ask.withdrawConclusion', { item: ref.item.id }), { default: false }))) return;
    withdrawConclusion(deps.store, deps.actor, deps.inspectionId, ref, await reason());
    prompter.print(t('run.correct.conclusionWithdrawn', { item: ref.item.id }));
    return;
  }
  const record = getRecord(deps.store, target.slice('record:'.length))!;
  const action = await prompter.select<'amend' | 'withdraw' | 'back'>(t('run.ask.correctAction'), [
    { value: 'amend', name: t('run.correct.amend') },
    { value: 'withdraw', name: t('run.correct.withdraw') },
    { value: 'back', name: t('run.correct.back') },
  ]);
  if (action === 'back') return;
  let missing: Method[];
  if (action === 'withdraw') {
    missing = withdrawRecord(deps.store, deps.actor, record, await reason()).missing;
    prompter.print(t('run.correct.recordWithdrawn'));
  } else {
    const method = await prompter.select<Method>(
      t('run.ask.method'),
      METHODS.map((m) => ({ value: m, name: `${methodName(m)}  ${t(`run.method.${m}`)}` })),
      { default: record.method },
    );
    const subject = await prompter.input(t(`run.ask.subject.${method}`), { default: record.subject ?? undefined });
    const interviewee =
      method === 'talk'
        ? await prompter.input(t('run.ask.interviewee'), { default: record.interviewee ?? undefined })
        : ''; // only a talk has an interviewee
    const note = await prompter.input(t('run.ask.note'), {
      default: record.note,
      required: true,
      validate: (v) => (v.trim() ? true : t('inspect.noteRequired')),
    });
    const unchanged =
      method === record.method &&
      subject.trim() === (record.subject ?? '') &&
      interviewee.trim() === (record.interviewee ?? '') &&
      note.trim() === record.note;
    if (unchanged) {
      prompter.print(t('corrections.nothingChanged'));
      return;
    }
    missing = amendRecord(deps.store, deps.actor, record, {
      method,
      subject,
      interviewee,
      note,
      reason: await reason(),
    }).missing;
    prompter.print(t('run.correct.recordAmended'));
  }
  if (missing.length > 0)
    prompter.print(t('corrections.nowMissing', { item: ref.item.id, methods: missing.map(methodName).join('、') }));
}
