// Text that the team and hub commands share: conflicts in words, a key trusted, and what a bundle, an import
// or a pull brought, by event type.
import type { Context } from '../context.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { table } from '../../util/table.js';
import { headLines } from '../../team/conflicts.js';
import type { Conflict } from '../../team/conflicts.js';
import type { DeviceKey } from '../../team/trust.js';

/** 「3fa2c1d0  问题 7h7wt0 的整改时限  7k3m9q」 and a line per value. */
export function conflictLines(ctx: Context, conflicts: readonly Conflict[]): string[] {
  return conflicts.flatMap((c) => [
    `${ctx.colour.bold(c.id)}  ${c.label}  ${ctx.colour.dim(c.inspectionId)}`,
    ...headLines(c).map((l) => `    ${l}`),
  ]);
}

/**
 * `team trust` and `hub trust` say the same: a key newly trusted (`trusted`, the sentence of the place that
 * trusts it), renamed, or trusted already under that name.
 */
export function printTrusted(
  ctx: Context,
  key: DeviceKey,
  name: string,
  result: { known: boolean; previousName?: string | null },
  trusted: 'team.trusted' | 'hub.trusted',
): void {
  const { known, previousName } = result;
  if (ctx.json) ctx.emit(true, { ...key, name, known, previousName });
  else if (known && previousName !== name)
    ctx.out(
      t('team.trustRenamed', { device: key.device, previous: previousName ?? '—', name, fingerprint: key.fingerprint }),
    );
  else if (known) ctx.out(t('team.trustSame', { device: key.device, name, fingerprint: key.fingerprint }));
  else ctx.out(t(trusted, { name, device: key.device, fingerprint: key.fingerprint }));
}

/** New events by type as a table (type, count), or undefined when nothing is new. */
export function newEventsTable(newByType: Readonly<Record<string, number>>): string | undefined {
  const rows = Object.entries(newByType).map(([type, n]) => [t(`event.${type}` as MessageKey), String(n)]);
  return rows.length ? table([t('team.col.type'), t('team.col.new')], rows) : undefined;
}
