// `ducha rectify PROBLEM --status … [--note] [--evidence FILE]…` and `ducha close PROBLEM`: rectification
// progress and closure (销号).
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { findProblem } from '../../problems/problems.js';
import { advance, RECTIFY_TARGETS, statusName, type RectifyTarget, type StepInput } from '../../problems/lifecycle.js';
import { actorOf, maxEvidenceMb, withStore } from '../session.js';
import { RECTIFY_STATUS, parseEnum } from '../enums.js';

interface StepOptions extends GlobalOptions {
  status?: string;
  note?: string;
  reason?: string;
  evidence: string[];
  allowSelfClose?: boolean;
}

async function step(ctx: Context, id: string, options: StepOptions, input: StepInput): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const problem = findProblem(store, undefined, id);
    const evidence = options.evidence.map((p) => resolve(ctx.io.cwd, p));
    const event = advance(
      store,
      actor,
      problem,
      { ...input, note: options.note, reason: options.reason, evidence },
      maxEvidenceMb(ctx),
    );
    const data = {
      problem: problem.id,
      step: event.payload.kind,
      status: event.payload.status,
      selfClose: event.payload.selfClose ?? false,
      evidence: event.payload.evidence,
      event: event.id,
    };
    if (ctx.json) ctx.emit(true, data);
    else
      ctx.out(
        t('lifecycle.done', {
          id: problem.id,
          step: t(`step.${event.payload.kind}`),
          status: statusName(event.payload.status),
        }),
      );
    return 0;
  });
}

export async function rectifyCommand(
  ctx: Context,
  [id]: [string],
  options: Omit<StepOptions, 'allowSelfClose'>,
): Promise<number> {
  const target: RectifyTarget = parseEnum(RECTIFY_STATUS, options.status ?? '');
  return step(ctx, String(id), options, { kind: RECTIFY_TARGETS[target] });
}

export async function closeCommand(
  ctx: Context,
  [id]: [string],
  options: Omit<StepOptions, 'status'>,
): Promise<number> {
  return step(ctx, String(id), options, { kind: 'close', allowSelfClose: options.allowSelfClose });
}
