// A short, readable fingerprint of a device's public key, as `ducha team key` prints it.
import { createHash } from 'node:crypto';

/** The first 16 bytes of the SHA-256 of the key's SPKI DER, in groups of four hex digits. */
export function fingerprint(publicKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(':');
}
