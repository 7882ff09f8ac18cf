// Sealing the events and projections of a database written before its data key (store/sealed.ts), on a copy
// of the committed format-1 fixture opened in-process: sealing twice changes nothing the second time; the hub
// push reads each event as its hash covers it; verify recomputes every hash from the opened payloads,
// reports a sealed payload moved to another event as damage, and, without the key, counts what it could not
// check instead of calling it checked.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSuite } from '../../src/crypto/default-suite.js';
import { canonicalJson } from '../../src/store/canonical.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { eventFormat } from '../../src/store/hash.js';
import { eventsFrom } from '../../src/store/hub-queries.js';
import { openStore } from '../../src/store/open.js';
import { sealExistingData } from '../../src/store/sealed.js';
import type { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { ROOT } from '../helpers/run.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the format-1 member database, migrated, and a cipher for a fresh data key. */
function sealedCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ducha-sealed-'));
  dirs.push(dir);
  const file = join(dir, 'member.db');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'format1', 'member.db'), file);
  const store = openStore(file);
  stores.push(store);
  const cipher = new FieldCipher((k) => defaultSuite.aead(k), { id: randomBytes(16), key: randomBytes(32) });
  const clear = store.db.prepare('SELECT hash, payload FROM events ORDER BY seq_no').all() as Array<{
    hash: string;
    payload: string;
  }>;
  const first = store.write(() => sealExistingData(store, cipher));
  return { file, store, cipher, clear, first };
}

describe('sealExistingData', () => {
  it('seals once: a second run finds nothing in clear; the push reads every payload as its hash covers it', () => {
    const { store, cipher, clear, first } = sealedCopy();
    expect(first.events).toBe(5);
    expect(first.values).toBeGreaterThan(0);
    expect(store.write(() => sealExistingData(store, cipher))).toEqual({ events: 0, values: 0 });

    store.useFieldCipher(() => cipher);
    const lines = [...eventsFrom(store.db, 1)].map((row) => JSON.parse(row[0]) as Record<string, unknown>);
    expect(lines.map((l) => canonicalJson(l.payload))).toEqual(clear.map((c) => c.payload));
    for (const l of lines) {
      const body = { ...(l as never as { id: string }), payload: undefined } as never;
      expect(
        eventFormat('sha256', l.prevHash as string, body, canonicalJson(l.payload), l.hash as string),
      ).toBeDefined();
    }
  });

  it('verify: every hash recomputed with the key; a sealed payload moved to another event is damage; locked, counted as unchecked', () => {
    const { file, store, cipher } = sealedCopy();
    store.useFieldCipher(() => cipher);
    expect(verifyStore(store)).toMatchObject({ ok: true, sealed: 5, unchecked: 0, projectionsChecked: true });

    // Without the key: the chain and signatures are checked, the payloads only counted.
    const locked = openStore(file, { readonly: true, asIs: true });
    stores.push(locked);
    expect(verifyStore(locked)).toMatchObject({ ok: true, sealed: 5, unchecked: 5, projectionsChecked: false });

    // One event's sealed payload copied over another's: it does not open there (its AAD is the event's hash).
    const [a, b] = store.db
      .prepare('SELECT seq_no, payload FROM events WHERE sealed_key_id IS NOT NULL ORDER BY seq_no LIMIT 2')
      .all() as Array<{ seq_no: number; payload: string }>;
    store.db.prepare('UPDATE events SET payload = ? WHERE seq_no = ?').run(a!.payload, b!.seq_no);
    const damaged = verifyStore(store);
    expect(damaged.ok).toBe(false);
    expect(damaged.damage.map((d) => d.check)).toContain('chain');
  });
});
