// Recording an inspection's feedback date (反馈日期) with the rectification period then in force: once, when
// the feedback or the notice is first issued, or explicitly — never after a problem's own deadline.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { inspectionEntity, type FeedbackValue, type StoredEvent } from '../store/events.js';
import { getInspection, registerHeads } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { currentProblems } from './problems.js';
import { deadlinesBefore, listDeadlines as listed } from './deadlines.js';

/** Record the feedback date: refused when a problem's own deadline would fall before it (naming them). */
export function setFeedback(
  store: Store,
  actor: string,
  inspectionId: string,
  value: FeedbackValue,
  source: 'report' | 'explicit',
): StoredEvent<'inspection.updated'> {
  if (!Number.isSafeInteger(value.rectifyDays) || value.rectifyDays < 0)
    throw new InputError(t('deadline.badDays', { value: String(value.rectifyDays) }));
  return store.write(() => {
    const inspection = getInspection(store, inspectionId)!;
    const early = deadlinesBefore(currentProblems(store, inspectionId), value.date);
    if (early.length > 0)
      throw new InputError(t('deadline.earlierThanFeedback', { problems: listed(early), date: value.date }), {
        hint: t('deadline.earlierThanFeedback.hint'),
        code: 'deadline-before-feedback',
      });
    if (inspection.feedbackDate === value.date && inspection.rectifyDays === value.rectifyDays) {
      throw new InputError(t('deadline.feedbackSame', { date: value.date, days: value.rectifyDays }));
    }
    return store.append(actor, 'inspection.updated', {
      inspectionId,
      fields: { feedback: { date: value.date, rectifyDays: value.rectifyDays } },
      source,
      supersedes: { feedback: registerHeads(store, inspectionEntity(inspectionId, 'feedback')) },
    });
  });
}
