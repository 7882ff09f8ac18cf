// The shape of every event and payload that may enter a database from elsewhere (docs/format.md §2–§4):
// types, required and optional members (no others), enum values, id and date patterns, and names that are
// safe as file names. Pure: what the payload refers to (inspections, snapshots, items, blobs) is judged by
// references.ts against what the receiving database holds. A payload that fails is a malformed bundle.
import { METHODS, PATTERNS, RESULTS, SEVERITIES, UNIT_KINDS } from '../checklist/format.js';
import { MAX_IMPORTED, type EventType } from '../store/events.js';
import { isCiphertext, malformedCiphertext, wellFormedCiphertext } from '../store/confidential.js';

/** A problem with a value, as a path and a sentence key; undefined when the value is fine. */
export interface ShapeProblem {
  path: string;
  problem: 'missing' | 'unknown' | 'type' | 'value' | 'pattern' | 'range';
  /** What was expected (a type name, the allowed values). */
  expected?: string;
}

/**
 * A check of one value. The `path` it returns is relative to that value ('' for the value itself); each
 * parent prefixes its member's name on the way up, so a payload that is fine builds no path strings at all.
 */
type Check = (value: unknown, path: string) => ShapeProblem | undefined;
const under = (prefix: string, p: ShapeProblem | undefined): ShapeProblem | undefined =>
  p && { ...p, path: prefix + p.path };

const MAX_TEXT = 1 << 20; // characters in one text member: more is not a person's writing
const MAX_LIST = 100_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text =
  (options: { min?: number; max?: number; pattern?: RegExp } = {}): Check =>
  (v, path) => {
    if (typeof v !== 'string') return { path, problem: 'type', expected: 'string' };
    if (v.length < (options.min ?? 0) || v.length > (options.max ?? MAX_TEXT)) return { path, problem: 'range' };
    if (options.pattern && !options.pattern.test(v)) return { path, problem: 'pattern' };
    return undefined;
  };
const nonEmpty = text({ min: 1 });
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v, path) =>
    typeof v !== 'number' || !Number.isSafeInteger(v)
      ? { path, problem: 'type', expected: 'integer' }
      : v < min || v > max
        ? { path, problem: 'range' }
        : undefined;
const bool: Check = (v, path) => (typeof v === 'boolean' ? undefined : { path, problem: 'type', expected: 'boolean' });
const oneOf =
  (values: readonly (string | boolean)[]): Check =>
  (v, path) =>
    values.includes(v as string) ? undefined : { path, problem: 'value', expected: values.join(', ') };
const nullable =
  (check: Check): Check =>
  (v, path) =>
    v === null ? undefined : check(v, path);
const list =
  (of: Check, min = 0, max = MAX_LIST): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return { path, problem: 'type', expected: 'array' };
    if (v.length < min || v.length > max) return { path, problem: 'range' };
    for (let i = 0; i < v.length; i++) {
      const p = of(v[i], '');
      if (p) return under(`${path}[${i}]`, p);
    }
    return undefined;
  };
/** An object with exactly these members; `optional` ones may be absent (never null unless their check allows). */
const shape =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v, path) => {
    if (!isObject(v)) return { path, problem: 'type', expected: 'object' };
    for (const key in v)
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key))
        return { path: `${path}.${key}`, problem: 'unknown' };
    for (const key in required) {
      if (!Object.hasOwn(v, key)) return { path: `${path}.${key}`, problem: 'missing' };
      const p = required[key]!(v[key], '');
      if (p) return under(`${path}.${key}`, p);
    }
    for (const key in optional) {
      if (!Object.hasOwn(v, key)) continue;
      const p = optional[key]!(v[key], '');
      if (p) return under(`${path}.${key}`, p);
    }
    return undefined;
  };
/** An object whose members are optional and each checked by its own check (changed fields). */
const partial = (members: Record<string, Check>): Check => shape({}, members);
/** An object mapping some of `keys` to a check (supersedes per field). */
const keyed = (keys: readonly string[], of: Check): Check => partial(Object.fromEntries(keys.map((k) => [k, of])));

export const ID = {
  event: /^[0-9a-z]{16}$/,
  short: /^[0-9a-z]{6}$/,
  device: /^d[0-9a-f]{12}$/,
  hash: /^[0-9a-f]{64}$/,
  at: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  date: new RegExp(PATTERNS.date),
  checklist: new RegExp(PATTERNS.checklistId),
  item: new RegExp(PATTERNS.itemId),
} as const;

const eventId = text({ pattern: ID.event });
const shortId = text({ pattern: ID.short });
const sha = text({ pattern: ID.hash });
const date = text({ pattern: ID.date });
const checklistId = text({ pattern: ID.checklist });
const itemId = text({ pattern: ID.item });
const method = oneOf(METHODS);
const ids = list(eventId);

/**
 * A file name as recorded: no folders, nothing a file system would read as one (evidence get writes it); on a
 * protected database, well-formed ciphertext of one (checked again, decrypted, where it is written out).
 */
const fileName: Check = (v, path) => {
  if (isCiphertext(v)) return v.length <= 2048 && wellFormedCiphertext(v) ? undefined : { path, problem: 'pattern' };
  const p = text({ min: 1, max: 255 })(v, path);
  if (p) return p;
  const name = v as string;
  return /[/\\]/.test(name) || name.includes('\u0000') || name === '.' || name === '..'
    ? { path, problem: 'pattern' }
    : undefined;
};
const evidence = list(shape({ sha256: sha, name: fileName, size: int(0), mime: text({ min: 1, max: 255 }) }));

/**
 * records.imported (docs/format.md §21): each record with its note (and subject); or, with `texts` — well-formed
 * ciphertext of every record's note and subject (a protected database's) — records holding neither.
 */
const importedShape: Check = (v, path) => {
  const sealed = isObject(v) && Object.hasOwn(v, 'texts');
  const record = sealed
    ? shape({ id: eventId, checklistId, itemId, method }, { interviewee: text() })
    : shape({ id: eventId, checklistId, itemId, method, note: text() }, { subject: text(), interviewee: text() });
  return shape({ inspectionId: shortId, records: list(record, 1, MAX_IMPORTED) }, sealed ? { texts: sealedText } : {})(
    v,
    path,
  );
};
/** Ciphertext text (confidential.ts), well formed: what only a protected database writes (an import's texts). */
const sealedText: Check = (v, path) =>
  typeof v !== 'string'
    ? { path, problem: 'type', expected: 'string' }
    : !isCiphertext(v) || !wellFormedCiphertext(v)
      ? { path, problem: 'pattern' }
      : undefined;

const PROBLEM_FIELDS: Record<string, Check> = {
  description: text(),
  items: list(shape({ checklistId, itemId })),
  methods: list(method),
  severity: oneOf(SEVERITIES),
  rectification: text(),
  type: oneOf(['immediate', 'deadline', 'ongoing']),
  unit: text(),
  leader: text(),
  person: text(),
  deadline: date,
  measures: text(),
  mergedInto: shortId,
};
const PROBLEM_REQUIRED = ['description', 'items', 'methods', 'severity', 'rectification', 'type'];
const problemFields = shape(
  Object.fromEntries(PROBLEM_REQUIRED.map((k) => [k, PROBLEM_FIELDS[k]!])),
  Object.fromEntries(Object.entries(PROBLEM_FIELDS).filter(([k]) => !PROBLEM_REQUIRED.includes(k))),
);
const RECORD_FIELDS: Record<string, Check> = {
  method,
  subject: nullable(text()),
  interviewee: nullable(text()),
  note: text(),
};
const feedback = shape({ date, rectifyDays: int(0, 36_500) });
const conclusionValue = shape(
  { result: oneOf(RESULTS), goodPractice: bool, checklistSha: sha },
  { note: text(), reason: text() },
);
const withdrawnValue = shape({ result: oneOf(['withdrawn']) });
const statusValue = shape({
  status: oneOf(['open', 'rectifying', 'closure-requested', 'returned', 'closed']),
  kind: oneOf(['progress', 'request', 'return', 'close', 'reopen']),
});

/** The value a register.resolved may set for `entity` of `inspectionId`, by the entity's form (format.md §4). */
function registerValue(entity: unknown, inspectionId: unknown): Check | undefined {
  if (typeof entity !== 'string' || typeof inspectionId !== 'string') return undefined;
  const parts = entity.split('/');
  if (parts[1] !== inspectionId) return undefined;
  if (parts[0] === 'conclusion' && parts.length === 4 && ID.checklist.test(parts[2]!) && ID.item.test(parts[3]!))
    return (v, p) => (isObject(v) && v.result === 'withdrawn' ? withdrawnValue(v, p) : conclusionValue(v, p));
  if (parts[0] === 'problem' && parts.length === 4 && ID.short.test(parts[2]!))
    return parts[3] === 'status' ? statusValue : PROBLEM_FIELDS[parts[3]!];
  if (parts[0] === 'record' && parts.length === 4 && ID.event.test(parts[2]!))
    return parts[3] === 'withdrawn' ? oneOf([true]) : RECORD_FIELDS[parts[3]!];
  if (parts[0] === 'inspection' && parts.length === 3 && parts[2] === 'feedback') return feedback;
  return undefined;
}

const PAYLOADS: Record<EventType, Check> = {
  'inspection.created': shape({
    inspection: shape(
      { id: shortId, title: nonEmpty, unit: nonEmpty, unitKind: oneOf(UNIT_KINDS), team: list(text()), start: date },
      { region: text() },
    ),
    checklists: list(shape({ id: checklistId, version: text({ min: 1, max: 100 }), sha256: sha })),
  }),
  'inspection.checklist-upgraded': shape({
    inspectionId: shortId,
    checklistId,
    version: text({ min: 1, max: 100 }),
    sha256: sha,
    recheck: list(itemId),
  }),
  'record.added': shape(
    { id: eventId, inspectionId: shortId, checklistId, itemId, method, note: text(), evidence },
    { subject: text(), interviewee: text() },
  ),
  'records.imported': importedShape,
  'conclusion.set': shape(
    {
      inspectionId: shortId,
      checklistId,
      itemId,
      result: oneOf(RESULTS),
      goodPractice: bool,
      checklistSha: sha,
      supersedes: ids,
    },
    { note: text(), reason: text(), changeReason: text() },
  ),
  'problem.created': shape({ id: shortId, inspectionId: shortId, fields: problemFields }, { basedOn: eventId }),
  'problem.updated': shape({
    id: shortId,
    inspectionId: shortId,
    fields: partial(PROBLEM_FIELDS),
    supersedes: keyed(Object.keys(PROBLEM_FIELDS), ids),
  }),
  'problem.progressed': shape(
    {
      problemId: shortId,
      inspectionId: shortId,
      kind: oneOf(['progress', 'request', 'return', 'close', 'reopen']),
      status: oneOf(['rectifying', 'closure-requested', 'returned', 'closed']),
      evidence,
      supersedes: ids,
    },
    { note: text(), reason: text(), selfClose: oneOf([true]) },
  ),
  'register.resolved': shape({ entity: text(), inspectionId: shortId, value: () => undefined, supersedes: ids }),
  'record.amended': shape({
    id: eventId,
    inspectionId: shortId,
    checklistId,
    itemId,
    fields: partial(RECORD_FIELDS),
    reason: nonEmpty,
    supersedes: keyed(Object.keys(RECORD_FIELDS), ids),
  }),
  'record.withdrawn': shape({
    id: eventId,
    inspectionId: shortId,
    checklistId,
    itemId,
    reason: nonEmpty,
    supersedes: ids,
  }),
  'conclusion.withdrawn': shape({ inspectionId: shortId, checklistId, itemId, reason: nonEmpty, supersedes: ids }),
  'inspection.updated': shape({
    inspectionId: shortId,
    fields: partial({ feedback }),
    source: oneOf(['report', 'explicit']),
    supersedes: keyed(['feedback'], ids),
  }),
};

/** The step a problem.progressed kind leads to (lifecycle.ts): a payload claiming another is malformed. */
const STEP_STATUS: Record<string, string> = {
  progress: 'rectifying',
  request: 'closure-requested',
  return: 'returned',
  close: 'closed',
  reopen: 'rectifying',
};

export const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(PAYLOADS));

/** The members of an event line (§2): exactly these, each of its type and pattern. */
const eventShape = shape({
  id: eventId,
  device: text({ pattern: ID.device }),
  seq: int(1),
  at: text({ pattern: ID.at }),
  actor: text({ min: 1, max: 1000 }),
  type: oneOf([...EVENT_TYPES]),
  payload: (v, path) => (isObject(v) ? undefined : { path, problem: 'type', expected: 'object' }),
  prevHash: sha,
  hash: sha,
});

/** The first problem with an event line's members and its payload, or undefined. */
export function eventShapeProblem(event: unknown): ShapeProblem | undefined {
  const p = eventShape(event, 'event');
  if (p) return p;
  const e = event as { type: EventType; payload: Record<string, unknown> };
  const payloadProblem = under('payload', PAYLOADS[e.type](e.payload, ''));
  if (payloadProblem) return payloadProblem;
  // Ciphertext of a confidential field (issue 17) is accepted where text is expected, only in its exact form.
  const malformed = malformedCiphertext(e.type, e.payload);
  if (malformed) return { path: `payload.${malformed}`, problem: 'pattern' };
  if (e.type === 'register.resolved') {
    const check = registerValue(e.payload.entity, e.payload.inspectionId);
    if (!check) return { path: 'payload.entity', problem: 'pattern' };
    return under('payload.value', check(e.payload.value, ''));
  }
  if (e.type === 'problem.progressed' && STEP_STATUS[e.payload.kind as string] !== e.payload.status)
    return { path: 'payload.status', problem: 'value', expected: STEP_STATUS[e.payload.kind as string] };
  if (
    e.type === 'problem.progressed' &&
    e.payload.selfClose === true &&
    (e.payload.kind !== 'close' || typeof e.payload.reason !== 'string' || !e.payload.reason.trim())
  ) {
    return { path: 'payload.reason', problem: 'missing' };
  }
  return undefined;
}

/** The members of a link line (format 2): a device's event known only by its digest. */
const LINK = shape({ device: text({ pattern: ID.device }), seq: int(1), prevHash: sha, digest: sha });
export const linkShapeProblem = (link: unknown) => LINK(link, 'link');
