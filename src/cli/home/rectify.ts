// The home menu's 整改销号: choose a problem, then one of the steps its status allows (report progress, ask
// for closure, return, close, reopen), with the note, reason and evidence that step takes — done by
// `ducha rectify` / `ducha close`, which check every rule.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { t } from '../../i18n/index.js';
import type { InspectionRow } from '../../store/queries.js';
import type { StepKind } from '../../store/events.js';
import { currentProblems, type Problem } from '../../problems/problems.js';
import { statusName, steps, stepsFrom } from '../../problems/lifecycle.js';
import { droppedPaths } from '../../inspect/dropped-paths.js';
import { truncate } from '../../util/width.js';
import { attempt, type Home } from './shared.js';

const STATUS_OF: Record<Exclude<StepKind, 'close'>, string> = {
  progress: 'rectifying',
  request: 'closure-requested',
  return: 'returned',
  reopen: 'reopened',
};

export async function rectifyStep(home: Home, inspection: InspectionRow): Promise<void> {
  const { prompter, ctx, options, store } = home;
  const problems = currentProblems(store, inspection.id);
  const columns = prompter.screen()?.columns ?? 100;
  const chosen = await prompter.escapable(async () => {
    const problem = await prompter.select(
      t('home.rectify.which'),
      problems.map((p) => ({
        value: p,
        name: truncate(`${p.id}  ${statusName(p.status)}  ${p.deadline ?? '—'}  ${p.description}`, columns - 4),
      })),
    );
    const kind = await prompter.select<StepKind>(
      t('home.rectify.step', { status: statusName(problem.status) }),
      stepsFrom(problem.status).map((k) => ({ value: k, name: t(`step.${k}`) })),
    );
    return { problem, kind, ...(await askStep(home, problem, kind)) };
  });
  if (!chosen) return;
  const { problem, kind, note, reason, evidence, selfClose } = chosen;
  const id = `${inspection.id}/${problem.id}`;
  const { closeCommand, rectifyCommand } = await import('../commands/rectify.js');
  const flags = [
    ...(note ? ['--note', note] : []),
    ...(reason ? ['--reason', reason] : []),
    ...evidence.flatMap((e) => ['--evidence', e]),
    ...(selfClose ? ['--allow-self-close'] : []),
  ];
  const given = { ...options, note, reason, evidence, allowSelfClose: selfClose };
  if (kind === 'close') await attempt(home, ['close', id, ...flags], () => closeCommand(ctx, [id], given));
  else
    await attempt(home, ['rectify', id, '--status', STATUS_OF[kind], ...flags], () =>
      rectifyCommand(ctx, [id], { ...given, status: STATUS_OF[kind] }),
    );
}

async function askStep(home: Home, problem: Problem, kind: StepKind) {
  const { prompter, store, actor, ctx } = home;
  const needsNote = kind === 'request' || kind === 'return';
  let selfClose = false;
  let reason: string | undefined;
  if (kind === 'close') {
    const request = steps(store, problem)
      .filter((s) => s.kind === 'request')
      .at(-1);
    if (request?.actor === actor) {
      prompter.print(t('home.rectify.selfClose', { actor }));
      if (!(await prompter.confirm(t('home.rectify.selfCloseAsk'), { default: false })))
        return { note: undefined, reason, evidence: [], selfClose };
      selfClose = true;
    }
  }
  if (kind === 'reopen' || selfClose) reason = await prompter.input(t('home.rectify.reason'), { required: true });
  const note = await prompter.input(t(`home.rectify.note.${kind}`), { required: needsNote });
  const evidence: string[] = [];
  if (kind === 'progress' || kind === 'request' || kind === 'close') {
    for (;;) {
      const answer = await prompter.input(evidence.length ? t('run.ask.moreEvidence') : t('home.rectify.evidence'), {
        validate: (v) => {
          const missing = droppedPaths(v, isFile(ctx.io.cwd)).find((p) => !isFile(ctx.io.cwd)(p));
          return missing === undefined ? true : t('evidence.missing', { path: missing });
        },
      });
      const paths = droppedPaths(answer, isFile(ctx.io.cwd));
      if (paths.length === 0) break;
      evidence.push(...paths.map((p) => resolve(ctx.io.cwd, p)));
    }
  }
  return { note: note.trim() || undefined, reason: reason?.trim() || undefined, evidence, selfClose };
}

const isFile = (cwd: string) => (path: string) =>
  existsSync(resolve(cwd, path)) && statSync(resolve(cwd, path)).isFile();
