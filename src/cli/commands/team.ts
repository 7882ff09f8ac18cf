// `ducha export`, `ducha import`, `ducha team trust|list|key`.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { findInspection } from '../../inspect/inspections.js';
import { isInteractive } from '../io.js';
import { actorOf, dbPath, selfName, withStore } from '../session.js';
import { table } from '../../util/table.js';
import { fileTarget, writeTargetWith } from '../output.js';
import { statusLine, type StatusLine } from '../status-line.js';
import type { ImportSummary } from '../../team/import.js';
import { conflictLines, newEventsTable, printTrusted } from '../format/team.js';

function progress(line: StatusLine | undefined, key: 'team.progress.export' | 'team.progress.import') {
  return (
    line &&
    ((done: number, total: number) =>
      line.show(t(key, { done: (done / 1048576).toFixed(1), total: (total / 1048576).toFixed(1) })))
  );
}

export async function exportCommand(
  ctx: Context,
  [ids]: [string[]],
  options: GlobalOptions & { output: string; to: string[]; force?: boolean; unencrypted?: boolean },
): Promise<number> {
  const { exportBundle } = await import('../../team/export.js');
  const { resolveRecipients } = await import('../../team/recipients.js');
  const actor = actorOf(ctx, options);
  const target = fileTarget(ctx, options, options.output);
  const line = statusLine(ctx);
  return withStore(ctx, options, 'read', async (store) => {
    await store.loadCrypto(); // the bundle is signed with this database's suite
    await (await import('../key-access.js')).provideKey(ctx, store); // a passphrase-protected key signs the manifest too
    const given = ids;
    // Without ids: the most recent inspection, as every other command takes it.
    const inspections = given.length
      ? given.map((id) => findInspection(store, id))
      : [findInspection(store, undefined)];
    if (inspections.length === 0) throw new InputError(t('team.noInspections'));
    const unique = [...new Map(inspections.map((i) => [i.id, i])).values()];
    // --to: checked before anything is written (a key of another suite, an unknown name: nothing is made).
    const recipients = resolveRecipients(store, options.to ?? [], ctx.io.cwd);
    // A protected database (issue 17) exports in clear only when asked: its encrypted fields stay ciphertext
    // nobody without its data key reads, but what it wrote before protect, and the evidence, would be in clear.
    if (store.dataKeyId !== undefined && recipients.length === 0 && !options.unencrypted)
      throw new InputError(t('sealed.protectedNeedsTo'), {
        hint: t('sealed.protectedNeedsTo.hint'),
        code: 'export-unencrypted',
      });
    // Sealed: the data keys it holds travel inside, so that the recipients can read the encrypted fields.
    const dataKeys = recipients.length > 0 && store.dataKeyId !== undefined ? store.fieldCipher().keys() : [];
    const warning = recipients.length ? undefined : t('sealed.unencrypted');
    if (warning && !ctx.json) ctx.err(ctx.errColour.yellow(warning)); // before the progress line, which is erased at the end
    const result = exportBundle(
      store,
      actor,
      unique.map((i) => i.id),
      (fill) => writeTargetWith(target, fill, 0o600),
      progress(line, 'team.progress.export'),
      recipients,
      dataKeys,
    );
    line?.clear();
    const m = result.manifest;
    const encryptedTo = recipients.map((r) => ({ device: r.device, name: r.name, fingerprint: r.fingerprint }));
    const data = {
      file: result.file,
      bytes: result.bytes,
      device: m.device,
      inspections: m.inspections.map((i) => i.id),
      events: m.events.count,
      blobs: m.blobs.length,
      encrypted: recipients.length > 0,
      recipients: encryptedTo,
    };
    if (ctx.json)
      ctx.emit(
        true,
        data,
        warning
          ? [
              {
                file: null,
                line: null,
                column: null,
                code: 'bundle-unencrypted',
                severity: 'warning' as const,
                message: warning,
              },
            ]
          : [],
      );
    else {
      ctx.out(
        t('team.exported', {
          file: target.shown,
          events: data.events,
          blobs: data.blobs,
          mb: (result.bytes / 1048576).toFixed(1),
        }),
      );
      ctx.out(`  ${unique.map((i) => t('team.exportedWhich', { id: i.id, title: i.title })).join('；')}`);
      if (recipients.length) {
        const who = recipients.map((r) =>
          t('sealed.recipientLine', {
            name: r.name ?? t('sealed.unnamed'),
            device: r.device,
            fingerprint: r.fingerprint,
          }),
        );
        ctx.out(`  ${t('sealed.exportedTo', { recipients: who.join(t('sealed.separator')) })}`);
      }
    }
    return 0;
  });
}

export async function importCommand(
  ctx: Context,
  [file]: [string],
  options: GlobalOptions & { dryRun?: boolean; trust?: boolean; name?: string },
): Promise<number> {
  const { importBundle } = await import('../../team/import.js');
  const { importBundleInterruptible } = await import('../../team/import-interruptible.js');
  const { peekSuite } = await import('../../team/reader.js');
  const actor = options.dryRun ? 'dry-run' : actorOf(ctx, options);
  await refuseSealedOnFreshLaptop(ctx, options, resolve(ctx.io.cwd, String(file)));
  // Ctrl+C is heard while importing: before the commit it rolls the import back (CancelledError, exit 130);
  // after it, the summary is printed and the exit code says the user asked to stop.
  const interrupt = ctx.io.interrupts?.();
  const line = statusLine(ctx);
  try {
    return await withStore(
      ctx,
      options,
      options.dryRun ? 'preview' : 'create',
      async (store) => {
        const path = resolve(ctx.io.cwd, String(file));
        const given = {
          dryRun: options.dryRun,
          trust: options.trust,
          name: options.name,
          onProgress: progress(line, 'team.progress.import'),
        };
        const summary = await withBundleHint(() =>
          interrupt
            ? importBundleInterruptible(store, actor, path, { ...given, signal: interrupt.signal })
            : importBundle(store, actor, path, given),
        );
        line?.clear();
        const late = interrupt?.signal.aborted === true;
        if (ctx.json) {
          ctx.emit(true, summary);
          if (late) ctx.err(lateNote(summary));
          return late ? 130 : 0;
        }
        for (const line of importLines(ctx, summary, String(file))) ctx.out(line);
        // Duplicate problems: in a terminal, offer to merge them now; otherwise the lines above name the command.
        if (!summary.dryRun && !late && summary.duplicates.length > 0 && isInteractive(ctx.io)) {
          const { terminalPrompter } = await import('../../inspect/prompts.js');
          const { settleDuplicates } = await import('../settle.js');
          const { duplicateGroups } = await import('../../problems/duplicates.js');
          const { currentProblems } = await import('../../problems/problems.js');
          const fresh = new Set(summary.newProblems);
          for (const inspection of new Set(summary.duplicates.map((d) => d.inspectionId))) {
            const groups = duplicateGroups(currentProblems(store, inspection)).filter((g) =>
              g.problems.some((p) => fresh.has(p.id)),
            );
            await settleDuplicates(terminalPrompter(ctx.io), store, actor, groups);
          }
        }
        if (late) ctx.err(lateNote(summary));
        return late ? 130 : 0;
      },
      peekSuite(resolve(ctx.io.cwd, String(file))),
    );
  } finally {
    interrupt?.dispose();
  }
}

/**
 * An encrypted bundle can be for this laptop only if it has a database (with an encryption key): on a fresh
 * laptop it is refused before a database is made, naming whom it is for.
 */
async function refuseSealedOnFreshLaptop(ctx: Context, options: GlobalOptions, file: string): Promise<void> {
  const { BundleReader } = await import('../../team/reader.js');
  const { notForThisDevice, readSealedHeader } = await import('../../team/sealed-reader.js');
  if (statSync(dbPath(ctx, options), { throwIfNoEntry: false })?.size) return;
  let reader: InstanceType<typeof BundleReader> | undefined;
  try {
    reader = new BundleReader(file);
    if (reader.isSealed()) throw notForThisDevice(undefined, file, readSealedHeader(reader).header);
  } catch (error) {
    if (error instanceof InputError && error.code === 'crypto-not-for-you') throw error;
    // Anything else (unreadable, malformed) is said by the import itself.
  } finally {
    reader?.close();
  }
}

/** Ctrl+C that came when the import had already been saved: say so, and that the device is now trusted. */
function lateNote(summary: { dryRun: boolean; trustedNow: boolean; device: string; file: string }): string {
  if (summary.dryRun) return t('team.interruptedAfterDryRun');
  return (
    t('team.interruptedAfterImport', { file: summary.file }) +
    (summary.trustedNow ? t('team.interruptedTrusted', { device: summary.device }) : '')
  );
}

/** Bundle errors that carry no hint of their own get the one every broken bundle shares. */
async function withBundleHint<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InputError && !error.hint && error.code.startsWith('bundle-')) {
      throw new InputError(error.message, {
        code: error.code,
        hint: t('team.bundleBroken.hint'),
        file: error.file,
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
}

/** The import's report as a lead reads it: whose bundle, which inspection, what it brings, what needs a decision. */
function importLines(ctx: Context, s: ImportSummary, file: string): string[] {
  // A trusted device without a name is this one (its own bundle, imported again).
  const who =
    s.name || s.trust !== 'untrusted'
      ? t('import.who.known', { name: s.name || s.exporter })
      : t('import.who.unknown', { exporter: s.exporter, device: s.device });
  const inspections = s.inspections.map((i) => t('import.inspection', { id: i.id, title: i.title })).join('、');
  const lines = [
    t(s.dryRun ? 'import.headDry' : 'import.head', { who, inspections }),
    ctx.colour.dim(`  ${t('import.device', { device: s.device, fingerprint: s.fingerprint, exporter: s.exporter })}`),
  ];
  if (s.trust === 'new')
    lines.push(
      ctx.colour.yellow(
        t(s.dryRun ? 'import.willTrust' : 'import.trustedNow', {
          name: s.name ?? '',
          device: s.device,
          fingerprint: s.fingerprint,
        }),
      ),
    );
  if (s.trust === 'untrusted')
    lines.push(ctx.colour.yellow(t('import.untrustedPreview', { exporter: s.exporter, file })));
  if (s.nameKept)
    lines.push(ctx.colour.yellow(t('import.nameKept', { kept: s.nameKept.kept ?? '', given: s.nameKept.given, file })));
  const events = newEventsTable(s.newByType);
  if (events) lines.push(events);
  lines.push(t('team.counts', { events: s.events, newEvents: s.newEvents, blobs: s.blobs, newBlobs: s.newBlobs }));
  if (s.unverifiedBlobs) lines.push(ctx.colour.yellow(t('import.unverifiedBlobs', { n: s.unverifiedBlobs })));
  if (s.duplicates.length) {
    lines.push(ctx.colour.yellow(t('import.duplicates')));
    for (const d of s.duplicates) {
      const command = `ducha problem merge ${d.problems.map((p) => p.id).join(' ')}`;
      lines.push(
        t(d.exact ? 'import.duplicateExact' : 'import.duplicateSame', {
          item: d.item.itemId,
          ids: d.problems.map((p) => `${p.id}（${p.createdBy}）`).join('、'),
          command,
        }),
      );
    }
  }
  if (s.newConflicts.length) {
    lines.push(ctx.colour.red(t('team.newConflicts', { n: s.newConflicts.length })));
    lines.push(...conflictLines(ctx, s.newConflicts));
  }
  if (s.dryRun) lines.push(t('team.dryRunNote'));
  return lines;
}

export async function teamKey(ctx: Context, _args: [], options: GlobalOptions & { suite?: string }): Promise<number> {
  const { keyLine, ownKey } = await import('../../team/trust.js');
  const { ownEncryptionKey } = await import('../../team/recipients.js');
  return withStore(ctx, options, 'create', (store) => {
    ownEncryptionKey(store, true); // made on first need: a database made before encrypted bundles has none yet
    const key = ownKey(store);
    if (ctx.json) ctx.emit(true, { ...key, line: keyLine(key) });
    else {
      ctx.out(keyLine(key));
      ctx.err(ctx.errColour.dim(t('team.keyNote', { fingerprint: key.fingerprint })));
    }
    return 0;
  });
}

export async function teamTrust(
  ctx: Context,
  [key]: [string],
  options: GlobalOptions & { name: string },
): Promise<number> {
  const { readKey, trustKey } = await import('../../team/trust.js');
  const parsed = await withBundleHint(() =>
    readKey(String(key).includes('ducha-key') ? String(key) : resolve(ctx.io.cwd, String(key))),
  );
  return withStore(ctx, options, 'create', (store) => {
    if (parsed.device === store.device) throw new InputError(t('team.trustSelf'));
    printTrusted(ctx, parsed, options.name, trustKey(store, parsed, options.name), 'team.trusted');
    return 0;
  });
}

export async function teamList(ctx: Context, _args: [], options: GlobalOptions): Promise<number> {
  const { trustedDevices } = await import('../../team/trust.js');
  return withStore(ctx, options, 'read', (store) => {
    const devices = trustedDevices(store, selfName(ctx));
    if (ctx.json) ctx.emit(true, devices);
    else {
      const name = (d: (typeof devices)[number]) =>
        d.self ? `${d.name ?? t('team.selfNoName')}${t('team.self')}` : (d.name ?? '—');
      ctx.out(
        table(
          [
            t('team.col.device'),
            t('team.col.name'),
            t('team.col.fingerprint'),
            t('team.col.added'),
            t('team.col.encryption'),
          ],
          devices.map((d) => [d.device, name(d), d.fingerprint, d.addedAt.slice(0, 10), d.encryptionKey ? '✓' : '—']),
        ),
      );
    }
    return 0;
  });
}
