// Encryption to recipients (encrypted bundles): a random 32-byte content key seals the payload in the
// suite's AEAD, and each recipient gets that content key wrapped to their agreement (encryption) key.
//
//   envelope = "DCEV" ‖ version 0x01 ‖ suite (0x01 default, 0x02 gm) ‖ count (1..16)
//              ‖ count × ( wrapAlg (1) ‖ keyId (16) ‖ wrapped key (suite.wrapLength) )
//              ‖ sealed payload (the suite's AEAD format, AAD = every byte before it ‖ the caller's aad)
// Binding the recipient list into the AAD means no entry can be removed, added or swapped unnoticed.
import { randomBytes } from 'node:crypto';
import { ByteReader } from './bytes.js';
import { badCiphertext, badRecipients, notForYou, unknownVersion, wrongSuite } from './errors.js';
import { fingerprintOf } from './keys.js';
import { FORMAT_VERSION, SUITE_BYTE, type KeyPair, type Suite, type SuiteId } from './types.js';

export const ENVELOPE_MAGIC = Buffer.from('DCEV', 'latin1');
export const MAX_RECIPIENTS = 16;

const EMPTY = Buffer.alloc(0);

/** Seal `plaintext` so that each recipient (an agreement public key of `suite`) can open it. */
export function sealFor(
  suite: Suite,
  recipients: readonly string[],
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Buffer {
  const byId = new Map<string, string>();
  for (const key of recipients) byId.set(suite.keyId(key).toString('hex'), key); // one entry per key
  if (byId.size < 1 || byId.size > MAX_RECIPIENTS) {
    throw badRecipients(MAX_RECIPIENTS);
  }
  const contentKey = randomBytes(32);
  const parts: Buffer[] = [ENVELOPE_MAGIC, Buffer.from([FORMAT_VERSION, SUITE_BYTE[suite.id], byId.size])];
  for (const [id, key] of byId)
    parts.push(Buffer.from([suite.wrapAlg]), Buffer.from(id, 'hex'), suite.wrapKey(key, contentKey));
  const prefix = Buffer.concat(parts);
  return Buffer.concat([prefix, suite.aead(contentKey).seal(plaintext, Buffer.concat([prefix, aad]))]);
}

interface Parsed {
  entries: Array<{ keyId: Buffer; wrapped: Buffer }>;
  prefix: Buffer;
  sealed: Buffer;
}

function parse(suite: Suite, envelope: Uint8Array): Parsed {
  const reader = new ByteReader(envelope);
  if (!reader.take(ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) throw badCiphertext();
  const version = reader.u8();
  if (version !== FORMAT_VERSION) throw unknownVersion(version);
  const suiteByte = reader.u8();
  if (suiteByte !== SUITE_BYTE[suite.id]) {
    const other = (Object.keys(SUITE_BYTE) as SuiteId[]).find((id) => SUITE_BYTE[id] === suiteByte);
    throw other ? wrongSuite(other, suite.id) : badCiphertext();
  }
  const count = reader.u8();
  if (count < 1 || count > MAX_RECIPIENTS) throw badCiphertext();
  const entries: Parsed['entries'] = [];
  for (let i = 0; i < count; i++) {
    if (reader.u8() !== suite.wrapAlg) throw badCiphertext();
    entries.push({ keyId: reader.take(16), wrapped: reader.take(suite.wrapLength) });
  }
  const prefix = reader.consumed();
  return { entries, prefix, sealed: reader.rest() };
}

/** Fingerprints of the keys an envelope is sealed for (to say who can open it). */
export function envelopeRecipients(suite: Suite, envelope: Uint8Array): string[] {
  return parse(suite, envelope).entries.map((e) => fingerprintOf(e.keyId));
}

/** Open an envelope with this device's agreement key pair; InputError crypto-not-for-you when it is not a recipient. */
export function openAs(suite: Suite, own: KeyPair, envelope: Uint8Array, aad: Uint8Array = EMPTY): Buffer {
  const { entries, prefix, sealed } = parse(suite, envelope);
  const mine = suite.keyId(own.publicKey);
  const entry = entries.find((e) => e.keyId.equals(mine));
  if (!entry)
    throw notForYou(
      entries.map((e) => fingerprintOf(e.keyId)),
      fingerprintOf(mine),
    );
  const contentKey = suite.unwrapKey(own.privateKey, entry.wrapped);
  return suite.aead(contentKey).open(sealed, Buffer.concat([prefix, aad]));
}
