// Corrections without losing history: a record amended or withdrawn, a conclusion amended or withdrawn —
// each one event with its reason, never a deletion; the original stays in the log.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { resultName } from '../checklist/describe.js';
import type { Method, Result } from '../checklist/schema.js';
import { conclusionEntity, type RecordField, type RecordFields, type StoredEvent } from '../store/events.js';
import { conclusions, registerHeads } from '../store/queries.js';
import { getRecord, recordHeads, recordsWithPrefix, type StoredRecord } from '../store/record-queries.js';
import type { Store } from '../store/store.js';
import { allItems, inspectionSnapshots, itemKey, type ItemRef } from './items.js';
import { checkMethod, checkResult, conclude, missingEvidence } from './recording.js';

/** A record id may be shortened to any unique prefix of at least this many characters. */
export const RECORD_PREFIX_MIN = 6;

const clean = (s: string | undefined) => (s === undefined ? undefined : s.trim());

function requireReason(reason: string | undefined): string {
  const r = reason?.trim();
  if (!r) throw new InputError(t('corrections.reasonRequired'), { hint: t('corrections.reasonRequired.hint') });
  return r;
}

/** A record by its full id or a unique prefix (≥ 6 characters). */
export function findRecord(store: Store, arg: string): StoredRecord {
  const wanted = arg.trim().toLowerCase();
  if (wanted.length < RECORD_PREFIX_MIN)
    throw new InputError(t('corrections.recordIdShort', { id: arg, n: RECORD_PREFIX_MIN }), {
      hint: t('corrections.recordNotFound.hint'),
    });
  const exact = getRecord(store, wanted);
  if (exact) return exact;
  const matches = recordsWithPrefix(store, wanted, 11);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const shown = matches.slice(0, 10).map((r) => `${r.id}（${r.itemId}）`);
    throw new InputError(t('corrections.recordAmbiguous', { id: arg }), {
      hint: shown.join('  ') + (matches.length > 10 ? ' …' : ''),
    });
  }
  throw new InputError(t('corrections.recordNotFound', { id: arg }), { hint: t('corrections.recordNotFound.hint') });
}

/** The item a record or conclusion belongs to, in its inspection's current checklists. */
export function itemOf(store: Store, inspectionId: string, checklistId: string, itemId: string): ItemRef | undefined {
  return allItems(inspectionSnapshots(store, inspectionId)).find((r) => r.key === itemKey(checklistId, itemId));
}

export interface RecordAmendment {
  method?: string;
  note?: string;
  subject?: string;
  interviewee?: string;
  reason: string;
}

export interface CorrectionResult<
  T extends 'record.amended' | 'record.withdrawn' | 'conclusion.set' | 'conclusion.withdrawn',
> {
  event: StoredEvent<T>;
  /** Required methods of a concluded item that no longer have a record that counts. */
  missing: Method[];
}

/** What a concluded item still requires after its records changed (nothing when open or not applicable). */
function missingAfter(store: Store, inspectionId: string, checklistId: string, itemId: string): Method[] {
  const ref = itemOf(store, inspectionId, checklistId, itemId);
  const head = conclusions(store, inspectionId).get(itemKey(checklistId, itemId));
  if (!ref || !head || head.length !== 1 || head[0]!.result === 'not-applicable') return [];
  return missingEvidence(store, inspectionId, ref);
}

export function amendRecord(
  store: Store,
  actor: string,
  record: StoredRecord,
  input: RecordAmendment,
): CorrectionResult<'record.amended'> & { changed: RecordField[] } {
  const reason = requireReason(input.reason);
  if (record.withdrawn) throw new InputError(t('corrections.recordWithdrawn', { id: record.id }));
  const wanted: Partial<RecordFields> = {};
  if (input.method !== undefined) wanted.method = checkMethod(input.method);
  if (input.note !== undefined) {
    const note = clean(input.note);
    if (!note) throw new InputError(t('inspect.noteRequired'), { hint: t('inspect.noteRequired.hint') });
    wanted.note = note;
  }
  if (input.subject !== undefined) wanted.subject = clean(input.subject) || null;
  if (input.interviewee !== undefined) wanted.interviewee = clean(input.interviewee) || null;
  const changed = (Object.keys(wanted) as RecordField[]).filter((f) => wanted[f] !== record[f]);
  if (changed.length === 0)
    throw new InputError(t('corrections.nothingChanged'), { hint: t('corrections.nothingChanged.hint') });
  const event = store.write(() => {
    const heads = recordHeads(store, record.inspectionId, record.id);
    return store.append(actor, 'record.amended', {
      id: record.id,
      inspectionId: record.inspectionId,
      checklistId: record.checklistId,
      itemId: record.itemId,
      fields: Object.fromEntries(changed.map((f) => [f, wanted[f]])),
      reason,
      supersedes: Object.fromEntries(changed.map((f) => [f, heads[f] ?? []])),
    });
  });
  return { event, changed, missing: missingAfter(store, record.inspectionId, record.checklistId, record.itemId) };
}

export function withdrawRecord(
  store: Store,
  actor: string,
  record: StoredRecord,
  reasonText: string,
): CorrectionResult<'record.withdrawn'> {
  const reason = requireReason(reasonText);
  if (record.withdrawn) throw new InputError(t('corrections.recordWithdrawn', { id: record.id }));
  const event = store.write(() =>
    store.append(actor, 'record.withdrawn', {
      id: record.id,
      inspectionId: record.inspectionId,
      checklistId: record.checklistId,
      itemId: record.itemId,
      reason,
      supersedes: recordHeads(store, record.inspectionId, record.id).withdrawn ?? [],
    }),
  );
  return { event, missing: missingAfter(store, record.inspectionId, record.checklistId, record.itemId) };
}

export interface ConclusionAmendment {
  result?: string;
  note?: string;
  goodPractice?: boolean;
  reason: string;
}

/** A new conclusion replacing the current one, with the reason for the change. */
export function amendConclusion(
  store: Store,
  actor: string,
  inspectionId: string,
  ref: ItemRef,
  input: ConclusionAmendment,
): StoredEvent<'conclusion.set'> {
  const reason = requireReason(input.reason);
  const heads = conclusions(store, inspectionId).get(ref.key) ?? [];
  if (heads.length === 0)
    throw new InputError(t('corrections.noConclusion', { item: ref.item.id }), {
      hint: t('corrections.noConclusion.amendHint'),
    });
  if (heads.length > 1)
    throw new InputError(t('corrections.conclusionConflict', { item: ref.item.id }), {
      hint: t('corrections.conclusionConflict.hint'),
    });
  const current = heads[0]!;
  const result: Result = input.result === undefined ? current.result : checkResult(input.result);
  const note = input.note === undefined ? current.note : clean(input.note) || undefined;
  // A good practice goes with 符合 or 基本符合: a change to another result drops the flag unless it is asked for.
  const goodPractice = input.goodPractice ?? (current.goodPractice && (result === 'compliant' || result === 'partial'));
  if (result === current.result && note === current.note && goodPractice === current.goodPractice) {
    throw new InputError(t('corrections.nothingChanged'), { hint: t('corrections.nothingChanged.conclusionHint') });
  }
  return conclude(store, actor, inspectionId, ref, {
    result,
    note,
    goodPractice,
    reason: current.reason,
    changeReason: reason,
  });
}

/** The item's conclusion taken back (every head, so a conflict is settled by the withdrawal too): the item is open again. */
export function withdrawConclusion(
  store: Store,
  actor: string,
  inspectionId: string,
  ref: ItemRef,
  reasonText: string,
): StoredEvent<'conclusion.withdrawn'> & { previous: string } {
  const reason = requireReason(reasonText);
  return store.write(() => {
    const current = conclusions(store, inspectionId).get(ref.key) ?? [];
    if (current.length === 0)
      throw new InputError(t('corrections.noConclusion', { item: ref.item.id }), {
        hint: t('corrections.noConclusion.withdrawHint'),
      });
    const event = store.append(actor, 'conclusion.withdrawn', {
      inspectionId,
      checklistId: ref.checklist.id,
      itemId: ref.item.id,
      reason,
      supersedes: registerHeads(store, conclusionEntity(inspectionId, ref.checklist.id, ref.item.id)),
    });
    return { ...event, previous: current.map((h) => resultName(h.result)).join(' / ') };
  });
}
