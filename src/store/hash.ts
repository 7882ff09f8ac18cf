// The hash of an event: sha256(prev_hash + canonical JSON of the event without its hashes).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const GENESIS = '0'.repeat(64);

export interface EventBody {
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

/**
 * `payloadJson` may be passed when already computed: it must be canonicalJson(body.payload). The text
 * hashed is exactly canonicalJson of the body (keys in sorted order): test/format/format.test.ts pins it to docs/format.md.
 */
export function eventHash(prevHash: string, body: EventBody, payloadJson = canonicalJson(body.payload)): string {
  const { id, device, seq, at, actor, type } = body;
  const text =
    `{"actor":${JSON.stringify(actor)},"at":${JSON.stringify(at)},"device":${JSON.stringify(device)},"id":${JSON.stringify(id)},` +
    `"payload":${payloadJson},"seq":${seq},"type":${JSON.stringify(type)}}`;
  return createHash('sha256').update(prevHash + text).digest('hex');
}
