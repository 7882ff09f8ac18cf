// The progress circular (整改进展情况通报) as published follow-ups are written (DOMAIN §6): a totals
// sentence, then problem by problem, quoted, with its status in the words such reports use and its
// measures. Built from the report model, so it says what the ledger says. 制定完善制度 N 项 is printed
// only when the team gives N: ducha records no rules, and does not guess a count.
import { t } from '../i18n/index.js';
import type { ProblemModel, ReportModel } from './model.js';
import { openEnded as trim, percent } from '../util/numbers.js';

export interface ProgressItem {
  number: number;
  /** The problem as quoted in 「关于“…”问题的整改」: inner quotes turned to single ones. */
  quoted: string;
  statusText: string;
  measures: string;
  progress: string;
  unit: string;
  deadlineText: string;
  closed: boolean;
  overdue: boolean;
}

export interface ProgressModel extends ReportModel {
  followUp: {
    total: number;
    closed: number;
    /** Being rectified: progress reported, closure requested, or a request returned. */
    ongoing: number;
    /** No step reported yet. */
    notReported: number;
    hasNotReported: boolean;
    hasOpen: boolean;
    hasClosed: boolean;
    rate: string;
    hasSystems: boolean;
    systems: number;
    groups: Array<{ cnNumber: string; checklist: string; items: ProgressItem[] }>;
  };
}

export interface ProgressOptions {
  /** 制定完善制度 N 项, as the team counted it; absent, the clause is left out. */
  systems?: number;
}

/** Quotation inside “…”: “ ” and "…" become ‘ ’. */
export function quoteInner(text: string): string {
  let open = true;
  return text.replace(/[“”"]/g, (q) => {
    if (q === '“') return '‘';
    if (q === '”') return '’';
    const mark = open ? '‘' : '’';
    open = !open;
    return mark;
  });
}

function statusText(p: ProblemModel): string {
  const ongoingType = p.type === t('problem.type.ongoing');
  const key =
    p.status === 'closed'
      ? 'progress.status.closed'
      : p.status === 'closure-requested'
        ? 'progress.status.requested'
        : p.status === 'returned'
          ? 'progress.status.returned'
          : p.status === 'rectifying'
            ? ongoingType
              ? 'progress.status.ongoing'
              : 'progress.status.rectifying'
            : 'progress.status.open';
  return t(key) + (p.overdue && p.status !== 'closed' ? t('progress.status.overdue') : '');
}

export function progressModel(model: ReportModel, options: ProgressOptions = {}): ProgressModel {
  const closed = model.problems.filter((p) => p.status === 'closed').length;
  const notReported = model.problems.filter((p) => p.status === 'open').length;
  const total = model.problems.length;
  const groups = model.problemGroups.map((g) => ({
    cnNumber: g.cnNumber,
    checklist: g.checklist,
    items: g.sections
      .flatMap((s) => s.problems)
      .map((p, i) => ({
        number: i + 1,
        quoted: quoteInner(p.description),
        statusText: statusText(p),
        measures: trim(p.measures),
        progress: trim(p.progress),
        unit: p.unit,
        deadlineText: p.deadlineText,
        closed: p.status === 'closed',
        overdue: p.overdue,
      })),
  }));
  return {
    ...model,
    followUp: {
      total,
      closed,
      ongoing: total - closed - notReported,
      notReported,
      hasNotReported: notReported > 0,
      hasOpen: closed < total,
      hasClosed: closed > 0,
      rate: percent(closed, total),
      hasSystems: options.systems !== undefined,
      systems: options.systems ?? 0,
      groups,
    },
  };
}
