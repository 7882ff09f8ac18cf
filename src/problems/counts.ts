// Counts of an inspection's problems by rectification status, with the overdue ones and the closure rate.
import type { FeedbackValue, ProblemStatus } from '../store/events.js';
import { STATUSES } from './lifecycle.js';
import { overdueAt } from './deadlines.js';
import type { Problem } from './problems.js';
import { percent } from '../util/numbers.js';

export interface ProblemCounts {
  total: number;
  byStatus: Record<ProblemStatus, number>;
  closed: number;
  overdue: number;
  closureRate: string;
}

/** Overdue by each problem's deadline as every list shows it (its own, or the feedback date's default). */
export function problemCounts(problems: readonly Problem[], today: string, feedback?: FeedbackValue): ProblemCounts {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ProblemStatus, number>;
  for (const p of problems) byStatus[p.status]++;
  const closed = byStatus.closed;
  return {
    total: problems.length,
    byStatus,
    closed,
    overdue: problems.filter((p) => overdueAt(p, feedback, today)).length,
    closureRate: percent(closed, problems.length),
  };
}
