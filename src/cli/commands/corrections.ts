// `ducha record amend|withdraw`, `ducha conclusion amend|withdraw`, `ducha inspection history` and
// `ducha inspection set`: corrections as events with their reasons, what changed, and the feedback date.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { methodName, resultName } from '../../checklist/describe.js';
import type { Method } from '../../checklist/schema.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots, resolveItem, itemKey } from '../../inspect/items.js';
import {
  amendConclusion,
  amendRecord,
  findRecord,
  withdrawConclusion,
  withdrawRecord,
} from '../../inspect/corrections.js';
import { currentProblems } from '../../problems/problems.js';
import { checkDate } from '../../problems/problems.js';
import { recordedFeedback } from '../../problems/deadlines.js';
import { setFeedback } from '../../problems/feedback.js';
import { getConfig } from '../../config.js';
import { actorOf, withStore } from '../session.js';
import { clearNameWarnings } from '../clear-name-warning.js';
import { clearNameRecord } from '../../store/clear-names.js';
import type { RecordFieldOptions } from '../defs/record.js';
import { METHOD, RESULT, parseMaybe } from '../enums.js';

const FIELD_KEYS = {
  method: 'history.field.method',
  subject: 'history.field.subject',
  interviewee: 'history.field.interviewee',
  note: 'history.field.note',
} as const;

function warnMissing(ctx: Context, item: string, missing: readonly Method[]): void {
  if (missing.length > 0 && !ctx.json)
    ctx.err(
      ctx.errColour.yellow(t('cli.warningLabel')) +
        t('corrections.nowMissing', { item, methods: missing.map(methodName).join('、') }),
    );
}

interface AmendOptions extends GlobalOptions, RecordFieldOptions {
  reason: string;
}

export async function recordAmend(ctx: Context, [id]: [string], options: AmendOptions): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const record = findRecord(store, String(id));
    // Chinese words as everywhere else: --method 谈.
    const { event, changed, missing } = amendRecord(store, actor, record, {
      ...options,
      method: parseMaybe(METHOD, options.method),
    });
    const named = clearNameRecord(event.type, event.payload) === undefined ? 0 : 1;
    if (ctx.json)
      ctx.emit(
        true,
        { record: record.id, inspection: record.inspectionId, item: record.itemId, changed, event: event.id, missing },
        clearNameWarnings(ctx, store, named),
      );
    else
      ctx.out(
        t('corrections.recordAmended', {
          id: record.id,
          item: record.itemId,
          fields: changed.map((f) => t(FIELD_KEYS[f])).join('、'),
        }),
      );
    if (!ctx.json) clearNameWarnings(ctx, store, named);
    warnMissing(ctx, record.itemId, missing);
    return 0;
  });
}

export async function recordWithdraw(
  ctx: Context,
  [id]: [string],
  options: GlobalOptions & { reason: string },
): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const record = findRecord(store, String(id));
    const { event, missing } = withdrawRecord(store, actor, record, options.reason);
    if (ctx.json)
      ctx.emit(true, {
        record: record.id,
        inspection: record.inspectionId,
        item: record.itemId,
        event: event.id,
        missing,
      });
    else
      ctx.out(
        t('corrections.recordWithdrawnDone', { id: record.id, item: record.itemId, method: methodName(record.method) }),
      );
    warnMissing(ctx, record.itemId, missing);
    return 0;
  });
}

interface ConclusionOptions extends GlobalOptions {
  reason: string;
  result?: string;
  note?: string;
  goodPractice?: boolean;
}

export async function conclusionAmend(
  ctx: Context,
  [inspectionArg, itemArg]: [string, string],
  options: ConclusionOptions,
): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(inspectionArg));
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), String(itemArg));
    const event = amendConclusion(store, actor, inspection.id, ref, {
      ...options,
      result: parseMaybe(RESULT, options.result),
    });
    const p = event.payload;
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        checklist: ref.checklist.id,
        item: ref.item.id,
        result: p.result,
        note: p.note ?? null,
        goodPractice: p.goodPractice,
        reason: p.changeReason,
        event: event.id,
      });
    else ctx.out(t('corrections.conclusionAmended', { item: ref.item.id, result: resultName(p.result) }));
    return 0;
  });
}

export async function conclusionWithdraw(
  ctx: Context,
  [inspectionArg, itemArg]: [string, string],
  options: GlobalOptions & { reason: string },
): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(inspectionArg));
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), String(itemArg));
    const event = withdrawConclusion(store, actor, inspection.id, ref, options.reason);
    // A problem raised on the item stays: the reports will say the item is not concluded until it is again.
    const problems = currentProblems(store, inspection.id)
      .filter((p) => p.items.some((i) => itemKey(i.checklistId, i.itemId) === ref.key))
      .map((p) => p.id);
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        checklist: ref.checklist.id,
        item: ref.item.id,
        previous: event.previous,
        event: event.id,
        problems,
      });
    else {
      ctx.out(t('corrections.conclusionWithdrawnDone', { item: ref.item.id, previous: event.previous }));
      if (problems.length > 0)
        ctx.err(
          ctx.errColour.yellow(t('cli.warningLabel')) +
            t('corrections.problemsRemain', { item: ref.item.id, problems: problems.join('、') }),
        );
    }
    return 0;
  });
}

export async function inspectionHistory(
  ctx: Context,
  [inspectionArg, itemArg]: [string | undefined, string | undefined],
  options: GlobalOptions & { revealIdentities?: boolean },
): Promise<number> {
  const { inspectionHistory: history } = await import('../../inspect/history.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = findInspection(store, inspectionArg);
    const item =
      itemArg === undefined
        ? undefined
        : resolveItem(allItems(inspectionSnapshots(store, inspection.id)), String(itemArg));
    const entries = history(store, inspection.id, { item, revealIdentities: options.revealIdentities });
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        item: item ? `${item.checklist.id}:${item.item.id}` : null,
        entries,
      });
    else {
      ctx.out(
        t(item ? 'history.titleItem' : 'history.title', {
          id: inspection.id,
          item: item?.item.id ?? '',
          n: entries.length,
        }),
      );
      for (const e of entries) {
        const where = e.item ? `${e.item.split(':')[1]}  ` : '';
        ctx.out(`${ctx.colour.dim(localTime(e.at))}  ${e.actor}  ${where}${e.text}`);
      }
    }
    return 0;
  });
}

/** 2026-11-20 17:05 in the local time zone (events keep UTC). */
function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function inspectionSet(
  ctx: Context,
  [inspectionArg]: [string],
  options: GlobalOptions & { feedbackDate?: string; rectifyDays?: string },
): Promise<number> {
  if (options.feedbackDate === undefined)
    throw new UsageError(t('deadline.setNothing'), { hint: t('deadline.setNothing.hint') });
  const date = checkDate(options.feedbackDate);
  const days = options.rectifyDays === undefined ? undefined : Number(options.rectifyDays);
  if (days !== undefined && (!Number.isSafeInteger(days) || days < 0 || String(days) !== options.rectifyDays!.trim()))
    throw new UsageError(t('deadline.badDays', { value: options.rectifyDays! }));
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(inspectionArg));
    const rectifyDays =
      days ?? recordedFeedback(inspection)?.rectifyDays ?? Number(getConfig(ctx.io.env, 'report.rectifyDays'));
    const event = setFeedback(store, actor, inspection.id, { date, rectifyDays }, 'explicit');
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        feedbackDate: date,
        rectifyDays,
        previous: inspection.feedbackDate,
        event: event.id,
      });
    else ctx.out(t('deadline.feedbackSetDone', { id: inspection.id, date, days: rectifyDays }));
    return 0;
  });
}
