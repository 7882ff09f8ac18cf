// What the hub knows, as the rules of acceptance ask it (src/team/rules.ts `Knowledge`): for a group of
// events, everything the rules may ask is fetched ahead in a few queries — their stored neighbours in each
// device's chain, and whether the inspections and problems they create already exist — so the rules
// themselves stay synchronous. Format 2 extends `Knowledge` (the keys trusted for each device, the
// checklist snapshots payloads are checked against): its look-ups belong here, fetched per group the same way.
import type { StoredEvent } from '../store/events.js';
import type { Knowledge } from '../team/rules.js';
import type { HubClient } from './connect.js';

const NOTHING: Knowledge = { event: () => undefined, hasInspection: () => false, hasProblem: () => false };

/** The admission of a whole submission asks this; it answers from the facts of the group being admitted. */
export class GroupKnowledge implements Knowledge {
  private current: Knowledge = NOTHING;
  use(facts: Knowledge): void {
    this.current = facts;
  }
  event(device: string, seq: number) {
    return this.current.event(device, seq);
  }
  hasInspection(id: string) {
    return this.current.hasInspection(id);
  }
  hasProblem(inspectionId: string, id: string) {
    return this.current.hasProblem(inspectionId, id);
  }
}

/** What the hub holds about a group's events: their stored neighbours, and the inspections and problems they would create. */
export async function knowledgeOf(client: HubClient, events: readonly StoredEvent[]): Promise<Knowledge> {
  const devices: string[] = [];
  const seqs: number[] = [];
  for (const e of events) for (const d of [-1, 0, 1]) devices.push(e.device), seqs.push(e.seq + d);
  const stored = new Map<string, { hash: string; prevHash: string }>();
  if (events.length) {
    const rows = await client.query<{ device: string; seq: string; hash: string; prev_hash: string }>(
      `SELECT e.device, e.seq, e.hash, e.prev_hash FROM (SELECT DISTINCT d, s::bigint FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS k(d, s)) AS k(device, seq)
       JOIN events e ON e.device = k.device AND e.seq = k.seq`,
      [JSON.stringify(devices), JSON.stringify(seqs)],
    );
    for (const r of rows.rows) stored.set(`${r.device}/${r.seq}`, { hash: r.hash, prevHash: r.prev_hash });
  }
  const created = events.filter((e) => e.type === 'inspection.created').map((e) => (e as StoredEvent<'inspection.created'>).payload.inspection.id);
  const inspections = new Set(
    created.length ? (await client.query<{ id: string }>('SELECT id FROM inspections WHERE id IN (SELECT json_array_elements_text($1::json))', [JSON.stringify(created)])).rows.map((r) => r.id) : [],
  );
  const problemKeys = events.filter((e) => e.type === 'problem.created').map((e) => (e as StoredEvent<'problem.created'>).payload);
  const problems = new Set(
    problemKeys.length
      ? (
          await client.query<{ key: string }>(
            `SELECT p.inspection_id || '/' || p.id AS key FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS k(i, id)
             JOIN problems p ON p.inspection_id = k.i AND p.id = k.id`,
            [JSON.stringify(problemKeys.map((p) => p.inspectionId)), JSON.stringify(problemKeys.map((p) => p.id))],
          )
        ).rows.map((r) => r.key)
      : [],
  );
  return {
    event: (device, seq) => stored.get(`${device}/${seq}`),
    hasInspection: (id) => inspections.has(id),
    hasProblem: (inspectionId, id) => problems.has(`${inspectionId}/${id}`),
  };
}
