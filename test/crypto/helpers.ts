// Keys for test vectors: published raw key bytes wrapped in the DER encodings the suites take as text,
// plus a bit flipper for tamper tests.
const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

/** RFC 8410 encodings of raw Ed25519 / X25519 keys. */
export const ed25519Private = (seed: string) =>
  Buffer.concat([hex('302e020100300506032b657004220420'), hex(seed)]).toString('base64');
export const ed25519Public = (raw: string) =>
  Buffer.concat([hex('302a300506032b6570032100'), hex(raw)]).toString('base64');
export const x25519Private = (raw: string) =>
  Buffer.concat([hex('302e020100300506032b656e04220420'), hex(raw)]).toString('base64');
export const x25519Public = (raw: string) =>
  Buffer.concat([hex('302a300506032b656e032100'), hex(raw)]).toString('base64');

/** SPKI of an SM2 point (04 ‖ X ‖ Y): id-ecPublicKey with the SM2 curve OID 1.2.156.10197.1.301. */
export const sm2Public = (point: string) =>
  Buffer.concat([hex('3059301306072a8648ce3d020106082a811ccf5501822d034200'), hex(point)]).toString('base64');

/** PKCS#8 of an SM2 key from its scalar d and point 04 ‖ X ‖ Y, laid out as OpenSSL writes it. */
export function sm2Private(d: string, point: string): string {
  const head = hex('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420');
  return Buffer.concat([head, hex(d), hex('a14403420004'), hex(point).subarray(1)]).toString('base64');
}

export { hex };

/** A copy of `bytes` with one bit flipped. */
export function flip(bytes: Uint8Array, index: number, bit = 0): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 1 << bit;
  return copy;
}
