// ducha verify: SQLite's own integrity check, every device's hash chain, every blob's hash, and the
// projections against a fresh replay of the log. Reports what is damaged and where; never writes.
import Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { applyEvent } from './apply.js';
import { GENESIS, eventHash } from './hash.js';
import { MIGRATIONS, PROJECTIONS } from './migrations/index.js';
import { readBlob, rehash } from './blobs.js';
import { parseSnapshot } from './snapshots.js';
import { rowToEvent, type EventRow, type Store } from './store.js';

export interface Damage {
  check: 'integrity' | 'chain' | 'blob' | 'projection';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  devices: number;
  blobs: number;
  damage: Damage[];
}

const MAX_PER_CHECK = 20;

export function verifyStore(store: Store, onProgress?: (text: string) => void): VerifyReport {
  const damage: Damage[] = [];
  const add = (d: Damage) => {
    if (damage.filter((x) => x.check === d.check).length < MAX_PER_CHECK) damage.push(d);
  };
  try {
    return checkAll(store, add, damage, onProgress);
  } catch (error) {
    // A page SQLite cannot read stops the checks that need it: that is itself the finding.
    const code = String((error as { code?: unknown }).code ?? '');
    if (!code.startsWith('SQLITE_')) throw error;
    add({ check: 'integrity', message: t('verify.unreadable', { reason: (error as Error).message }) });
    return { ok: false, events: 0, devices: 0, blobs: 0, damage };
  }
}

function checkAll(store: Store, add: (d: Damage) => void, damage: Damage[], onProgress?: (text: string) => void): VerifyReport {
  const db = store.db;

  onProgress?.(t('verify.progress.integrity'));
  for (const row of db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>) {
    if (row.integrity_check !== 'ok') add({ check: 'integrity', message: row.integrity_check });
  }
  for (const row of db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>) {
    add({ check: 'integrity', message: t('verify.foreignKey', { table: row.table, parent: row.parent }) });
  }

  onProgress?.(t('verify.progress.chains'));
  const { events, devices } = checkChains(db, add);

  onProgress?.(t('verify.progress.blobs'));
  const blobs = db.prepare('SELECT sha256, size FROM blobs').all() as Array<{ sha256: string; size: number }>;
  for (const blob of blobs) {
    const actual = rehash(db, blob.sha256);
    if (actual.sha256 !== blob.sha256 || actual.size !== blob.size) add({ check: 'blob', message: t('verify.blob', { sha: blob.sha256.slice(0, 12) }) });
  }

  // The snapshot cache must say what its blob says.
  for (const row of db.prepare('SELECT sha256, json FROM snapshot_cache').all() as Array<{ sha256: string; json: string }>) {
    const parsed = parseSnapshot(readBlob(db, row.sha256));
    if (JSON.stringify(parsed) !== row.json) add({ check: 'blob', message: t('verify.snapshotCache', { sha: row.sha256.slice(0, 12) }) });
  }

  onProgress?.(t('verify.progress.projections'));
  checkProjections(db, add);
  return { ok: damage.length === 0, events, devices, blobs: blobs.length, damage };
}

function checkChains(db: Database.Database, add: (d: Damage) => void): { events: number; devices: number } {
  const self = (db.prepare("SELECT value FROM meta WHERE key = 'device'").get() as { value: string } | undefined)?.value;
  let events = 0;
  let device: string | undefined;
  let previous: EventRow | undefined;
  let broken = false;
  const seen = new Set<string>();
  for (const row of db.prepare('SELECT * FROM events ORDER BY device, seq').iterate() as IterableIterator<EventRow>) {
    events++;
    if (row.device !== device) {
      device = row.device;
      seen.add(device);
      previous = undefined;
      broken = false;
    }
    if (broken) continue; // one finding per chain: what follows a break cannot be judged
    const where = { device: row.device, seq: row.seq, id: row.id };
    // This device's own chain must be complete from 1; another device's holds only what was shared.
    const expected = previous ? previous.seq + 1 : 1;
    if (row.device === self && row.seq !== expected) {
      add({ check: 'chain', message: t('verify.gap', { ...where, expected }) });
      broken = true;
      continue;
    }
    const adjacent = previous && previous.seq === row.seq - 1;
    if ((adjacent && row.prev_hash !== previous!.hash) || (row.seq === 1 && row.prev_hash !== GENESIS)) {
      add({ check: 'chain', message: t('verify.prev', where) });
      broken = true;
      continue;
    }
    let recomputed: string;
    try {
      recomputed = eventHash(row.prev_hash, rowToEvent(row), row.payload);
    } catch {
      recomputed = '';
    }
    if (recomputed !== row.hash) {
      add({ check: 'chain', message: t('verify.hash', { ...where, type: row.type }) });
      broken = true;
      continue;
    }
    previous = row;
  }
  // The newest event received from each device must still be there: a history cut short is noticed.
  const heads = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'device_heads'").get()
    ? (db.prepare('SELECT device, seq, hash FROM device_heads').all() as Array<{ device: string; seq: number; hash: string }>)
    : [];
  for (const head of heads) {
    const row = db.prepare('SELECT hash FROM events WHERE device = ? AND seq = ?').get(head.device, head.seq) as { hash: string } | undefined;
    if (row?.hash !== head.hash) add({ check: 'chain', message: t('verify.headMissing', { device: head.device, seq: head.seq }) });
  }
  return { events, devices: seen.size };
}

/** Replay the whole log into a scratch database and compare each projection table row by row. */
function checkProjections(db: Database.Database, add: (d: Damage) => void): void {
  const replay = new Database(''); // a private temporary file: large logs need not fit in memory
  try {
    replay.pragma('foreign_keys = OFF');
    for (const m of MIGRATIONS) replay.exec(m.sql);
    replay.transaction(() => {
      for (const row of db.prepare('SELECT * FROM events ORDER BY seq_no').iterate() as IterableIterator<EventRow>) {
        try {
          applyEvent(replay, rowToEvent(row), row.seq_no); // the replay holds no events: records point at the live log's
        } catch (error) {
          add({ check: 'projection', message: t('verify.replay', { id: row.id, reason: (error as Error).message }) });
        }
      }
    })();
    for (const [table, key] of Object.entries(PROJECTIONS)) compareTable(db, replay, table, key, add);
  } finally {
    replay.close();
  }
}

function compareTable(live: Database.Database, replay: Database.Database, table: string, key: string, add: (d: Damage) => void): void {
  const sql = `SELECT * FROM ${table} ORDER BY ${key}`;
  const a = live.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>;
  const b = replay.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>;
  const keys = key.split(', ');
  const keyOf = (r: Record<string, unknown>) => keys.map((k) => String(r[k])).join('\u0000');
  // SQLite orders text by its UTF-8 bytes; so must this merge.
  const before = (p: string, q: string) => Buffer.compare(Buffer.from(p), Buffer.from(q)) < 0;
  const shown = (k: string) => k.split('\u0000').join(' / ');
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    const ka = x.done ? undefined : keyOf(x.value);
    const kb = y.done ? undefined : keyOf(y.value);
    if (ka !== undefined && (kb === undefined || before(ka, kb))) {
      add({ check: 'projection', message: t('verify.extraRow', { table, key: shown(ka) }) });
      x = a.next();
    } else if (kb !== undefined && (ka === undefined || before(kb, ka))) {
      add({ check: 'projection', message: t('verify.missingRow', { table, key: shown(kb) }) });
      y = b.next();
    } else {
      if (JSON.stringify(x.value) !== JSON.stringify(y.value)) {
        const column = Object.keys(x.value!).find((c) => JSON.stringify(x.value![c]) !== JSON.stringify(y.value![c]));
        add({ check: 'projection', message: t('verify.changedRow', { table, key: shown(ka!), column: column ?? '?' }) });
      }
      x = a.next();
      y = b.next();
    }
  }
}
