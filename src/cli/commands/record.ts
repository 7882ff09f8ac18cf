// `ducha record` and `ducha conclude`: one 听查谈访 record, or one conclusion, without prompts.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { methodName, resultName } from '../../checklist/describe.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../inspect/items.js';
import { addRecord, conclude } from '../../inspect/recording.js';
import { actorOf, maxEvidenceMb, withStore } from '../session.js';
import { sameRecords } from '../../store/lead-queries.js';
import { METHOD, RESULT, parseEnum } from '../enums.js';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import { inspectionIdsWithPrefix, type InspectionRow } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
import type { ItemRef } from '../../inspect/items.js';
import type { RecordFieldOptions } from '../defs/record.js';
import { clearNameWarnings } from '../clear-name-warning.js';
import { clearNameRecord } from '../../store/clear-names.js';

/**
 * `record QS-01 …` (the most recent inspection, as `ducha run` takes) or `record ID QS-01 …`. A single
 * argument is always the item; one that only names an inspection means the item was left out.
 */
function target(
  ctx: Context,
  store: Store,
  args: readonly (string | undefined)[],
): { inspection: InspectionRow; ref: ItemRef } {
  const given = args.filter((a): a is string => typeof a === 'string');
  if (given.length === 0)
    throw new UsageError(t('cli.usage.missingArgument', { name: 'item' }), { hint: t('record.itemMissing.hint') });
  const [inspectionArg, itemArg] = given.length === 1 ? [undefined, given[0]!] : [given[0]!, given[1]!];
  const inspection = findInspection(store, inspectionArg);
  try {
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), itemArg);
    if (inspectionArg === undefined && !ctx.json)
      ctx.err(ctx.errColour.dim(t('record.inspectionUsed', { id: inspection.id, title: inspection.title })));
    return { inspection, ref };
  } catch (error) {
    if (
      inspectionArg === undefined &&
      error instanceof InputError &&
      inspectionIdsWithPrefix(store, itemArg.toLowerCase()).length > 0
    ) {
      throw new UsageError(t('cli.usage.missingArgument', { name: 'item' }), { hint: t('record.itemMissing.hint') });
    }
    // Say which inspection was searched, so an item of another one is understood.
    if (inspectionArg === undefined && !ctx.json)
      ctx.err(ctx.errColour.dim(t('record.inspectionUsed', { id: inspection.id, title: inspection.title })));
    throw error;
  }
}

interface RecordOptions extends GlobalOptions, RecordFieldOptions {
  evidence: string[];
}

export async function recordCommand(
  ctx: Context,
  args: [string | undefined, string | undefined],
  options: RecordOptions,
): Promise<number> {
  for (const [option, value] of [
    ['--method <method>', options.method],
    ['--note <text>', options.note],
  ] as const) {
    if (value === undefined)
      throw new UsageError(t('cli.usage.missingOption', { option }), { hint: t('cli.usage.hint') });
  }
  const actor = actorOf(ctx, options);
  const method = parseEnum(METHOD, options.method!);
  return withStore(ctx, options, 'write', (store) => {
    const { inspection, ref } = target(ctx, store, args);
    const evidence = options.evidence.map((p) => resolve(ctx.io.cwd, p));
    const event = addRecord(
      store,
      actor,
      inspection.id,
      ref,
      { ...options, method, note: options.note!, evidence },
      maxEvidenceMb(ctx),
    );
    const data = {
      inspection: inspection.id,
      checklist: ref.checklist.id,
      item: ref.item.id,
      record: event.payload.id,
      event: event.id,
      evidence: event.payload.evidence,
    };
    // A record typed twice is counted twice in the methods summary: say so at once.
    const p = event.payload;
    const same = sameRecords(store, { ...p, exceptId: p.id });
    const warning = same.length
      ? t('record.duplicate', { ids: same.map((r) => `${r.id}（${r.actor}）`).join('、') })
      : undefined;
    const named = clearNameRecord(event.type, event.payload) === undefined ? 0 : 1;
    if (ctx.json)
      ctx.emit(true, { ...data, duplicateOf: same.map((r) => r.id) }, [
        ...(warning
          ? [
              {
                file: null,
                line: null,
                column: null,
                code: 'duplicate-record',
                severity: 'warning' as const,
                message: warning,
              },
            ]
          : []),
        ...clearNameWarnings(ctx, store, named),
      ]);
    else {
      ctx.out(
        t('record.saved', { method: methodName(p.method), item: ref.item.id, id: p.id, files: p.evidence.length }),
      );
      for (const e of p.evidence) ctx.out(t('record.evidenceLine', { name: e.name, hash: e.sha256.slice(0, 12) }));
      if (warning)
        ctx.err(
          ctx.errColour.yellow(warning) +
            '\n' +
            ctx.errColour.dim(t('record.duplicate.hint', { inspection: inspection.id, item: ref.item.id })),
        );
      clearNameWarnings(ctx, store, named);
    }
    return 0;
  });
}

interface ConcludeOptions extends GlobalOptions {
  result: string;
  note?: string;
  goodPractice?: boolean;
  reason?: string;
}

export async function concludeCommand(
  ctx: Context,
  args: [string | undefined, string | undefined],
  options: ConcludeOptions,
): Promise<number> {
  const actor = actorOf(ctx, options);
  const result = parseEnum(RESULT, options.result);
  return withStore(ctx, options, 'write', (store) => {
    const { inspection, ref } = target(ctx, store, args);
    const event = conclude(store, actor, inspection.id, ref, { ...options, result });
    const p = event.payload;
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        checklist: ref.checklist.id,
        item: ref.item.id,
        result: p.result,
        goodPractice: p.goodPractice,
        reason: p.reason ?? null,
        event: event.id,
      });
    else ctx.out(t('run.savedConclusion', { item: ref.item.id, result: resultName(p.result) }));
    return 0;
  });
}
