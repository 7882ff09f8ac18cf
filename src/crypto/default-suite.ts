// The default suite, all Node built-ins: SHA-256, Ed25519 signatures, AES-256-GCM, and key wrapping to a
// recipient's X25519 key (ephemeral X25519, HKDF-SHA256, AES-256-GCM).
//
// Key wrap (80 bytes): ephemeralPublic (32, raw X25519) ‖ AES-256-GCM(kek, nonce, contentKey) (32) ‖ tag (16)
//   shared      = X25519(ephemeralPrivate, recipientPublic)
//   kek ‖ nonce = HKDF-SHA256(shared, salt = ephemeralPublic ‖ recipientPublic (raw), info = "ducha/1 x25519 wrap", 44)
// The kek is used once, so a derived nonce is safe; no AAD.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { aes256gcm } from './aead.js';
import { KeyCache } from './bytes.js';
import { badCiphertext, badPublicKey, tampered } from './errors.js';
import { fingerprintOf, keyIdOf, parseNodePrivateKey, parsePublicKey, SPKI_PREFIX, publicKeyText } from './keys.js';
import { ALG, type Hasher, type KeyPair, type Suite } from './types.js';

const WRAP_INFO = 'ducha/1 x25519 wrap';
const WRAP_LENGTH = 32 + 32 + 16;

type Kind = 'Ed25519' | 'X25519';

function publicKeyObject(text: string, kind: Kind): KeyObject {
  const { der } = parsePublicKey(text, kind, 'default');
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    throw badPublicKey(kind);
  }
}

const publicKeys = new KeyCache<KeyObject>();
const privateKeys = new KeyCache<KeyObject>();
const pub = (text: string, kind: Kind) => publicKeys.get(`${kind}:${text}`, () => publicKeyObject(text, kind));
const priv = (text: string, kind: Kind) => privateKeys.get(`${kind}:${text}`, () => parseNodePrivateKey(text, kind));

const rawX25519 = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).subarray(SPKI_PREFIX.X25519.length);

function pairToText(pair: { publicKey: KeyObject; privateKey: KeyObject }): KeyPair {
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

function wrapKeys(shared: Buffer, ephemeralRaw: Buffer, recipientRaw: Buffer): { kek: Buffer; nonce: Buffer } {
  const okm = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, recipientRaw]), WRAP_INFO, 44));
  return { kek: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

function sha256Hasher(): Hasher {
  const hash = createHash('sha256');
  const hasher: Hasher = {
    update: (data) => (hash.update(data), hasher),
    digest: () => hash.digest(),
    digestHex: () => hash.digest('hex'),
  };
  return hasher;
}

export const defaultSuite: Suite = {
  id: 'default',
  algorithms: {
    hash: 'SHA-256',
    signature: 'Ed25519',
    aead: 'AES-256-GCM',
    keyWrap: 'X25519+HKDF-SHA256+AES-256-GCM',
    passphraseKdf: 'scrypt',
  },
  aeadAlg: ALG.aes256gcm,
  wrapAlg: ALG.x25519HkdfSha256Aes256gcm,
  wrapLength: WRAP_LENGTH,
  kdfAlg: ALG.scrypt,

  hash: (data) => createHash('sha256').update(data).digest('hex'),
  createHasher: sha256Hasher,

  generateSigningKey: () => pairToText(generateKeyPairSync('ed25519')),
  signingPublicKey: (privateKey) =>
    createPublicKey(priv(privateKey, 'Ed25519')).export({ type: 'spki', format: 'der' }).toString('base64'),
  sign: (privateKey, data) => sign(null, data, priv(privateKey, 'Ed25519')),
  verify(publicKey, data, signature) {
    const key = pub(publicKey, 'Ed25519');
    if (signature.length !== 64) return false;
    try {
      return verify(null, data, key, signature);
    } catch {
      return false;
    }
  },
  checkSigningKey: (publicKey) => void pub(publicKey, 'Ed25519'),

  generateAgreementKey: () => pairToText(generateKeyPairSync('x25519')),
  checkAgreementKey: (publicKey) => void pub(publicKey, 'X25519'),
  wrapKey(recipientPublicKey, contentKey) {
    if (contentKey.length !== 32) throw new Error('content key must be 32 bytes');
    const recipient = pub(recipientPublicKey, 'X25519');
    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = rawX25519(ephemeral.publicKey);
    let shared: Buffer;
    try {
      shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
    } catch {
      throw badPublicKey('X25519'); // a small-order point: OpenSSL refuses the all-zero shared secret
    }
    const { kek, nonce } = wrapKeys(shared, ephemeralRaw, rawX25519(recipient));
    const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: 16 });
    return Buffer.concat([ephemeralRaw, cipher.update(contentKey), cipher.final(), cipher.getAuthTag()]);
  },
  unwrapKey(privateKey, wrapped) {
    if (wrapped.length !== WRAP_LENGTH) throw badCiphertext();
    const own = priv(privateKey, 'X25519');
    const bytes = Buffer.from(wrapped);
    const ephemeralRaw = bytes.subarray(0, 32);
    let shared: Buffer;
    try {
      const ephemeral = publicKeyObject(publicKeyText('X25519', ephemeralRaw), 'X25519');
      shared = diffieHellman({ privateKey: own, publicKey: ephemeral });
    } catch {
      throw tampered(); // OpenSSL refuses a small-order point (an all-zero shared secret)
    }
    const { kek, nonce } = wrapKeys(shared, ephemeralRaw, rawX25519(createPublicKey(own)));
    const decipher = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(64));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(32, 64)), decipher.final()]);
    } catch {
      throw tampered();
    }
  },

  keyId: (publicKey) =>
    keyIdOf(
      createHash('sha256')
        .update(parsePublicKey(publicKey, ['Ed25519', 'X25519'], 'default').der)
        .digest(),
    ),
  fingerprint: (publicKey) => fingerprintOf(defaultSuite.keyId(publicKey)),

  aead: aes256gcm,
};
