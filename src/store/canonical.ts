// Canonical JSON: object keys sorted, no whitespace, so the same event always hashes the same everywhere.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map((v) => canonicalJson(v === undefined ? null : v)).join(',') + ']';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // Most objects are built with their keys in order already; sort only when they are not.
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! > keys[i]!) {
        keys.sort();
        break;
      }
    }
    let out = '{';
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      out += JSON.stringify(k) + ':' + canonicalJson(v);
    }
    return out + '}';
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
}
