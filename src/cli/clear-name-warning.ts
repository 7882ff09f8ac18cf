// The warning when an interviewee's name is written in clear on a laptop that has a hub (issue 18): the hub
// takes names only encrypted, so from then on this laptop's pushes are refused; `ducha protect` first.
import type { Context } from './context.js';
import type { EnvelopeProblem } from '../util/envelope.js';
import type { Store } from '../store/store.js';
import { getConfig } from '../config.js';
import { t } from '../i18n/index.js';
import { clearNameRecords } from '../store/clear-names.js';

/**
 * When `named` records got a name in clear — this database has no data key — and a hub is configured
 * (DUCHA_HUB or `hub.url`): the warning, printed now in text mode, returned for the envelope in JSON mode.
 */
export function clearNameWarnings(ctx: Context, store: Store, named: number): EnvelopeProblem[] {
  if (named === 0 || store.dataKeyId !== undefined || !hubConfigured(ctx)) return [];
  const message = t('hub.clearNameWarning', { n: named });
  if (!ctx.json) ctx.err(ctx.errColour.yellow(`${t('cli.warningLabel')}${message}`));
  return [{ file: null, line: null, column: null, code: 'clear-name-no-hub', severity: 'warning', message }];
}

function hubConfigured(ctx: Context): boolean {
  const hub = ctx.io.env.DUCHA_HUB ?? getConfig(ctx.io.env, 'hub.url');
  return typeof hub === 'string' && hub.trim() !== '';
}

/**
 * After an interactive run (`ducha run`, the home menu's): the warning `record` gives, for the records it named
 * an interviewee of in clear — those written from `fromSeqNo` on — as text for the caller to show; none when the
 * database is protected, no hub is configured, or no name was written.
 */
export function clearNamesSinceText(ctx: Context, store: Store, fromSeqNo: number): string | undefined {
  if (store.dataKeyId !== undefined || !hubConfigured(ctx)) return undefined;
  const named = clearNameRecords(store, fromSeqNo).records;
  return named === 0 ? undefined : `${t('cli.warningLabel')}${t('hub.clearNameWarning', { n: named })}`;
}
