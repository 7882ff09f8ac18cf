// The floor under `ducha import-records`: what the same rows cost through better-sqlite3 alone, with ducha's
// schema and pragmas and no ducha code — per 256 rows one records.imported event (its canonical JSON payload,
// the body text and its two format-2 hashes: the body's digest, then the link to the previous event), per row
// its record row (with its note, migration 16) written 64 rows per INSERT, and each item's method counts
// written once at the end (src/store/bulk-records.ts writes the same), all in one transaction.
// Run as its own process, so start-up is counted as for ducha.
//
//   node bench/setup/sql-floor.mjs DB CSV INSPECTION CHECKLIST
//
// DB is a copy of a database fresh from `ducha inspection new` (schema and inspection in place).
import { hash as digest } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const [dbFile, csvFile, inspectionId, checklistId] = process.argv.slice(2);

/** RFC 4180 fields, as the bench's CSV writes them: quotes around a field, "" for a quote inside, no newline inside. */
function parseCsv(text) {
  const field = /"((?:[^"]|"")*)"|([^,\n]*)/y;
  const rows = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const row = [];
    field.lastIndex = 0;
    for (;;) {
      const m = field.exec(line);
      row.push(m[1] === undefined ? m[2] : m[1].replaceAll('""', '"'));
      if (line[field.lastIndex] !== ',') break;
      field.lastIndex++;
    }
    rows.push(row);
  }
  return rows;
}

const METHODS = { 听: 'listen', 查: 'check', 谈: 'talk', 访: 'visit' };
const [header, ...rows] = parseCsv(readFileSync(csvFile, 'utf8'));
const col = Object.fromEntries(header.map((name, i) => [name, i]));
const db = new Database(dbFile);
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -65536');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const BATCH = 64;
const insert = (table, columns, rows) =>
  db.prepare(
    `INSERT INTO ${table} (${columns}) VALUES ${Array(rows)
      .fill(
        `(${columns
          .split(',')
          .map(() => '?')
          .join(', ')})`,
      )
      .join(', ')}`,
  );
const EVENT = 'seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id';
// The record projection of migration 16: the event's seq_no and the record's position in it, the note kept.
const RECORD =
  'seq_no, position, id, inspection_id, checklist_id, item_id, method, subject, interviewee, note, actor, at, event_id';
const WIDTH = 13;
const PER_EVENT = 256;
const statements = new Map();
const statement = (table, columns, rows) => {
  const key = `${table} ${rows}`;
  if (!statements.has(key)) statements.set(key, insert(table, columns, rows));
  return statements.get(key);
};
const stats = db.prepare(
  `INSERT INTO item_stats (inspection_id, checklist_id, item_id, listen, "check", talk, visit) VALUES (?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET listen = listen + excluded.listen,
     "check" = "check" + excluded."check", talk = talk + excluded.talk, visit = visit + excluded.visit`,
);
const METHOD_INDEX = { listen: 0, check: 1, talk: 2, visit: 3 };
const device = db.prepare("SELECT value FROM meta WHERE key = 'device'").get().value;
const head = db.prepare('SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1').get(device);
let { seq, hash } = head;
const stamp = Date.now().toString(36);
const j = JSON.stringify;
db.transaction(() => {
  let texts = [];
  let records = [];
  let events = 0;
  const counts = new Map();
  const flush = () => {
    const n = texts.length;
    if (n === 0) return;
    const eventId = `${stamp}e${(events++).toString(36).padStart(7, '0')}`;
    const at = new Date().toISOString();
    // Keys in sorted order: the canonical JSON ducha hashes.
    const payload = `{"inspectionId":${j(inspectionId)},"records":[${texts.join(',')}]}`;
    const body =
      `{"actor":"bench","at":${j(at)},"device":${j(device)},"id":${j(eventId)},` +
      `"payload":${payload},"seq":${++seq},"type":"records.imported"}`;
    const prev = hash;
    hash = digest('sha256', prev + digest('sha256', body, 'hex'), 'hex');
    const seqNo = db.prepare('SELECT max(seq_no) AS n FROM events').get().n + 1;
    statement('events', EVENT, 1).run(
      seqNo,
      eventId,
      device,
      seq,
      at,
      'bench',
      'records.imported',
      payload,
      prev,
      hash,
      inspectionId,
    );
    for (let i = 0; i < n; i++) {
      records[i * WIDTH] = seqNo;
      records[i * WIDTH + 11] = at;
      records[i * WIDTH + 12] = eventId;
    }
    for (let first = 0; first < n; first += BATCH) {
      const count = Math.min(BATCH, n - first);
      statement('records', RECORD, count).run(records.slice(first * WIDTH, (first + count) * WIDTH));
    }
    texts = [];
    records = [];
  };
  rows.forEach((r, i) => {
    const method = METHODS[r[col.method]] ?? r[col.method];
    const id = `${stamp}${i.toString(36).padStart(8, '0')}`;
    const interviewee = r[col.interviewee] || undefined;
    const subject = r[col.subject] || undefined;
    const item = r[col.item];
    texts.push(
      `{"checklistId":${j(checklistId)},"id":${j(id)},` +
        (interviewee === undefined ? '' : `"interviewee":${j(interviewee)},`) +
        `"itemId":${j(item)},"method":${j(method)},"note":${j(r[col.note])}` +
        (subject === undefined ? '}' : `,"subject":${j(subject)}}`),
    );
    records.push(
      0,
      texts.length - 1,
      id,
      inspectionId,
      checklistId,
      item,
      method,
      subject ?? null,
      interviewee ?? null,
      r[col.note],
      'bench',
      0,
      0,
    );
    const count = counts.get(item) ?? counts.set(item, [0, 0, 0, 0]).get(item);
    count[METHOD_INDEX[method]]++;
    if (texts.length === PER_EVENT) flush();
  });
  flush();
  for (const [item, n] of counts) stats.run(inspectionId, checklistId, item, ...n);
})();
db.close();
console.log(rows.length);
