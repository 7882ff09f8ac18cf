// The sealed format of both suites: round trips, every field's tampering refused with a typed error, and the
// format read back by hand exactly as README.md documents it (for the 国密 suite with sm-crypto's SM4 and
// HMAC-SM3, an implementation independent of the OpenSSL one that wrote it).
import { createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { loadSuite, SUITE_IDS } from '../../src/crypto/index.js';
import { flip } from './helpers.js';

const suites = { default: await loadSuite('default'), gm: await loadSuite('gm') };
const LAYOUT = { default: { alg: 0x01, nonce: 12, tag: 16 }, gm: { alg: 0x02, nonce: 16, tag: 32 } };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error.code;
    throw error;
  }
  return 'no error';
}

for (const id of SUITE_IDS) {
  const suite = suites[id];
  const layout = LAYOUT[id];

  describe(`${id} suite AEAD (${suite.algorithms.aead})`, () => {
    const key = randomBytes(32);
    const aad = Buffer.from('event 0f3a… field notes');

    it('gives every seal its own nonce, across many seals and keys (nonces are read from the CSPRNG in batches)', () => {
      const seen = new Set<string>();
      const other = suite.aead(randomBytes(32));
      for (let i = 0; i < 2_000; i++)
        for (const aead of [suite.aead(key), other]) {
          const sealed = aead.seal(Buffer.from(`短字段 ${i}`), aad);
          seen.add(sealed.subarray(2, 2 + layout.nonce).toString('hex'));
          expect(aead.open(sealed, aad).toString()).toBe(`短字段 ${i}`);
        }
      expect(seen.size).toBe(4_000);
    });

    it('round-trips empty, short and 1 MiB plaintexts, with and without aad', () => {
      for (const plaintext of [Buffer.alloc(0), Buffer.from('李某某：会议记录不完整'), randomBytes(1 << 20)]) {
        const sealed = suite.aead(key).seal(plaintext, aad);
        expect(sealed.length).toBe(2 + layout.nonce + plaintext.length + layout.tag);
        expect([sealed[0], sealed[1]]).toEqual([0x01, layout.alg]);
        expect(suite.aead(key).open(sealed, aad).equals(plaintext)).toBe(true);
        expect(suite.aead(key).open(suite.aead(key).seal(plaintext), undefined).equals(plaintext)).toBe(true);
      }
    });

    it('never repeats a nonce and never shows the plaintext', () => {
      const plaintext = Buffer.from('王某某 谈话内容 王某某 谈话内容');
      const [a, b] = [suite.aead(key).seal(plaintext), suite.aead(key).seal(plaintext)];
      expect(a.subarray(2, 2 + layout.nonce).equals(b.subarray(2, 2 + layout.nonce))).toBe(false);
      expect(a.includes(Buffer.from('王某某'))).toBe(false);
    });

    it('refuses a flipped bit in the nonce, the ciphertext, the tag, or the aad, and a wrong key', () => {
      const sealed = suite.aead(key).seal(Buffer.from('整改期限 2026-12-31'), aad);
      const tagAt = sealed.length - layout.tag;
      for (const index of [2, 2 + layout.nonce - 1, 2 + layout.nonce, tagAt - 1, tagAt, sealed.length - 1]) {
        expect(codeOf(() => suite.aead(key).open(flip(sealed, index), aad))).toBe('crypto-tampered');
      }
      expect(codeOf(() => suite.aead(key).open(sealed, flip(aad, 0)))).toBe('crypto-tampered');
      expect(codeOf(() => suite.aead(key).open(sealed))).toBe('crypto-tampered');
      expect(codeOf(() => suite.aead(randomBytes(32)).open(sealed, aad))).toBe('crypto-tampered');
    });

    it('seals deterministically when asked: equal text and AAD give equal bytes; any difference gives others', () => {
      const aead = suite.aead(key);
      const name = Buffer.from('李秘密');
      const sealed = aead.sealDeterministic(name, aad);
      expect(aead.sealDeterministic(name, aad).equals(sealed)).toBe(true);
      expect(suite.aead(key).sealDeterministic(name, aad).equals(sealed)).toBe(true); // a new instance: same key
      const nonce = (b: Buffer) => b.subarray(2, 2 + layout.nonce).toString('hex');
      const others = [
        aead.sealDeterministic(Buffer.from('李秘'), aad),
        aead.sealDeterministic(name, Buffer.from('note')),
        aead.sealDeterministic(name),
        suite.aead(randomBytes(32)).sealDeterministic(name, aad),
      ];
      expect(new Set([sealed, ...others].map(nonce)).size).toBe(5);
      expect(aead.open(sealed, aad).equals(name)).toBe(true);
      expect(sealed.includes(name)).toBe(false);
      expect(codeOf(() => aead.open(sealed, Buffer.from('note')))).toBe('crypto-tampered');
      expect(codeOf(() => aead.open(flip(sealed, sealed.length - 1), aad))).toBe('crypto-tampered');
      // Random sealing of the same text still differs from it and from itself.
      expect(aead.seal(name, aad).equals(sealed)).toBe(false);
    });

    it("refuses another version, an unknown algorithm, the other suite's data, and truncation", () => {
      const sealed = suite.aead(key).seal(Buffer.from('x'));
      expect(codeOf(() => suite.aead(key).open(flip(sealed, 0, 1)))).toBe('crypto-bad-ciphertext');
      expect(
        codeOf(() =>
          suite.aead(key).open(Buffer.concat([sealed.subarray(0, 1), Buffer.from([0x7f]), sealed.subarray(2)])),
        ),
      ).toBe('crypto-bad-ciphertext');
      const other = suites[id === 'gm' ? 'default' : 'gm'];
      expect(codeOf(() => suite.aead(key).open(other.aead(key).seal(Buffer.from('x'))))).toBe('crypto-wrong-suite');
      for (const length of [0, 1, 2, 2 + layout.nonce + layout.tag - 1]) {
        expect(codeOf(() => suite.aead(key).open(sealed.subarray(0, length)))).toBe('crypto-bad-ciphertext');
      }
    });
  });
}

describe('the sealed format as documented, read by hand', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from('问题描述：未按规定报告重大事项');
  const aad = Buffer.from('context');

  it('default: AES-256-GCM with AAD = version ‖ alg ‖ aad', () => {
    const sealed = suites.default.aead(key).seal(plaintext, aad);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(2, 14));
    decipher.setAAD(Buffer.concat([sealed.subarray(0, 2), aad]));
    decipher.setAuthTag(sealed.subarray(-16));
    expect(Buffer.concat([decipher.update(sealed.subarray(14, -16)), decipher.final()]).equals(plaintext)).toBe(true);
  });

  it('gm: HKDF-SM3 keys, HMAC-SM3 over version ‖ alg ‖ iv ‖ u64be(len aad) ‖ aad ‖ ciphertext, SM4-CTR — by sm-crypto', () => {
    const sealed = suites.gm.aead(key).seal(plaintext, aad);
    const hmac = (k: Buffer, data: Buffer) => Buffer.from(smCrypto.sm3([...data], { key: k.toString('hex') }), 'hex');
    // RFC 5869 with an empty salt, which HMAC treats exactly as 32 zero bytes.
    const prk = hmac(Buffer.alloc(32), key);
    const expand = (info: string, length: number) =>
      hmac(prk, Buffer.concat([Buffer.from(info), Buffer.from([1])])).subarray(0, length);
    const encKey = expand('ducha/1 sm4-ctr key', 16);
    const macKey = expand('ducha/1 hmac-sm3 key', 32);
    expect(encKey.equals(Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'ducha/1 sm4-ctr key', 16)))).toBe(true);

    const iv = sealed.subarray(2, 18);
    const body = sealed.subarray(18, -32);
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(aad.length));
    expect(
      hmac(macKey, Buffer.concat([sealed.subarray(0, 2), iv, length, aad, body])).equals(sealed.subarray(-32)),
    ).toBe(true);

    const blocks = Math.ceil(body.length / 16);
    const counters = Buffer.concat(
      Array.from({ length: blocks }, (_, i) =>
        Buffer.from((BigInt('0x' + iv.toString('hex')) + BigInt(i)).toString(16).padStart(32, '0').slice(-32), 'hex'),
      ),
    );
    const stream = Buffer.from(
      smCrypto.sm4.encrypt([...counters], encKey.toString('hex'), { padding: 'none', output: 'array' }) as number[],
    );
    expect(Buffer.from(body.map((b, i) => b ^ stream[i]!)).equals(plaintext)).toBe(true);
  });

  it('deterministic: the nonce is HMAC(HKDF(key, "ducha/1 synthetic nonce key"), u64be(len aad) ‖ aad ‖ text), cut', () => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(aad.length));
    const message = Buffer.concat([length, aad, plaintext]);
    const info = Buffer.from('ducha/1 synthetic nonce key');
    // Default: by node's HMAC-SHA256 and HKDF written out (RFC 5869, empty salt).
    const sha = (k: Buffer, data: Buffer) => createHmac('sha256', k).update(data).digest() as Buffer;
    const shaKey = sha(sha(Buffer.alloc(32), key), Buffer.concat([info, Buffer.from([1])]));
    const gcm = suites.default.aead(key).sealDeterministic(plaintext, aad);
    expect(gcm.subarray(2, 14).equals(sha(shaKey, message).subarray(0, 12))).toBe(true);
    // 国密: by sm-crypto's HMAC-SM3, independent of OpenSSL.
    const sm3 = (k: Buffer, data: Buffer) => Buffer.from(smCrypto.sm3([...data], { key: k.toString('hex') }), 'hex');
    const sm3Key = sm3(sm3(Buffer.alloc(32), key), Buffer.concat([info, Buffer.from([1])]));
    const ctr = suites.gm.aead(key).sealDeterministic(plaintext, aad);
    expect(ctr.subarray(2, 18).equals(sm3(sm3Key, message).subarray(0, 16))).toBe(true);
  });
});
