// Locking a secret under a passphrase in both suites (scrypt / PBKDF2-HMAC-SM3, each sealing with the
// suite's AEAD): the right passphrase opens it, a wrong one or any altered byte is refused as a wrong
// passphrase, and a file cannot lower its own KDF cost or demand an unbounded one.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { loadSuite, SUITE_IDS } from '../../src/crypto/index.js';
import { DEFAULT_COST, lockWithPassphrase, unlockWithPassphrase } from '../../src/crypto/passphrase.js';
import { flip } from './helpers.js';

const suites = { default: await loadSuite('default'), gm: await loadSuite('gm') };
// Cheap costs keep the tests fast; the defaults are asserted on the bytes written.
const CHEAP = { scryptLog2N: 10, pbkdf2Iterations: 1000 };

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
  const secret = randomBytes(138);
  // Full-width and composed characters: the passphrase is NFC-normalised before use.
  const passphrase = '督查组 Ｐａｓｓ 2026 é';

  describe(`${id} suite passphrase lock (${suite.algorithms.passphraseKdf})`, () => {
    const locked = lockWithPassphrase(suite, passphrase, secret, CHEAP);
    const paramsLength = id === 'gm' ? 4 : 3;

    it('opens with the passphrase, also typed in decomposed form', () => {
      expect(locked.subarray(0, 4).toString('latin1')).toBe('DCPW');
      expect([locked[4], locked[5]]).toEqual([0x01, suite.kdfAlg]);
      expect(unlockWithPassphrase(suite, locked, passphrase).equals(secret)).toBe(true);
      expect(unlockWithPassphrase(suite, locked, passphrase.normalize('NFD')).equals(secret)).toBe(true);
    });

    it('refuses a wrong passphrase (case, width, one character) and an empty one', () => {
      for (const wrong of [passphrase.toUpperCase(), passphrase.replace('Ｐａｓｓ', 'Pass'), passphrase.slice(0, -1)]) {
        expect(refusal(() => unlockWithPassphrase(suite, locked, wrong))).toMatchObject({
          code: 'crypto-wrong-passphrase',
          exitCode: 2,
        });
      }
      expect(refusal(() => unlockWithPassphrase(suite, locked, '')).code).toBe('crypto-empty-passphrase');
      expect(refusal(() => lockWithPassphrase(suite, '', secret, CHEAP)).code).toBe('crypto-empty-passphrase');
    });

    it('refuses any altered byte after the header: params, salt, sealed secret (its own header: a format error)', () => {
      const saltAt = 6 + paramsLength;
      for (const index of [saltAt, saltAt + 15, saltAt + 18, saltAt + 30, locked.length - 1]) {
        expect(refusal(() => unlockWithPassphrase(suite, flip(locked, index), passphrase)).code).toBe(
          'crypto-wrong-passphrase',
        );
      }
      expect(refusal(() => unlockWithPassphrase(suite, flip(locked, saltAt + 16), passphrase)).code).toBe(
        'crypto-bad-ciphertext',
      );
      // Lowering the cost in the file changes the derived key (and the AAD): refused, not weakened.
      const lowered = Buffer.from(locked);
      if (id === 'gm') lowered.writeUInt32BE(1000 + 1, 6);
      else lowered[6] = 11;
      expect(refusal(() => unlockWithPassphrase(suite, lowered, passphrase)).code).toBe('crypto-wrong-passphrase');
    });

    it('refuses a foreign magic, version or suite, and costs out of bounds, before deriving anything', () => {
      expect(refusal(() => unlockWithPassphrase(suite, flip(locked, 0), passphrase)).code).toBe(
        'crypto-bad-ciphertext',
      );
      expect(refusal(() => unlockWithPassphrase(suite, flip(locked, 4, 1), passphrase)).code).toBe(
        'crypto-bad-ciphertext',
      );
      const other = suites[id === 'gm' ? 'default' : 'gm'];
      expect(
        refusal(() => unlockWithPassphrase(suite, lockWithPassphrase(other, passphrase, secret, CHEAP), passphrase))
          .code,
      ).toBe('crypto-wrong-suite');
      const huge = Buffer.from(locked);
      if (id === 'gm') huge.writeUInt32BE(0xffffffff, 6);
      else huge[6] = 40;
      expect(refusal(() => unlockWithPassphrase(suite, huge, passphrase)).code).toBe('crypto-bad-ciphertext');
      expect(
        refusal(() => unlockWithPassphrase(suite, locked.subarray(0, 6 + paramsLength + 8), passphrase)).code,
      ).toBe('crypto-bad-ciphertext');
    });
  });
}

describe('costs', () => {
  it('refuses to write a cost that unlocking would refuse', () => {
    expect(() => lockWithPassphrase(suites.default, 'p', Buffer.from('s'), { scryptLog2N: 9 })).toThrow(RangeError);
    expect(() => lockWithPassphrase(suites.default, 'p', Buffer.from('s'), { scryptLog2N: 20 })).toThrow(RangeError);
    expect(() => lockWithPassphrase(suites.gm, 'p', Buffer.from('s'), { pbkdf2Iterations: 999 })).toThrow(RangeError);
  });

  it(
    'are written when no cost is given (scrypt N=2^17 r=8 p=1; PBKDF2-HMAC-SM3 600,000 iterations)',
    { timeout: 120_000 },
    () => {
      const scrypt = lockWithPassphrase(suites.default, 'p', Buffer.from('s'));
      expect([...scrypt.subarray(6, 9)]).toEqual([DEFAULT_COST.scryptLog2N, 8, 1]);
      const pbkdf2 = lockWithPassphrase(suites.gm, 'p', Buffer.from('s'));
      expect(pbkdf2.readUInt32BE(6)).toBe(600_000);
    },
  );
});
