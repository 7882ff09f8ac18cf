// ducha export: the events of the chosen inspections (from every device this database knows), the blobs
// they cite, a manifest of sha256 sums and this device's signature, written in one streamed pass.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { writeSync } from 'node:fs';
import { canonicalJson } from '../store/canonical.js';
import { meta, getInspection } from '../store/queries.js';
import { writeBlob } from '../store/blobs.js';
import { prepared } from '../store/prepared.js';
import { rowToEvent, type EventRow, type Store } from '../store/store.js';
import { FORMAT, MAGIC, type Manifest } from './format.js';

export interface ExportResult {
  file: string;
  manifest: Manifest;
  bytes: number;
}

function eventLines(store: Store, inspectionIds: readonly string[]): IterableIterator<string> {
  const statement = prepared(store.db, 'SELECT * FROM events WHERE inspection_id = ? ORDER BY seq_no');
  return (function* () {
    for (const id of inspectionIds) {
      for (const row of statement.iterate(id) as IterableIterator<EventRow>) yield JSON.stringify(rowToEvent(row)) + '\n';
    }
  })();
}

/** Blobs the events cite: checklist snapshots, record evidence, rectification evidence. */
function citedBlobs(store: Store, inspectionIds: readonly string[]): Array<{ sha256: string; size: number }> {
  const seen = new Map<string, number>();
  const sql = `
    SELECT b.sha256, b.size FROM blobs b WHERE b.sha256 IN (
      SELECT sha256 FROM inspection_checklists WHERE inspection_id = @id
      UNION SELECT e.sha256 FROM record_evidence e JOIN records r ON r.id = e.record_id WHERE r.inspection_id = @id
      UNION SELECT s.sha256 FROM step_evidence s JOIN rectification_steps r ON r.event_id = s.event_id WHERE r.inspection_id = @id)`;
  // Upgraded-away snapshots are cited by old events too.
  const upgrades = prepared(store.db, "SELECT payload FROM events WHERE inspection_id = ? AND type IN ('inspection.created', 'inspection.checklist-upgraded')");
  for (const id of inspectionIds) {
    for (const b of prepared(store.db, sql).all({ id }) as Array<{ sha256: string; size: number }>) seen.set(b.sha256, b.size);
    for (const { payload } of upgrades.all(id) as Array<{ payload: string }>) {
      const p = JSON.parse(payload) as { sha256?: string; checklists?: Array<{ sha256: string }> };
      for (const sha of [p.sha256, ...(p.checklists ?? []).map((c) => c.sha256)]) {
        if (!sha || seen.has(sha)) continue;
        const row = prepared(store.db, 'SELECT size FROM blobs WHERE sha256 = ?').get(sha) as { size: number } | undefined;
        if (row) seen.set(sha, row.size);
      }
    }
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sha256, size]) => ({ sha256, size }));
}

/** Where the bundle goes: `fill` writes it into a descriptor; the sink puts the finished file in place (src/util/output.ts). */
export type BundleSink = (fill: (fd: number) => void) => { file: string; bytes: number };

export function exportBundle(store: Store, actor: string, inspectionIds: readonly string[], sink: BundleSink, onProgress?: (done: number, total: number) => void): ExportResult {
  const db = store.db;
  const inspections = inspectionIds.map((id) => getInspection(db, id)!).map((i) => ({ id: i.id, title: i.title, unit: i.unit }));
  // First pass: size and hash of the event lines, and each device's newest event, without holding them.
  const hash = createHash('sha256');
  let bytes = 0;
  let count = 0;
  const heads: Manifest['heads'] = {};
  for (const line of eventLines(store, inspectionIds)) {
    hash.update(line);
    bytes += Buffer.byteLength(line);
    count++;
    const e = JSON.parse(line) as { device: string; seq: number; hash: string };
    if (!heads[e.device] || heads[e.device]!.seq < e.seq) heads[e.device] = { seq: e.seq, hash: e.hash };
  }
  const blobs = citedBlobs(store, inspectionIds);
  const manifest: Manifest = {
    format: FORMAT,
    device: store.device,
    publicKey: meta(db, 'public_key')!,
    createdAt: store.now().toISOString(),
    actor,
    inspections,
    events: { count, bytes, sha256: hash.digest('hex') },
    blobs,
    heads,
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const key = createPrivateKey({ key: Buffer.from(meta(db, 'private_key')!, 'base64'), format: 'der', type: 'pkcs8' });
  const signature = sign(null, manifestBytes, key);

  // Second pass, through the sink's temporary file: a failed export never leaves half a bundle.
  const length = (n: number, size: 4 | 8) => {
    const b = Buffer.alloc(size);
    if (size === 4) b.writeUInt32BE(n);
    else b.writeBigUInt64BE(BigInt(n));
    return b;
  };
  const { file, bytes: written } = sink((fd) => {
    const put = (data: Uint8Array) => {
      for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
    };
    put(Buffer.from(MAGIC, 'utf8'));
    put(length(manifestBytes.length, 4));
    put(manifestBytes);
    put(length(signature.length, 4));
    put(signature);
    const total = blobs.reduce((n, b) => n + b.size, 0) + bytes;
    let done = 0;
    for (const blob of blobs) {
      done += writeBlob(db, blob.sha256, fd);
      onProgress?.(done, total);
    }
    let chunk = '';
    for (const line of eventLines(store, inspectionIds)) {
      chunk += line;
      if (chunk.length > 1 << 20) {
        put(Buffer.from(chunk, 'utf8'));
        chunk = '';
      }
    }
    put(Buffer.from(chunk, 'utf8'));
    onProgress?.(total, total);
  });
  return { file, manifest, bytes: written };
}
