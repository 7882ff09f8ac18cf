// The hub holds interviewee names only encrypted (issue 18): a push refuses before it sends anything when an
// event it would send names an interviewee in clear, and the acceptor refuses a submission that carries one —
// whatever client made it — so no table of the hub ever holds a name in clear from then on.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { clearNameRecord, clearNameRecords } from '../store/clear-names.js';
import { inspectionOf, type StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';

/** The refusal's hint: what can and cannot be done about names already recorded in clear. */
const hint = () => t('hub.clearName.hint');

/**
 * Refuse a push (hub-clear-name) when an event it would send — from local position `from` on, those `sent`
 * keeps — names an interviewee in clear: how many records, and the first one's id and inspection, never a name.
 */
export function refuseClearNamesToSend(
  store: Store,
  from: number,
  sent: (device: string, seq: number) => boolean,
): void {
  const found = clearNameRecords(store, from, sent);
  if (!found.first) return;
  throw new InputError(
    t('hub.clearName', { n: found.records, record: found.first.record, inspection: found.first.inspection ?? '' }),
    { hint: hint(), code: 'hub-clear-name' },
  );
}

/** The acceptor's check, on every event a submission carries (held or new): the first with a name in clear refuses it. */
export function refuseClearNames(events: readonly StoredEvent[], where: string): void {
  for (const e of events) {
    const record = clearNameRecord(e.type, e.payload);
    if (record === undefined) continue;
    throw new InputError(
      t('hub.clearNameRefused', { where, event: `${e.device}/${e.seq}`, record, inspection: inspectionOf(e) }),
      { hint: hint(), code: 'hub-clear-name' },
    );
  }
}
