// Problems and their rectification: the problem rows with their registers' heads, the steps taken (with the
// evidence each cites), and the checks a new problem id needs.
import type { ProblemStatus, StepKind } from './events.js';
import { PROBLEM_TEXT, dec } from './confidential.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import type { Store } from './store.js';

export interface ProblemRow {
  id: string;
  inspectionId: string;
  createdAt: string;
  createdBy: string;
  /** Every field's heads: one is a value, several a conflict between devices. */
  fields: Record<string, Array<{ value: unknown; eventId: string; actor: string; at: string }>>;
}

/**
 * Every problem of an inspection with its registers' heads. `texts: false` gives the confidential fields
 * (PROBLEM_TEXT) as empty text, undecrypted: for counts and statuses on a protected database nobody unlocked.
 */
/** SQL true for a register of a problem's confidential field (its entity ends in /description, …). */
const HIDDEN = PROBLEM_TEXT.map((f) => `entity LIKE '%/${f}'`).join(' OR ');

export function problemsOf(from: QuerySource, inspectionId: string, options: { texts?: boolean } = {}): ProblemRow[] {
  const db = connection(from);
  const value =
    options.texts === false ? `CASE WHEN ${HIDDEN} THEN '""' ELSE value END` : 'ducha_dec_value(entity, value)';
  const rows = prepared(
    db,
    'SELECT id, created_at, created_by FROM problems WHERE inspection_id = ? ORDER BY created_at, id',
  ).all(inspectionId) as Array<{
    id: string;
    created_at: string;
    created_by: string;
  }>;
  const byId = new Map<string, ProblemRow>(
    rows.map((r) => [r.id, { id: r.id, inspectionId, createdAt: r.created_at, createdBy: r.created_by, fields: {} }]),
  );
  const prefix = `problem/${inspectionId}/`;
  const registers = prepared(
    db,
    `SELECT entity, event_id, ${value} AS value, actor, at FROM registers WHERE entity >= ? AND entity < ? ORDER BY entity, at, event_id`,
    true,
  ).iterate(prefix, prefix + '\uffff') as IterableIterator<[string, string, string, string, string]>;
  for (const [entity, eventId, value, actor, at] of registers) {
    const slash = entity.indexOf('/', prefix.length);
    const problem = byId.get(entity.slice(prefix.length, slash));
    if (!problem) continue;
    (problem.fields[entity.slice(slash + 1)] ??= []).push({ value: JSON.parse(value), eventId, actor, at });
  }
  return [...byId.values()];
}

/** Ids of the inspections that have problems. */
export function inspectionsWithProblems(store: Store): string[] {
  return (prepared(store.db, 'SELECT DISTINCT inspection_id AS id FROM problems').all() as Array<{ id: string }>).map(
    (r) => r.id,
  );
}

/** Whether any inspection has a problem with this id (new ids are unique across inspections). */
export function problemIdTaken(store: Store, id: string): boolean {
  return prepared(store.db, 'SELECT 1 FROM problems WHERE id = ?').get(id) !== undefined;
}

export interface StoredStep {
  eventId: string;
  kind: StepKind;
  status: ProblemStatus;
  note: string | null;
  reason: string | null;
  selfClose: boolean;
  actor: string;
  at: string;
  evidence: Array<{ sha256: string; name: string; size: number; mime: string }>;
}

interface StepRow {
  event_id: string;
  problem_id: string;
  kind: StepKind;
  status: ProblemStatus;
  note: string | null;
  reason: string | null;
  self_close: number;
  actor: string;
  at: string;
}

/** A step's columns as the queries read them: its note and reason decrypted on a protected database. */
const STEP_COLUMNS = `event_id, problem_id, kind, status, ${dec('note', 'note')}, ${dec('reason', 'reason')}, self_close, actor, at`;

const toStep = (r: StepRow, evidence: StoredStep['evidence']): StoredStep => ({
  eventId: r.event_id,
  kind: r.kind,
  status: r.status,
  note: r.note,
  reason: r.reason,
  selfClose: r.self_close === 1,
  actor: r.actor,
  at: r.at,
  evidence,
});

/** Every problem's steps in an inspection at once (two queries, not two per problem), by problem id. */
export function stepsByProblem(store: Store, inspectionId: string): Map<string, StoredStep[]> {
  const evidence = new Map<string, StoredStep['evidence']>();
  for (const e of prepared(
    store.db,
    "SELECT s.event_id, s.sha256, ducha_dec('evidence.name', s.name) AS name, s.size, s.mime FROM step_evidence s JOIN rectification_steps r ON r.event_id = s.event_id WHERE r.inspection_id = ? ORDER BY s.event_id, s.position",
  ).all(inspectionId) as Array<{ event_id: string; sha256: string; name: string; size: number; mime: string }>) {
    (evidence.get(e.event_id) ?? evidence.set(e.event_id, []).get(e.event_id)!).push({
      sha256: e.sha256,
      name: e.name,
      size: e.size,
      mime: e.mime,
    });
  }
  const map = new Map<string, StoredStep[]>();
  for (const r of prepared(
    store.db,
    `SELECT ${STEP_COLUMNS} FROM rectification_steps WHERE inspection_id = ? ORDER BY at, event_id`,
  ).all(inspectionId) as StepRow[]) {
    (map.get(r.problem_id) ?? map.set(r.problem_id, []).get(r.problem_id)!).push(
      toStep(r, evidence.get(r.event_id) ?? []),
    );
  }
  return map;
}

/** One problem's steps, oldest first. */
export function problemSteps(store: Store, inspectionId: string, problemId: string): StoredStep[] {
  const rows = prepared(
    store.db,
    `SELECT ${STEP_COLUMNS} FROM rectification_steps WHERE inspection_id = ? AND problem_id = ? ORDER BY at, event_id`,
  ).all(inspectionId, problemId) as StepRow[];
  const evidence = prepared(
    store.db,
    "SELECT sha256, ducha_dec('evidence.name', name) AS name, size, mime FROM step_evidence WHERE event_id = ? ORDER BY position",
  );
  return rows.map((r) => toStep(r, evidence.all(r.event_id) as StoredStep['evidence']));
}
