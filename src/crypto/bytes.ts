// Small byte helpers shared by the suites and formats: strict base64, big-endian lengths, a bounded
// cache of parsed keys, and a reader that refuses to run past the end of a buffer.
import { badCiphertext } from './errors.js';

/** Decode base64 only when `text` is its canonical encoding (no whitespace, padding as Node writes it). */
export function strictBase64(text: string): Buffer | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

export function u64be(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(n));
  return out;
}

/**
 * Parsed keys keyed by their text: parsing costs more than a hash, and a bundle verifies many signatures
 * by few keys. Bounded so a hostile input with many keys cannot grow it without limit.
 */
export class KeyCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit = 64) {}

  get(text: string, parse: (text: string) => T): T {
    const hit = this.map.get(text);
    if (hit !== undefined) return hit;
    const value = parse(text);
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(text, value);
    return value;
  }
}

/** Reads fields off a binary format in order; any read past the end is a malformed input. */
export class ByteReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u32(): number {
    return Buffer.from(this.take(4)).readUInt32BE(0);
  }

  take(n: number): Buffer {
    if (n < 0 || this.offset + n > this.bytes.length) throw badCiphertext();
    const out = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offset, n);
    this.offset += n;
    return out;
  }

  /** Everything from here to the end. */
  rest(): Buffer {
    return this.take(this.remaining);
  }

  /** The bytes already read: the header that a later part authenticates. */
  consumed(): Buffer {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.offset);
  }
}
