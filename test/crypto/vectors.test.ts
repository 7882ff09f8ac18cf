// Published test vectors for every primitive the two suites use, run through the suites' own entry points
// where the primitive is deterministic, and cross-checks against sm-crypto where no vector is published.
import { createCipheriv, createHmac, diffieHellman, createPrivateKey, createPublicKey } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/crypto/index.js';
import { derivePbkdf2Sm3, deriveScrypt } from '../../src/crypto/passphrase.js';
import { ed25519Private, ed25519Public, hex, x25519Private, x25519Public } from './helpers.js';

const defaultSuite = await loadSuite('default');
const gm = await loadSuite('gm');

describe('SM3 (GB/T 32905-2016, Annex A)', () => {
  it('A.1: "abc"', () => {
    expect(gm.hash('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('A.2: the 512-bit message "abcd" × 16, also fed in pieces', () => {
    const want = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
    expect(gm.hash('abcd'.repeat(16))).toBe(want);
    const hasher = gm.createHasher();
    for (const piece of ['abc', 'dabcdabc'.repeat(7), 'dabcd']) hasher.update(piece);
    expect(hasher.digestHex()).toBe(want);
  });
  it('HMAC-SM3: Node agrees with sm-crypto', () => {
    const key = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const data = Buffer.from('督查 ducha HMAC-SM3 cross-check', 'utf8');
    expect(createHmac('sm3', key).update(data).digest('hex')).toBe(
      smCrypto.sm3([...data], { key: key.toString('hex') }),
    );
  });
});

describe('SHA-256 (FIPS 180-4 example)', () => {
  it('"abc", one-shot and streamed', () => {
    const want = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(defaultSuite.hash('abc')).toBe(want);
    expect(defaultSuite.createHasher().update('a').update(Buffer.from('bc')).digestHex()).toBe(want);
  });
});

describe('SM4 (GB/T 32907-2016, Annex A)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');
  it('A.1: one block', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(key), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
  it('A.2: the block encrypted 1,000,000 times', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block: Buffer = key;
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
  it("CTR: Node's keystream is sm-crypto's SM4 of successive 128-bit counters (carry across 64 bits)", () => {
    const iv = hex('0011223344556677ffffffffffffffff');
    const c = createCipheriv('sm4-ctr', key, iv);
    const stream = c.update(Buffer.alloc(48));
    const counters = [0n, 1n, 2n].map((n) =>
      Buffer.from((BigInt('0x' + iv.toString('hex')) + n).toString(16).padStart(32, '0'), 'hex'),
    );
    const ecb = smCrypto.sm4.encrypt([...Buffer.concat(counters)], key.toString('hex'), {
      padding: 'none',
      output: 'array',
    }) as number[];
    expect(stream.toString('hex')).toBe(Buffer.from(ecb).toString('hex'));
  });
});

describe('AES-256-GCM (GCM specification, McGrew & Viega, test case 16)', () => {
  it('encrypts with AAD to the published ciphertext and tag', () => {
    const c = createCipheriv(
      'aes-256-gcm',
      hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
      hex('cafebabefacedbaddecaf888'),
    );
    c.setAAD(hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'));
    const p = hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
    expect(Buffer.concat([c.update(p), c.final()]).toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    );
    expect(c.getAuthTag().toString('hex')).toBe('76fc6ece0f4e1768cddf8853bb2d551b');
  });
});

describe('Ed25519 (RFC 8032 §7.1) through the default suite', () => {
  const cases = [
    [
      'TEST 1',
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      '',
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    ],
    [
      'TEST 2',
      '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      '72',
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    ],
    [
      'TEST 3',
      'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      'af82',
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    ],
  ] as const;
  for (const [name, secret, publicKey, message, signature] of cases) {
    it(name, () => {
      const priv = ed25519Private(secret);
      const pub = ed25519Public(publicKey);
      expect(defaultSuite.signingPublicKey(priv)).toBe(pub);
      expect(defaultSuite.sign(priv, hex(message)).toString('hex')).toBe(signature);
      expect(defaultSuite.verify(pub, hex(message), hex(signature))).toBe(true);
    });
  }
});

describe('X25519 (RFC 7748 §6.1)', () => {
  it('Alice and Bob agree on the published shared secret with keys the default suite accepts', () => {
    const alice = {
      priv: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
      pub: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    };
    const bob = {
      priv: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
      pub: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    };
    for (const k of [alice, bob]) defaultSuite.checkAgreementKey(x25519Public(k.pub));
    const privateKey = createPrivateKey({
      key: Buffer.from(x25519Private(alice.priv), 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    const publicKey = createPublicKey({
      key: Buffer.from(x25519Public(bob.pub), 'base64'),
      format: 'der',
      type: 'spki',
    });
    const shared = diffieHellman({ privateKey, publicKey });
    expect(shared.toString('hex')).toBe('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  });
});

describe('passphrase KDFs', () => {
  it('scrypt (RFC 7914 §12: "password", "NaCl", N=1024, r=8, p=16; first 32 of its 64 bytes)', () => {
    expect(deriveScrypt(Buffer.from('password'), Buffer.from('NaCl'), 10, 8, 16).toString('hex')).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162',
    );
  });
  it("PBKDF2-HMAC-SM3 (GM/T 0091-2020 §6): Node agrees with PBKDF2 written over sm-crypto's HMAC-SM3", () => {
    const pass = Buffer.from('口令 passphrase', 'utf8');
    const salt = hex('00112233445566778899aabbccddeeff');
    const hmac = (key: Buffer, data: Buffer) =>
      Buffer.from(smCrypto.sm3([...data], { key: key.toString('hex') }), 'hex');
    let u = hmac(pass, Buffer.concat([salt, hex('00000001')]));
    const t = Buffer.from(u);
    for (let i = 1; i < 1000; i++) {
      u = hmac(pass, u);
      for (let j = 0; j < 32; j++) t[j]! ^= u[j]!;
    }
    expect(derivePbkdf2Sm3(pass, salt, 1000).toString('hex')).toBe(t.toString('hex'));
  });
});
