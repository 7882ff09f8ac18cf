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

export function eventHash(prevHash: string, body: EventBody): string {
  const { id, device, seq, at, actor, type, payload } = body;
  return createHash('sha256')
    .update(prevHash + canonicalJson({ id, device, seq, at, actor, type, payload }))
    .digest('hex');
}
