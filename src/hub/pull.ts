// `ducha pull`: brings back from the hub the events of this laptop's inspections that it lacks — another
// team's or the commission's closures of its problems, its colleagues' records — with the blobs they cite,
// and applies them through the rules of acceptance (src/team/rules.ts) in one transaction, as an import does.
// The laptop proves it holds each inspection by the hash of the event that created it. Every pulled event
// must be covered by a signed head of its own device (docs/format.md §12), which the hub sends with the links
// between: checked with the key this laptop trusts for that device, or — for a device it has not trusted —
// with the key the hub trusts for it (the hub's registration vouches for that device; a key the laptop
// trusts is never overridden, nor is a key taken that it trusts under another device id), which the laptop
// then trusts under the hub's name for it, as `import --trust` would, so that its own verify holds. So neither the hub nor whoever can write to its PostgreSQL can alter an event
// or make one up under a device whose key they do not hold.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { creationProofs, holdsEvent } from '../store/hub-queries.js';
import type { Link } from '../team/rules.js';
import { recordImport } from '../store/lead-queries.js';
import type { EventType, StoredEvent } from '../store/events.js';
import type { HubEventRow, Store } from '../store/store.js';
import { ALL_CHECKS, Admission, parseEvent, parseLink, type Knowledge } from '../team/rules.js';
import { addDevice, deviceOfKey, insertLink, keepSignedHead } from '../store/team-queries.js';
import type { SignedHead } from '../store/signing.js';
import { sqliteKnowledge, storeEvents } from '../team/import.js';
import { conflictsOf, type Conflict } from '../team/conflicts.js';
import type { HubClient } from './connect.js';
import { checkHub, checkSuite } from './init.js';
import { fetchBlobs, keepBlobs } from './pull-blobs.js';

export interface PullResult {
  inspections: number;
  /** Inspections the hub does not hold (never pushed there). */
  unknown: number;
  events: number;
  newEvents: number;
  newByType: Record<string, number>;
  newBlobs: number;
  /** Files kept sealed with a key this laptop does not hold (as they came; each read refuses them until the key is here). */
  unverifiedBlobs: number;
  newConflicts: Conflict[];
  /** Devices this laptop now trusts with the key the hub trusts for them (their pulled events needed it). */
  trustedFromHub: Array<{ device: string; name: string }>;
}

const CHUNK_KEYS = 5000;

export async function pullFromHub(
  store: Store,
  client: HubClient,
  options: { actor: string; where: string },
): Promise<PullResult> {
  await checkHub(client);
  await checkSuite(client, store.suite);
  await store.loadCrypto();
  const proofs = creationProofs(store.db);
  if (proofs.length === 0) throw new InputError(t('hub.pullNothing'), { hint: t('hub.pullNothing.hint') });
  const ids = proofs.map((p) => p.inspectionId);
  const hashes = proofs.map((p) => p.hash);
  const proven = new Set(
    (
      await client.query<{ s: string }>('SELECT s FROM pull_proven($1::text[], $2::text[]) AS s', [ids, hashes])
    ).rows.map((r) => r.s),
  );
  const keys = (
    await client.query<{ device: string; seq: string }>('SELECT * FROM pull_keys($1::text[], $2::text[])', [
      ids,
      hashes,
    ])
  ).rows;
  const lacking = keys.filter((k) => !holdsEvent(store.db, k.device, Number(k.seq)));
  const events: StoredEvent[] = [];
  for (let i = 0; i < lacking.length; i += CHUNK_KEYS) {
    const part = lacking.slice(i, i + CHUNK_KEYS);
    const rows = await client.query<HubEventRow>(
      'SELECT * FROM pull_events($1::text[], $2::text[], $3::text[], $4::bigint[])',
      [ids, hashes, part.map((k) => k.device), part.map((k) => k.seq)],
    );
    for (const r of rows.rows) {
      // The event as a bundle would carry it, then the same parse (shape and hash) as an import.
      const line = JSON.stringify({
        id: r.id,
        device: r.device,
        seq: Number(r.seq),
        at: r.at,
        actor: r.actor,
        type: r.type as EventType,
        payload: JSON.parse(r.payload) as unknown,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      events.push(parseEvent(line, events.length + 1, options.where, store.hashAlgorithm));
    }
  }
  const coverage = await coverageOf(client, events, options.where, store.hashAlgorithm);
  const fetched = await fetchBlobs(store, client, ids, hashes, options.where);

  const tally = { newEvents: 0, newByType: {} as Record<string, number>, newProblems: [] as string[] };
  const trustedFromHub: PullResult['trustedFromHub'] = [];
  const newConflicts = store.write(() => {
    const before = new Set(conflictsOf(store).map((c) => c.id));
    keepBlobs(store, fetched);
    const local = sqliteKnowledge(store);
    const viaHub = (device: string) => {
      const key = coverage.keys.get(device);
      return key && deviceOfKey(store.db, key.publicKey) === undefined ? key.publicKey : undefined;
    };
    const known: Knowledge = { ...local, trustedKey: (device) => local.trustedKey(device) ?? viaHub(device) };
    const admission = new Admission(known, {
      where: options.where,
      signer: '',
      format: 2,
      heads: coverage.heads,
      suite: store.crypto(),
      checks: ALL_CHECKS,
    });
    for (const link of coverage.links) if (admission.admitLink(link) === 'new') insertLink(store.db, link);
    storeEvents(store, admission, events, tally);
    for (const head of admission.finish()) {
      if (!local.trustedKey(head.device)) {
        const { publicKey, name } = coverage.keys.get(head.device)!;
        addDevice(store.db, head.device, publicKey, name, store.now().toISOString());
        trustedFromHub.push({ device: head.device, name });
      }
      keepSignedHead(store.db, head);
    }
    if (tally.newEvents > 0 || fetched.length > 0) {
      const receipt = createHash('sha256')
        .update(
          `pull\n${options.where}\n${store.now().toISOString()}\n${lacking.map((k) => `${k.device}/${k.seq}`).join('\n')}`,
        )
        .digest('hex');
      recordImport(store.db, {
        bundleSha256: receipt,
        device: 'hub',
        createdAt: store.now().toISOString(),
        importedAt: store.now().toISOString(),
        events: events.length,
        newEvents: tally.newEvents,
        actor: options.actor,
        file: options.where,
        summary: {
          exporter: options.where,
          inspections: [...proven].map((id) => ({ id, title: '', unit: '' })),
          newByType: tally.newByType,
          blobs: fetched.length,
          newBlobs: fetched.length,
        },
      });
    }
    return conflictsOf(store).filter((c) => !before.has(c.id));
  });
  return {
    inspections: proven.size,
    unknown: ids.length - proven.size,
    events: events.length,
    newEvents: tally.newEvents,
    newByType: tally.newByType,
    newBlobs: fetched.length,
    unverifiedBlobs: fetched.filter((b) => b.unverified).length,
    newConflicts,
    trustedFromHub,
  };
}

/**
 * What covers the pulled events: per device, the signed heads the hub holds from its first pulled event up to
 * the first at or above its last, the links for the positions between that are not pulled, and the key the
 * hub trusts for it.
 */
async function coverageOf(
  client: HubClient,
  events: readonly StoredEvent[],
  where: string,
  algorithm: string,
): Promise<{ heads: SignedHead[]; links: Link[]; keys: Map<string, { publicKey: string; name: string }> }> {
  const bounds = new Map<string, { lo: number; hi: number; pulled: Set<number> }>();
  for (const e of events) {
    const b = bounds.get(e.device);
    if (!b) bounds.set(e.device, { lo: e.seq, hi: e.seq, pulled: new Set([e.seq]) });
    else {
      b.lo = Math.min(b.lo, e.seq);
      b.hi = Math.max(b.hi, e.seq);
      b.pulled.add(e.seq);
    }
  }
  const devices = [...bounds.keys()];
  if (devices.length === 0) return { heads: [], links: [], keys: new Map() };
  const rows = (
    await client.query<{ device: string; seq: string; hash: string; signature: string }>(
      'SELECT * FROM pull_heads($1::text[], $2::bigint[])',
      [devices, devices.map((d) => bounds.get(d)!.lo)],
    )
  ).rows;
  const heads: SignedHead[] = [];
  const links: Link[] = [];
  let n = 0;
  for (const [device, b] of bounds) {
    const mine = rows
      .filter((r) => r.device === device)
      .map((r) => ({ device, seq: Number(r.seq), hash: r.hash, signature: r.signature }));
    const top = mine.find((h) => h.seq >= b.hi);
    const to = top?.seq ?? b.hi;
    const here = new Set(b.pulled);
    // Heads that name what the laptop will have: a pulled event, a link sent, or the one covering the last.
    const keep = () => heads.push(...mine.filter((h) => h.seq <= to && (here.has(h.seq) || h === top)));
    if (to - b.lo + 1 === b.pulled.size) {
      keep();
      continue;
    }
    const chain = (
      await client.query<{ seq: string; prev_hash: string; digest: string }>('SELECT * FROM pull_links($1, $2, $3)', [
        device,
        b.lo,
        to,
      ])
    ).rows;
    for (const r of chain) {
      if (b.pulled.has(Number(r.seq))) continue;
      const line = JSON.stringify({ device, seq: Number(r.seq), prevHash: r.prev_hash, digest: r.digest });
      links.push(parseLink(line, ++n, where, algorithm));
      here.add(Number(r.seq));
    }
    keep();
  }
  const keys = new Map(
    (
      await client.query<{ device: string; public_key: string; name: string }>(
        'SELECT * FROM pull_devices($1::text[])',
        [devices],
      )
    ).rows.map((r) => [r.device, { publicKey: r.public_key, name: r.name }]),
  );
  return { heads, links, keys };
}
