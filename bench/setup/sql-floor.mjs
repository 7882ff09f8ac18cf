// The floor under `ducha import-records`: what the same rows cost through better-sqlite3 alone, with ducha's
// schema and pragmas and no ducha code — per row one canonical JSON payload, its sha256 chained to the
// previous event's, and the three statements ducha writes (the event, the record projection, the item's
// method count), all in one transaction, with the schema of migration 10 (a record's note in its event only).
// Run as its own process, so start-up is counted as for ducha.
//
//   node bench/setup/sql-floor.mjs DB CSV INSPECTION CHECKLIST
//
// DB is a copy of a database fresh from `ducha inspection new` (schema and inspection in place).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const [dbFile, csvFile, inspectionId, checklistId] = process.argv.slice(2);

/** RFC 4180 fields: quotes around a field, "" for a quote inside; rows end at a newline outside quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
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
const event = db.prepare(
  'INSERT INTO events (id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
// The record projection of migration 10: the note stays in the event, the row points at it by seq_no.
const record = db.prepare(
  'INSERT INTO records (seq_no, id, inspection_id, checklist_id, item_id, method, subject, interviewee, actor, at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const stats = Object.fromEntries(
  Object.values(METHODS).map((m) => [
    m,
    db.prepare(
      `INSERT INTO item_stats (inspection_id, checklist_id, item_id, "${m}") VALUES (?, ?, ?, 1) ON CONFLICT (inspection_id, checklist_id, item_id) DO UPDATE SET "${m}" = "${m}" + 1`,
    ),
  ]),
);
const head = db.prepare('SELECT device, seq, hash FROM events ORDER BY seq_no DESC LIMIT 1').get();
let { seq, hash } = head;
const stamp = Date.now().toString(36);
db.transaction(() => {
  rows.forEach((r, i) => {
    const method = METHODS[r[col.method]] ?? r[col.method];
    const id = `${stamp}${i.toString(36).padStart(8, '0')}`;
    const eventId = `${stamp}e${i.toString(36).padStart(7, '0')}`;
    const at = new Date().toISOString();
    const interviewee = r[col.interviewee] || undefined;
    // Keys in sorted order: the canonical JSON ducha hashes.
    const payload = JSON.stringify({
      checklistId,
      evidence: [],
      id,
      inspectionId,
      interviewee,
      itemId: r[col.item],
      method,
      note: r[col.note],
      subject: r[col.subject] || undefined,
    });
    const prev = hash;
    hash = createHash('sha256').update(prev).update(payload).digest('hex');
    const seqNo = event.run(
      eventId,
      head.device,
      ++seq,
      at,
      'bench',
      'record.added',
      payload,
      prev,
      hash,
      inspectionId,
    ).lastInsertRowid;
    record.run(
      seqNo,
      id,
      inspectionId,
      checklistId,
      r[col.item],
      method,
      r[col.subject] || null,
      interviewee ?? null,
      'bench',
      at,
      eventId,
    );
    stats[method].run(inspectionId, checklistId, r[col.item]);
  });
})();
db.close();
console.log(rows.length);
