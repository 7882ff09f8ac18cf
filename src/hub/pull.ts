// `ducha pull`: brings back from the hub the events of this laptop's inspections that it lacks — another
// team's or the commission's closures of its problems, its colleagues' records — with the blobs they cite,
// and applies them through the rules of acceptance (src/team/rules.ts) in one transaction, as an import does.
// The laptop proves it holds each inspection by the hash of the event that created it. In format 1 nothing
// signs what the hub hands back: pull relies on the hub's acceptance for who signed (format 2 will check
// each event's own signature here).
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { hasBlob } from '../store/blobs.js';
import { creationProofs, holdsEvent, insertBlob } from '../store/hub-queries.js';
import { recordImport } from '../store/lead-queries.js';
import type { EventType, StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import { Admission, BlobCheck, parseEvent } from '../team/rules.js';

/**
 * Pulled events are checked as an import checks them except for signed heads: the hub keeps none yet, so
 * pull takes who signed from the hub's acceptance, as in format 1 (issue 16 left the hub's side to its owner).
 */
const PULL_CHECKS = { signedHeads: false, references: true };
import { sqliteKnowledge, storeEvents } from '../team/import.js';
import { conflictsOf, type Conflict } from '../team/conflicts.js';
import type { HubClient } from './connect.js';
import { checkHub } from './init.js';

export interface PullResult {
  inspections: number;
  /** Inspections the hub does not hold (never pushed there). */
  unknown: number;
  events: number;
  newEvents: number;
  newByType: Record<string, number>;
  newBlobs: number;
  newConflicts: Conflict[];
}

const CHUNK_KEYS = 5000;

export async function pullFromHub(store: Store, client: HubClient, options: { actor: string; where: string }): Promise<PullResult> {
  await checkHub(client);
  const proofs = creationProofs(store.db);
  if (proofs.length === 0) throw new InputError(t('hub.pullNothing'), { hint: t('hub.pullNothing.hint') });
  const ids = proofs.map((p) => p.inspectionId);
  const hashes = proofs.map((p) => p.hash);
  const proven = new Set((await client.query<{ s: string }>('SELECT s FROM pull_proven($1::text[], $2::text[]) AS s', [ids, hashes])).rows.map((r) => r.s));
  const keys = (await client.query<{ device: string; seq: string }>('SELECT * FROM pull_keys($1::text[], $2::text[])', [ids, hashes])).rows;
  const lacking = keys.filter((k) => !holdsEvent(store.db, k.device, Number(k.seq)));
  const events: StoredEvent[] = [];
  for (let i = 0; i < lacking.length; i += CHUNK_KEYS) {
    const part = lacking.slice(i, i + CHUNK_KEYS);
    const rows = await client.query<{ id: string; device: string; seq: string; at: string; actor: string; type: string; payload: string; prev_hash: string; hash: string }>(
      'SELECT * FROM pull_events($1::text[], $2::text[], $3::text[], $4::bigint[])',
      [ids, hashes, part.map((k) => k.device), part.map((k) => k.seq)],
    );
    for (const r of rows.rows) {
      // The event as a bundle would carry it, then the same parse (shape and hash) as an import.
      const line = JSON.stringify({ id: r.id, device: r.device, seq: Number(r.seq), at: r.at, actor: r.actor, type: r.type as EventType, payload: JSON.parse(r.payload) as unknown, prevHash: r.prev_hash, hash: r.hash });
      events.push(parseEvent(line, events.length + 1, options.where, store.hashAlgorithm));
    }
  }
  const blobs = (await client.query<{ sha256: string; size: string }>('SELECT * FROM pull_blob_sizes($1::text[], $2::text[])', [ids, hashes])).rows.filter((b) => !hasBlob(store.db, b.sha256));
  const fetched: Array<{ sha256: string; chunks: Buffer[] }> = [];
  for (const b of blobs) {
    const check = new BlobCheck({ sha256: b.sha256, size: Number(b.size) }, options.where);
    const chunks = (await client.query<{ data: Buffer }>('SELECT data FROM pull_blob($1::text[], $2::text[], $3)', [ids, hashes, b.sha256])).rows.map((r) => r.data);
    chunks.forEach((c) => check.update(c));
    check.finish();
    fetched.push({ sha256: b.sha256, chunks: chunks.length ? chunks : [Buffer.alloc(0)] });
  }

  const tally = { newEvents: 0, newByType: {} as Record<string, number>, newProblems: [] as string[] };
  const newConflicts = store.write(() => {
    const before = new Set(conflictsOf(store).map((c) => c.id));
    for (const b of fetched) insertBlob(store.db, b.sha256, b.chunks);
    const admission = new Admission(sqliteKnowledge(store), { where: options.where, signer: '', format: 2, heads: [], suite: store.crypto(), checks: PULL_CHECKS });
    storeEvents(store, admission, events, tally);
    if (tally.newEvents > 0 || fetched.length > 0) {
      const receipt = createHash('sha256').update(`pull\n${options.where}\n${store.now().toISOString()}\n${lacking.map((k) => `${k.device}/${k.seq}`).join('\n')}`).digest('hex');
      recordImport(store.db, {
        bundleSha256: receipt,
        device: 'hub',
        createdAt: store.now().toISOString(),
        importedAt: store.now().toISOString(),
        events: events.length,
        newEvents: tally.newEvents,
        actor: options.actor,
        file: options.where,
        summary: { exporter: options.where, inspections: [...proven].map((id) => ({ id, title: '', unit: '' })), newByType: tally.newByType, blobs: fetched.length, newBlobs: fetched.length },
      });
    }
    return conflictsOf(store).filter((c) => !before.has(c.id));
  });
  return { inspections: proven.size, unknown: ids.length - proven.size, events: events.length, newEvents: tally.newEvents, newByType: tally.newByType, newBlobs: fetched.length, newConflicts };
}
