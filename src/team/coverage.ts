// Signed-head coverage (docs/format.md §12), checked after a batch's last line: each signed head the bundle
// carries is by a device trusted here, verifies with that device's key and names an event or link that is
// here; and every new event and link is covered — some signed head of its own device (carried or held) at
// or above it, every position from it up to that head here (carried or held, each linked to the next, which
// admission already checked). A member can thus relay a colleague's events but cannot forge one: no key of
// theirs signs for the colleague's device. The one exception is format 1's rule: a bundle's signature covers
// its exporter's own format-1 events (in a format-1 bundle, all of them), as it always did.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { headSignatureValid, type SignedHead } from '../store/signing.js';
import type { Knowledge } from './knowledge.js';
import type { AdmissionContext, Seen } from './rules.js';

const refuse = (
  where: string,
  key:
    | 'integrity.untrustedHead'
    | 'integrity.badHead'
    | 'integrity.headNotHere'
    | 'integrity.uncovered'
    | 'integrity.uncoveredGap',
  values: Record<string, string | number>,
) =>
  new InputError(t(key, { file: where, ...values }), {
    hint: t(key === 'integrity.untrustedHead' ? 'integrity.untrustedHead.hint' : 'integrity.uncovered.hint', values),
    code: 'bundle-unsigned',
  });

export function checkCoverage(
  known: Knowledge,
  context: AdmissionContext,
  seen: ReadonlyMap<string, Seen>,
  fresh: ReadonlyMap<string, number[]>,
): SignedHead[] {
  const { where, suite } = context;
  const here = (device: string, seq: number) => seen.get(`${device}/${seq}`) ?? known.event(device, seq);
  const keep: SignedHead[] = [];
  const carried = new Map<string, Array<{ seq: number; hash: string }>>();
  for (const head of context.heads) {
    const key = known.trustedKey(head.device);
    if (!key) throw refuse(where, 'integrity.untrustedHead', { device: head.device, seq: head.seq });
    let valid: boolean;
    try {
      valid = headSignatureValid(suite, key, head);
    } catch {
      valid = false;
    }
    if (!valid) throw refuse(where, 'integrity.badHead', { device: head.device, seq: head.seq });
    if (here(head.device, head.seq)?.hash !== head.hash)
      throw refuse(where, 'integrity.headNotHere', { device: head.device, seq: head.seq });
    (carried.get(head.device) ?? carried.set(head.device, []).get(head.device)!).push(head);
    if (head.device !== known.ownDevice) keep.push(head);
  }
  for (const [device, positions] of fresh) {
    const heads = [...(carried.get(device) ?? []), ...known.signedHeads(device)].sort((a, b) => a.seq - b.seq);
    const seqs = [...positions].sort((a, b) => a - b);
    for (let i = 0; i < seqs.length;) {
      const seq = seqs[i]!;
      // Format 1's rule: the exporter vouches for its own format-1 events by signing the bundle.
      if (device === context.signer && (context.format === 1 || seen.get(`${device}/${seq}`)!.format === 1)) {
        i++;
        continue;
      }
      const head = heads.find((h) => h.seq >= seq);
      const owner = known.trustedKey(device) ? 'trusted' : 'untrusted';
      if (!head) throw refuse(where, 'integrity.uncovered', { device, seq, owner: t(`integrity.owner.${owner}`) });
      for (let p = seq + 1; p <= head.seq; p++)
        if (!here(device, p)) throw refuse(where, 'integrity.uncoveredGap', { device, seq, gap: p, head: head.seq });
      if (here(device, head.seq)?.hash !== head.hash)
        throw refuse(where, 'integrity.headNotHere', { device, seq: head.seq });
      while (i < seqs.length && seqs[i]! <= head.seq) i++;
    }
  }
  return keep;
}
