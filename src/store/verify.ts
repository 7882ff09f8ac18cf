// ducha verify: the schema against what the migrations make, SQLite's own integrity check, every device's
// hash chain and signed heads (verify-chains.ts), every blob's hash, and the projections against a fresh
// replay of the log. Reports what is damaged and where; never writes.
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite.js';
import { t } from '../i18n/index.js';
import { applyEvent } from './apply.js';
import { checkChains } from './verify-chains.js';
import { MIGRATIONS, PROJECTIONS } from './migrations/index.js';
import { clearChunks, readBlob, rehash } from './blobs.js';
import { hasBlobKeys, type BlobRow } from './blob-cipher.js';
import { CliError } from '../errors.js';
import { parseSnapshot } from './snapshots.js';
import { rowToEvent, type EventRow, type Store } from './store.js';
import { CHECKED_EVENT_ROW, SEALED_COLUMNS } from './sealed.js';
import { canonicalJson } from './canonical.js';
import type { SealedState } from './verify-chains.js';

export interface Damage {
  check: 'schema' | 'integrity' | 'chain' | 'signature' | 'blob' | 'projection' | 'against';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  suite: string;
  events: number;
  devices: number;
  blobs: number;
  /** Signed heads held (this device's and those received). */
  signatures: number;
  /**
   * Encrypted files whose sha256 could not be checked (it is of the clear file): the key is locked, or this
   * database does not hold it. Their sealed bytes were still checked against the size and sha256 stored for them.
   */
  blobsUnchecked?: { n: number; reason: 'locked' | 'unknown' };
  /** Other devices' format-1 events that no signed head covers (accepted under format 1's rule; not damage). */
  unsigned: number;
  /** Events written before the database was protected, stored sealed as a whole (sealed.ts). */
  sealed: number;
  /**
   * Sealed events whose payload could not be checked (the data key locked): neither their hash recomputed from
   * the payload nor the projections compared — only their place in the chain and the signed heads over them.
   */
  unchecked: number;
  /** False when the projections were not compared with a replay (some payloads could not be read). */
  projectionsChecked: boolean;
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
    return {
      ok: false,
      suite: store.suite,
      events: 0,
      devices: 0,
      blobs: 0,
      signatures: 0,
      unsigned: 0,
      sealed: 0,
      unchecked: 0,
      projectionsChecked: false,
      damage,
    };
  }
}

function checkAll(
  store: Store,
  add: (d: Damage) => void,
  damage: Damage[],
  onProgress?: (text: string) => void,
): VerifyReport {
  const db = store.db;
  // Objects the migrations do not make (the store was opened to report them rather than refuse the file).
  for (const problem of store.schemaProblems) add({ check: 'schema', message: problem });

  onProgress?.(t('verify.progress.integrity'));
  for (const row of db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>) {
    if (row.integrity_check !== 'ok') add({ check: 'integrity', message: row.integrity_check });
  }
  for (const row of db.prepare('PRAGMA foreign_key_check').all() as Array<{
    table: string;
    rowid: number;
    parent: string;
  }>) {
    add({ check: 'integrity', message: t('verify.foreignKey', { table: row.table, parent: row.parent }) });
  }

  // Payloads sealed before protection are read with the data key when it is unlocked; else only counted.
  const sealing = sealedState(store);
  onProgress?.(t('verify.progress.chains'));
  const { events, devices, signatures, unsigned, unchecked } = checkChains(store, add, sealing);
  checkClaimedHeads(db, add);

  onProgress?.(t('verify.progress.blobs'));
  const blobs = checkBlobs(store, add);

  // The snapshot cache must say what its blob says.
  for (const row of db.prepare('SELECT sha256, json FROM snapshot_cache').all() as Array<{
    sha256: string;
    json: string;
  }>) {
    const parsed = parseSnapshot(readBlob(db, row.sha256));
    if (JSON.stringify(parsed) !== row.json)
      add({ check: 'blob', message: t('verify.snapshotCache', { sha: row.sha256.slice(0, 12) }) });
  }

  checkNames(db, add);

  const projectionsChecked = sealing.sealed === 0 || sealing.open;
  if (projectionsChecked) {
    onProgress?.(t('verify.progress.projections'));
    checkProjections(store, add, sealing);
  }
  return {
    ok: damage.length === 0,
    suite: store.suite,
    events,
    devices,
    blobs: blobs.count,
    ...(blobs.unchecked.n > 0 ? { blobsUnchecked: blobs.unchecked } : {}),
    signatures,
    unsigned,
    sealed: sealing.sealed,
    unchecked,
    projectionsChecked,
    damage,
  };
}

/**
 * Whether this database has sealed payloads (the column exists from migration 13; verify reads older files as
 * they are) and whether the data key opens them: a locked key is not damage, any other refusal (a wrong
 * DUCHA_PASSPHRASE) stops the command.
 */
function sealedState(store: Store): SealedState {
  const db = store.db;
  const column = columnsOf(db, 'events').includes('sealed_key_id');
  const sealed = column
    ? (db.prepare('SELECT count(*) AS n FROM events WHERE sealed_key_id IS NOT NULL').get() as { n: number }).n
    : 0;
  let open = false;
  if (sealed > 0) {
    try {
      store.fieldCipher();
      open = true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'key-locked') throw error;
    }
  }
  return { column, sealed, open };
}

/**
 * Every blob's bytes against its sha256 and size. An encrypted blob: its sealed chunks against the size and
 * sha256 recorded for them (no key needed), then, when its key is open, the chunks opened (each chunk's tag,
 * its place, and the clear file's sha256); when the key is locked or not held, it is counted as unchecked.
 */
function checkBlobs(
  store: Store,
  add: (d: Damage) => void,
): { count: number; unchecked: { n: number; reason: 'locked' | 'unknown' } } {
  const db = store.db;
  const encrypted = hasBlobKeys(db);
  const blobs = db
    .prepare(
      encrypted
        ? 'SELECT sha256, size, key_id AS keyId, stored_size AS storedSize, stored_sha256 AS storedSha256 FROM blobs'
        : 'SELECT sha256, size, NULL AS keyId, NULL AS storedSize, NULL AS storedSha256 FROM blobs',
    )
    .all() as BlobRow[];
  const unchecked = { n: 0, reason: 'locked' as 'locked' | 'unknown' };
  const damaged = (sha256: string) => add({ check: 'blob', message: t('verify.blob', { sha: sha256.slice(0, 12) }) });
  for (const blob of blobs) {
    const actual = rehash(db, blob.sha256);
    if (blob.keyId === null) {
      if (actual.sha256 !== blob.sha256 || actual.size !== blob.size) damaged(blob.sha256);
      continue;
    }
    if (actual.sha256 !== blob.storedSha256 || actual.size !== blob.storedSize) {
      damaged(blob.sha256);
      continue;
    }
    try {
      for (const _ of clearChunks(store, blob.sha256)) void _;
    } catch (error) {
      const code = error instanceof CliError ? error.code : undefined;
      if (code === 'key-locked' || code === 'data-key-unknown') {
        unchecked.n++;
        if (code === 'data-key-unknown') unchecked.reason = 'unknown';
      } else if (error instanceof CliError) damaged(blob.sha256);
      else throw error;
    }
  }
  return { count: blobs.length, unchecked };
}

/** The newest event each format-1 bundle claimed from a device must still be there (as an event or a link). */
function checkClaimedHeads(db: Database.Database, add: (d: Damage) => void): void {
  const hasLinks = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'links'").get();
  for (const head of db.prepare('SELECT device, seq, hash FROM device_heads').all() as Array<{
    device: string;
    seq: number;
    hash: string;
  }>) {
    const row = db.prepare('SELECT hash FROM events WHERE device = ? AND seq = ?').get(head.device, head.seq) as
      { hash: string } | undefined;
    if (row?.hash === head.hash) continue;
    if (!row && hasLinks) {
      const link = db
        .prepare('SELECT prev_hash, digest FROM links WHERE device = ? AND seq = ?')
        .get(head.device, head.seq) as { prev_hash: string; digest: string } | undefined;
      if (link) continue; // a link's hash is checked with its chain; device_heads come from format-1 bundles, which carry no links
    }
    add({ check: 'chain', message: t('verify.headMissing', { device: head.device, seq: head.seq }) });
  }
}

/**
 * Migration 14's list of names (what every shared output redacts) must hold every record's interviewee as stored:
 * one missing would be printed. Compared as stored, so it needs no key. Before migration 14 there is no list.
 */
function checkNames(db: Database.Database, add: (d: Damage) => void): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'interviewee_names'").get()) return;
  const missing = db
    .prepare(
      'SELECT count(*) FROM (SELECT DISTINCT interviewee FROM records WHERE interviewee IS NOT NULL EXCEPT SELECT interviewee FROM interviewee_names)',
    )
    .pluck()
    .get() as number;
  if (missing > 0) add({ check: 'projection', message: t('verify.namesMissing', { count: missing }) });
}

/** Replay the whole log into a scratch database and compare each projection table row by row. */
function checkProjections(store: Store, add: (d: Damage) => void, sealing: SealedState): void {
  const db = store.db;
  const rows =
    sealing.column && sealing.sealed > 0 ? `SELECT ${CHECKED_EVENT_ROW} FROM events` : 'SELECT * FROM events';
  const replay = sqlite(''); // a private temporary file: large logs need not fit in memory
  try {
    replay.pragma('trusted_schema = OFF');
    replay.pragma('foreign_keys = OFF');
    // The projections as this ducha writes them; a database made by an earlier ducha is verified as it is, its
    // tables compared in their own shape (records before migration 10: see recordsBefore10).
    for (const m of MIGRATIONS) replay.exec(m.sql);
    replay.transaction(() => {
      for (const row of db.prepare(`${rows} ORDER BY seq_no`).iterate() as IterableIterator<EventRow>) {
        try {
          applyEvent(replay, rowToEvent(row), row.seq_no); // the replay holds no events: records point at the live log's
        } catch (error) {
          add({ check: 'projection', message: t('verify.replay', { id: row.id, reason: (error as Error).message }) });
        }
      }
    })();
    for (const [table, key] of Object.entries(PROJECTIONS)) {
      if (table === 'records' && !columnsOf(db, 'records').includes('seq_no'))
        compareTable(db, replay, table, key, add, recordsBefore10(db));
      else if (table === 'records' && !columnsOf(db, 'records').includes('in_texts'))
        compareTable(
          db,
          replay,
          table,
          key,
          add,
          recordsInLiveShape(db),
          sealing.open ? clearRow(store, table) : undefined,
        );
      else compareTable(db, replay, table, key, add, undefined, sealing.open ? clearRow(store, table) : undefined);
    }
  } finally {
    replay.close();
  }
}

const columnsOf = (db: Database.Database, table: string) =>
  (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);

/** How the replay's rows of a table read in the live database's shape (an older one, verified as it is). */
interface OldShape {
  sql: string;
  row: (replayed: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A database migration 10 has not reached keeps every record's note in its row and has no seq_no: the replay's
 * rows are read in those columns, a note left in the event (NULL in the replay) taken from the live log's event.
 */
function recordsBefore10(live: Database.Database): OldShape {
  const columns = columnsOf(live, 'records');
  const note = live.prepare("SELECT json_extract(payload, '$.note') AS note FROM events WHERE seq_no = ?").pluck();
  return {
    sql: `SELECT ${columns.join(', ')}, seq_no AS replay_seq_no FROM records ORDER BY id`,
    row: ({ replay_seq_no: seqNo, ...row }) =>
      row.note === null && columns.includes('note') ? { ...row, note: note.get(seqNo) ?? null } : row,
  };
}

/**
 * A database migration 16 or 17 has not reached has no records' position or in_texts (it holds no records.imported
 * event, or none with sealed texts): the replay's rows are read in the live table's columns.
 */
function recordsInLiveShape(live: Database.Database): OldShape {
  return {
    sql: `SELECT ${columnsOf(live, 'records').join(', ')} FROM records ORDER BY id`,
    row: (row) => row,
  };
}

function compareTable(
  live: Database.Database,
  replay: Database.Database,
  table: string,
  key: string,
  add: (d: Damage) => void,
  shape?: OldShape,
  clear?: (row: Record<string, unknown>) => Record<string, unknown>,
): void {
  const sql = `SELECT * FROM ${table} ORDER BY ${key}`;
  const a = live.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>;
  const replayed = replay.prepare(shape?.sql ?? sql).iterate() as IterableIterator<Record<string, unknown>>;
  const b = shape
    ? (function* () {
        for (const r of replayed) yield shape.row(r);
      })()
    : replayed;
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
      // Values encrypted apart (an event sealed at protect beside its replay in clear) compare as clear text.
      if (JSON.stringify(x.value) !== JSON.stringify(y.value) && (!clear || !sameClear(clear, x.value!, y.value!))) {
        const column = Object.keys(x.value!).find((c) => JSON.stringify(x.value![c]) !== JSON.stringify(y.value![c]));
        add({
          check: 'projection',
          message: t('verify.changedRow', { table, key: shown(ka!), column: column ?? '?' }),
        });
      }
      x = a.next();
      y = b.next();
    }
  }
}

/** A projection row with its confidential values decrypted (a value that does not open is kept as stored). */
function clearRow(store: Store, table: string): (row: Record<string, unknown>) => Record<string, unknown> {
  const fields = new Map(SEALED_COLUMNS.filter(([t]) => t === table).map(([, column, field]) => [column, field]));
  return (row) => {
    const out = { ...row };
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'string' || !value.includes('ducha-enc:')) continue;
      try {
        if (table === 'registers' && column === 'value')
          out[column] = canonicalJson(store.openRegisterValue(String(row.entity), JSON.parse(value)));
        else if (fields.has(column)) out[column] = store.openText(fields.get(column)!, value);
      } catch {
        // kept as stored: the comparison reports the row
      }
    }
    return out;
  };
}

const sameClear = (
  clear: (row: Record<string, unknown>) => Record<string, unknown>,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
) => JSON.stringify(clear(a)) === JSON.stringify(clear(b));
