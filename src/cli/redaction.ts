// What the commands with shared output do about redaction: warn (on stderr, or in --json's problems) about
// stored names the redactor could not match. Loaded only by those commands.
import type { Context } from './context.js';
import type { EnvelopeProblem } from '../util/envelope.js';
import type { Store } from '../store/store.js';
import { t } from '../i18n/index.js';
import { skippedWarning, type Redactor } from '../report/redact.js';

/** The warning about names left unmatched: printed now in text mode, returned for the envelope in JSON mode. */
export function redactionWarnings(ctx: Context, store: Store, redactor: Redactor): EnvelopeProblem[] {
  const message = skippedWarning(store, redactor);
  if (!message) return [];
  if (!ctx.json) ctx.err(ctx.errColour.yellow(`${t('cli.warningLabel')}${message}`));
  return [{ file: null, line: null, column: null, code: 'redaction-skipped', severity: 'warning', message }];
}
