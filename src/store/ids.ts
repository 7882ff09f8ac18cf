// Random identifiers in Crockford's base32 (no i, l, o, u to misread when typed or read out).
import { randomBytes } from 'node:crypto';

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

export function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => BASE32[b & 31]).join('');
}

/** Event and record ids: 80 random bits, unique across a team's laptops. */
export const newId = () => randomId(16);
