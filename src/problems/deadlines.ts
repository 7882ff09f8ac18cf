// One feedback date, one deadline: an inspection's feedback date (反馈日期) is recorded once — when the
// feedback or the notice is first issued, or explicitly — with the rectification period then in force, and
// every problem without its own deadline takes that date plus the period. Every list, document and count
// asks this module, so a problem has the same deadline everywhere. (Recording the date: feedback.ts.)
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { FeedbackValue, ProblemStatus } from '../store/events.js';
import type { InspectionRow } from '../store/queries.js';
import { addDays } from '../util/numbers.js';
import type { Problem } from './problems.js';
import { isOverdue } from './lifecycle.js';

export interface Feedback extends FeedbackValue {
  /** false: not recorded yet, assumed for a document about to be written (its own date). */
  recorded: boolean;
}

/** The inspection's recorded feedback date, if any. */
export function recordedFeedback(
  inspection: Pick<InspectionRow, 'feedbackDate' | 'rectifyDays'>,
): Feedback | undefined {
  return inspection.feedbackDate
    ? { date: inspection.feedbackDate, rectifyDays: inspection.rectifyDays ?? 60, recorded: true }
    : undefined;
}

/**
 * set: the problem's own; default: feedback date + period (立行立改: the feedback date itself, as such problems
 * are put right while the inspection is still there); pending: no feedback date yet; ongoing: 持续整改, none.
 */
export type DeadlineSource = 'set' | 'default' | 'pending' | 'ongoing';

export interface Deadline {
  date?: string;
  source: DeadlineSource;
}

export function deadlineOf(problem: Pick<Problem, 'deadline' | 'type'>, feedback: FeedbackValue | undefined): Deadline {
  if (problem.deadline) return { date: problem.deadline, source: 'set' };
  if (problem.type === 'ongoing') return { source: 'ongoing' };
  if (!feedback) return { source: 'pending' };
  if (problem.type === 'immediate') return { date: feedback.date, source: 'default' };
  return { date: addDays(feedback.date, feedback.rectifyDays), source: 'default' };
}

export function overdueAt(
  problem: Pick<Problem, 'deadline' | 'type'> & { status: ProblemStatus },
  feedback: FeedbackValue | undefined,
  today: string,
): boolean {
  return isOverdue({ deadline: deadlineOf(problem, feedback).date }, problem.status, today);
}

/** The date by which the unit reports on its rectification: the period's end, or a later problem deadline. */
export function closingDate(
  problems: ReadonlyArray<Pick<Problem, 'deadline' | 'type'>>,
  feedback: FeedbackValue,
): string {
  let last = addDays(feedback.date, feedback.rectifyDays);
  for (const p of problems) {
    const d = deadlineOf(p, feedback).date;
    if (d && d > last) last = d;
  }
  return last;
}

/** Problems whose own deadline falls before `date`. */
export function deadlinesBefore(problems: readonly Problem[], date: string): Problem[] {
  return problems.filter((p) => p.deadline !== undefined && p.deadline < date);
}

const listed = (problems: readonly Problem[]) => problems.map((p) => `${p.id}（${p.deadline}）`).join('、');

/** Refuse a deadline before the feedback date (or, before there is one, before the inspection began). */
export function checkDeadline(inspection: InspectionRow, deadline: string): void {
  const feedback = recordedFeedback(inspection);
  if (feedback && deadline < feedback.date) {
    throw new InputError(t('deadline.beforeFeedback', { deadline, date: feedback.date }), {
      hint: t('deadline.beforeFeedback.hint'),
    });
  }
  if (!feedback && deadline < inspection.start)
    throw new InputError(t('deadline.beforeStart', { deadline, date: inspection.start }), {
      hint: t('deadline.beforeStart.hint'),
    });
}

export { listed as listDeadlines };
