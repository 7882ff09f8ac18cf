// A second implementation of docs/format.md §17 (the encrypted bundle), written from the document alone: the
// key wrap of each suite, the chunked AEAD, the header, a writer (with the nonces and ephemeral key given, so
// the document's vectors can be rebuilt) and a reader with every check §17 asks of one. AES-256-GCM, X25519
// and HKDF-SHA256 come from Node; SM2, SM3, HMAC-SM3 and SM4 from sm-crypto (not the code ducha runs).
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  timingSafeEqual,
} from 'node:crypto';
import smCrypto from 'sm-crypto';
import { jcs, type SuiteName } from './second.js';

export const MAGIC = Buffer.from('DUCHA-SEALED/1\n', 'latin1');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SM2_SPKI = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

export class Refused extends Error {}
const must = (ok: unknown, what: string) => {
  if (!ok) throw new Refused(what);
};

const sm3 = (data: Buffer) => Buffer.from(smCrypto.sm3([...data]), 'hex');
const hmacSm3 = (key: Buffer, data: Buffer) =>
  Buffer.from(smCrypto.sm3([...data], { key: key.toString('hex') }), 'hex');
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

// ---- Keys (§17.1) ----------------------------------------------------------------------------------

export const x25519PublicText = (raw: Buffer) => Buffer.concat([X25519_SPKI, raw]).toString('base64');
export const x25519PublicRaw = (privateRaw: Buffer) =>
  createPublicKey(createPrivateKey({ key: Buffer.concat([X25519_PKCS8, privateRaw]), format: 'der', type: 'pkcs8' }))
    .export({ type: 'spki', format: 'der' })
    .subarray(12);
export const sm2PublicText = (pointHex: string) =>
  Buffer.concat([SM2_SPKI, Buffer.from(pointHex, 'hex')]).toString('base64');

/** The key id: the first 16 bytes of H(SPKI DER), in hex. */
export const keyId = (suite: SuiteName, publicText: string) => {
  const der = Buffer.from(publicText, 'base64');
  return (suite === 'gm' ? sm3(der) : createHash('sha256').update(der).digest()).subarray(0, 16).toString('hex');
};

// ---- Key wrap --------------------------------------------------------------------------------------

function x25519(privateRaw: Buffer, publicRaw: Buffer): Buffer {
  const priv = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, privateRaw]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey({ key: Buffer.concat([X25519_SPKI, publicRaw]), format: 'der', type: 'spki' });
  return diffieHellman({ privateKey: priv, publicKey: pub });
}

function kekAndNonce(shared: Buffer, ephemeralRaw: Buffer, recipientRaw: Buffer) {
  const okm = Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, recipientRaw]), 'ducha/1 x25519 wrap', 44),
  );
  return { kek: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

/** Default suite: 80 bytes, deterministic given the ephemeral private key. */
export function wrapX25519(recipientRaw: Buffer, contentKey: Buffer, ephemeralPrivate: Buffer): Buffer {
  const ephemeralRaw = x25519PublicRaw(ephemeralPrivate);
  const { kek, nonce } = kekAndNonce(x25519(ephemeralPrivate, recipientRaw), ephemeralRaw, recipientRaw);
  const c = createCipheriv('aes-256-gcm', kek, nonce);
  return Buffer.concat([ephemeralRaw, c.update(contentKey), c.final(), c.getAuthTag()]);
}

export function unwrapX25519(privateRaw: Buffer, wrapped: Buffer): Buffer {
  must(wrapped.length === 80, 'wrapped key of 80 bytes');
  const ephemeralRaw = wrapped.subarray(0, 32);
  const { kek, nonce } = kekAndNonce(x25519(privateRaw, ephemeralRaw), ephemeralRaw, x25519PublicRaw(privateRaw));
  const d = createDecipheriv('aes-256-gcm', kek, nonce);
  d.setAuthTag(wrapped.subarray(64));
  try {
    return Buffer.concat([d.update(wrapped.subarray(32, 64)), d.final()]);
  } catch {
    throw new Refused('wrapped key authenticates');
  }
}

/** 国密 suite: 129 bytes, C1 (04 ‖ x ‖ y) ‖ C3 ‖ C2; sm-crypto takes C1 without its 04. */
export function unwrapSm2(dHex: string, wrapped: Buffer): Buffer {
  must(wrapped.length === 129 && wrapped[0] === 4, 'wrapped key of 129 bytes');
  const key = Buffer.from(smCrypto.sm2.doDecrypt(wrapped.subarray(1).toString('hex'), dHex, 1, { output: 'array' }));
  must(key.length === 32, 'SM2 decryption');
  return key;
}

export const wrapSm2 = (pointHex: string, contentKey: Buffer) =>
  Buffer.from('04' + smCrypto.sm2.doEncrypt([...contentKey], pointHex, 1), 'hex');

// ---- The AEAD of one chunk (src/crypto's sealed format) --------------------------------------------

function sm4Ctr(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const blocks = Math.ceil(data.length / 16);
  const counters = Buffer.concat(
    Array.from({ length: blocks }, (_, i) =>
      Buffer.from((BigInt('0x' + iv.toString('hex')) + BigInt(i)).toString(16).padStart(32, '0').slice(-32), 'hex'),
    ),
  );
  const stream = blocks
    ? Buffer.from(
        smCrypto.sm4.encrypt([...counters], key.toString('hex'), { padding: 'none', output: 'array' }) as number[],
      )
    : Buffer.alloc(0);
  return Buffer.from(data.map((b, i) => b ^ stream[i]!));
}

function gmKeys(key: Buffer) {
  const prk = hmacSm3(Buffer.alloc(32), key);
  const expand = (info: string, n: number) =>
    hmacSm3(prk, Buffer.concat([Buffer.from(info), Buffer.from([1])])).subarray(0, n);
  return { enc: expand('ducha/1 sm4-ctr key', 16), mac: expand('ducha/1 hmac-sm3 key', 32) };
}

export function sealChunk(suite: SuiteName, key: Buffer, nonce: Buffer, plain: Buffer, aad: Buffer): Buffer {
  if (suite === 'default') {
    const head = Buffer.from([1, 1]);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(Buffer.concat([head, aad]));
    return Buffer.concat([head, nonce, c.update(plain), c.final(), c.getAuthTag()]);
  }
  const head = Buffer.from([1, 2]);
  const { enc, mac } = gmKeys(key);
  const body = sm4Ctr(enc, nonce, plain);
  return Buffer.concat([head, nonce, body, hmacSm3(mac, Buffer.concat([head, nonce, u64(aad.length), aad, body]))]);
}

export function openChunk(suite: SuiteName, key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (suite === 'default') {
    must(sealed[0] === 1 && sealed[1] === 1, 'AES-256-GCM chunk');
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(2, 14));
    d.setAAD(Buffer.concat([sealed.subarray(0, 2), aad]));
    d.setAuthTag(sealed.subarray(-16));
    try {
      return Buffer.concat([d.update(sealed.subarray(14, -16)), d.final()]);
    } catch {
      throw new Refused('chunk authenticates');
    }
  }
  must(sealed[0] === 1 && sealed[1] === 2, 'SM4-CTR+HMAC-SM3 chunk');
  const { enc, mac } = gmKeys(key);
  const iv = sealed.subarray(2, 18);
  const body = sealed.subarray(18, -32);
  must(
    timingSafeEqual(
      hmacSm3(mac, Buffer.concat([sealed.subarray(0, 2), iv, u64(aad.length), aad, body])),
      sealed.subarray(-32),
    ),
    'chunk authenticates',
  );
  return sm4Ctr(enc, iv, body);
}

// ---- The file ---------------------------------------------------------------------------------------

export interface Header {
  format: 'ducha-sealed/1';
  suite: SuiteName;
  chunkSize: number;
  device: string;
  publicKey: string;
  recipients: Array<{ device: string; key: string; wrapped: string }>;
}

const OVERHEAD: Record<SuiteName, number> = { default: 30, gm: 50 };
const aadOf = (prefix: Buffer, i: number, last: boolean) =>
  Buffer.concat([prefix, u64(i), Buffer.from([last ? 1 : 0])]);

export function prefixOf(header: Header): Buffer {
  const json = Buffer.from(jcs(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** The sealed file of `plain` under `contentKey`, with the nonce of each chunk given by `nonce(i)`. */
export function writeSealed(header: Header, contentKey: Buffer, plain: Buffer, nonce: (i: number) => Buffer): Buffer {
  const prefix = prefixOf(header);
  const count = Math.max(1, Math.ceil(plain.length / header.chunkSize));
  const parts = [prefix];
  for (let i = 0; i < count; i++)
    parts.push(
      sealChunk(
        header.suite,
        contentKey,
        nonce(i),
        plain.subarray(i * header.chunkSize, (i + 1) * header.chunkSize),
        aadOf(prefix, i, i === count - 1),
      ),
    );
  return Buffer.concat(parts);
}

/** Read a sealed file as a recipient: `unwrap` opens the entry whose key id is `mine`. Every check of §17.3. */
export function readSealed(
  bytes: Buffer,
  suite: SuiteName,
  mine: string,
  unwrap: (wrapped: Buffer) => Buffer,
): { header: Header; plain: Buffer } {
  must(bytes.subarray(0, 15).equals(MAGIC), 'magic');
  const length = bytes.readUInt32BE(15);
  must(length <= 65536, 'header length');
  const json = bytes.subarray(19, 19 + length).toString('utf8');
  const header = JSON.parse(json) as Header;
  must(jcs(header) === json, 'canonical header');
  must(header.format === 'ducha-sealed/1' && header.suite === suite, 'format and suite');
  must(
    Number.isInteger(header.chunkSize) && header.chunkSize >= 1024 && header.chunkSize <= 16 * 2 ** 20,
    'chunk size',
  );
  must(header.recipients.length >= 1 && header.recipients.length <= 16, 'recipients');
  const entry = header.recipients.find((r) => r.key === mine);
  must(entry, 'an entry for this key');
  const contentKey = unwrap(Buffer.from(entry!.wrapped, 'base64'));
  const prefix = bytes.subarray(0, 19 + length);
  const body = bytes.subarray(prefix.length);
  const stride = header.chunkSize + OVERHEAD[suite];
  const count = Math.ceil(body.length / stride);
  must(count >= 1 && body.length - (count - 1) * stride > OVERHEAD[suite], 'chunk layout');
  const plain: Buffer[] = [];
  for (let i = 0; i < count; i++)
    plain.push(
      openChunk(suite, contentKey, body.subarray(i * stride, (i + 1) * stride), aadOf(prefix, i, i === count - 1)),
    );
  return { header, plain: Buffer.concat(plain) };
}
