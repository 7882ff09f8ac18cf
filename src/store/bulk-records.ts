// Appending many records in one write (import-records): one records.imported event per IMPORT_BATCH records
// (docs/format.md §3; on a protected database their notes and subjects sealed together, §21.1), its record rows
// written in multi-row INSERTs, and the item counts kept in memory and
// written once per item at the end. The event, its hash and the rows are those Store.append and applyEvent
// would give (test/store/bulk-records.test.ts compares them). Records with evidence go through Store.append
// as record.added events (rare, and they have evidence rows to write); the writer is flushed before each.
import { TEXTS_FIELD, textsJson, textsOf } from './confidential.js';
import { IMPORT_BATCH, type ImportedTexts, type RecordAdded } from './events.js';
import { bodyText, digestOf, linkHash } from './hash.js';
import { prepared } from './prepared.js';
import { IN_TEXTS_BOTH } from './record-texts.js';
import { nextSeqNo } from './queries.js';
import type { Store } from './store.js';

/** Rows per INSERT: fewer statements; past ~50 the gain is flat (BENCHMARKS.md, issue 15). */
const ROWS_PER_INSERT = 64;
const EVENT_COLUMNS = '(seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id)';
const RECORD_COLUMNS =
  '(seq_no, position, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id, in_texts)';
const RECORD_WIDTH = 14;
const METHOD_INDEX: Readonly<Record<string, number>> = { listen: 0, check: 1, talk: 2, visit: 3 };

/** `INSERT INTO table columns VALUES (?, …), …` for `rows` rows, made once per size. */
const inserts = new Map<string, string>();
function insertSql(table: string, columns: string, rows: number): string {
  const key = `${table} ${rows}`;
  let sql = inserts.get(key);
  if (!sql) {
    const row = `(${Array(columns.split(',').length).fill('?').join(', ')})`;
    inserts.set(key, (sql = `INSERT INTO ${table} ${columns} VALUES ${Array(rows).fill(row).join(', ')}`));
  }
  return sql;
}

/**
 * The canonical JSON of one record of a records.imported payload (a record.added payload without inspectionId
 * and evidence), written in its sorted key order: the import's hot loop. The same text as canonicalJson of it
 * (test/store/bulk-records.test.ts checks it).
 */
export function importedRecordJson(p: RecordAdded, texts = true): string {
  const j = JSON.stringify;
  const head =
    `{"checklistId":${j(p.checklistId)},"id":${j(p.id)},` +
    (p.interviewee === undefined ? '' : `"interviewee":${j(p.interviewee)},`) +
    `"itemId":${j(p.itemId)},"method":${j(p.method)}`;
  // Without `texts`: the note and subject are sealed in the event's texts (a protected database).
  if (!texts) return head + '}';
  return head + `,"note":${j(p.note)}` + (p.subject === undefined ? '}' : `,"subject":${j(p.subject)}}`);
}

/** Writes records (without evidence) of one inspection for one actor as records.imported events, inside the caller's Store.write. */
export class RecordWriter {
  /** The held records' canonical JSON, and their row values (seq_no, position and at filled in at flush). */
  private json: string[] = [];
  private rows: unknown[] = [];
  private inspectionId: string | undefined;
  /** On a protected database: the held records' notes and subjects, sealed together as the event's texts. */
  private texts: ImportedTexts[] = [];
  /** Per checklist and item: how many records per method (listen, check, talk, visit) this writer added. */
  private readonly counts = new Map<
    string,
    { inspectionId: string; checklistId: string; itemId: string; n: number[] }
  >();

  constructor(
    private readonly store: Store,
    private readonly actor: string,
  ) {}

  /** Hold one record (its payload has no evidence); every IMPORT_BATCH records become one event. */
  add(clear: RecordAdded): void {
    if (clear.evidence.length > 0) throw new Error('RecordWriter: records with evidence go through Store.append');
    if (this.inspectionId !== undefined && this.inspectionId !== clear.inspectionId) this.flush();
    this.inspectionId = clear.inspectionId;
    // A protected database (issue 17): the name sealed here, the note and subject with the batch's (flush).
    const sealed = this.store.dataKeyId !== undefined;
    let payload = clear;
    if (sealed) {
      this.texts.push(textsOf(clear));
      if (clear.interviewee !== undefined)
        payload = { ...clear, interviewee: this.store.fieldCipher().seal('interviewee', clear.interviewee) };
    }
    const method = METHOD_INDEX[payload.method];
    if (method === undefined) throw new Error(`unknown method ${payload.method}`);
    this.json.push(importedRecordJson(payload, !sealed));
    this.rows.push(
      0,
      this.json.length - 1,
      payload.id,
      payload.inspectionId,
      payload.checklistId,
      payload.itemId,
      payload.method,
      sealed ? null : (payload.subject ?? null),
      payload.interviewee ?? null,
      sealed ? null : payload.note,
      this.actor,
      '',
      '',
      sealed ? IN_TEXTS_BOTH : 0,
    );
    const key = `${payload.inspectionId}\u0000${payload.checklistId}\u0000${payload.itemId}`;
    let count = this.counts.get(key);
    if (!count) {
      count = {
        inspectionId: payload.inspectionId,
        checklistId: payload.checklistId,
        itemId: payload.itemId,
        n: [0, 0, 0, 0],
      };
      this.counts.set(key, count);
    }
    count.n[method]!++;
    if (this.json.length === IMPORT_BATCH) this.flush();
  }

  /** Write the records held so far as one event (before anything else appends to the log: Store.append, the end of the write). */
  flush(): void {
    const n = this.json.length;
    if (n === 0) return;
    const store = this.store;
    const db = store.db;
    const inspectionId = this.inspectionId!;
    const texts =
      this.texts.length === 0
        ? ''
        : `,"texts":${JSON.stringify(this.store.fieldCipher().seal(TEXTS_FIELD, textsJson(this.texts)))}`;
    const payloadJson = `{"inspectionId":${JSON.stringify(inspectionId)},"records":[${this.json.join(',')}]${texts}}`;
    const head = store.chainHead();
    const id = store.newId();
    const at = store.now().toISOString();
    const seq = head.seq + 1;
    const type = 'records.imported';
    // The payload object is not needed by bodyText when its JSON is given.
    const text = bodyText(
      { id, device: store.device, seq, at, actor: this.actor, type, payload: undefined },
      payloadJson,
    );
    const algorithm = store.hashAlgorithm;
    // As Store.append: format 2, or format 1 for a database whose migrations stop before it (tests).
    const hash =
      store.format === 1
        ? digestOf('sha256', head.hash + text)
        : linkHash(algorithm, head.hash, digestOf(algorithm, text));
    // The event's seq_no (local position), given as SQLite would give it: after the largest one.
    const seqNo = nextSeqNo(db);
    prepared(db, insertSql('events', EVENT_COLUMNS, 1)).run(
      seqNo,
      id,
      store.device,
      seq,
      at,
      this.actor,
      type,
      payloadJson,
      head.hash,
      hash,
      inspectionId,
    );
    store.advanceHead({ seq, hash });
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      rows[i * RECORD_WIDTH] = seqNo;
      rows[i * RECORD_WIDTH + 11] = at;
      rows[i * RECORD_WIDTH + 12] = id;
    }
    for (let first = 0; first < n; first += ROWS_PER_INSERT) {
      const count = Math.min(ROWS_PER_INSERT, n - first);
      prepared(db, insertSql('records', RECORD_COLUMNS, count)).run(
        rows.slice(first * RECORD_WIDTH, (first + count) * RECORD_WIDTH),
      );
    }
    this.json = [];
    this.rows = [];
    this.texts = [];
  }

  /** Write the remaining records and the item counts; the writer is done. */
  finish(): void {
    this.flush();
    const upsert = prepared(
      this.store.db,
      `INSERT INTO item_stats (inspection_id, checklist_id, item_id, listen, "check", talk, visit) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = listen + excluded.listen,
         "check" = "check" + excluded."check", talk = talk + excluded.talk, visit = visit + excluded.visit`,
    );
    for (const c of this.counts.values()) upsert.run(c.inspectionId, c.checklistId, c.itemId, ...c.n);
    this.counts.clear();
  }
}
