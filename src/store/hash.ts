// The hash of an event, in both formats of docs/format.md. Format 1: SHA-256(prevHash ‖ canonical JSON of
// the event without its hashes). Format 2: H(prevHash ‖ H(that text)), H the suite's hash (SHA-256 or SM3),
// so that a chain can be recomputed across events that are not at hand from their digests alone (links).
// An event's format is told by its hash: the rule that reproduces it (the two cannot both match).
import { hash } from 'node:crypto';
import type { SuiteId } from '../crypto/types.js';
import { canonicalJson as canonicalPayload } from './canonical.js';

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

/** Node's name of a suite's hash: both are built into Node's OpenSSL, so hashing never loads a suite. */
export const hashName = (suite: SuiteId) => (suite === 'gm' ? 'sm3' : 'sha256');

/** A hex digest of `text` (UTF-8) by the named hash (Node's one-shot hash: no Hash object per call). */
export const digestOf = (algorithm: string, text: string): string => hash(algorithm, text, 'hex');

/**
 * The canonical JSON of an event's body (keys in sorted order), built by hand: `payloadJson` must be
 * canonicalJson(body.payload). test/format/format.test.ts pins it to docs/format.md.
 */
export function bodyText(body: EventBody, payloadJson: string): string {
  const { id, device, seq, at, actor, type } = body;
  return (
    `{"actor":${JSON.stringify(actor)},"at":${JSON.stringify(at)},"device":${JSON.stringify(device)},"id":${JSON.stringify(id)},` +
    `"payload":${payloadJson},"seq":${seq},"type":${JSON.stringify(type)}}`
  );
}

/** Format 1: SHA-256 of prevHash followed by the body's canonical JSON. */
export function eventHash(prevHash: string, body: EventBody, payloadJson = canonicalPayload(body.payload)): string {
  return hash('sha256', prevHash + bodyText(body, payloadJson), 'hex');
}

/** Format 2: the body's digest, H(canonical JSON). */
export function eventDigest(algorithm: string, body: EventBody, payloadJson = canonicalPayload(body.payload)): string {
  return digestOf(algorithm, bodyText(body, payloadJson));
}

/** Format 2: the hash of an event or of a link, H(prevHash ‖ digest) over the 128 hex characters. */
export const linkHash = (algorithm: string, prevHash: string, digest: string) => digestOf(algorithm, prevHash + digest);

/**
 * The format whose rule gives `hash` for this event (2 first: what ducha writes now), or undefined when
 * neither does. Format 1 exists only with SHA-256: a 国密 database holds format-2 events alone.
 */
export function eventFormat(
  algorithm: string,
  prevHash: string,
  body: EventBody,
  payloadJson: string,
  expected: string,
  first: 1 | 2 = 2,
): 1 | 2 | undefined {
  const text = bodyText(body, payloadJson);
  const two = () => digestOf(algorithm, prevHash + digestOf(algorithm, text)) === expected;
  const one = () => algorithm === 'sha256' && digestOf('sha256', prevHash + text) === expected;
  if (first === 1) return one() ? 1 : two() ? 2 : undefined;
  return two() ? 2 : one() ? 1 : undefined;
}
