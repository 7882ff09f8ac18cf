// The 国密 suite: SM3 and SM4-CTR + HMAC-SM3 from Node's OpenSSL; SM2 signatures and SM2 public-key
// encryption from sm-crypto-v2 (sm2.ts). Loaded only through loadSuite('gm').
//
// Key wrap (129 bytes): SM2 encryption (GB/T 32918.4) of the 32-byte content key to the recipient's SM2
// encryption key: C1 (65, 04 ‖ x1 ‖ y1) ‖ C3 (32) ‖ C2 (32). Signing and encryption keys are separate SM2
// key pairs, as GM/T practice keeps them (a signing certificate and an encryption certificate).
import { createHash } from 'node:crypto';
import { sm4CtrHmacSm3 } from './aead.js';
import { KeyCache } from './bytes.js';
import { badCiphertext, tampered } from './errors.js';
import { fingerprintOf, keyIdOf, parsePublicKey } from './keys.js';
import { sm2Decrypt, sm2Encrypt, sm2Sign, sm2Verify } from './sm2.js';
import {
  generateSm2KeyPair,
  parseSm2Private,
  parseSm2Public,
  sm2PublicText,
  type Sm2Private,
  type Sm2Public,
} from './sm2-keys.js';
import { ALG, type Hasher, type Suite } from './types.js';

const WRAP_LENGTH = 65 + 32 + 32;

const publicKeys = new KeyCache<Sm2Public>();
const privateKeys = new KeyCache<Sm2Private>();
const pub = (text: string) => publicKeys.get(text, parseSm2Public);
const priv = (text: string) => privateKeys.get(text, parseSm2Private);

function sm3Hasher(): Hasher {
  const hash = createHash('sm3');
  const hasher: Hasher = {
    update: (data) => (hash.update(data), hasher),
    digest: () => hash.digest(),
    digestHex: () => hash.digest('hex'),
  };
  return hasher;
}

export const gmSuite: Suite = {
  id: 'gm',
  algorithms: {
    hash: 'SM3',
    signature: 'SM2',
    aead: 'SM4-CTR+HMAC-SM3',
    keyWrap: 'SM2 encryption (C1C3C2)',
    passphraseKdf: 'PBKDF2-HMAC-SM3',
  },
  aeadAlg: ALG.sm4CtrHmacSm3,
  wrapAlg: ALG.sm2EncryptC1C3C2,
  wrapLength: WRAP_LENGTH,
  kdfAlg: ALG.pbkdf2HmacSm3,

  hash: (data) => createHash('sm3').update(data).digest('hex'),
  createHasher: sm3Hasher,

  generateSigningKey: generateSm2KeyPair,
  signingPublicKey: (privateKey) => sm2PublicText(priv(privateKey)),
  sign: (privateKey, data) => sm2Sign(priv(privateKey), data),
  verify: (publicKey, data, signature) => sm2Verify(pub(publicKey), data, signature),
  checkSigningKey: (publicKey) => void pub(publicKey),

  generateAgreementKey: generateSm2KeyPair,
  checkAgreementKey: (publicKey) => void pub(publicKey),
  wrapKey(recipientPublicKey, contentKey) {
    if (contentKey.length !== 32) throw new Error('content key must be 32 bytes');
    return sm2Encrypt(pub(recipientPublicKey).hex, contentKey);
  },
  unwrapKey(privateKey, wrapped) {
    if (wrapped.length !== WRAP_LENGTH) throw badCiphertext();
    const key = sm2Decrypt(priv(privateKey), wrapped);
    if (!key) throw tampered();
    return key;
  },

  keyId: (publicKey) =>
    keyIdOf(
      createHash('sm3')
        .update(parsePublicKey(publicKey, 'SM2', 'gm').der)
        .digest(),
    ),
  fingerprint: (publicKey) => fingerprintOf(gmSuite.keyId(publicKey)),

  aead: sm4CtrHmacSm3,
};
