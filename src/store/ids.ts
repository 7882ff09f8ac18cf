// Identifiers in Crockford's base32 (no i, l, o, u to misread when typed or read out). Random bytes come
// from a pool: one call to the OS per few hundred ids rather than per id.
import { randomFillSync } from 'node:crypto';

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomBytes(n: number): Buffer {
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool.subarray(offset, (offset += n));
}

export function randomId(length: number): string {
  let out = '';
  for (const b of randomBytes(length)) out += BASE32[b & 31];
  return out;
}

export const SHORT_ID_LENGTH = 6;

/**
 * A short id not yet in use. Six characters are 30 bits: among 50,000 problems two random ones share
 * an id more likely than not (the bench's summary set-up hit it), so every new id is checked against the table it goes into.
 */
export function freshShortId(generate: () => string, taken: (id: string) => boolean): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const id = generate();
    if (!taken(id)) return id;
  }
  throw new Error('no free short id after 1000 attempts: the id generator repeats itself');
}

/**
 * Event and record ids: 9 characters of milliseconds since 1970, then 7 random (35 bits). Time-ordered,
 * so index inserts land at the end of the tree instead of anywhere; unique across a team's laptops.
 */
export function newId(now = Date.now()): string {
  let time = '';
  for (let t = now, k = 0; k < 9; k++, t = Math.floor(t / 32)) time = BASE32[t % 32] + time;
  return time + randomId(7);
}
