// Checks an inspection before any report is rendered, so that a document never contradicts the record it
// is made from. Errors stop the report: an item concluded 基本符合 or 不符合 that no problem covers (the
// feedback would say 不符合 and list no problem), a problem about an item now concluded 符合 or 不适用, a
// problem's deadline before the feedback date. Warnings go with it: items not concluded yet, no issuing
// office (the signature would read just 督查组), a feedback date assumed rather than recorded.
// (Conflicts between devices are checked by the conflicts module.)
import { t } from '../i18n/index.js';
import { resultName } from '../checklist/describe.js';
import type { InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { allItems, itemKey } from '../inspect/items.js';
import { itemStatus, progress } from '../inspect/progress.js';
import { progressInput } from '../inspect/status.js';
import { currentProblems, proposals, type Proposal } from '../problems/problems.js';
import { deadlinesBefore, listDeadlines, type Feedback } from '../problems/deadlines.js';

export type ReadinessCode =
  | 'report-uncovered'
  | 'report-problem-contradicts'
  | 'report-deadline-before-feedback'
  | 'report-unconcluded'
  | 'report-office-unset'
  | 'report-feedback-assumed'
  | 'report-feedback-date-differs';

export interface ReadinessIssue {
  code: ReadinessCode;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
}

export interface Readiness {
  issues: ReadinessIssue[];
  /** The items behind `report-uncovered`, as the proposals that would cover them. */
  uncovered: Proposal[];
}

export interface ReadinessOptions {
  /** The feedback date the report uses: recorded, or assumed (the document's own date). */
  feedback: Feedback;
  /** This report records the feedback date (the first feedback or notice issued). */
  recordsFeedback: boolean;
  /** Whether an issuing office was given (--office or report.office). */
  officeSet: boolean;
  /** The feedback document's own date, when this report is the feedback (另行印发 with another date is said). */
  feedbackDocumentDate?: string;
}

const LIST_MAX = 10;
const listOf = (ids: readonly string[]) =>
  ids.slice(0, LIST_MAX).join('、') +
  (ids.length > LIST_MAX ? t('readiness.andMore', { n: ids.length - LIST_MAX }) : '');

export function checkReadiness(store: Store, inspection: InspectionRow, options: ReadinessOptions): Readiness {
  const issues: ReadinessIssue[] = [];
  const input = progressInput(store, inspection);
  const byKey = new Map(allItems(input.snapshots).map((r) => [r.key, r]));

  const uncovered = proposals(store, inspection);
  if (uncovered.length > 0) {
    issues.push({
      code: 'report-uncovered',
      severity: 'error',
      message: t('readiness.uncovered', {
        items: listOf(uncovered.map((p) => `${p.ref.item.id}（${resultName(itemStatus(p.ref, input).head!.result)}）`)),
      }),
      hint: t('readiness.uncovered.hint', { id: inspection.id }),
    });
  }

  const problems = currentProblems(store, inspection.id);
  for (const problem of problems) {
    const contradicted = problem.items
      .map((i) => byKey.get(itemKey(i.checklistId, i.itemId)))
      .flatMap((ref) => {
        if (!ref) return [];
        const { status, head } = itemStatus(ref, input);
        return status === 'done' && head && (head.result === 'compliant' || head.result === 'not-applicable')
          ? [{ ref, result: head.result }]
          : [];
      });
    if (contradicted.length === 0) continue;
    const items = contradicted.map((c) => `${c.ref.item.id}（${resultName(c.result)}）`).join('、');
    const first = contradicted[0]!.ref.item.id;
    issues.push({
      code: 'report-problem-contradicts',
      severity: 'error',
      message: t('readiness.contradicts', { id: problem.id, items }),
      hint: t('readiness.contradicts.hint', { id: problem.id, item: first, inspection: inspection.id }),
    });
  }

  const early = deadlinesBefore(problems, options.feedback.date);
  if (early.length > 0) {
    issues.push({
      code: 'report-deadline-before-feedback',
      severity: 'error',
      message: t(
        options.feedback.recorded
          ? 'readiness.earlyDeadline'
          : options.recordsFeedback
            ? 'readiness.earlyDeadlineAssumed'
            : 'readiness.earlyDeadlineDocument',
        {
          problems: listDeadlines(early),
          date: options.feedback.date,
        },
      ),
      hint: t('readiness.earlyDeadline.hint', { id: early[0]!.id }),
    });
  }

  const open = progress(input).open.filter((o) => o.status !== 'conflict');
  if (open.length > 0) {
    issues.push({
      code: 'report-unconcluded',
      severity: 'warning',
      message: t('readiness.unconcluded', { n: open.length, items: listOf(open.map((o) => o.itemId)) }),
      hint: t('readiness.unconcluded.hint', { id: inspection.id }),
    });
  }
  if (!options.officeSet)
    issues.push({
      code: 'report-office-unset',
      severity: 'warning',
      message: t('readiness.office'),
      hint: t('readiness.office.hint'),
    });
  if (!options.feedback.recorded && !options.recordsFeedback) {
    issues.push({
      code: 'report-feedback-assumed',
      severity: 'warning',
      message: t('readiness.feedbackAssumed', { date: options.feedback.date, days: options.feedback.rectifyDays }),
      hint: t('readiness.feedbackAssumed.hint', { id: inspection.id }),
    });
  }
  const documentDate = options.feedbackDocumentDate;
  if (options.feedback.recorded && documentDate && documentDate !== options.feedback.date) {
    issues.push({
      code: 'report-feedback-date-differs',
      severity: 'warning',
      message: t('readiness.feedbackDiffers', { date: documentDate, recorded: options.feedback.date }),
      hint: t('readiness.feedbackDiffers.hint', { id: inspection.id, date: documentDate }),
    });
  }
  return { issues, uncovered };
}
