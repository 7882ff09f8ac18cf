// Storing a submission's links and events, group after group: parse each line (shape and hash, the rules'
// parseEvent and parseLink), ask the hub what it knows about the group (knowledge.ts), admit them in order
// (the rules' Admission: chains, forks, id clashes, payload references), then insert the new ones with their
// projections; at the end, the coverage check (every new event and link covered by a valid signed head of its
// own device's trusted key) and the signed heads kept. The next groups are parsed (ahead.ts) whenever this
// process waits for PostgreSQL, so the two processes work at once.
import { inspectionOf, newCount, type StoredEvent } from '../store/events.js';
import { eventDigest } from '../store/hash.js';
import type { SignedHead } from '../store/signing.js';
import type { Suite } from '../crypto/types.js';
import {
  ALL_CHECKS,
  Admission,
  canonicalPayload,
  digestOfParsed,
  formatOf,
  parseEvent,
  parseLink,
  type Link,
} from '../team/rules.js';
import { Inserts, Rows, columnParams, fromColumns, insertRows } from './bulk.js';
import type { HubClient } from './connect.js';
import { Ahead } from './ahead.js';
import { CopyData, CopyIn, copyRows } from './copy.js';
import { GroupKnowledge, coverageFacts, knowledgeOf, trustedKeys } from './knowledge.js';
import type { LineSource } from './lines.js';
import { changesOf, finish, recordRows, write } from './project.js';
import { refuseClearNames } from './names.js';

/**
 * Events checked and stored per round trip: large enough to amortise it (a group's statement costs about a
 * millisecond to plan), small enough that a group dies young in the JavaScript heap.
 */
export const GROUP = 1000;

const EVENT_COLUMNS = 'id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id, digest, submission';
const EVENT_TYPES = [
  'text',
  'text',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bigint',
] as const;

export interface Tally {
  newEvents: number;
  newByType: Record<string, number>;
}

/** Who sent the submission (the manifest's device), in which format, with which signed heads: the admission's context. */
export interface Sender {
  where: string;
  signer: string;
  format: 1 | 2;
  /** Format 2: the signed heads the submission carries. */
  heads: readonly SignedHead[];
  /** The hub's suite, loaded: event hashes, links and signed heads are checked with it. */
  suite: Suite;
  /** Node's name of the suite's hash. */
  algorithm: string;
}

/** Positions a submission brought (events and links), per device: what the coverage check walks from. */
type Fresh = Map<string, number[]>;
const note = (fresh: Fresh, device: string, seq: number) =>
  (fresh.get(device) ?? fresh.set(device, []).get(device)!).push(seq);

/**
 * Store every link and event of the source the hub does not hold, in file order, and keep the signed heads
 * that cover them; throws the first fault (a line that does not parse is reported after the lines before it
 * were admitted, as a bundle import does). The hub makes every check a laptop's import makes (ALL_CHECKS).
 */
export async function storeEvents(
  client: HubClient,
  source: LineSource,
  sender: Sender,
  submission: number,
  alsoMeanwhile?: () => void,
  links?: LineSource,
): Promise<Tally & { newest: Admission['newest']; heads: number }> {
  const { where, algorithm } = sender;
  const known = new GroupKnowledge(sender.suite.id, await trustedKeys(client));
  const admission = new Admission(known, {
    where,
    signer: sender.signer,
    format: sender.format,
    heads: sender.heads,
    suite: sender.suite,
    checks: ALL_CHECKS,
  });
  const tally: Tally = { newEvents: 0, newByType: {} };
  const fresh: Fresh = new Map();
  if (links) await storeLinks(client, admission, known, links, sender, fresh);
  let n = 0;
  // The next group is parsed while this one is checked against what the hub knows, stored and projected.
  const ahead = new Ahead(
    source.groups(GROUP)[Symbol.asyncIterator](),
    (line) => parseEvent(line, ++n, where, algorithm),
    1,
    alsoMeanwhile,
  );
  try {
    for (let parsed = await ahead.next(); parsed; parsed = await ahead.next()) {
      // Issue 18: an interviewee's name in clear refuses the submission before its group is stored (names.ts).
      refuseClearNames(parsed.items, where);
      await storeGroup(client, admission, known, parsed.items, submission, tally, fresh, algorithm);
      if (parsed.fault) throw parsed.fault;
    }
  } finally {
    ahead.stop();
  }
  // Every new event and link covered by a signed head of its own device: those heads are kept.
  known.use(await coverageFacts(client, fresh, sender.heads));
  const heads = admission.finish();
  const rows = new Rows(4);
  for (const h of heads) rows.add(h.device, h.seq, h.hash, h.signature);
  const keep = new Inserts();
  const by = keep.param(submission);
  keep.add(
    'signatures',
    'device, seq, hash, signature, submission',
    ['text', 'bigint', 'text', 'text'],
    rows,
    'ON CONFLICT (device, seq) DO NOTHING',
    `, ${by}::bigint`,
  );
  await keep.run(client);
  return { ...tally, newest: admission.newest, heads: heads.length };
}

/** Format 2's links: each placed in its chain like an event, and kept where the hub holds neither it nor its event. */
async function storeLinks(
  client: HubClient,
  admission: Admission,
  known: GroupKnowledge,
  source: LineSource,
  sender: Sender,
  fresh: Fresh,
): Promise<void> {
  let n = 0;
  for await (const lines of source.groups(GROUP)) {
    const links: Link[] = lines.map((line) => parseLink(line, ++n, sender.where, sender.algorithm));
    known.use(await knowledgeOf(client, known, links));
    const rows = new Rows(5);
    for (const l of links) {
      if (admission.admitLink(l) !== 'new') continue;
      rows.add(l.device, l.seq, l.prevHash, l.digest, l.hash);
      note(fresh, l.device, l.seq);
    }
    await insertRows(
      client,
      'links',
      'device, seq, prev_hash, digest, hash',
      ['text', 'bigint', 'text', 'text', 'text'],
      rows,
    );
  }
  source.finish();
}

/** A group's rows besides its events: what the hub holds per device, its records, the other projections. */
function projections(fresh: readonly StoredEvent[], held: Map<string, { max: number; count: number }>) {
  const inserts = new Inserts();
  const heads = new Rows(3);
  for (const [device, h] of held) heads.add(device, h.max, h.count);
  inserts.add(
    'held',
    'device, max_seq, count',
    ['text', 'bigint', 'bigint'],
    heads,
    'ON CONFLICT (device) DO UPDATE SET max_seq = greatest(held.max_seq, excluded.max_seq), count = held.count + excluded.count',
  );
  const changes = changesOf(fresh);
  write(changes, inserts);
  return { records: recordRows(changes), inserts, changes };
}

/**
 * One group: what the hub knows about it, the admission, then the new events and their projections.
 */
async function storeGroup(
  client: HubClient,
  admission: Admission,
  known: GroupKnowledge,
  events: readonly StoredEvent[],
  submission: number,
  tally: Tally,
  positions: Fresh,
  algorithm: string,
): Promise<void> {
  known.use(await knowledgeOf(client, known, events, events));
  const fresh: StoredEvent[] = [];
  const replaced = new Rows(2);
  for (const e of events) {
    const admitted = admission.admit(e);
    if (admitted === 'held') continue;
    fresh.push(e);
    note(positions, e.device, e.seq);
    if (admitted === 'replaces-link') replaced.add(e.device, e.seq);
  }
  // Links the new events stand in for: the event is held now.
  if (replaced.size)
    await client.query(
      `DELETE FROM links l USING (${fromColumns(['text', 'bigint'])}) AS r(device, seq) WHERE l.device = r.device AND l.seq = r.seq`,
      columnParams(replaced.cols),
    );
  if (fresh.length === 0) return;
  const held = new Map<string, { max: number; count: number }>();
  // The events by COPY (copy.ts), sent as they are encoded; the rest prepared while PostgreSQL stores them.
  const data = new CopyData('events', EVENT_COLUMNS, EVENT_TYPES);
  const copy = await CopyIn.start(client, data);
  try {
    for (const e of fresh) {
      const payload = canonicalPayload(e);
      data.add([
        e.id,
        e.device,
        e.seq,
        e.at,
        e.actor,
        e.type,
        payload,
        e.prevHash,
        e.hash,
        inspectionOf(e),
        formatOf(e) === 2 ? (digestOfParsed(e) ?? eventDigest(algorithm, e, payload)) : null,
        submission,
      ]);
      let h = held.get(e.device);
      if (!h) held.set(e.device, (h = { max: 0, count: 0 }));
      h.max = Math.max(h.max, e.seq);
      h.count++;
      tally.newEvents++;
      tally.newByType[e.type] = (tally.newByType[e.type] ?? 0) + newCount(e);
    }
  } catch (error) {
    await copy.abort(error);
    throw error;
  }
  const stored = copy.close();
  // What the hub holds per device and the projections' new rows — the records by COPY, the rest in one
  // statement — prepared meanwhile, sent once the events are stored (one statement at a time).
  let rest: ReturnType<typeof projections>;
  try {
    rest = projections(fresh, held);
  } catch (error) {
    await stored.catch(() => undefined);
    throw error;
  }
  await stored;
  await copyRows(client, rest.records);
  await rest.inserts.run(client);
  await finish(client, rest.changes);
}
