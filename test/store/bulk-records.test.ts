// The bulk writer of import-records (src/store/bulk-records.ts) against Store.append of the same
// records.imported events: byte for byte the same events, hashes, signed head and projection rows, the payload
// text the canonical JSON, item counts that add to what an item already had, and a file that verifies.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical.js';
import { RecordWriter, importedRecordJson } from '../../src/store/bulk-records.js';
import { IMPORT_BATCH, type RecordAdded } from '../../src/store/events.js';
import { openStore, type OpenOptions } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { loadSuite } from '../../src/crypto/index.js';
import type { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

const dir = tempDir('ducha-bulk-records-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const payload = (over: Partial<RecordAdded> = {}): RecordAdded => ({
  id: 'r1',
  inspectionId: 'abc123',
  checklistId: 'zhengfa-weiyuan',
  itemId: 'WY-01',
  method: 'talk',
  note: '听取汇报',
  evidence: [],
  ...over,
});

describe('importedRecordJson', () => {
  it('writes the canonical JSON of an imported record, with and without its optional fields', () => {
    const texts = [
      '"引号" \\ 反斜杠\n换行\t制表',
      '\u2028\u2029 \u0000\u001f \u007f',
      '😀 \ud800 lone surrogate',
      '',
      'plain',
    ];
    const cases: RecordAdded[] = [
      payload(),
      payload({ subject: '县公安局' }),
      payload({ interviewee: '张伟' }),
      payload({ subject: '县公安局', interviewee: '张伟', method: 'visit' }),
      ...texts.map((t) => payload({ note: t, subject: t, interviewee: t, id: t, itemId: t, checklistId: t })),
    ];
    for (const p of cases) {
      const { inspectionId: _, evidence: __, ...record } = p;
      expect(importedRecordJson(p)).toBe(canonicalJson(record));
    }
  });
});

/** Store.append of the records as records.imported events of IMPORT_BATCH records, ids drawn as the writer draws them. */
function appendImported(store: Store, actor: string, rows: Array<Omit<RecordAdded, 'id'>>): void {
  for (let first = 0; first < rows.length; first += IMPORT_BATCH) {
    const records = rows.slice(first, first + IMPORT_BATCH).map(({ inspectionId: _, evidence: __, ...r }) => ({
      id: store.newId(),
      ...r,
    }));
    store.append(actor, 'records.imported', { inspectionId: rows[0]!.inspectionId, records });
  }
}

/** Two copies of one database holding an inspection, opened with the same clock and ids. */
function twins(options: Pick<OpenOptions, 'migrations' | 'suite'> = {}): {
  one: Store;
  bulk: Store;
  inspectionId: string;
} {
  const first = join(dir, `one-${Math.random().toString(36).slice(2)}.db`);
  const second = first.replace('one-', 'bulk-');
  const setup = openStore(first, { create: true, clock: steppingClock(), ...options });
  const inspectionId = newInspection(setup).id;
  setup.db.pragma('wal_checkpoint(TRUNCATE)');
  setup.close();
  copyFileSync(first, second);
  const open = (file: string) => {
    let n = 0;
    return openStore(file, {
      clock: steppingClock('2026-11-21T09:00:00.000Z'),
      newId: () => `id${String(++n).padStart(8, '0')}`,
      ...options,
    });
  };
  return { one: open(first), bulk: open(second), inspectionId };
}

const dump = (store: Store) => ({
  events: store.db.prepare('SELECT * FROM events ORDER BY seq_no').all(),
  records: store.db.prepare('SELECT * FROM records ORDER BY seq_no, position').all(),
  stats: store.db.prepare('SELECT * FROM item_stats ORDER BY checklist_id, item_id').all(),
  signatures: store.format === 1 ? [] : store.db.prepare('SELECT * FROM signatures ORDER BY device, seq').all(),
});

describe('RecordWriter', () => {
  it('writes the same events, hashes, signed head, records and counts as Store.append, in more rows than a batch', () => {
    const { one, bulk, inspectionId } = twins();
    try {
      const methods = ['listen', 'check', 'talk', 'visit'] as const;
      const rows = Array.from({ length: IMPORT_BATCH + 150 }, (_, i) => ({
        inspectionId,
        checklistId: 'zhengfa-weiyuan',
        itemId: `WY-0${(i % 3) + 1}`,
        method: methods[i % 4]!,
        note: `第 ${i} 条记录`,
        subject: i % 5 === 0 ? undefined : '县委政法委',
        interviewee: i % 4 === 2 ? '王芳' : undefined,
        evidence: [],
      }));
      // The same record made before the batch in both: the counts of the import add to it.
      for (const store of [one, bulk])
        store.write(() => store.append('甲', 'record.added', { ...rows[0]!, id: store.newId(), note: '此前的记录' }));
      one.write(() => appendImported(one, '乙', rows));
      bulk.write(() => {
        const writer = new RecordWriter(bulk, '乙');
        for (const r of rows) writer.add({ id: bulk.newId(), ...r });
        writer.finish();
      });
      expect(dump(bulk)).toEqual(dump(one));
      const stats = dump(bulk).stats as Array<{
        item_id: string;
        listen: number;
        check: number;
        talk: number;
        visit: number;
      }>;
      // WY-01 had one listen record before; the 406 rows give it every third, their methods in turn.
      expect(stats.find((s) => s.item_id === 'WY-01')).toMatchObject({ listen: 35, check: 34, talk: 34, visit: 34 });
      expect(stats.reduce((n, s) => n + s.listen + s.check + s.talk + s.visit, 0)).toBe(IMPORT_BATCH + 151);
      // Two events hold the 406 records, in order; each record's row says where.
      const events = bulk.db
        .prepare("SELECT seq_no, payload FROM events WHERE type = 'records.imported' ORDER BY seq_no")
        .all() as Array<{ seq_no: number; payload: string }>;
      expect(events.map((e) => (JSON.parse(e.payload) as { records: unknown[] }).records.length)).toEqual([
        IMPORT_BATCH,
        150,
      ]);
      const last = bulk.db.prepare('SELECT seq_no, position, note FROM records ORDER BY rowid DESC LIMIT 1').get();
      expect(last).toEqual({ seq_no: events[1]!.seq_no, position: 149, note: `第 ${IMPORT_BATCH + 149} 条记录` });
      const report = verifyStore(bulk);
      expect(report.damage).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      one.close();
      bulk.close();
    }
  });

  it.each([
    ['a format-1 database (without migration 11)', { migrations: MIGRATIONS.filter((m) => m.version !== 11) }, 1],
    ['a database of the 国密 suite (SM3 hashes)', { suite: 'gm' }, 2],
  ] as const)('writes the same events and rows as Store.append in %s', async (_, how, format) => {
    const options = 'suite' in how ? { suite: await loadSuite(how.suite) } : how;
    const { one, bulk, inspectionId } = twins(options);
    try {
      expect(bulk.format).toBe(format);
      const rows = Array.from({ length: IMPORT_BATCH + 70 }, (_x, i) => {
        const { id: _, ...r } = payload({ inspectionId, note: `第 ${i} 条` });
        return r;
      });
      one.write(() => appendImported(one, '乙', rows));
      bulk.write(() => {
        const writer = new RecordWriter(bulk, '乙');
        for (const r of rows) writer.add({ id: bulk.newId(), ...r });
        writer.finish();
      });
      // SM2 signatures are randomised: the signed heads are compared by what they sign.
      const { signatures: a, ...rest } = dump(one);
      const { signatures: b, ...bulkRest } = dump(bulk);
      expect(bulkRest).toEqual(rest);
      const heads = (list: unknown[]) => (list as Array<{ seq: number; hash: string }>).map((h) => [h.seq, h.hash]);
      expect(heads(b)).toEqual(heads(a));
      expect(verifyStore(bulk).damage).toEqual([]);
    } finally {
      one.close();
      bulk.close();
    }
  });

  it('writes nothing when the write it is part of fails', () => {
    const { one, bulk, inspectionId } = twins();
    one.close();
    try {
      const before = dump(bulk);
      expect(() =>
        bulk.write(() => {
          const writer = new RecordWriter(bulk, '乙');
          for (let i = 0; i < 100; i++) writer.add(payload({ id: bulk.newId(), inspectionId, note: `第 ${i} 条` }));
          writer.finish();
          throw new Error('a later row is bad');
        }),
      ).toThrow('a later row is bad');
      expect(dump(bulk)).toEqual(before);
    } finally {
      bulk.close();
    }
  });
});
