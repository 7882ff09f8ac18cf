// Appending many record.added events in one write (import-records): the same events, hashes and projection
// rows as Store.append gives one by one, written in multi-row INSERTs, with the item counts kept in memory
// and written once per item at the end. Records with evidence still go through Store.append (rare, and
// they have evidence rows to write).
import type { RecordAdded } from './events.js';
import { bodyText, digestOf, linkHash } from './hash.js';
import { prepared } from './prepared.js';
import { nextSeqNo } from './queries.js';
import type { Store } from './store.js';

/** Rows per INSERT: fewer statements; past ~50 the gain is flat (BENCHMARKS.md, issue 15). */
const BATCH = 64;
const EVENT_COLUMNS = '(seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id)';
const RECORD_COLUMNS =
  '(seq_no, id, inspection_id, checklist_id, item_id, method, subject, interviewee, actor, at, event_id)';
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
 * The canonical JSON of a record.added payload without evidence, written in its sorted key order (the same
 * text as canonicalJson(payload); test/store/bulk-records.test.ts checks it): the import's hot loop.
 */
export function recordPayloadJson(p: RecordAdded): string {
  if (p.evidence.length > 0) throw new Error('recordPayloadJson: records with evidence go through Store.append');
  const j = JSON.stringify;
  return (
    `{"checklistId":${j(p.checklistId)},"evidence":[],"id":${j(p.id)},"inspectionId":${j(p.inspectionId)},` +
    (p.interviewee === undefined ? '' : `"interviewee":${j(p.interviewee)},`) +
    `"itemId":${j(p.itemId)},"method":${j(p.method)},"note":${j(p.note)}` +
    (p.subject === undefined ? '}' : `,"subject":${j(p.subject)}}`)
  );
}

/** Writes record.added events (without evidence) for one actor, inside the caller's Store.write. */
export class RecordWriter {
  private events: unknown[] = [];
  private records: unknown[] = [];
  private rows = 0;
  /** Per checklist and item: how many records per method (listen, check, talk, visit) this writer added. */
  private readonly counts = new Map<
    string,
    { inspectionId: string; checklistId: string; itemId: string; n: number[] }
  >();

  constructor(
    private readonly store: Store,
    private readonly actor: string,
  ) {}

  /** Append one record.added event (its payload has no evidence); rows reach the tables by BATCH. */
  add(clear: RecordAdded): void {
    const payload = this.store.sealPayload('record.added', clear); // a protected database's fields encrypted (issue 17)
    const method = METHOD_INDEX[payload.method];
    if (method === undefined) throw new Error(`unknown method ${payload.method}`);
    const store = this.store;
    const head = store.chainHead();
    const payloadJson = recordPayloadJson(payload);
    const id = store.newId();
    const at = store.now().toISOString();
    const seq = head.seq + 1;
    const text = bodyText(
      { id, device: store.device, seq, at, actor: this.actor, type: 'record.added', payload },
      payloadJson,
    );
    const algorithm = store.hashAlgorithm;
    // As Store.append: format 2, or format 1 for a database whose migrations stop before it (tests).
    const hash =
      store.format === 1
        ? digestOf('sha256', head.hash + text)
        : linkHash(algorithm, head.hash, digestOf(algorithm, text));
    this.events.push(
      0,
      id,
      store.device,
      seq,
      at,
      this.actor,
      'record.added',
      payloadJson,
      head.hash,
      hash,
      payload.inspectionId,
    );
    // seq_no (index 0 of each row) is filled in at flush.
    this.records.push(
      0,
      payload.id,
      payload.inspectionId,
      payload.checklistId,
      payload.itemId,
      payload.method,
      payload.subject ?? null,
      payload.interviewee ?? null,
      this.actor,
      at,
      id,
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
    store.advanceHead({ seq, hash });
    if (++this.rows === BATCH) this.flush();
  }

  /** Write the rows held so far (before anything else appends to the log: Store.append, the end of the write). */
  flush(): void {
    const n = this.rows;
    if (n === 0) return;
    const db = this.store.db;
    // The rows' seq_no (local position), given as SQLite would give them: after the largest one.
    const first = nextSeqNo(db);
    for (let i = 0; i < n; i++) {
      this.events[i * 11] = first + i;
      this.records[i * 11] = first + i;
    }
    prepared(db, insertSql('events', EVENT_COLUMNS, n)).run(this.events);
    prepared(db, insertSql('records', RECORD_COLUMNS, n)).run(this.records);
    this.events = [];
    this.records = [];
    this.rows = 0;
  }

  /** Write the remaining rows and the item counts; the writer is done. */
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
