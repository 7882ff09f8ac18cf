// Canonical JSON: object keys sorted, no whitespace, so the same event always hashes the same everywhere.

/** Keys that JSON.stringify would move to the front (array indices): objects with one take the slow path. */
const INDEX = /^(?:0|[1-9]\d*)$/;
const SLOW = Symbol('slow');

/**
 * The value with every object's keys in sorted order (the value itself when they already are, as payloads are
 * mostly built), so that JSON.stringify writes the canonical text; SLOW when JSON.stringify would write
 * something else for it (a toJSON method, an index-like or `__proto__` key, a value it drops or refuses).
 */
function ordered(value: unknown, depth: number): unknown {
  if (value === null) return value;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : SLOW;
    case 'object':
      break;
    default:
      return SLOW;
  }
  if (depth > 64) return SLOW;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return SLOW; // a hole: the definition's map() skips it
      const v = value[i] === undefined ? null : ordered(value[i], depth + 1);
      if (v === SLOW) return SLOW;
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  // Only plain objects: JSON.stringify unboxes `new String('')`, and a class may have toJSON.
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return SLOW;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    if (INDEX.test(keys[i]!) || keys[i] === '__proto__') return SLOW;
    if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
  }
  if (!sorted) keys.sort();
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = record[k];
    if (v === undefined) continue;
    const o = ordered(v, depth + 1);
    if (o === SLOW) return SLOW;
    if (o !== v && !copy) {
      copy = {};
      for (let j = 0; j < i; j++) if (record[keys[j]!] !== undefined) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy) copy[k] = o;
  }
  return copy ?? record;
}

/** The canonical text, through JSON.stringify where it writes the same (about three times faster). */
export function canonicalJson(value: unknown): string {
  const plain = value === undefined ? SLOW : ordered(value, 0);
  return plain === SLOW ? slowCanonicalJson(value) : JSON.stringify(plain);
}

/** The definition, written out: what canonicalJson returns (or throws) for any value. */
function slowCanonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return '[' + value.map((v) => slowCanonicalJson(v === undefined ? null : v)).join(',') + ']';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      out += JSON.stringify(k) + ':' + slowCanonicalJson(v);
    }
    return out + '}';
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
}
