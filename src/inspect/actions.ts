// The prompts behind "add a record" and "conclude" in a run; each ends in one committed event.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { t } from '../i18n/index.js';
import { methodName, resultName } from '../checklist/describe.js';
import { METHODS, RESULTS } from '../checklist/format.js';
import type { Method, Result } from '../checklist/schema.js';
import type { ConclusionHead, MethodCounts } from '../store/queries.js';
import type { Store } from '../store/store.js';
import type { Prompter } from './prompter.js';
import type { ItemRef } from './items.js';
import { addRecord, conclude } from './recording.js';
import { intervieweeMessage, nameFault } from './interviewee.js';

export interface ActionDeps {
  store: Store;
  actor: string;
  inspectionId: string;
  prompter: Prompter;
  maxEvidenceMb: number;
  cwd: string;
}

/** A file path the user typed: exists, is a file, within the size limit. */
function evidenceProblem(path: string, deps: ActionDeps): true | string {
  try {
    const stat = statSync(resolve(deps.cwd, path));
    if (!stat.isFile()) return t('evidence.notFile', { path });
    if (stat.size > deps.maxEvidenceMb * 1024 * 1024) return t('evidence.tooLarge', { path, size: (stat.size / 1024 / 1024).toFixed(1), max: deps.maxEvidenceMb });
    return true;
  } catch {
    return t('evidence.missing', { path });
  }
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');

export async function addRecordFlow(deps: ActionDeps, ref: ItemRef, counts: MethodCounts, preferred?: Method): Promise<void> {
  const { prompter } = deps;
  const guided = METHODS.filter((m) => ref.item.methods[m]);
  const firstMissing = ref.item.evidence.required.find((m) => counts[m] === 0);
  const method = await prompter.select<Method>(
    t('run.ask.method'),
    [...guided, ...METHODS.filter((m) => !guided.includes(m))].map((m) => ({ value: m, name: `${methodName(m)}  ${t(`run.method.${m}`)}`, description: ref.item.methods[m]?.trim() })),
    { default: preferred ?? firstMissing ?? guided[0] },
  );
  const subject = await prompter.input(t(`run.ask.subject.${method}`));
  // A name redaction could not hide (one character, a role word) is asked again, with the reason.
  const validName = (v: string) => {
    const fault = v.trim() ? nameFault(v) : undefined;
    return fault ? t('privacy.interviewee.runHint', { message: intervieweeMessage(v, fault) }) : true;
  };
  const interviewee = method === 'talk' ? await prompter.input(t('run.ask.interviewee'), { validate: validName }) : '';
  const note = await prompter.input(t('run.ask.note'), { required: true, validate: (v) => (v.trim() ? true : t('inspect.noteRequired')) });
  const evidence: string[] = [];
  for (;;) {
    const path = unquote(await prompter.input(evidence.length ? t('run.ask.moreEvidence') : t('run.ask.evidence'), { validate: (v) => (unquote(v) === '' ? true : evidenceProblem(unquote(v), deps)) }));
    if (!path) break;
    evidence.push(resolve(deps.cwd, path));
  }
  addRecord(deps.store, deps.actor, deps.inspectionId, ref, { method, subject, interviewee, note, evidence }, deps.maxEvidenceMb);
  prompter.print(t('run.savedRecord', { method: methodName(method) }));
}

export async function concludeFlow(deps: ActionDeps, ref: ItemRef, counts: MethodCounts, current: ConclusionHead | undefined): Promise<boolean> {
  const { prompter } = deps;
  const missing = ref.item.evidence.required.filter((m) => counts[m] === 0);
  const result = await prompter.select<Result>(
    t('run.ask.result'),
    RESULTS.map((r) => ({ value: r, name: resultName(r) })),
    { default: current?.result },
  );
  let reason: string | undefined;
  if (missing.length > 0 && result !== 'not-applicable') {
    prompter.print(t('inspect.evidenceMissing', { item: ref.item.id, methods: missing.map(methodName).join('、') }));
    const choice = await prompter.select<'record' | 'reason'>(t('run.ask.missingChoice'), [
      { value: 'record', name: t('run.missing.record') },
      { value: 'reason', name: t('run.missing.reason') },
    ]);
    if (choice === 'record') return false;
    reason = await prompter.input(t('run.ask.reason'), { required: true, validate: (v) => (v.trim() ? true : t('run.reasonRequired')) });
  }
  const needsNote = result === 'partial' || result === 'noncompliant';
  const note = await prompter.input(needsNote ? t('run.ask.problemNote') : t('run.ask.note.optional'), {
    default: current?.note,
    required: needsNote,
    validate: (v) => (!needsNote || v.trim() ? true : t('run.problemNoteRequired')),
  });
  const goodPractice = result === 'compliant' || result === 'partial' ? await prompter.confirm(t('run.ask.goodPractice'), { default: current?.goodPractice ?? false }) : false;
  // Changing a conclusion is a correction: its reason is kept (ducha inspection history shows it).
  const changed = current !== undefined && (current.result !== result || (current.note ?? '') !== note.trim());
  const changeReason = changed ? await prompter.input(t('run.ask.changeReason'), { required: true, validate: (v) => (v.trim() ? true : t('corrections.reasonRequired')) }) : undefined;
  conclude(deps.store, deps.actor, deps.inspectionId, ref, { result, note, goodPractice, reason, changeReason });
  prompter.print(t('run.savedConclusion', { item: ref.item.id, result: resultName(result) }));
  return true;
}

/** Flip the good-practice flag of a concluded item, keeping its result and note. */
export function toggleGoodPractice(deps: ActionDeps, ref: ItemRef, current: ConclusionHead): void {
  conclude(deps.store, deps.actor, deps.inspectionId, ref, { result: current.result, note: current.note, goodPractice: !current.goodPractice, reason: current.reason });
  deps.prompter.print(current.goodPractice ? t('run.practiceOff', { item: ref.item.id }) : t('run.practiceOn', { item: ref.item.id }));
}
