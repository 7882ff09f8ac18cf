// Where an inspection stands on the way from recording to reporting — open items, problems still to list,
// problems to rectify — and the next steps as exact commands: above the home menu and when a run ends.
import type { Colour } from '../../util/colour.js';
import { t } from '../../i18n/index.js';
import type { InspectionRow } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
import { inspectionProgress } from '../../inspect/status.js';
import { localDate } from '../../inspect/inspections.js';
import type { Progress } from '../../inspect/progress.js';
import { currentProblems, proposals } from '../../problems/problems.js';
import { problemCounts, type ProblemCounts } from '../../problems/counts.js';
import { commandLine } from './shared.js';

export interface Standing {
  progress: Progress;
  problems: ProblemCounts;
  /** Items concluded 基本符合 or 不符合 that no problem covers yet. */
  toPropose: number;
  /** The day this standing was read (the store's clock). */
  today: string;
}

export function standing(store: Store, inspection: InspectionRow): Standing {
  return {
    progress: inspectionProgress(store, inspection),
    problems: problemCounts(currentProblems(store, inspection.id), localDate(store.now())),
    today: localDate(store.now()),
    toPropose: proposals(store, inspection).length,
  };
}

const list = (ids: string[], max = 6) => ids.slice(0, max).join('、') + (ids.length > max ? '…' : '');

/** Three lines: which inspection, what is still open, where its problems stand. */
export function standingText(inspection: InspectionRow, s: Standing, c: Colour): string {
  const p = s.progress;
  const lines = [c.bold(t('home.current', { title: inspection.title, id: inspection.id }))];
  lines.push(
    p.open.length === 0
      ? `  ${c.green(t('home.allConcluded', { total: p.total }))}`
      : `  ${t('home.openItems', { concluded: p.concluded, total: p.total, n: p.open.length })}${c.yellow(list(p.open.map((o) => o.itemId)))}`,
  );
  const parts = [
    s.problems.total
      ? t('home.problems', { total: s.problems.total, closed: s.problems.closed, overdue: s.problems.overdue })
      : t('home.noProblems'),
  ];
  if (s.toPropose) parts.push(c.yellow(t('home.toPropose', { n: s.toPropose })));
  lines.push(`  ${parts.join('；')}`);
  return lines.join('\n');
}

/** The next steps from here, each with the command that does it (the home menu offers them all too). */
export function nextSteps(inspection: InspectionRow, s: Standing, c: Colour, actor: string): string {
  const id = inspection.id;
  const steps: Array<[string[], string]> = [];
  if (s.progress.open.length) steps.push([['run', id], t('next.run', { n: s.progress.open.length })]);
  if (s.toPropose) steps.push([['problem', 'propose', id], t('next.propose', { n: s.toPropose })]);
  if (s.problems.total || s.toPropose) steps.push([['problem', 'list', id], t('next.list')]);
  const file = `${inspection.unit.replace(/[\\/:*?"<>|\s]/g, '')}${t('report.kind.feedback')}.docx`;
  steps.push([['report', id, '--kind', 'feedback', '-o', file], t('next.report')]);
  if (s.problems.total > s.problems.closed)
    steps.push([['rectify', t('next.problemId'), '--status', 'rectifying', '--note', '…'], t('next.rectify')]);
  steps.push([['export', id, '-o', `${actor}-${s.today}.ducha`], t('next.export')]);
  steps.push([[], t('next.home')]);
  // What, then the command on a line of its own: an 80-column terminal shows both without wrapping.
  return [
    c.bold(t('next.title')),
    ...steps.flatMap(([args, what]) => [`  ${what}`, `      ${c.cyan(commandLine(args))}`]),
  ].join('\n');
}
