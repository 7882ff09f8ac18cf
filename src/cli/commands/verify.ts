// `ducha verify` (exit 1 naming the damage) and `ducha backup FILE` (an online copy that verifies).
import { chmodSync, rmSync } from 'node:fs';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { databaseFile } from '../session.js';
import { fileTarget } from '../output.js';
import { statusLine } from '../status-line.js';
import { partialName, place } from '../../util/output.js';
import type { VerifyReport } from '../../store/verify.js';
import type { AgainstReport } from '../../team/against.js';
import { resolve } from 'node:path';

async function verifyFile(
  ctx: Context,
  file: string,
  against?: string,
): Promise<VerifyReport & { against?: AgainstReport }> {
  const { openStore } = await import('../../store/open.js');
  const { verifyStore } = await import('../../store/verify.js');
  const { verifyAgainst } = await import('../../team/against.js');
  // Objects the migrations do not make are reported as damage here, where every other command refuses the file.
  // A database made by an earlier ducha is verified as it is (verify never writes): format 1's checks.
  const store = openStore(file, { readonly: true, asIs: true, unknownSchema: 'report' });
  const line = statusLine(ctx);
  try {
    await store.loadCrypto();
    // Events sealed at protect are checked from their payloads when the data key can be opened (unlock or
    // DUCHA_PASSPHRASE); locked, verify says how many it could not check (VerifyReport.unchecked).
    // Encrypted evidence is checked through its clear file's hash when the data key is open (an unlock in
    // force, DUCHA_PASSPHRASE); otherwise verify says how many files it could not check.
    if (store.dataKeyId !== undefined) await (await import('../key-access.js')).provideDataKey(ctx, store);
    const report = verifyStore(store, line?.show);
    if (against === undefined) return report;
    const compared = verifyAgainst(store, against);
    return {
      ...report,
      ok: report.ok && compared.damage.length === 0,
      damage: [...report.damage, ...compared.damage],
      against: compared,
    };
  } finally {
    line?.clear();
    store.close();
  }
}

function printReport(ctx: Context, report: VerifyReport & { against?: AgainstReport }, file: string): void {
  if (ctx.json) {
    ctx.emit(
      report.ok,
      { file, ...report },
      report.damage.map((d) => ({
        file,
        line: null,
        column: null,
        code: d.check,
        severity: 'error' as const,
        message: d.message,
      })),
    );
    return;
  }
  const c = ctx.colour;
  const counts = { file, events: report.events, devices: report.devices, blobs: report.blobs };
  if (report.ok) {
    // Never "intact" while events sealed at protect could not be read (the data key locked).
    if (report.unchecked > 0) ctx.out(c.yellow(t('verify.okUnchecked', { ...counts, unchecked: report.unchecked })));
    else ctx.out(c.green(t('verify.ok', counts)));
    if (report.against)
      ctx.out(
        c.green(
          t('integrity.against.ok', {
            file: report.against.file,
            events: report.against.events,
            heads: report.against.heads,
          }),
        ),
      );
  } else {
    ctx.out(c.red(c.bold(t('verify.damaged', { file, n: report.damage.length }))));
    for (const d of report.damage) ctx.out(`  ${c.red(t(`verify.check.${d.check}`))}  ${d.message}`);
  }
  if (report.unchecked > 0) ctx.out(t('verify.unchecked', { unchecked: report.unchecked }));
  // Not damage, and said either way: encrypted files whose clear sha256 needs the data key.
  if (report.blobsUnchecked)
    ctx.out(
      c.yellow(
        t('verify.blobsUnchecked', {
          n: report.blobsUnchecked.n,
          reason: t(`verify.blobsUnchecked.${report.blobsUnchecked.reason}`),
        }),
      ),
    );
}

export async function verifyCommand(
  ctx: Context,
  _args: [],
  options: GlobalOptions & { against?: string },
): Promise<number> {
  const file = databaseFile(ctx, options, 'read');
  const against = options.against === undefined ? undefined : resolve(ctx.io.cwd, options.against);
  const report = await verifyFile(ctx, file, against);
  printReport(ctx, report, file);
  return report.ok ? 0 : 1;
}

/** An online copy, made under a temporary name beside the target and verified before it is put in place. */
export async function backupCommand(
  ctx: Context,
  [given]: [string],
  options: GlobalOptions & { force?: boolean },
): Promise<number> {
  const source = databaseFile(ctx, options, 'read');
  const target = fileTarget(ctx, options, String(given));
  const destination = target.file;
  const partial = partialName(destination);
  const { openStore } = await import('../../store/open.js');
  const { backupTo } = await import('../../store/backup.js');
  const store = openStore(source, { readonly: true });
  let report: VerifyReport;
  try {
    try {
      await backupTo(store, partial);
    } finally {
      store.close();
    }
    chmodSync(partial, 0o600);
    report = await verifyFile(ctx, partial);
    place(partial, destination, target.options);
  } catch (error) {
    throw error instanceof InputError
      ? error
      : new InputError(
          t('output.cannotWrite', {
            file: target.shown,
            reason: (error as NodeJS.ErrnoException).code ?? String(error),
          }),
          { code: 'output-failed' },
        );
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  }
  if (ctx.json) ctx.emit(report.ok, { source, backup: destination, ...report });
  else if (report.ok) ctx.out(t('backup.done', { file: target.shown, events: report.events }));
  else printReport(ctx, report, destination);
  return report.ok ? 0 : 1;
}
