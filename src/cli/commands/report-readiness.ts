// What `ducha report` does before rendering: the readiness check (src/report/readiness.ts) acted on — in a
// terminal, items no problem covers are offered as problems at once; otherwise errors stop the report
// (exit 2, naming the items and the command to run) and warnings go to stderr and into --json problems.
import type { Context } from '../context.js';
import type { EnvelopeProblem } from '../../util/envelope.js';
import { isInteractive } from '../io.js';
import { t } from '../../i18n/index.js';
import type { InspectionRow } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
import { checkReadiness, type ReadinessIssue, type ReadinessOptions } from '../../report/readiness.js';

export const asProblem = (i: ReadinessIssue): EnvelopeProblem => ({
  file: null,
  line: null,
  column: null,
  code: i.code,
  severity: i.severity,
  message: i.message,
  hint: i.hint,
});

export interface ReadyResult {
  /** Empty when the report may go ahead; otherwise what stopped it. */
  errors: ReadinessIssue[];
  warnings: ReadinessIssue[];
}

/**
 * Check the inspection; in a terminal, offer to propose the problems that are missing, then check again —
 * unless `offer` is false (a copy of the hub's rows: what is proposed there would be lost).
 */
export async function ensureReady(
  ctx: Context,
  store: Store,
  inspection: InspectionRow,
  options: ReadinessOptions & { draft: boolean; actor: () => string; offer?: boolean },
): Promise<ReadyResult> {
  let ready = checkReadiness(store, inspection, options);
  if (ready.uncovered.length > 0 && !options.draft && options.offer !== false && !ctx.json && isInteractive(ctx.io)) {
    const { terminalPrompter } = await import('../../inspect/prompts.js');
    const { offerProposals } = await import('../../problems/propose-flow.js');
    const made = await offerProposals(terminalPrompter(ctx.io), store, options.actor, inspection, ready.uncovered);
    if (made.length > 0) ready = checkReadiness(store, inspection, options);
  }
  const errors = ready.issues.filter((i) => i.severity === 'error');
  // A draft is not an official document: what would stop one is said, and it goes ahead.
  if (options.draft) return { errors: [], warnings: ready.issues.map((i) => ({ ...i, severity: 'warning' as const })) };
  return { errors, warnings: ready.issues.filter((i) => i.severity === 'warning') };
}

/** Print what stopped the report (stderr, or the --json document) and give its exit code. */
export function refuse(ctx: Context, result: ReadyResult): number {
  if (ctx.json) ctx.emit(false, null, [...result.errors, ...result.warnings].map(asProblem));
  const c = ctx.errColour;
  for (const e of result.errors) {
    ctx.err(`${c.red(c.bold(t('cli.errorLabel')))}${e.message}`);
    if (e.hint) ctx.err(`${c.dim(t('cli.hintLabel'))}${e.hint}`);
  }
  ctx.err(t('readiness.refused'));
  return 2;
}

/** Warnings on stderr (the --json document carries them in its problems). */
export function warn(ctx: Context, warnings: readonly ReadinessIssue[]): void {
  if (ctx.json) return;
  const c = ctx.errColour;
  for (const w of warnings)
    ctx.err(`${c.yellow(t('cli.warningLabel'))}${w.message}${w.hint ? c.dim(`（${w.hint}）`) : ''}`);
}
