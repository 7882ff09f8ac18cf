// `ducha record list`, `ducha evidence list`, `ducha team history`: who did what, for the team lead —
// without opening the SQLite file.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { methodName } from '../../checklist/describe.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../inspect/items.js';
import { selfName, withStore } from '../session.js';
import { table } from '../../util/table.js';
import { shortTime } from '../../team/conflicts.js';

const short = (sha: string) => sha.slice(0, 12);
const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

interface RecordListOptions extends GlobalOptions {
  item?: string;
  by?: string;
  revealIdentities?: boolean;
}

export async function recordList(
  ctx: Context,
  [id]: [string | undefined],
  options: RecordListOptions,
): Promise<number> {
  const { recordList: list } = await import('../../team/who.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = findInspection(store, id);
    const ref =
      options.item === undefined
        ? undefined
        : resolveItem(allItems(inspectionSnapshots(store, inspection.id)), options.item);
    const records = list(
      store,
      inspection.id,
      { item: ref && { checklistId: ref.checklist.id, itemId: ref.item.id }, by: options.by?.trim() },
      selfName(ctx),
    ).map((r) => (options.revealIdentities ? r : { ...r, interviewee: null }));
    if (ctx.json) {
      ctx.emit(true, { inspection: inspection.id, records });
      return 0;
    }
    if (records.length === 0) {
      ctx.out(t('recordList.none'));
      return 0;
    }
    for (const r of records) {
      const device = r.ownDevice
        ? t('recordList.deviceOwn', { name: r.deviceName ?? r.device })
        : r.deviceName
          ? `${r.deviceName}（${r.device}）`
          : t('recordList.deviceUnknown', { device: r.device });
      ctx.out(
        ctx.colour.bold(
          t('recordList.head', {
            id: r.id,
            item: r.itemId,
            method: methodName(r.method),
            at: shortTime(r.at),
            actor: r.actor,
            device,
          }),
        ),
      );
      const who = [r.subject, r.interviewee ? `（${r.interviewee}）` : ''].filter(Boolean).join('');
      ctx.out(`    ${who ? `${who}：` : ''}${r.note}`);
      if (r.evidence.length)
        ctx.out(
          t('recordList.evidence', {
            list: r.evidence.map((e) => `${e.name}（${short(e.sha256)}，${size(e.size)}）`).join('、'),
          }),
        );
      if (r.actorDiffers)
        ctx.out(ctx.colour.yellow(t('recordList.actorDiffers', { actor: r.actor, name: r.deviceName ?? '' })));
      if (r.duplicateOf.length)
        ctx.out(ctx.colour.yellow(t('recordList.duplicate', { ids: r.duplicateOf.join('、') })));
    }
    ctx.out('');
    ctx.out(t('recordList.count', { n: records.length }));
    if (records.some((r) => r.evidence.length)) ctx.out(ctx.colour.dim(t('recordList.evidenceHint')));
    return 0;
  });
}

export async function evidenceList(ctx: Context, [id]: [string | undefined], options: GlobalOptions): Promise<number> {
  const { evidenceList: list } = await import('../../team/who.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = findInspection(store, id);
    const rows = list(store, inspection.id);
    if (ctx.json) ctx.emit(true, { inspection: inspection.id, evidence: rows });
    else if (rows.length === 0) ctx.out(t('evidenceList.none', { id: inspection.id }));
    else {
      const of = (r: (typeof rows)[number]) =>
        r.source === 'record'
          ? t('evidenceList.ofRecord', { id: r.of, item: r.itemId ?? '', method: methodName(r.method ?? '') })
          : t('evidenceList.ofStep', { id: r.of, step: t(`step.${r.step}` as MessageKey) });
      const header = ['col.hash', 'col.name', 'col.size', 'col.of', 'col.actor', 'col.at'].map((k) =>
        t(`evidenceList.${k}` as MessageKey),
      );
      ctx.out(
        table(
          header,
          rows.map((r) => [short(r.sha256), r.name, size(r.size), of(r), r.actor, shortTime(r.at)]),
        ),
      );
      ctx.out('');
      ctx.out(ctx.colour.dim(t('recordList.evidenceHint')));
    }
    return 0;
  });
}

export async function teamHistory(ctx: Context, [id]: [string | undefined], options: GlobalOptions): Promise<number> {
  const { teamHistory: history } = await import('../../team/history.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = id === undefined ? undefined : findInspection(store, String(id)).id;
    const entries = history(store, inspection);
    if (ctx.json) ctx.emit(true, entries);
    else if (entries.length === 0) ctx.out(t('team.history.none'));
    else {
      for (const e of entries) {
        const who =
          e.deviceName ??
          (e.self
            ? t('recordList.deviceOwn', { name: selfName(ctx) ?? e.device })
            : t('recordList.deviceUnknown', { device: e.device }));
        ctx.out(
          ctx.colour.bold(
            t('team.history.line', {
              importedAt: shortTime(e.importedAt),
              who,
              file: e.file ?? e.bundle.slice(0, 12),
              exporter: e.exporter ?? '—',
              exportedAt: shortTime(e.exportedAt),
              importedBy: e.importedBy,
            }),
          ),
        );
        if (e.inspections.length)
          ctx.out(
            t('team.history.inspections', {
              list: e.inspections.map((i) => t('import.inspection', { id: i.id, title: i.title })).join('、'),
            }),
          );
        const what =
          e.newEvents === 0
            ? t('team.history.nothingNew')
            : e.newByType
              ? [
                  ...Object.entries(e.newByType).map(([type, n]) => `${t(`event.${type}` as MessageKey)} ${n}`),
                  ...(e.newBlobs ? [t('team.history.files', { n: e.newBlobs })] : []),
                ].join('、')
              : t('team.history.unknown', { n: e.newEvents });
        ctx.out(t('team.history.brought', { what }));
      }
      ctx.out('');
      ctx.out(ctx.colour.dim(t('team.history.note')));
    }
    return 0;
  });
}
