// Storing a submission's events, group after group: parse each line (shape and hash, the rules' parseEvent),
// ask the hub what it knows about the group (knowledge.ts), admit the events in order (the rules'
// Admission: chains, forks, id clashes), then insert the new ones with their projections. The next group
// is parsed while PostgreSQL inserts the current one's events, so the two processes work at once.
import { inspectionOf, type StoredEvent } from '../store/events.js';
import { Admission, canonicalPayload, parseEvent, type Checks } from '../team/rules.js';
import { defaultSuite } from '../crypto/default-suite.js';
import { Inserts, Rows } from './bulk.js';
import type { HubClient } from './connect.js';
import { GroupKnowledge, knowledgeOf } from './knowledge.js';
import type { LineSource } from './lines.js';
import { changesOf, finish, write } from './project.js';

/**
 * Events checked and stored per round trip: large enough to amortise it (a group's statement costs about a
 * millisecond to plan), small enough that a group dies young in the JavaScript heap.
 */
export const GROUP = 1000;

export interface Tally {
  newEvents: number;
  newByType: Record<string, number>;
}

/** A group of lines parsed: the events before the first line that does not parse, and that line's fault. */
interface Parsed {
  events: StoredEvent[];
  fault?: unknown;
}

/**
 * Store every event of the source the hub does not hold, in file order; throws the first fault (a line
 * that does not parse is reported after the lines before it were admitted, as a bundle import does).
 */
/**
 * The hub makes format 1's checks only, for now (issue 16 left this to the hub's owner): it stores neither
 * signed heads nor links yet, so it cannot cover events by them, and it does not answer the questions of
 * payload references. Payload shapes and hashes (either format) are checked, and every batch's manifest is
 * signed by a device the hub trusts (accept.ts).
 */
const HUB_CHECKS: Checks = { signedHeads: false, references: false };

/** Who sent the submission (the manifest's device) and in which format: the admission's context. */
export interface Sender {
  where: string;
  signer: string;
  format: 1 | 2;
}

export async function storeEvents(client: HubClient, source: LineSource, sender: Sender, submission: number, alsoMeanwhile?: () => void): Promise<Tally & { newest: Admission['newest'] }> {
  const { where } = sender;
  const known = new GroupKnowledge();
  const admission = new Admission(known, { where, signer: sender.signer, format: sender.format, heads: [], suite: defaultSuite, checks: HUB_CHECKS });
  const tally: Tally = { newEvents: 0, newByType: {} };
  let n = 0;
  const parse = (lines: readonly string[]): Parsed => {
    const events: StoredEvent[] = [];
    for (const line of lines) {
      try {
        events.push(parseEvent(line, ++n, where, 'sha256'));
      } catch (fault) {
        return { events, fault };
      }
    }
    return { events };
  };
  const groups = source.groups(GROUP)[Symbol.asyncIterator]();
  let current = await groups.next();
  let parsed = current.done ? undefined : parse(current.value);
  while (parsed) {
    if (parsed.fault) {
      await storeGroup(client, admission, known, parsed.events, submission, tally);
      throw parsed.fault;
    }
    current = await groups.next();
    const following = current.done ? undefined : current.value;
    let next: Parsed | undefined;
    await storeGroup(client, admission, known, parsed.events, submission, tally, () => {
      next = following && parse(following);
      alsoMeanwhile?.();
    });
    parsed = next;
  }
  return { ...tally, newest: admission.newest };
}

/**
 * One group: what the hub knows about it, the admission, then the new events and their projections.
 * `meanwhile` runs once, while PostgreSQL inserts the events (or at the end, when nothing is new).
 */
async function storeGroup(client: HubClient, admission: Admission, known: GroupKnowledge, events: readonly StoredEvent[], submission: number, tally: Tally, meanwhile?: () => void): Promise<void> {
  known.use(await knowledgeOf(client, events));
  const fresh = events.filter((e) => admission.admit(e) !== 'held');
  if (fresh.length === 0) {
    meanwhile?.();
    return;
  }
  const held = new Map<string, { max: number; count: number }>();
  const rows = new Rows(10);
  for (const e of fresh) {
    rows.add(e.id, e.device, e.seq, e.at, e.actor, e.type, canonicalPayload(e), e.prevHash, e.hash, inspectionOf(e));
    let h = held.get(e.device);
    if (!h) held.set(e.device, (h = { max: 0, count: 0 }));
    h.max = Math.max(h.max, e.seq);
    h.count++;
    tally.newEvents++;
    tally.newByType[e.type] = (tally.newByType[e.type] ?? 0) + 1;
  }
  // The events, what the hub holds per device, and the projections' new rows: one statement.
  const inserts = new Inserts();
  const submitted = inserts.param(submission);
  inserts.add('events', 'id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id, submission', ['text', 'text', 'bigint', 'text', 'text', 'text', 'json', 'text', 'text', 'text'], rows, '', `, ${submitted}::bigint`);
  const heads = new Rows(3);
  for (const [device, h] of held) heads.add(device, h.max, h.count);
  inserts.add('held', 'device, max_seq, count', ['text', 'bigint', 'bigint'], heads, 'ON CONFLICT (device) DO UPDATE SET max_seq = greatest(held.max_seq, excluded.max_seq), count = held.count + excluded.count');
  const changes = changesOf(fresh);
  write(changes, inserts);
  const stored = inserts.run(client);
  // The statement is on its way: parse the next group meanwhile. Its errors are its own (kept in what it returns).
  meanwhile?.();
  await stored;
  await finish(client, changes);
}
