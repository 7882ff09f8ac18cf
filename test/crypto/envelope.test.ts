// Encryption to recipients in both suites: every recipient opens, anyone else is told whose keys can, and
// no part of the envelope (header, recipient entries, payload, the caller's aad) can be altered unnoticed.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { envelopeRecipients, MAX_RECIPIENTS, openAs, sealFor } from '../../src/crypto/envelope.js';
import { loadSuite, SUITE_IDS } from '../../src/crypto/index.js';
import { flip } from './helpers.js';

const suites = { default: await loadSuite('default'), gm: await loadSuite('gm') };

function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

for (const id of SUITE_IDS) {
  const suite = suites[id];
  const lead = suite.generateAgreementKey();
  const commission = suite.generateAgreementKey();
  const stranger = suite.generateAgreementKey();
  const bundle = Buffer.concat([Buffer.from('DUCHA-BUNDLE 李秘密 谈话笔录 '), randomBytes(4096)]);
  const aad = Buffer.from('bundle header');

  describe(`${id} suite envelope (${suite.algorithms.keyWrap})`, () => {
    it('each recipient opens it; the recipient list names their fingerprints; nothing is in clear', () => {
      const envelope = sealFor(suite, [lead.publicKey, commission.publicKey, lead.publicKey], bundle, aad);
      expect(envelopeRecipients(suite, envelope)).toEqual([
        suite.fingerprint(lead.publicKey),
        suite.fingerprint(commission.publicKey),
      ]);
      expect(envelope.length).toBe(
        4 + 3 + 2 * (1 + 16 + suite.wrapLength) + 2 + (id === 'gm' ? 16 + 32 : 12 + 16) + bundle.length,
      );
      for (const pair of [lead, commission]) expect(openAs(suite, pair, envelope, aad).equals(bundle)).toBe(true);
      expect(envelope.includes(Buffer.from('李秘密'))).toBe(false);
    });

    it("tells a stranger whose keys can open it, and refuses the other suite's envelope", () => {
      const envelope = sealFor(suite, [lead.publicKey], bundle);
      const error = refusal(() => openAs(suite, stranger, envelope));
      expect(error.code).toBe('crypto-not-for-you');
      expect(error.message).toContain(suite.fingerprint(lead.publicKey));
      expect(error.message).toContain(suite.fingerprint(stranger.publicKey));
      const other = suites[id === 'gm' ? 'default' : 'gm'];
      const foreign = sealFor(other, [other.generateAgreementKey().publicKey], bundle);
      expect(refusal(() => openAs(suite, lead, foreign)).code).toBe('crypto-wrong-suite');
    });

    it('refuses a flipped bit in any part, a different aad, and truncation', () => {
      const envelope = sealFor(suite, [lead.publicKey, commission.publicKey], Buffer.from('short payload'), aad);
      const entry = 1 + 16 + suite.wrapLength;
      const payloadAt = 7 + 2 * entry;
      const expected: Array<[number, string]> = [
        [0, 'crypto-bad-ciphertext'], // magic
        [4, 'crypto-bad-ciphertext'], // version
        [5, 'crypto-bad-ciphertext'], // suite byte (no suite has the flipped value)
        [6, 'crypto-bad-ciphertext'], // count: a third entry would start inside the payload
        [7, 'crypto-bad-ciphertext'], // first entry's wrap algorithm
        [8, 'crypto-not-for-you'], // the lead's key id
        [7 + 17, 'crypto-tampered'], // the lead's wrapped key
        [7 + entry - 1, 'crypto-tampered'],
        [7 + entry + 20, 'crypto-tampered'], // the commission's entry: part of the payload's AAD
        [payloadAt + 1, 'crypto-bad-ciphertext'], // the payload's algorithm byte
        [payloadAt + 5, 'crypto-tampered'],
        [envelope.length - 1, 'crypto-tampered'],
      ];
      for (const [index, code] of expected)
        expect([index, refusal(() => openAs(suite, lead, flip(envelope, index), aad)).code]).toEqual([index, code]);
      expect(refusal(() => openAs(suite, commission, flip(envelope, 7 + entry + 20), aad)).code).toBe(
        'crypto-tampered',
      );
      expect(refusal(() => openAs(suite, commission, flip(envelope, payloadAt + 3), aad)).code).toBe('crypto-tampered');
      expect(refusal(() => openAs(suite, lead, envelope, flip(aad, 0))).code).toBe('crypto-tampered');
      expect(refusal(() => openAs(suite, lead, envelope.subarray(0, payloadAt - 1), aad)).code).toBe(
        'crypto-bad-ciphertext',
      );
    });

    if (id === 'default') {
      it('refuses a small-order X25519 key as a recipient, and a wrapped key whose ephemeral point is one', () => {
        const zero = Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), Buffer.alloc(32)]).toString(
          'base64',
        );
        expect(refusal(() => sealFor(suite, [zero], bundle)).code).toBe('crypto-bad-key');
        const wrapped = suite.wrapKey(lead.publicKey, randomBytes(32));
        wrapped.fill(0, 0, 32);
        expect(refusal(() => suite.unwrapKey(lead.privateKey, wrapped)).code).toBe('crypto-tampered');
      });
    }

    it(`takes 1 to ${MAX_RECIPIENTS} recipients and refuses signing keys as recipients`, () => {
      expect(refusal(() => sealFor(suite, [], bundle)).code).toBe('crypto-recipients');
      const many = Array.from({ length: MAX_RECIPIENTS + 1 }, () => suite.generateAgreementKey().publicKey);
      expect(refusal(() => sealFor(suite, many, bundle)).code).toBe('crypto-recipients');
      if (id === 'default')
        expect(refusal(() => sealFor(suite, [suite.generateSigningKey().publicKey], bundle)).code).toBe(
          'crypto-bad-key',
        );
    });
  });
}
