// The digest a format-2 event's hash is checked with is the one the hub stores (events.digest, what a link
// to the event carries): parseEvent keeps it, so the acceptor does not hash each event's body a second time.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventDigest, eventHash } from '../../src/store/hash.js';
import { eventsFrom } from '../../src/store/hub-queries.js';
import type { StoredEvent } from '../../src/store/events.js';
import { digestOfParsed, formatOf, parseEvent } from '../../src/team/rules.js';
import { newInspection, tempStore } from '../helpers/store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function lines(): { lines: string[]; algorithm: string } {
  const store = tempStore();
  dirs.push(dirname(store.file));
  try {
    newInspection(store);
    return { lines: [...eventsFrom(store.db, 1)].map((r) => r[0]), algorithm: store.hashAlgorithm };
  } finally {
    store.close();
  }
}

describe("parseEvent keeps a format-2 event's digest", () => {
  it('is the digest of its canonical body, for every event of a new inspection', () => {
    const { lines: all, algorithm } = lines();
    expect(all.length).toBeGreaterThan(0);
    all.forEach((line, i) => {
      const e = parseEvent(line, i + 1, 'x', algorithm);
      expect(formatOf(e)).toBe(2);
      expect(digestOfParsed(e)).toBe(eventDigest(algorithm, e));
      expect(digestOfParsed(e)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('is absent for a format-1 event, and an event whose hash fits neither rule is refused', () => {
    const { lines: all } = lines();
    const e = JSON.parse(all[0]!) as StoredEvent;
    const body = { id: e.id, device: e.device, seq: e.seq, at: e.at, actor: e.actor, type: e.type, payload: e.payload };
    const one = { ...e, hash: eventHash(e.prevHash, body) };
    const parsed = parseEvent(JSON.stringify(one), 1, 'x');
    expect(formatOf(parsed)).toBe(1);
    expect(digestOfParsed(parsed)).toBeUndefined();
    expect(() => parseEvent(JSON.stringify({ ...e, hash: 'f'.repeat(64) }), 1, 'x')).toThrow();
  });
});
