// `ducha hub verify`: the hub's history checked as a laptop's `verify` checks its own — every event's hash
// recomputed from its stored members, every event linked to the stored event before it, every blob's bytes
// against its name (a sealed one's stored chunks against their size and SHA-256), every signed head's
// signature against the key trusted for its device and its hash against the event (or link) stored at its place — and the projections counted against the events that made them,
// every projection row against the laptop's reducers run over the hub's events (verify-projections.ts), and the hub's
// own counts, deadlines and list of names against the projection rows they are worked out from.
import { eventFormat, hashName } from '../store/hash.js';
import { headSignatureValid } from '../store/signing.js';
import { loadSuite } from '../crypto/index.js';
import { hubSuite } from './init.js';
import { COUNTS } from './counts.js';
import { DUE, LATEST, feedbackOf } from './registers.js';
import { replayProjections } from './verify-projections.js';
import type { HubClient } from './connect.js';
import { damagedBlobs } from './blobs.js';
import { clearNameRecord } from '../store/clear-names.js';
import type { HubEventRow } from '../store/store.js';

export interface HubVerifyResult {
  events: number;
  devices: number;
  blobs: number;
  /** Signed heads checked. */
  signatures: number;
  problems: Array<{ kind: 'hash' | 'link' | 'blob' | 'projection' | 'signature' | 'signedHead'; detail: string }>;
  /** Issue 18: events (and their records) that name an interviewee in clear, stored before the hub refused them. */
  clearNames: { events: number; records: number };
}

const PAGE = 20_000;

/** Progress: events checked, then inspections replayed (of `total`). */
export type VerifyProgress = (done: number, phase: 'events' | 'inspections', total?: number) => void;

export async function verifyHub(client: HubClient, onProgress?: VerifyProgress): Promise<HubVerifyResult> {
  const problems: HubVerifyResult['problems'] = [];
  const suite = await loadSuite(await hubSuite(client));
  const algorithm = hashName(suite.id);
  let events = 0;
  const clearNamed = { events: 0, records: new Set<string>() };
  // Events by device and seq, page by page: each event is checked against its own members and its predecessor.
  let last: { device: string; seq: number; hash: string } | undefined;
  let after = { device: '', seq: 0 };
  for (;;) {
    const rows = (
      await client.query<HubEventRow>(
        'SELECT id, device, seq, at, actor, type, payload, prev_hash, hash FROM events WHERE (device, seq) > ($1, $2) ORDER BY device, seq LIMIT $3',
        [after.device, after.seq, PAGE],
      )
    ).rows;
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      const body = {
        id: r.id,
        device: r.device,
        seq,
        at: r.at,
        actor: r.actor,
        type: r.type,
        payload: JSON.parse(r.payload) as unknown,
      };
      const named = clearNameRecord(r.type, body.payload);
      if (named !== undefined) {
        clearNamed.events++;
        clearNamed.records.add(named);
      }
      // Either format's rule (format 2's events are told by their hash: the hub keeps no format column).
      if (!eventFormat(algorithm, r.prev_hash, body, r.payload, r.hash))
        problems.push({ kind: 'hash', detail: `${r.device}/${seq}` });
      if (last && last.device === r.device && last.seq === seq - 1 && last.hash !== r.prev_hash)
        problems.push({ kind: 'link', detail: `${r.device}/${seq}` });
      last = { device: r.device, seq, hash: r.hash };
      events++;
    }
    after = { device: last!.device, seq: last!.seq };
    onProgress?.(events, 'events');
  }
  // Signed heads: each verifies with the key trusted for its device and names the event or link stored there.
  const signatures = (
    await client.query<{
      device: string;
      seq: string;
      hash: string;
      signature: string;
      public_key: string | null;
      stored: string | null;
    }>(
      `SELECT s.device, s.seq, s.hash, s.signature, d.public_key, coalesce(e.hash, l.hash) AS stored FROM signatures s
       LEFT JOIN devices d ON d.device = s.device LEFT JOIN events e ON e.device = s.device AND e.seq = s.seq LEFT JOIN links l ON l.device = s.device AND l.seq = s.seq
       ORDER BY s.device, s.seq`,
    )
  ).rows;
  for (const r of signatures) {
    const head = { device: r.device, seq: Number(r.seq), hash: r.hash, signature: r.signature };
    let valid: boolean;
    try {
      valid = r.public_key !== null && headSignatureValid(suite, r.public_key, head);
    } catch {
      valid = false;
    }
    if (!valid) problems.push({ kind: 'signature', detail: `${r.device}/${r.seq}` });
    if (r.stored !== r.hash) problems.push({ kind: 'signedHead', detail: `${r.device}/${r.seq}` });
  }
  const devices = Number(
    (await client.query<{ n: string }>('SELECT count(DISTINCT device) AS n FROM events')).rows[0]!.n,
  );
  // Every file against its name: a sealed one by its stored chunks (the hub holds no key to open them).
  const blobs = await damagedBlobs(client);
  for (const sha256 of blobs.damaged) problems.push({ kind: 'blob', detail: sha256 });
  // The rows the projections hold for the events that create them.
  const counts: Array<[string, string, string]> = [
    [
      'inspections',
      'SELECT count(*) AS n FROM inspections',
      "SELECT count(*) AS n FROM events WHERE type = 'inspection.created'",
    ],
    [
      'records',
      'SELECT count(*) AS n FROM records',
      `SELECT (SELECT count(*) FROM events WHERE type = 'record.added')
         + (SELECT coalesce(sum(json_array_length(payload::json -> 'records')), 0) FROM events WHERE type = 'records.imported') AS n`,
    ],
    [
      'problems',
      'SELECT count(*) AS n FROM problems',
      "SELECT count(*) AS n FROM events WHERE type = 'problem.created'",
    ],
    [
      'rectification_steps',
      'SELECT count(*) AS n FROM rectification_steps',
      "SELECT count(*) AS n FROM events WHERE type = 'problem.progressed'",
    ],
    // Withdrawn records count nowhere (record.withdrawn); a record's withdrawal cannot be taken back.
    [
      'item_stats',
      'SELECT coalesce(sum(listen + "check" + talk + visit), 0) AS n FROM item_stats',
      'SELECT count(*) AS n FROM records WHERE withdrawn = 0',
    ],
    [
      'records.withdrawn',
      'SELECT count(*) AS n FROM records WHERE withdrawn = 1',
      "SELECT count(DISTINCT w.id) AS n FROM (SELECT payload::json->>'id' AS id FROM events WHERE type = 'record.withdrawn') w WHERE EXISTS (SELECT 1 FROM records r WHERE r.id = w.id OFFSET 0)",
    ],
  ];
  for (const [table, projected, logged] of counts) {
    const a = (await client.query<{ n: string }>(projected)).rows[0]!.n;
    const b = (await client.query<{ n: string }>(logged)).rows[0]!.n;
    if (a !== b) problems.push({ kind: 'projection', detail: `${table}: ${a} ≠ ${b}` });
  }
  // The hub's own counts (counts.ts, item_totals) against a recount from the projections.
  const inspections = await client.query<{ id: string }>(
    `SELECT i.id FROM inspections i CROSS JOIN LATERAL (${COUNTS.replace(/k\.id/g, 'i.id')}) x
     WHERE (i.n_listen, i.n_check, i.n_talk, i.n_visit, i.n_concluded, i.n_lacking, i.n_conflicts, i.n_problems, i.n_closed)
       IS DISTINCT FROM (x.listen, x."check", x.talk, x.visit, x.concluded, x.lacking, x.conflicts, x.problems, x.closed) ORDER BY i.id LIMIT 20`,
  );
  for (const r of inspections.rows) problems.push({ kind: 'projection', detail: `inspections.n_*: ${r.id}` });
  const items = await client.query<{ checklist_id: string; item_id: string }>(
    `SELECT coalesce(t.checklist_id, c.checklist_id) AS checklist_id, coalesce(t.item_id, c.item_id) AS item_id
     FROM (SELECT * FROM item_totals WHERE concluded <> 0 OR checked <> 0 OR lacking <> 0) t
     FULL JOIN (SELECT checklist_id, item_id, count(*) AS concluded, count(*) FILTER (WHERE result <> 'not-applicable') AS checked,
                  count(*) FILTER (WHERE result IN ('partial', 'noncompliant')) AS lacking FROM conclusion_heads WHERE heads = 1 GROUP BY 1, 2) c
       ON c.checklist_id = t.checklist_id AND c.item_id = t.item_id
     WHERE (t.concluded, t.checked, t.lacking) IS DISTINCT FROM (c.concluded, c.checked, c.lacking) LIMIT 20`,
  );
  for (const r of items.rows)
    problems.push({ kind: 'projection', detail: `item_totals: ${r.checklist_id}/${r.item_id}` });
  // What the hub keeps beside the laptop's columns (registers.ts) against the rows it is worked out from: each
  // inspection's feedback date and period from its register's latest head, and the default deadline they give;
  // each problem's deadline from its own, its type and that default.
  const feedback = await client.query<{
    id: string;
    feedback_date: string | null;
    rectify_days: string | null;
    feedback_due: string | null;
    v: unknown;
  }>(
    `SELECT i.id, i.feedback_date, i.rectify_days, i.feedback_due, ${LATEST} AS v
     FROM inspections i CROSS JOIN LATERAL (SELECT 'inspection/' || i.id || '/feedback' AS entity) e ORDER BY i.id COLLATE "C"`,
  );
  const wrongFeedback = feedback.rows.filter((r) => {
    const f = feedbackOf(r.v);
    return (
      f.date !== r.feedback_date ||
      f.days !== (r.rectify_days === null ? null : Number(r.rectify_days)) ||
      f.due !== r.feedback_due
    );
  });
  for (const r of wrongFeedback.slice(0, 20))
    problems.push({ kind: 'projection', detail: `inspections.feedback: ${r.id}` });
  const dues = await client.query<{ inspection_id: string; id: string }>(
    `SELECT p.inspection_id, p.id FROM problems p JOIN inspections i ON i.id = p.inspection_id
     WHERE p.due IS DISTINCT FROM ${DUE} ORDER BY p.inspection_id, p.id LIMIT 20`,
  );
  for (const r of dues.rows) problems.push({ kind: 'projection', detail: `problems.due: ${r.inspection_id}/${r.id}` });
  // Every interviewee's name a record or a correction holds is in the list every --hub output redacts by.
  const unlisted = (
    await client.query<{ name: string }>(
      `SELECT interviewee AS name FROM records WHERE interviewee IS NOT NULL
       UNION SELECT value::json #>> '{}' FROM registers WHERE entity LIKE 'record/%/interviewee' AND json_typeof(value::json) = 'string'
       EXCEPT SELECT name FROM interviewees`,
    )
  ).rows.filter((r) => r.name.trim() !== ''); // as the acceptor lists a correction's name (project.ts)
  if (unlisted.length)
    problems.push({ kind: 'projection', detail: `interviewees: ${unlisted.length} names not listed` });
  // Every projection row against the laptop's reducers run over the hub's events, inspection by inspection.
  await replayProjections(
    client,
    (detail) => problems.push({ kind: 'projection', detail }),
    (done, total) => onProgress?.(done, 'inspections', total),
  );
  return {
    events,
    devices,
    blobs: blobs.blobs,
    signatures: signatures.length,
    problems,
    clearNames: { events: clearNamed.events, records: clearNamed.records.size },
  };
}
