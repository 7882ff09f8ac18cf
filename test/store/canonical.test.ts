// canonicalJson takes JSON.stringify's fast path where that writes the same text: for any value — sorted or
// not, index-like and `__proto__` keys, undefined, non-finite numbers, boxed values, dates, bigints — it
// returns (or refuses) exactly what the definition in docs/format.md says, written out here as the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical.js';

/** The definition: keys sorted by UTF-16 code units, no whitespace, undefined members left out (null in arrays). */
function reference(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map((v) => reference(v === undefined ? null : v)).join(',') + ']';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => JSON.stringify(k) + ':' + reference(record[k]));
    return '{' + members.join(',') + '}';
  }
  throw new TypeError(`cannot encode ${typeof value}`);
}

const outcome = (f: () => string): string => {
  try {
    return f();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
};

describe('canonicalJson', () => {
  it('agrees with the definition for any value', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', '0', '1', '9', '10', '01', 'a', 'b', 'B', 'é', '\ud83d\ude00', 'toJSON'),
    );
    const values = fc.anything({
      key,
      withBoxedValues: true,
      withDate: true,
      withBigInt: true,
      withNullPrototype: true,
      withSparseArray: true,
      withMap: true,
      withSet: true,
      maxDepth: 4,
    });
    fc.assert(
      fc.property(values, (value) => {
        expect(outcome(() => canonicalJson(value))).toBe(outcome(() => reference(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('a record payload, its keys in any order', () => {
    const payload = {
      id: '01jc0000000001cd',
      inspectionId: '7k3m9q',
      checklistId: 'qingshi-baogao',
      itemId: 'QS-01',
      method: 'check',
      subject: undefined,
      note: '登记 12 件，抽查 5 件均一文一事',
      evidence: [],
    };
    const text =
      '{"checklistId":"qingshi-baogao","evidence":[],"id":"01jc0000000001cd","inspectionId":"7k3m9q","itemId":"QS-01","method":"check","note":"登记 12 件，抽查 5 件均一文一事"}';
    expect(canonicalJson(payload)).toBe(text);
    expect(canonicalJson(Object.fromEntries(Object.entries(payload).reverse()))).toBe(text);
    expect(canonicalJson({ b: [{ d: 1, c: undefined }, undefined], a: { '10': 1, '9': 2 } })).toBe(
      '{"a":{"10":1,"9":2},"b":[{"d":1},null]}',
    );
  });
});
