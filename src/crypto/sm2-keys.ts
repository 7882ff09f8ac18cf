// SM2 keys as text, without Node's KeyObjects: Node 20 reports an SM2 key it imports as of no known type
// and aborts the whole process when asked to export one as SEC1. Public keys use the SPKI layout of
// keys.ts; private keys one fixed PKCS#8 layout (RFC 5208 around RFC 5915's ECPrivateKey with its public
// key, exactly as OpenSSL writes an SM2 key):
//   30 81 87 02 01 00 30 13 06 07 2a8648ce3d0201 06 08 2a811ccf5501822d 04 6d 30 6b 02 01 01 04 20 ‖ d (32)
//   ‖ a1 44 03 42 00 04 ‖ X (32) ‖ Y (32)                                                    (138 bytes)
// Points are checked, and d·G computed, by Node's OpenSSL through an ECDH object on its SM2 curve (never a
// KeyObject): on the curve, not the point at infinity (the curve's cofactor is 1). Only the uncompressed form
// of 65 bytes is ever given to it. No library is loaded for this, so a command that only signs loads none.
import { ECDH, createECDH, randomBytes } from 'node:crypto';
import { strictBase64 } from './bytes.js';
import { badPrivateKey, badPublicKey } from './errors.js';
import { parsePublicKey, publicKeyText } from './keys.js';
import type { KeyPair } from './types.js';

/** Order n of the recommended curve (GB/T 32918.5-2017 §2). */
export const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

const PKCS8_HEAD = Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex');
const PKCS8_MID = Buffer.from('a14403420004', 'hex');
const PKCS8_LENGTH = PKCS8_HEAD.length + 32 + PKCS8_MID.length + 64;

export interface Sm2Public {
  /** 04 ‖ X ‖ Y in lower-case hex, as sm-crypto-v2 takes it. */
  hex: string;
  /** How often it has verified, and its precomputed table once that pays (sm2.ts). */
  uses: number;
  point?: unknown;
}

export interface Sm2Private {
  d: string;
  publicHex: string;
  /** Z_A of GB/T 32918.2, computed once per key (sm2.ts). */
  z?: Buffer;
}

/** d·G as 04 ‖ X ‖ Y in hex, by Node's OpenSSL (d already checked to be in [1, n−2]). */
export function publicPointOf(d: Uint8Array): string {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(d));
  return ecdh.getPublicKey('hex', 'uncompressed');
}

const big = (bytes: Uint8Array) => BigInt('0x' + Buffer.from(bytes).toString('hex'));

/** d in [1, n−2]: signing computes (1 + d)⁻¹ mod n (GB/T 32918.2), so d = n − 1 could never sign. */
const validScalar = (d: bigint) => d >= 1n && d <= SM2_N - 2n;

/** An uncompressed point (65 bytes) on the curve: OpenSSL refuses to decode any other. */
function onCurve(pointHex: string): boolean {
  if (pointHex.length !== 130 || !pointHex.startsWith('04')) return false;
  try {
    ECDH.convertKey(Buffer.from(pointHex, 'hex'), 'SM2');
    return true;
  } catch {
    return false;
  }
}

/** A new key pair: d drawn uniformly from [1, n−2] by rejection from Node's CSPRNG, public key d·G. */
export function generateSm2KeyPair(): KeyPair {
  for (;;) {
    const d = randomBytes(32);
    if (!validScalar(big(d))) continue;
    const point = Buffer.from(publicPointOf(d).slice(2), 'hex');
    return {
      publicKey: publicKeyText('SM2', point),
      privateKey: Buffer.concat([PKCS8_HEAD, d, PKCS8_MID, point]).toString('base64'),
    };
  }
}

export function parseSm2Public(text: string): Sm2Public {
  const hex = '04' + parsePublicKey(text, 'SM2', 'gm').raw.toString('hex');
  if (!onCurve(hex)) throw badPublicKey('SM2');
  return { hex, uses: 0 };
}

/** This device's SM2 private key; its stored public key must be d·G. */
export function parseSm2Private(text: string): Sm2Private {
  const der = strictBase64(text);
  const midAt = PKCS8_HEAD.length + 32;
  if (
    !der ||
    der.length !== PKCS8_LENGTH ||
    !der.subarray(0, PKCS8_HEAD.length).equals(PKCS8_HEAD) ||
    !der.subarray(midAt, midAt + PKCS8_MID.length).equals(PKCS8_MID)
  ) {
    throw badPrivateKey('SM2');
  }
  const d = der.subarray(PKCS8_HEAD.length, midAt);
  if (!validScalar(big(d))) throw badPrivateKey('SM2');
  const publicHex = publicPointOf(d);
  if (publicHex !== '04' + der.subarray(midAt + PKCS8_MID.length).toString('hex')) throw badPrivateKey('SM2');
  return { d: d.toString('hex'), publicHex };
}

export function sm2PublicText(key: Sm2Private): string {
  return publicKeyText('SM2', Buffer.from(key.publicHex.slice(2), 'hex'));
}
