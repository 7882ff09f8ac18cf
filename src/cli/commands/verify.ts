// `ducha verify` (exit 1 naming the damage) and `ducha backup FILE` (an online copy that verifies).
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { dbPath } from '../session.js';
import type { VerifyReport } from '../../store/verify.js';

async function verifyFile(ctx: Context, file: string): Promise<VerifyReport> {
  const { openStore } = await import('../../store/open.js');
  const { verifyStore } = await import('../../store/verify.js');
  const store = openStore(file, { readonly: true });
  try {
    const tty = ctx.io.stderr.isTTY;
    return verifyStore(store, tty ? (text) => ctx.io.stderr.write(`\r\u001b[K${text}`) : undefined);
  } finally {
    if (ctx.io.stderr.isTTY) ctx.io.stderr.write('\r\u001b[K');
    store.close();
  }
}

function printReport(ctx: Context, report: VerifyReport, file: string): void {
  if (ctx.json) {
    ctx.emit(report.ok, { file, ...report }, report.damage.map((d) => ({ file, line: null, column: null, code: d.check, severity: 'error' as const, message: d.message })));
    return;
  }
  const c = ctx.colour;
  if (report.ok) ctx.out(c.green(t('verify.ok', { file, events: report.events, devices: report.devices, blobs: report.blobs })));
  else {
    ctx.out(c.red(c.bold(t('verify.damaged', { file, n: report.damage.length }))));
    for (const d of report.damage) ctx.out(`  ${c.red(t(`verify.check.${d.check}`))}  ${d.message}`);
  }
}

export async function verifyCommand(ctx: Context, _args: unknown[], options: GlobalOptions): Promise<number> {
  const file = dbPath(ctx, options);
  const report = await verifyFile(ctx, file);
  printReport(ctx, report, file);
  return report.ok ? 0 : 1;
}

export async function backupCommand(ctx: Context, [target]: unknown[], options: GlobalOptions & { force?: boolean }): Promise<number> {
  const source = dbPath(ctx, options);
  const destination = resolve(ctx.io.cwd, String(target));
  if (destination === source) throw new InputError(t('backup.same'));
  if (existsSync(destination) && !options.force) throw new InputError(t('backup.exists', { file: String(target) }), { hint: t('backup.exists.hint') });
  if (!existsSync(dirname(destination))) throw new InputError(t('backup.noDir', { dir: dirname(destination) }));
  const { openStore } = await import('../../store/open.js');
  const store = openStore(source, { readonly: true });
  try {
    for (const suffix of ['', '-wal', '-shm']) rmSync(destination + suffix, { force: true });
    await store.db.backup(destination);
    chmodSync(destination, 0o600);
  } finally {
    store.close();
  }
  const report = await verifyFile(ctx, destination);
  if (ctx.json) ctx.emit(report.ok, { source, backup: destination, ...report });
  else if (report.ok) ctx.out(t('backup.done', { file: String(target), events: report.events }));
  else printReport(ctx, report, destination);
  return report.ok ? 0 : 1;
}
