// SM2 in the 国密 suite: the standard's published examples on the recommended curve, and cross-checks
// both ways against sm-crypto (a second implementation, on jsbn rather than the runtime's noble BigInt).
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { sm2 as runtimeSm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/crypto/index.js';
import { sm2Decrypt } from '../../src/crypto/sm2.js';
import { parseSm2Private, SM2_N } from '../../src/crypto/sm2-keys.js';
import { flip, hex, sm2Private, sm2Public } from './helpers.js';

const gm = await loadSuite('gm');

/** GM/T 0009-2012 §10, GB/T 35276-2017 §10: the default user id (written out, not taken from the code under test). */
const DEFAULT_USER_ID = '1234567812345678';

// GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A, signature on the recommended curve, as reproduced in
// OpenSSL's test/sm2_internal_test.c (sm2_sig_test, "From Annex A in both GM/T0003.5-2012 and GB/T
// 32918.5-2016"): user id 1234567812345678, message "message digest".
const A = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  point:
    '04' +
    '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020' +
    'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  // Z_A and e = SM3(Z_A ‖ M), intermediate values of the same example (A.2), as the SM2 test of an
  // OpenSSL-1.0-based fork checks them (crypto/sm2/sm2test.c, Z_exp and Dgst_exp).
  z: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
  e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const message = Buffer.from('message digest');
const signature = hex(A.r + A.s);

// Recommended-curve parameters (GB/T 32918.5-2017 §2), for computing Z by hand.
const CURVE = {
  a: 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC',
  b: '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93',
  gx: '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7',
  gy: 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
};

describe('SM2 signature: GB/T 32918.5 Annex A on the recommended curve', () => {
  it('the private key gives the published public key', () => {
    expect(gm.signingPublicKey(sm2Private(A.d, A.point))).toBe(sm2Public(A.point));
  });
  it('Z_A (GB/T 32918.2 §5.5) and e are the published values', () => {
    const id = Buffer.from(DEFAULT_USER_ID);
    const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
    const z = createHash('sm3')
      .update(Buffer.concat([entl, id, hex(CURVE.a + CURVE.b + CURVE.gx + CURVE.gy), hex(A.point).subarray(1)]))
      .digest();
    expect(z.toString('hex').toUpperCase()).toBe(A.z);
    expect(gm.hash(Buffer.concat([z, message])).toUpperCase()).toBe(A.e);
  });
  it('verifies the published signature, and sm-crypto does too', () => {
    expect(gm.verify(sm2Public(A.point), message, signature)).toBe(true);
    expect(
      smCrypto.sm2.doVerifySignature([...message], (A.r + A.s).toLowerCase(), A.point.toLowerCase(), {
        hash: true,
        userId: DEFAULT_USER_ID,
      }),
    ).toBe(true);
  });
  it('the runtime library, given the published k, produces the published r and s', () => {
    const x1 = BigInt('0x' + runtimeSm2.getPublicKeyFromPrivateKey(A.k.toLowerCase()).slice(2, 66));
    const sig = runtimeSm2.doSignature(message, A.d.toLowerCase(), {
      hash: true,
      publicKey: A.point.toLowerCase(),
      userId: DEFAULT_USER_ID,
      pointPool: [{ k: BigInt('0x' + A.k), x1 }],
    });
    expect(sig.toUpperCase()).toBe(A.r + A.s);
  });
  it('refuses a flipped bit in r, in s or in the message, another user id, and r or s outside [1, n-1]', () => {
    const pub = sm2Public(A.point);
    expect(gm.verify(pub, message, flip(signature, 5))).toBe(false);
    expect(gm.verify(pub, message, flip(signature, 40))).toBe(false);
    expect(gm.verify(pub, flip(message, 0), signature)).toBe(false);
    expect(
      runtimeSm2.doVerifySignature(message, A.r + A.s, A.point, { hash: true, userId: 'ALICE123@YAHOO.COM' }),
    ).toBe(false);
    const n = Buffer.from(SM2_N.toString(16), 'hex');
    const zero = Buffer.alloc(32);
    for (const [r, s] of [
      [zero, hex(A.s)],
      [hex(A.r), zero],
      [n, hex(A.s)],
      [hex(A.r), n],
    ])
      expect(gm.verify(pub, message, Buffer.concat([r!, s!]))).toBe(false);
    expect(gm.verify(pub, message, signature.subarray(0, 63))).toBe(false);
  });
});

describe('SM2 encryption: GB/T 32918.5 Annex C on the recommended curve', () => {
  // Same source (OpenSSL's sm2_crypt_test, "From Annex C in both GM/T0003.5-2012 and GB/T 32918.5-2016"),
  // there DER-encoded per GM/T 0009; here in C1 ‖ C3 ‖ C2 order with C1 = 04 ‖ x1 ‖ y1.
  const c1 =
    '04' +
    '04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73' +
    'E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0';
  const c3 = '59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766';
  const c2 = '21886CA989CA9C7D58087307CA93092D651EFA';
  const ciphertext = hex(c1 + c3 + c2);
  const key = () => parseSm2Private(sm2Private(A.d, A.point));

  it('decrypts the published ciphertext to "encryption standard", as sm-crypto does', () => {
    expect(sm2Decrypt(key(), ciphertext)?.toString()).toBe('encryption standard');
    const other = smCrypto.sm2.doDecrypt((c1.slice(2) + c3 + c2).toLowerCase(), A.d.toLowerCase(), 1, {
      output: 'array',
    });
    expect(Buffer.from(other).toString()).toBe('encryption standard');
  });
  it('refuses a flipped bit in C1, C3 or C2', () => {
    for (const index of [10, 70, 65 + 32 + 3]) expect(sm2Decrypt(key(), flip(ciphertext, index))).toBeUndefined();
  });
});

describe('cross-checks with sm-crypto (both directions)', () => {
  const messages = [Buffer.alloc(0), Buffer.from('督查：《中国共产党政法工作条例》贯彻落实情况'), randomBytes(1024)];
  const pointHex = (text: string) => Buffer.from(text, 'base64').subarray(-65).toString('hex');
  const dHex = (text: string) => parseSm2Private(text).d;

  it("signatures made by the suite verify in sm-crypto, and sm-crypto's verify in the suite", () => {
    for (let i = 0; i < 3; i++) {
      const pair = gm.generateSigningKey();
      for (const m of messages) {
        const ours = gm.sign(pair.privateKey, m).toString('hex');
        expect(
          smCrypto.sm2.doVerifySignature([...m], ours, pointHex(pair.publicKey), {
            hash: true,
            userId: DEFAULT_USER_ID,
          }),
        ).toBe(true);
        const theirs = smCrypto.sm2.doSignature([...m], dHex(pair.privateKey), {
          hash: true,
          publicKey: pointHex(pair.publicKey),
          userId: DEFAULT_USER_ID,
        });
        expect(gm.verify(pair.publicKey, m, hex(theirs))).toBe(true);
        expect(gm.verify(pair.publicKey, flip(Buffer.concat([m, Buffer.from([0])]), 0), hex(theirs))).toBe(false);
      }
    }
  });
  it('a key wrapped by the suite decrypts in sm-crypto, and one encrypted by sm-crypto unwraps in the suite', () => {
    const pair = gm.generateAgreementKey();
    const contentKey = randomBytes(32);
    const wrapped = gm.wrapKey(pair.publicKey, contentKey);
    expect(wrapped.length).toBe(129);
    expect(wrapped[0]).toBe(0x04);
    const opened = smCrypto.sm2.doDecrypt(wrapped.subarray(1).toString('hex'), dHex(pair.privateKey), 1, {
      output: 'array',
    });
    expect(Buffer.from(opened).equals(contentKey)).toBe(true);
    const theirs = '04' + smCrypto.sm2.doEncrypt([...contentKey], pointHex(pair.publicKey), 1);
    expect(gm.unwrapKey(pair.privateKey, hex(theirs)).equals(contentKey)).toBe(true);
  });
  it('an SM2 key pair made by OpenSSL is an SM2 key pair the suite signs and verifies with', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const priv = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(gm.signingPublicKey(priv)).toBe(pub);
    expect(gm.verify(pub, messages[1]!, gm.sign(priv, messages[1]!))).toBe(true);
  });
});
