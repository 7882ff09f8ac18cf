// The duplicate check of `record` (sameRecords) on a protected database: it decrypts only the stored notes whose
// length the new note can have (issue 17's figures: decrypting every note of the item made `record` slow on a
// large inspection) and still finds every earlier identical record — sealed, or written in clear before the
// database was protected — in both suites; the lengths it relies on are those the sealed formats give.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gmAvailable, loadSuite } from '../../src/crypto/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord } from '../../src/inspect/recording.js';
import { storedLengths } from '../../src/store/confidential.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { sameRecords } from '../../src/store/lead-queries.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { newInspection } from '../helpers/store.js';
import { protectInProcess } from '../helpers/protected-store.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();
const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('sameRecords on a protected database (%s suite)', (suiteId) => {
  it('finds the earlier identical records, sealed or clear, and decrypts only notes of a length the note can have', async () => {
    const suite = await loadSuite(suiteId);
    const file = tmp.dbFile();
    let store: Store = openStore(file, { create: true, suite });
    const inspection = newInspection(store);
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
    const add = (note: string, subject?: string) =>
      addRecord(store, '张三', inspection.id, ref, { method: 'talk', note, subject, interviewee: '李秘密' }, 10).payload
        .id;
    const note = '个别谈话中反映请示报告登记不及时';
    const clear = add(note); // before protection: stored in clear
    // Protected as `ducha protect` does, then opened again with the keys given.
    const protectedOne = await protectInProcess(store, suite);
    store = protectedOne.store;
    const { keyId, dataKey } = protectedOne;
    let opens = 0;
    const counting = (k: Uint8Array) => {
      const aead = suite.aead(k);
      return { ...aead, open: (s: Uint8Array, aad?: Uint8Array) => (opens++, aead.open(s, aad)) };
    };
    store.useFieldCipher(() => new FieldCipher(counting, { id: Buffer.from(keyId, 'hex'), key: dataKey }));
    const sealed = add(note);
    add('个别谈话中反映请示报告登记及时了'); // the same length in UTF-8: decrypted, and different
    add(note, '另一个对象'); // the same note, another subject: not the same record
    for (let i = 0; i < 20; i++) add(`实地走访核实第 ${i} 处，情况属实，已当场指出，请示报告制度执行到位。`);
    const stored = store.db.prepare(
      "SELECT json_extract(payload, '$.note') AS note FROM events WHERE type = 'record.added'",
    );
    const notes = (stored.all() as Array<{ note: string }>).map((r) => r.note);
    expect(notes.filter((n) => n.startsWith('ducha-enc:1:'))).toHaveLength(23);
    const last = add(note);

    opens = 0;
    const found = sameRecords(store, {
      inspectionId: inspection.id,
      checklistId: ref.checklist.id,
      itemId: ref.item.id,
      method: 'talk',
      note,
      interviewee: '李秘密',
      exceptId: last,
    });
    expect(found.map((r) => r.id)).toEqual([clear, sealed]);
    // The notes of the new note's length (sealed, the other subject's, the same-length one), their interviewees and
    // subjects — never the twenty notes of other lengths.
    expect(opens).toBeGreaterThan(0);
    expect(opens).toBeLessThan(20);
    store.close();
  });

  it('the lengths are those of the clear text and of its ciphertext text in both sealed formats', async () => {
    const suite = await loadSuite(suiteId);
    const cipher = new FieldCipher((k) => suite.aead(k), { id: randomBytes(16), key: randomBytes(32) });
    for (const text of [
      '',
      '李',
      '李秘密',
      'abc',
      '个别谈话中反映请示报告登记不及时',
      '表情 😀 与 ASCII',
      'x'.repeat(301),
    ]) {
      const lengths = storedLengths(text);
      expect(lengths[0]).toBe([...text].length);
      expect(lengths).toContain(cipher.seal('note', text).length);
    }
  });
});
