// Adding a 听查谈访 record and concluding an item: each one event, written with its evidence in one transaction.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { METHODS, RESULTS } from '../checklist/format.js';
import type { Method, Result } from '../checklist/schema.js';
import { methodName, resultName } from '../checklist/describe.js';
import { conclusions, getInspection, itemStats, registerHeads } from '../store/queries.js';
import { conclusionEntity, type StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import { storeEvidence } from './evidence.js';
import type { ItemRef } from './items.js';
import { checkInterviewee } from './interviewee.js';

export interface RecordInput {
  method: string;
  note: string;
  subject?: string;
  interviewee?: string;
  evidence?: string[];
}

export function checkMethod(method: string): Method {
  if (!(METHODS as readonly string[]).includes(method))
    throw new InputError(t('inspect.badMethod', { method }), { hint: 'listen 听 · check 查 · talk 谈 · visit 访' });
  return method as Method;
}

export function checkResult(result: string): Result {
  if (!(RESULTS as readonly string[]).includes(result)) {
    throw new InputError(t('inspect.badResult', { result }), {
      hint: 'compliant 符合 · partial 基本符合 · noncompliant 不符合 · not-applicable 不适用',
    });
  }
  return result as Result;
}

const clean = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

export function addRecord(
  store: Store,
  actor: string,
  inspectionId: string,
  ref: ItemRef,
  input: RecordInput,
  maxEvidenceMb: number,
): StoredEvent<'record.added'> {
  const method = checkMethod(input.method);
  const note = clean(input.note);
  if (!note) throw new InputError(t('inspect.noteRequired'), { hint: t('inspect.noteRequired.hint') });
  checkInterviewee(input.interviewee);
  return store.write(() => {
    const evidence = (input.evidence ?? []).map((path) => storeEvidence(store, path, maxEvidenceMb));
    return store.append(actor, 'record.added', {
      id: store.newId(),
      inspectionId,
      checklistId: ref.checklist.id,
      itemId: ref.item.id,
      method,
      subject: clean(input.subject),
      interviewee: clean(input.interviewee),
      note,
      evidence,
    });
  });
}

export interface ConcludeInput {
  result: string;
  note?: string;
  goodPractice?: boolean;
  /** Required when a method named in evidence.required has no record. */
  reason?: string;
  /** Why an existing conclusion is changed (kept in the event, shown by ducha inspection history). */
  changeReason?: string;
}

/** 基本符合 and 不符合 need the problem's description (问题表现), as the run's wizard asks; good practices go with 符合 or 基本符合. */
export function checkConclusionValue(
  itemId: string,
  result: Result,
  note: string | undefined,
  goodPractice: boolean,
): void {
  if ((result === 'partial' || result === 'noncompliant') && !note) {
    throw new InputError(t('corrections.problemNoteRequired', { item: itemId, result: resultName(result) }), {
      hint: t('corrections.problemNoteRequired.hint'),
    });
  }
  if (goodPractice && result !== 'compliant' && result !== 'partial') {
    throw new InputError(t('corrections.practiceNeedsCompliant', { item: itemId, result: resultName(result) }), {
      hint: t('corrections.practiceNeedsCompliant.hint'),
    });
  }
}

/** Required methods of the item that have no record yet. */
export function missingEvidence(store: Store, inspectionId: string, ref: ItemRef): Method[] {
  const counts = itemStats(store, inspectionId).get(ref.key);
  return ref.item.evidence.required.filter((m) => !counts || counts[m] === 0);
}

export function conclude(
  store: Store,
  actor: string,
  inspectionId: string,
  ref: ItemRef,
  input: ConcludeInput,
): StoredEvent<'conclusion.set'> {
  const result = checkResult(input.result);
  const reason = clean(input.reason);
  const note = clean(input.note);
  checkConclusionValue(ref.item.id, result, note, input.goodPractice ?? false);
  return store.write(() => {
    if (!getInspection(store, inspectionId)) throw new InputError(t('inspect.notFound', { id: inspectionId }));
    const missing = result === 'not-applicable' ? [] : missingEvidence(store, inspectionId, ref);
    if (missing.length > 0 && !reason) {
      throw new InputError(
        t('inspect.evidenceMissing', { item: ref.item.id, methods: missing.map(methodName).join('、') }),
        { hint: t('inspect.evidenceMissing.hint') },
      );
    }
    const concluded = (conclusions(store, inspectionId).get(ref.key) ?? []).length > 0;
    // Every head is replaced, a withdrawal too: it is a value of the register like any other.
    const heads = registerHeads(store, conclusionEntity(inspectionId, ref.checklist.id, ref.item.id));
    return store.append(actor, 'conclusion.set', {
      inspectionId,
      checklistId: ref.checklist.id,
      itemId: ref.item.id,
      result,
      note,
      goodPractice: input.goodPractice ?? false,
      reason: missing.length > 0 ? reason : undefined,
      checklistSha: ref.sha256,
      supersedes: heads,
      changeReason: concluded ? clean(input.changeReason) : undefined,
    });
  });
}
