// The floor under `ducha import-records`: what the same rows cost through better-sqlite3 alone, with ducha's
// schema and pragmas and no ducha code — per row one canonical JSON payload, the event's body text and its two
// format-2 hashes (the body's digest, then the link to the previous event), the event row and the record row
// written 64 rows per INSERT, and each item's method counts written once at the end (src/store/bulk-records.ts
// writes the same), all in one transaction, with the schema of migration 10 (a record's note in its event only).
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
// The record projection of migration 10: the note stays in the event, the row points at it by seq_no.
const RECORD = 'seq_no, id, inspection_id, checklist_id, item_id, method, subject, interviewee, actor, at, event_id';
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
  let events = [];
  let records = [];
  const counts = new Map();
  const flush = () => {
    const n = events.length / 11;
    if (n === 0) return;
    const first = db.prepare('SELECT max(seq_no) AS n FROM events').get().n + 1;
    for (let i = 0; i < n; i++) events[i * 11] = records[i * 11] = first + i;
    statement('events', EVENT, n).run(events);
    statement('records', RECORD, n).run(records);
    events = [];
    records = [];
  };
  rows.forEach((r, i) => {
    const method = METHODS[r[col.method]] ?? r[col.method];
    const id = `${stamp}${i.toString(36).padStart(8, '0')}`;
    const eventId = `${stamp}e${i.toString(36).padStart(7, '0')}`;
    const at = new Date().toISOString();
    const interviewee = r[col.interviewee] || undefined;
    const subject = r[col.subject] || undefined;
    const item = r[col.item];
    // Keys in sorted order: the canonical JSON ducha hashes.
    const payload =
      `{"checklistId":${j(checklistId)},"evidence":[],"id":${j(id)},"inspectionId":${j(inspectionId)},` +
      (interviewee === undefined ? '' : `"interviewee":${j(interviewee)},`) +
      `"itemId":${j(item)},"method":${j(method)},"note":${j(r[col.note])}` +
      (subject === undefined ? '}' : `,"subject":${j(subject)}}`);
    const body =
      `{"actor":"bench","at":${j(at)},"device":${j(device)},"id":${j(eventId)},` +
      `"payload":${payload},"seq":${++seq},"type":"record.added"}`;
    const prev = hash;
    hash = digest('sha256', prev + digest('sha256', body, 'hex'), 'hex');
    events.push(0, eventId, device, seq, at, 'bench', 'record.added', payload, prev, hash, inspectionId);
    records.push(
      0,
      id,
      inspectionId,
      checklistId,
      item,
      method,
      subject ?? null,
      interviewee ?? null,
      'bench',
      at,
      eventId,
    );
    const count = counts.get(item) ?? counts.set(item, [0, 0, 0, 0]).get(item);
    count[METHOD_INDEX[method]]++;
    if (events.length === BATCH * 11) flush();
  });
  flush();
  for (const [item, n] of counts) stats.run(inspectionId, checklistId, item, ...n);
})();
db.close();
console.log(rows.length);
