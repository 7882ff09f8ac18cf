// An import on a protected database seals its records' notes and subjects together, one text per records.imported
// event (docs/format.md §21; migration 17), in both suites on real database files: the event and the rows hold
// neither in clear, every query reads them (lookups, an item's records, a report's sources, the duplicate check,
// history), an amendment writes its field into the row and is read from there (a subject taken away too), verify
// replays it clean, Store.append of a clear import gives the same shape, and texts that do not open to one entry
// per record are refused when read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gmAvailable, loadSuite } from '../../src/crypto/index.js';
import { amendRecord } from '../../src/inspect/corrections.js';
import { RecordWriter } from '../../src/store/bulk-records.js';
import type { RecordAdded, RecordsImported } from '../../src/store/events.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { inspectionEvents } from '../../src/store/history.js';
import { sameRecords } from '../../src/store/lead-queries.js';
import { sealedField } from '../../src/store/sealed.js';
import { openStore } from '../../src/store/open.js';
import { recordsForItem } from '../../src/store/queries.js';
import { getRecord, recordSourceRows } from '../../src/store/record-queries.js';
import { ImportTexts } from '../../src/store/record-texts.js';
import type { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { eventShapeProblem } from '../../src/team/payload.js';
import { newInspection } from '../helpers/store.js';
import { protectInProcess } from '../helpers/protected-store.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();
const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());
const CIPHERTEXT = /^ducha-enc:1:[A-Za-z0-9_-]+$/;
const NOTE = '批量导入的秘密笔记';
const SUBJECT = '某股室秘密对象';
const NAME = '王机密';

/** A database protected as `ducha protect` leaves it (cheap KDF settings: a test), open with its keys given. */
async function protectedStore(suiteId: 'default' | 'gm'): Promise<{ store: Store; file: string; inspection: string }> {
  const suite = await loadSuite(suiteId);
  const file = tmp.dbFile();
  const made = openStore(file, { create: true, suite });
  const inspection = newInspection(made).id;
  const { store, keyId, dataKey } = await protectInProcess(made, suite);
  store.useFieldCipher(() => new FieldCipher((k) => suite.aead(k), { id: Buffer.from(keyId, 'hex'), key: dataKey }));
  return { store, file, inspection };
}

/** `n` records of WY-01 and WY-02: every third without a subject, every fourth naming NAME. */
const rows = (inspectionId: string, n: number, store: Store): RecordAdded[] =>
  Array.from({ length: n }, (_, i) => ({
    id: store.newId(),
    inspectionId,
    checklistId: 'zhengfa-weiyuan',
    itemId: i % 2 === 0 ? 'WY-01' : 'WY-02',
    method: i % 4 === 0 ? 'talk' : 'check',
    note: `${NOTE}第${i}条`,
    ...(i % 3 === 0 ? {} : { subject: `${SUBJECT}${i}` }),
    ...(i % 4 === 0 ? { interviewee: NAME } : {}),
    evidence: [],
  }));

function importRows(store: Store, list: RecordAdded[]): void {
  store.write(() => {
    const writer = new RecordWriter(store, '张三');
    for (const r of list) writer.add(r);
    writer.finish();
  });
}

/** An event line (§2) around an import's payload, for the shape check a bundle's events go through. */
const event = (payload: unknown) => ({
  id: 'abcdefghijklmnop',
  device: 'd0123456789ab',
  seq: 1,
  at: '2026-12-02T10:00:00.000Z',
  actor: '张三',
  type: 'records.imported',
  payload,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

const stored = (store: Store) =>
  (
    store.db.prepare("SELECT payload FROM events WHERE type = 'records.imported' ORDER BY seq_no").all() as Array<{
      payload: string;
    }>
  ).map((r) => JSON.parse(r.payload) as RecordsImported);

describe.each(suites)('notes and subjects of an import sealed together (%s suite)', (suiteId) => {
  it('are one ciphertext per event, in no row; every query reads them; verify replays them clean', async () => {
    const { store, file, inspection } = await protectedStore(suiteId);
    const list = rows(inspection, 300, store);
    importRows(store, list);

    // Two events (256 + 44 records): each with its texts sealed, its records with neither note nor subject.
    const events = stored(store);
    expect(events.map((e) => e.records.length)).toEqual([256, 44]);
    for (const e of events) {
      expect(e.texts).toMatch(CIPHERTEXT);
      for (const r of e.records) {
        expect(r).not.toHaveProperty('note');
        expect(r).not.toHaveProperty('subject');
        if (r.interviewee !== undefined) expect(r.interviewee).toMatch(CIPHERTEXT);
      }
      expect(eventShapeProblem(event(e))).toBeUndefined();
    }
    const raw = store.db
      .prepare('SELECT note, subject, in_texts, position FROM records ORDER BY rowid')
      .all() as Array<{
      note: string | null;
      subject: string | null;
      in_texts: number;
      position: number;
    }>;
    expect(raw).toHaveLength(300);
    expect(raw.every((r) => r.note === null && r.subject === null && r.in_texts === 3)).toBe(true);
    expect(raw.map((r) => r.position).slice(254, 258)).toEqual([254, 255, 0, 1]);

    // Every reading query: lookups, an item's records, a report's sources, the history.
    for (const i of [0, 1, 255, 256, 299]) {
      const r = getRecord(store, list[i]!.id)!;
      expect(r.note).toBe(list[i]!.note);
      expect(r.subject).toBe(list[i]!.subject ?? null);
      expect(r.interviewee).toBe(list[i]!.interviewee ?? null);
    }
    const item = recordsForItem(store, inspection, 'zhengfa-weiyuan', 'WY-02');
    expect(item.map((r) => r.note)).toEqual(list.filter((r) => r.itemId === 'WY-02').map((r) => r.note));
    expect(recordSourceRows(store, inspection).map((r) => r.subject)).toEqual(list.map((r) => r.subject ?? null));
    const history = inspectionEvents(store, inspection).filter((e) => e.type === 'records.imported');
    const opened = history.flatMap((e) => (e.payload as RecordsImported).records);
    expect(opened.map((r) => [r.note, r.subject, r.interviewee])).toEqual(
      list.map((r) => [r.note, r.subject, r.interviewee]),
    );
    // The duplicate check of `record` finds an imported record saying the same.
    const same = list[4]!;
    expect(sameRecords(store, { ...same, exceptId: 'none', subject: same.subject }).map((r) => r.id)).toEqual([
      same.id,
    ]);
    expect(sameRecords(store, { ...same, exceptId: 'none', subject: '另一个对象' })).toEqual([]);

    expect(verifyStore(store).damage).toEqual([]);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(file);
    for (const s of [NOTE, SUBJECT, NAME]) expect(bytes.includes(Buffer.from(s, 'utf8')), s).toBe(false);
    store.close();
  });

  it('an amendment writes its field into the row, a subject taken away included; the rest is still read from the texts', async () => {
    const { store, inspection } = await protectedStore(suiteId);
    const list = rows(inspection, 5, store);
    importRows(store, list);
    const [a, b] = [list[1]!, list[2]!];
    amendRecord(store, '张三', getRecord(store, a.id)!, { note: '更正后的笔记', reason: '笔误' });
    amendRecord(store, '张三', getRecord(store, b.id)!, { subject: '', reason: '对象记错' });
    const inTexts = (id: string) =>
      (store.db.prepare('SELECT in_texts FROM records WHERE id = ?').get(id) as { in_texts: number }).in_texts;
    expect([inTexts(a.id), inTexts(b.id), inTexts(list[4]!.id)]).toEqual([2, 1, 3]);
    expect(getRecord(store, a.id)).toMatchObject({ note: '更正后的笔记', subject: a.subject });
    expect(getRecord(store, b.id)).toMatchObject({ note: b.note, subject: null });
    expect(getRecord(store, list[4]!.id)).toMatchObject({ note: list[4]!.note, subject: list[4]!.subject });
    expect(verifyStore(store).damage).toEqual([]);
    store.close();
  });

  it('Store.append of an import in clear seals it the same way; texts that do not open to one entry per record are refused', async () => {
    const { store, inspection } = await protectedStore(suiteId);
    const [one, two] = rows(inspection, 2, store).map(({ inspectionId: _, evidence: __, ...r }) => r);
    store.write(() => store.append('张三', 'records.imported', { inspectionId: inspection, records: [one!, two!] }));
    const [event] = stored(store);
    expect(event!.texts).toMatch(CIPHERTEXT);
    expect(event!.records.map((r) => Object.keys(r).sort())).toEqual([
      ['checklistId', 'id', 'interviewee', 'itemId', 'method'],
      ['checklistId', 'id', 'itemId', 'method'],
    ]);
    expect(getRecord(store, one!.id)).toMatchObject({ note: one!.note, subject: null, interviewee: NAME });
    expect(getRecord(store, two!.id)).toMatchObject({ note: two!.note, subject: two!.subject });

    // Texts sealed with the key but holding one entry for two records (a device that holds the key could write it).
    const short = store.fieldCipher().seal('texts', JSON.stringify([{ note: 'x' }]));
    const [three, four] = rows(inspection, 2, store).map(
      ({ inspectionId: _, evidence: __, note: ___, subject: ____, ...r }) => r,
    );
    store.write(() =>
      store.append('张三', 'records.imported', { inspectionId: inspection, records: [three!, four!], texts: short }),
    );
    expect(() => getRecord(store, three!.id)).toThrow(expect.objectContaining({ code: 'crypto-bad-ciphertext' }));
    store.close();
  });

  it('are read from an event stored sealed whole (one that arrived with a name in clear beside its texts)', async () => {
    const { store, inspection } = await protectedStore(suiteId);
    const list = rows(inspection, 3, store);
    importRows(store, list);
    // As sealArriving stores such an event: its payload text sealed as a whole under its hash, the key named.
    const cipher = store.fieldCipher();
    const row = store.db.prepare("SELECT seq_no, hash, payload FROM events WHERE type = 'records.imported'").get() as {
      seq_no: number;
      hash: string;
      payload: string;
    };
    store.db
      .prepare('UPDATE events SET payload = ?, sealed_key_id = ? WHERE seq_no = ?')
      .run(JSON.stringify(cipher.seal(sealedField(row.hash), row.payload)), cipher.ownId, row.seq_no);
    const fresh = openStore(store.file);
    fresh.useFieldCipher(() => cipher);
    for (const r of list) expect(getRecord(fresh, r.id)).toMatchObject({ note: r.note, subject: r.subject ?? null });
    fresh.close();
    store.close();
  });
});

describe.each(suites)('an import sealed field by field, as ducha wrote it before §21.1 (%s suite)', (suiteId) => {
  it('is kept as it is and read from its rows; verify replays it clean', async () => {
    const { store, inspection } = await protectedStore(suiteId);
    const cipher = store.fieldCipher();
    const [one, two] = rows(inspection, 2, store).map(({ inspectionId: _, evidence: __, ...r }) => r);
    const sealed = [one!, two!].map((r) => ({
      ...r,
      note: cipher.seal('note', r.note!),
      ...(r.subject === undefined ? {} : { subject: cipher.seal('subject', r.subject) }),
      ...(r.interviewee === undefined ? {} : { interviewee: cipher.seal('interviewee', r.interviewee) }),
    }));
    store.write(() => store.append('张三', 'records.imported', { inspectionId: inspection, records: sealed }));
    const [event] = stored(store);
    expect(event!.texts).toBeUndefined();
    expect(event!.records).toEqual(sealed);
    const row = store.db.prepare('SELECT note, in_texts FROM records WHERE id = ?').get(two!.id);
    expect(row).toEqual({ note: sealed[1]!.note, in_texts: 0 });
    expect(getRecord(store, one!.id)).toMatchObject({ note: one!.note, subject: null, interviewee: NAME });
    expect(getRecord(store, two!.id)).toMatchObject({ note: two!.note, subject: two!.subject });
    expect(verifyStore(store).damage).toEqual([]);
    store.close();
  });
});

describe('the opened texts kept while records are read (ImportTexts)', () => {
  /** An event's stored payload whose texts "open" to the notes given (the opener here is the identity). */
  const payload = (notes: string[]) =>
    JSON.stringify({ records: notes.map(() => ({})), texts: JSON.stringify(notes.map((note) => ({ note }))) });
  const events = Array.from({ length: 6 }, (_, e) => ({
    hash: `h${e}`,
    payload: payload(Array.from({ length: 4 }, (_, r) => `事件${e}第${r}条`)),
  }));

  it('opens each event once when all fit, in any order of reading; past the limit the least recently read go', () => {
    let opens = 0;
    const read = (kept: ImportTexts, e: number, r: number) => {
      const { hash, payload: text } = events[e]!;
      return kept.member(hash, r, 'note', kept.holds(hash) ? null : text);
    };
    const all = new ImportTexts((_f, v) => (opens++, v));
    // By item, not by event: the order a query over an inspection's records visits them.
    for (let r = 0; r < 4; r++) for (let e = 0; e < 6; e++) expect(read(all, e, r)).toBe(`事件${e}第${r}条`);
    expect(opens).toBe(6);

    // Room for about two events' texts: reading event 0 again keeps it; event 1, read least recently, goes.
    opens = 0;
    const two = new ImportTexts(
      (_f, v) => (opens++, v),
      2 * (JSON.parse(events[0]!.payload) as { texts: string }).texts.length,
    );
    read(two, 0, 0);
    read(two, 1, 0);
    read(two, 0, 1);
    read(two, 2, 0);
    expect([two.holds('h0'), two.holds('h1'), two.holds('h2')]).toEqual([true, false, true]);
    expect(opens).toBe(3);
    expect(() => two.member('h1', 0, 'note', null)).toThrow(/not kept/);
  });
});

describe('the shape of a records.imported payload with texts', () => {
  const texts = `ducha-enc:1:${randomBytes(16 + 2 + 12 + 16 + 40).toString('base64url')}`;
  const record = { id: 'abcdefghijklmnop', checklistId: 'zhengfa-weiyuan', itemId: 'WY-01', method: 'check' };
  const problem = (payload: unknown) => eventShapeProblem(event(payload));

  it('is accepted with records holding neither note nor subject, refused otherwise with the member named', () => {
    expect(problem({ inspectionId: 'abc123', records: [record], texts })).toBeUndefined();
    expect(problem({ inspectionId: 'abc123', records: [{ ...record, note: 'x' }], texts })).toMatchObject({
      path: 'payload.records[0].note',
      problem: 'unknown',
    });
    expect(problem({ inspectionId: 'abc123', records: [{ ...record, subject: 'x' }], texts })).toMatchObject({
      path: 'payload.records[0].subject',
    });
    expect(problem({ inspectionId: 'abc123', records: [record], texts: '明文的笔记' })).toMatchObject({
      path: 'payload.texts',
      problem: 'pattern',
    });
    expect(problem({ inspectionId: 'abc123', records: [record] })).toMatchObject({
      path: 'payload.records[0].note',
      problem: 'missing',
    });
  });
});
