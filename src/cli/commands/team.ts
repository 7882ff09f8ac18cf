// `ducha export`, `ducha import`, `ducha team trust|list|key`, `ducha conflicts list|resolve`.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { findInspection } from '../../inspect/inspections.js';
import { actorOf, withStore } from '../session.js';
import { table } from '../table.js';
import { fileTarget, writeTargetWith } from '../output.js';
import type { Conflict } from '../../team/conflicts.js';

function progress(ctx: Context, key: 'team.progress.export' | 'team.progress.import') {
  if (!ctx.io.stderr.isTTY) return undefined;
  return (done: number, total: number) => ctx.io.stderr.write(`\r\u001b[K${t(key, { done: (done / 1048576).toFixed(1), total: (total / 1048576).toFixed(1) })}`);
}

export async function exportCommand(ctx: Context, [ids]: unknown[], options: GlobalOptions & { output: string; force?: boolean }): Promise<number> {
  const { exportBundle } = await import('../../team/export.js');
  const actor = actorOf(ctx, options);
  const target = fileTarget(ctx, options, options.output);
  return withStore(ctx, options, 'read', (store) => {
    const inspections = ((ids as string[] | undefined) ?? []).map((id) => findInspection(store, id).id);
    if (inspections.length === 0) throw new InputError(t('team.noInspections'));
    const result = exportBundle(store, actor, [...new Set(inspections)], (fill) => writeTargetWith(target, fill, 0o600), progress(ctx, 'team.progress.export'));
    if (ctx.io.stderr.isTTY) ctx.io.stderr.write('\r\u001b[K');
    const m = result.manifest;
    const data = { file: result.file, bytes: result.bytes, device: m.device, inspections: m.inspections.map((i) => i.id), events: m.events.count, blobs: m.blobs.length };
    if (ctx.json) ctx.emit(true, data);
    else ctx.out(t('team.exported', { file: target.shown, events: data.events, blobs: data.blobs, mb: (result.bytes / 1048576).toFixed(1) }));
    return 0;
  });
}

function conflictValue(c: Conflict, value: unknown): string {
  const result = (value as { result?: string } | null)?.result;
  if (c.kind === 'conclusion' && result) return t(`result.${result}` as 'result.compliant') + ((value as { note?: string }).note ? `：${(value as { note: string }).note}` : '');
  const status = (value as { status?: string } | null)?.status;
  if (status) return t(`status.${status}` as 'status.open');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function conflictLines(ctx: Context, conflicts: Conflict[]): string[] {
  return conflicts.flatMap((c) => [
    `${ctx.colour.bold(c.id)}  ${t(`conflict.kind.${c.kind}`)} ${c.subject}  ${ctx.colour.dim(c.inspectionId)}`,
    ...c.heads.map((h) => `    ${h.index}. ${conflictValue(c, h.value)}  ${ctx.colour.dim(`${h.actor} ${h.at.slice(0, 16).replace('T', ' ')}`)}`),
  ]);
}

export async function importCommand(ctx: Context, [file]: unknown[], options: GlobalOptions & { dryRun?: boolean; trust?: boolean; name?: string }): Promise<number> {
  const { importBundle } = await import('../../team/import.js');
  const { importBundleInterruptible } = await import('../../team/import-interruptible.js');
  const actor = options.dryRun ? 'dry-run' : actorOf(ctx, options);
  // Ctrl+C is heard while importing: before the commit it rolls the import back (CancelledError, exit 130);
  // after it, the summary is printed and the exit code says the user asked to stop.
  const interrupt = ctx.io.interrupts?.();
  try {
    return await withStore(ctx, options, options.dryRun ? 'write' : 'create', async (store) => {
      const path = bundleFile(ctx, String(file));
      const given = { dryRun: options.dryRun, trust: options.trust, name: options.name, onProgress: progress(ctx, 'team.progress.import') };
      const summary = await withBundleHint(() => (interrupt ? importBundleInterruptible(store, actor, path, { ...given, signal: interrupt.signal }) : importBundle(store, actor, path, given)));
      if (ctx.io.stderr.isTTY) ctx.io.stderr.write('\r\u001b[K');
      const late = interrupt?.signal.aborted === true;
      if (ctx.json) {
        ctx.emit(true, summary);
        if (late) ctx.err(lateNote(summary));
        return late ? 130 : 0;
      }
      ctx.out(t(summary.dryRun ? 'team.dryRunHead' : 'team.importedHead', { device: summary.device, fingerprint: summary.fingerprint }));
      if (summary.trustedNow) ctx.out(ctx.colour.yellow(t('team.trustedNow', { device: summary.device, fingerprint: summary.fingerprint })));
      const rows = Object.entries(summary.newByType).map(([type, n]) => [t(`event.${type}` as 'event.record.added'), String(n)]);
      if (rows.length) ctx.out(table([t('team.col.type'), t('team.col.new')], rows));
      ctx.out(t('team.counts', { events: summary.events, newEvents: summary.newEvents, blobs: summary.blobs, newBlobs: summary.newBlobs }));
      if (summary.newConflicts.length) {
        ctx.out(ctx.colour.red(t('team.newConflicts', { n: summary.newConflicts.length })));
        for (const line of conflictLines(ctx, summary.newConflicts)) ctx.out(line);
      }
      if (summary.dryRun) ctx.out(t('team.dryRunNote'));
      if (late) ctx.err(lateNote(summary));
      return late ? 130 : 0;
    });
  } finally {
    interrupt?.dispose();
  }
}

/** Ctrl+C that came when the import had already been saved: say so, and that the device is now trusted. */
function lateNote(summary: { dryRun: boolean; trustedNow: boolean; device: string; file: string }): string {
  if (summary.dryRun) return t('team.interruptedAfterDryRun');
  return t('team.interruptedAfterImport', { file: summary.file }) + (summary.trustedNow ? t('team.interruptedTrusted', { device: summary.device }) : '');
}

/** The bundle's path; a folder, device or pipe is refused before it is opened (a pipe would block). */
function bundleFile(ctx: Context, given: string): string {
  const path = resolve(ctx.io.cwd, given);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new InputError(t('team.unreadable', { file: path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }), { hint: t('team.bundleNotFile.hint'), code: 'bundle-format' });
  }
  if (stat && !stat.isFile()) throw new InputError(t('team.bundleNotFile', { file: path }), { hint: t('team.bundleNotFile.hint'), code: 'bundle-format' });
  return path;
}

/** Bundle errors that carry no hint of their own get the one every broken bundle shares. */
async function withBundleHint<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InputError && !error.hint && error.code.startsWith('bundle-')) {
      throw new InputError(error.message, { code: error.code, hint: t('team.bundleBroken.hint'), file: error.file, line: error.line, column: error.column });
    }
    throw error;
  }
}

export async function teamKey(ctx: Context, _args: unknown[], options: GlobalOptions): Promise<number> {
  const { keyLine, ownKey } = await import('../../team/trust.js');
  return withStore(ctx, options, 'create', (store) => {
    const key = ownKey(store);
    if (ctx.json) ctx.emit(true, { ...key, line: keyLine(key) });
    else {
      ctx.out(keyLine(key));
      ctx.err(ctx.errColour.dim(t('team.keyNote', { fingerprint: key.fingerprint })));
    }
    return 0;
  });
}

export async function teamTrust(ctx: Context, [key]: unknown[], options: GlobalOptions & { name: string }): Promise<number> {
  const { readKey, trustKey } = await import('../../team/trust.js');
  const parsed = await withBundleHint(() => readKey(String(key).includes('ducha-key') ? String(key) : resolve(ctx.io.cwd, String(key))));
  return withStore(ctx, options, 'create', (store) => {
    if (parsed.device === store.device) throw new InputError(t('team.trustSelf'));
    trustKey(store, parsed, options.name);
    if (ctx.json) ctx.emit(true, { ...parsed, name: options.name });
    else ctx.out(t('team.trusted', { name: options.name, device: parsed.device, fingerprint: parsed.fingerprint }));
    return 0;
  });
}

export async function teamList(ctx: Context, _args: unknown[], options: GlobalOptions): Promise<number> {
  const { trustedDevices } = await import('../../team/trust.js');
  return withStore(ctx, options, 'read', (store) => {
    const devices = trustedDevices(store);
    if (ctx.json) ctx.emit(true, devices);
    else ctx.out(table([t('team.col.device'), t('team.col.name'), t('team.col.fingerprint'), t('team.col.added')], devices.map((d) => [d.device + (d.self ? t('team.self') : ''), d.name ?? '—', d.fingerprint, d.addedAt.slice(0, 10)])));
    return 0;
  });
}

export async function conflictsList(ctx: Context, [id]: unknown[], options: GlobalOptions): Promise<number> {
  const { conflictsOf } = await import('../../team/conflicts.js');
  return withStore(ctx, options, 'read', (store) => {
    const inspection = id === undefined ? undefined : findInspection(store, String(id)).id;
    const conflicts = conflictsOf(store, inspection);
    if (ctx.json) ctx.emit(true, conflicts);
    else if (conflicts.length === 0) ctx.out(t('conflict.none'));
    else conflictLines(ctx, conflicts).forEach((l) => ctx.out(l));
    return 0;
  });
}

export async function conflictsResolve(ctx: Context, [id]: unknown[], options: GlobalOptions & { take: string }): Promise<number> {
  const { resolveConflict } = await import('../../team/conflicts.js');
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const { conflict, chosen, event } = resolveConflict(store, actor, String(id), options.take);
    if (ctx.json) ctx.emit(true, { conflict: conflict.id, entity: conflict.entity, value: chosen.value, event: event.id });
    else ctx.out(t('conflict.resolved', { id: conflict.id, value: conflictValue(conflict, chosen.value) }));
    return 0;
  });
}
