// Identifiers in Crockford's base32 (no i, l, o, u to misread when typed or read out). Random bytes come
// from a pool: one call to the OS per few hundred ids rather than per id.
import { randomFillSync } from 'node:crypto';

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function randomId(length: number): string {
  // Read from the pool in place (no Buffer view per id: an import makes two ids per row).
  if (offset + length > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = '';
  for (const end = offset + length; offset < end; offset++) out += BASE32[pool[offset]! & 31];
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
  if (now !== lastTime.now) {
    let time = '';
    for (let t = now, k = 0; k < 9; k++, t = Math.floor(t / 32)) time = BASE32[t % 32] + time;
    lastTime = { now, time };
  }
  return lastTime.time + randomId(7);
}

/** The time part of the last id made (ids made in one millisecond share it). */
let lastTime = { now: NaN, time: '' };
