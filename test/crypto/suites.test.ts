// Both suites through the same interface: hashing, signing key pairs and their text, fingerprints, and the
// typed refusals (bad, foreign or non-canonical keys; flipped bits in signatures and messages).
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { loadSuite, SUITE_IDS } from '../../src/crypto/index.js';
import { fingerprint as todaysFingerprint } from '../../src/team/trust.js';
import { flip } from './helpers.js';

const suites = { default: await loadSuite('default'), gm: await loadSuite('gm') };

/** The InputError thrown by `run`, for its code and message. */
function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('loadSuite', () => {
  it('knows exactly the two suites and refuses any other name with exit 2', async () => {
    expect(SUITE_IDS).toEqual(['default', 'gm']);
    await expect(loadSuite('sm2')).rejects.toMatchObject({ code: 'crypto-unknown-suite', exitCode: 2 });
  });
});

for (const id of SUITE_IDS) {
  const suite = suites[id];
  const other = suites[id === 'gm' ? 'default' : 'gm'];

  describe(`${id} suite`, () => {
    it('hashes strings as UTF-8, the same one-shot and streamed', () => {
      const text = '督查记录 record';
      expect(suite.hash(text)).toBe(suite.hash(Buffer.from(text, 'utf8')));
      expect(suite.createHasher().update('督查').update(Buffer.from('记录 record')).digestHex()).toBe(suite.hash(text));
      expect(suite.hash(text)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('signs and verifies; a flipped bit anywhere in the signature or the message is refused', () => {
      const pair = suite.generateSigningKey();
      expect(suite.signingPublicKey(pair.privateKey)).toBe(pair.publicKey);
      const message = Buffer.from('chain head 7f3a… seq 42');
      const signature = suite.sign(pair.privateKey, message);
      expect(signature.length).toBe(64);
      expect(suite.verify(pair.publicKey, message, signature)).toBe(true);
      for (let i = 0; i < 64; i += 7)
        expect(suite.verify(pair.publicKey, message, flip(signature, i, i % 8))).toBe(false);
      for (let i = 0; i < message.length; i += 5)
        expect(suite.verify(pair.publicKey, flip(message, i), signature)).toBe(false);
      expect(suite.verify(suite.generateSigningKey().publicKey, message, signature)).toBe(false);
      expect(suite.verify(pair.publicKey, message, Buffer.concat([signature, Buffer.from([0])]))).toBe(false);
    });

    it('gives one text per key: base64 SPKI DER, canonical, with a fingerprint of 8 groups', () => {
      const { publicKey } = suite.generateSigningKey();
      suite.checkSigningKey(publicKey);
      expect(suite.fingerprint(publicKey)).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
      expect(suite.keyId(publicKey).toString('hex')).toBe(suite.fingerprint(publicKey).replaceAll(':', ''));
      for (const variant of [
        publicKey.replace(/=+$/, ''),
        ` ${publicKey}`,
        publicKey + '\n',
        Buffer.concat([Buffer.from(publicKey, 'base64'), Buffer.from([0])]).toString('base64'),
      ]) {
        expect(refusal(() => suite.checkSigningKey(variant))).toMatchObject({ code: 'crypto-bad-key', exitCode: 2 });
      }
    });

    it('refuses a key of the other suite with a message naming both', () => {
      const foreign = other.generateSigningKey().publicKey;
      const error = refusal(() => suite.verify(foreign, Buffer.from('x'), Buffer.alloc(64)));
      expect(error.code).toBe('crypto-wrong-suite');
      expect(error.message).toContain(suite.algorithms.signature);
      expect(error.hint).toBeTruthy();
      expect(refusal(() => suite.wrapKey(other.generateAgreementKey().publicKey, Buffer.alloc(32))).code).toBe(
        'crypto-wrong-suite',
      );
    });

    it('refuses garbage and damaged private keys with typed errors, never a crash', () => {
      for (const text of ['', 'not base64!', 'AAAA', Buffer.alloc(91).toString('base64')]) {
        expect(refusal(() => suite.checkSigningKey(text))).toMatchObject({ code: 'crypto-bad-key' });
      }
      const { privateKey } = suite.generateSigningKey();
      const damaged = flip(Buffer.from(privateKey, 'base64'), 3).toString('base64');
      expect(refusal(() => suite.sign(damaged, Buffer.from('x')))).toMatchObject({
        code: 'crypto-bad-private-key',
        exitCode: 2,
      });
    });
  });
}

describe('default suite compatibility with format 1', () => {
  it("keeps today's key text (Node's Ed25519 SPKI DER, base64) and fingerprint", () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const text = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    suites.default.checkSigningKey(text);
    expect(suites.default.fingerprint(text)).toBe(todaysFingerprint(text));
  });
  it('signing and agreement keys are different kinds: an X25519 key cannot sign, an Ed25519 key cannot receive', () => {
    expect(refusal(() => suites.default.checkSigningKey(suites.default.generateAgreementKey().publicKey)).code).toBe(
      'crypto-bad-key',
    );
    expect(refusal(() => suites.default.checkAgreementKey(suites.default.generateSigningKey().publicKey)).code).toBe(
      'crypto-bad-key',
    );
  });
});

describe('gm suite keys', () => {
  it('an SM2 public key is SPKI with id-ecPublicKey and the SM2 curve OID 1.2.156.10197.1.301, uncompressed', () => {
    const der = Buffer.from(suites.gm.generateSigningKey().publicKey, 'base64');
    expect(der.length).toBe(91);
    expect(der.includes(Buffer.from('06072a8648ce3d0201', 'hex'))).toBe(true);
    expect(der.includes(Buffer.from('06082a811ccf5501822d', 'hex'))).toBe(true);
    expect(der[26]).toBe(0x04);
  });
  it('refuses a point that is not on the curve, and a P-256 key', () => {
    const der = Buffer.from(suites.gm.generateSigningKey().publicKey, 'base64');
    expect(refusal(() => suites.gm.checkSigningKey(flip(der, 60).toString('base64'))).code).toBe('crypto-bad-key');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    expect(refusal(() => suites.gm.checkSigningKey(p256)).code).toBe('crypto-bad-key');
  });
  it('refuses a private key whose stored public key is not d·G', () => {
    const a = Buffer.from(suites.gm.generateSigningKey().privateKey, 'base64');
    const b = Buffer.from(suites.gm.generateSigningKey().privateKey, 'base64');
    const mixed = Buffer.concat([a.subarray(0, 74), b.subarray(74)]).toString('base64');
    expect(refusal(() => suites.gm.sign(mixed, Buffer.from('x'))).code).toBe('crypto-bad-private-key');
  });
});
