// Rectification to closure (销号): open → rectifying → closure-requested → closed, or closure-requested →
// returned → rectifying; closed can be reopened with a reason. Closing needs closure evidence and a closer
// other than the one who asked for it, unless self-closing is allowed explicitly and a reason recorded.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ProblemStatus, StepKind, StoredEvent } from '../store/events.js';
import { problemsOf, problemSteps, stepsByProblem, type StoredStep } from '../store/problem-queries.js';
import { stepOf } from '../store/team-queries.js';
import type { Store } from '../store/store.js';
import { storeEvidence } from '../inspect/evidence.js';
import type { Problem } from './problems.js';

export const STATUSES: readonly ProblemStatus[] = ['open', 'rectifying', 'closure-requested', 'returned', 'closed'];

/** What `ducha rectify --status` accepts, and the step each means. */
export const RECTIFY_TARGETS = {
  rectifying: 'progress',
  'closure-requested': 'request',
  returned: 'return',
  reopened: 'reopen',
} as const;
export type RectifyTarget = keyof typeof RECTIFY_TARGETS;

/** From each status, the steps allowed and the status each leads to. */
const ALLOWED: Record<ProblemStatus, Partial<Record<StepKind, ProblemStatus>>> = {
  open: { progress: 'rectifying', request: 'closure-requested' },
  rectifying: { progress: 'rectifying', request: 'closure-requested' },
  'closure-requested': { return: 'returned', close: 'closed' },
  returned: { progress: 'rectifying', request: 'closure-requested' },
  closed: { reopen: 'rectifying' },
};

/** The steps a problem in `status` can take next (the home menu offers only these). */
export const stepsFrom = (status: ProblemStatus): StepKind[] => Object.keys(ALLOWED[status]) as StepKind[];

const STEP_WORDS: Record<StepKind, string> = {
  progress: '--status rectifying',
  request: '--status closure-requested',
  return: '--status returned',
  close: 'ducha close',
  reopen: '--status reopened --reason …',
};

export type Step = StoredStep;

/** Every problem's steps in an inspection at once, by problem id. */
export const stepsOf = (store: Store, inspectionId: string): Map<string, Step[]> => stepsByProblem(store, inspectionId);

export const steps = (store: Store, problem: Pick<Problem, 'id' | 'inspectionId'>): Step[] =>
  problemSteps(store, problem.inspectionId, problem.id);

/** The current status, its register heads (several = devices disagree), and the allowed next steps. */
export function statusOf(
  store: Store,
  problem: Pick<Problem, 'id' | 'inspectionId'>,
): { status: ProblemStatus; heads: string[]; conflict: boolean } {
  const row = problemsOf(store, problem.inspectionId).find((p) => p.id === problem.id);
  const heads = row?.fields.status ?? [];
  const last = heads[heads.length - 1]?.value as { status: ProblemStatus } | undefined;
  return { status: last?.status ?? 'open', heads: heads.map((h) => h.eventId), conflict: heads.length > 1 };
}

export const statusName = (s: ProblemStatus) => t(`status.${s}`);

export interface StepInput {
  kind: StepKind;
  note?: string;
  reason?: string;
  evidence?: string[];
  allowSelfClose?: boolean;
}

export function advance(
  store: Store,
  actor: string,
  problem: Problem,
  input: StepInput,
  maxEvidenceMb: number,
): StoredEvent<'problem.progressed'> {
  const note = input.note?.trim() || undefined;
  const reason = input.reason?.trim() || undefined;
  return store.write(() => {
    const current = statusOf(store, problem);
    if (current.conflict)
      throw new InputError(t('lifecycle.conflict', { id: problem.id }), { hint: t('lifecycle.conflict.hint') });
    const allowed = ALLOWED[current.status];
    const next = allowed[input.kind];
    if (!next) {
      const options = (Object.keys(allowed) as StepKind[])
        .map((k) => `${t(`step.${k}`)}（${STEP_WORDS[k]}）`)
        .join('、');
      throw new InputError(
        t('lifecycle.refused', { id: problem.id, status: statusName(current.status), step: t(`step.${input.kind}`) }),
        { hint: t('lifecycle.allowed', { options }) },
      );
    }
    if ((input.kind === 'request' || input.kind === 'return') && !note)
      throw new InputError(t(`lifecycle.noteRequired.${input.kind}`));
    if (input.kind === 'reopen' && !reason)
      throw new InputError(t('lifecycle.reasonRequired'), { hint: t('lifecycle.reasonRequired.hint') });
    // Closure is judged on evidence: asked for without it, the request could neither be completed nor closed.
    if (input.kind === 'request' && (input.evidence ?? []).length === 0)
      throw new InputError(t('lifecycle.requestEvidence', { id: problem.id }), {
        hint: t('lifecycle.requestEvidence.hint'),
      });
    const evidence = (input.evidence ?? []).map((path) => storeEvidence(store, path, maxEvidenceMb));
    let selfClose = false;
    if (input.kind === 'close') {
      const request = steps(store, problem)
        .filter((s) => s.kind === 'request')
        .at(-1)!;
      if (request.evidence.length === 0 && evidence.length === 0)
        throw new InputError(t('lifecycle.closeEvidence', { id: problem.id }), {
          hint: t('lifecycle.closeEvidence.hint'),
        });
      // Four eyes by key, not by name: the closure is signed by this device, so a request made on this same
      // device (whatever --actor says) needs the explicit, reasoned override; so does the same name.
      const sameDevice = stepOf(store, problem.inspectionId, request.eventId)?.device === store.device;
      if (sameDevice || request.actor === actor) {
        if (!input.allowSelfClose || !reason) {
          throw sameDevice
            ? new InputError(t('integrity.selfCloseDevice', { id: problem.id, device: store.device }), {
                hint: t('lifecycle.selfClose.hint'),
                code: 'self-close',
              })
            : new InputError(t('lifecycle.selfClose', { id: problem.id, actor }), {
                hint: t('lifecycle.selfClose.hint'),
                code: 'self-close',
              });
        }
        selfClose = true;
      }
    }
    return store.append(actor, 'problem.progressed', {
      problemId: problem.id,
      inspectionId: problem.inspectionId,
      kind: input.kind,
      status: next,
      note,
      reason,
      selfClose: selfClose || undefined,
      evidence,
      supersedes: current.heads,
    });
  });
}

/** Overdue: a deadline that has passed, and not closed. */
export function isOverdue(problem: Pick<Problem, 'deadline'>, status: ProblemStatus, today: string): boolean {
  return problem.deadline !== undefined && status !== 'closed' && problem.deadline < today;
}
