// `ducha record` and `ducha conclude`: one 听查谈访 record, or one conclusion, without prompts.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { UsageError } from '../../errors.js';
import { methodName, resultName } from '../../checklist/describe.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../inspect/items.js';
import { addRecord, conclude } from '../../inspect/recording.js';
import { actorOf, maxEvidenceMb, withStore } from '../session.js';
import { resolve } from 'node:path';

interface RecordOptions extends GlobalOptions {
  method?: string;
  note?: string;
  subject?: string;
  interviewee?: string;
  evidence: string[];
}

export async function recordCommand(ctx: Context, [inspectionArg, itemArg]: unknown[], options: RecordOptions): Promise<number> {
  for (const [value, flag] of [[options.method, '--method <method>'], [options.note, '--note <text>']] as const) {
    if (value === undefined) throw new UsageError(t('cli.usage.missingOption', { option: flag }), { hint: t('cli.usage.hint') });
  }
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(inspectionArg));
    const ref = resolveItem(allItems(inspectionSnapshots(store.db, inspection.id)), String(itemArg));
    const evidence = options.evidence.map((p) => resolve(ctx.io.cwd, p));
    const event = addRecord(store, actor, inspection.id, ref, { ...options, method: options.method!, note: options.note!, evidence }, maxEvidenceMb(ctx));
    const data = { inspection: inspection.id, checklist: ref.checklist.id, item: ref.item.id, record: event.payload.id, event: event.id, evidence: event.payload.evidence };
    if (ctx.json) ctx.emit(true, data);
    else ctx.out(t('record.saved', { method: methodName(event.payload.method), item: ref.item.id, id: event.payload.id, files: event.payload.evidence.length }));
    return 0;
  });
}

interface ConcludeOptions extends GlobalOptions {
  result: string;
  note?: string;
  goodPractice?: boolean;
  reason?: string;
}

export async function concludeCommand(ctx: Context, [inspectionArg, itemArg]: unknown[], options: ConcludeOptions): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(inspectionArg));
    const ref = resolveItem(allItems(inspectionSnapshots(store.db, inspection.id)), String(itemArg));
    const event = conclude(store, actor, inspection.id, ref, options);
    const p = event.payload;
    if (ctx.json) ctx.emit(true, { inspection: inspection.id, checklist: ref.checklist.id, item: ref.item.id, result: p.result, goodPractice: p.goodPractice, reason: p.reason ?? null, event: event.id });
    else ctx.out(t('run.savedConclusion', { item: ref.item.id, result: resultName(p.result) }));
    return 0;
  });
}
