// The event types of the log and their payloads: the only shapes that are ever hashed and exchanged.
import type { Method, Result, Severity } from '../checklist/schema.js';

export interface EvidenceRef {
  sha256: string;
  name: string;
  size: number;
  mime: string;
}

export interface InspectionCreated {
  inspection: {
    id: string;
    title: string;
    unit: string;
    unitKind: string;
    region?: string;
    team: string[];
    start: string;
  };
  checklists: Array<{ id: string; version: string; sha256: string }>;
}

export interface ChecklistUpgraded {
  inspectionId: string;
  checklistId: string;
  version: string;
  sha256: string;
  /** Items whose question or basis changed: their earlier conclusions need a re-check. */
  recheck: string[];
}

export interface RecordAdded {
  id: string;
  inspectionId: string;
  checklistId: string;
  itemId: string;
  method: Method;
  subject?: string;
  interviewee?: string;
  note: string;
  evidence: EvidenceRef[];
}

/**
 * One record of a records.imported event: a record.added payload without its inspection (the event's) and evidence
 * (none). On a protected database the note and subject are not here but in the event's sealed `texts`.
 */
export type ImportedRecord = Omit<RecordAdded, 'inspectionId' | 'evidence' | 'note'> & { note?: string };

/** One record's texts in a records.imported event's sealed `texts` (docs/format.md §21.1): its note and subject. */
export interface ImportedTexts {
  note: string;
  subject?: string;
}

/**
 * Many records entered at once (import-records), in one event: what a record.added event per record would hold,
 * written once per IMPORT_BATCH records (docs/format.md §3). Records with evidence are never imported this way.
 */
export interface RecordsImported {
  inspectionId: string;
  records: ImportedRecord[];
  /**
   * A protected database's: every record's note and subject sealed as one ciphertext text (field `texts`),
   * the canonical JSON of an array of ImportedTexts in the records' order; the records then hold neither.
   */
  texts?: string;
}

/** Records per records.imported event that this ducha writes (a bundle may carry up to MAX_IMPORTED). */
export const IMPORT_BATCH = 256;
export const MAX_IMPORTED = 1000;

/** What an event adds to a tally of new things by type: an import's event its records, any other event one. */
export const newCount = (e: Pick<StoredEvent, 'type' | 'payload'>): number =>
  e.type === 'records.imported' ? (e.payload as RecordsImported).records.length : 1;

/**
 * The records a records.imported payload adds, each as its own record.added payload would read — but for one
 * whose texts are sealed together (`p.texts`): its note is then undefined and its subject absent (sealedTexts).
 */
export const importedRecords = (p: RecordsImported): RecordAdded[] =>
  p.records.map((r) => ({ ...r, inspectionId: p.inspectionId, evidence: [] }) as RecordAdded);

/** True when an import's note and subject are sealed together in its `texts` (a protected database's write). */
export const sealedTexts = (p: RecordsImported): boolean => p.texts !== undefined;

export interface ConclusionValue {
  result: Result;
  note?: string;
  goodPractice: boolean;
  /** Why the item was concluded although a required method has no record. */
  reason?: string;
  /** The checklist version (snapshot sha256) the conclusion was made against. */
  checklistSha: string;
}

export interface ConclusionSet extends ConclusionValue {
  inspectionId: string;
  checklistId: string;
  itemId: string;
  /** The conclusion events this one replaces (the heads its author saw). */
  supersedes: string[];
  /** Why an earlier conclusion was changed (ducha conclusion amend, or re-concluding in a run); kept in the event only. */
  changeReason?: string;
}

export type RectificationType = 'immediate' | 'deadline' | 'ongoing';

/** The editable fields of a problem; each is its own register, so concurrent edits of one field conflict. */
export interface ProblemFields {
  /** 问题表现 */
  description: string;
  items: Array<{ checklistId: string; itemId: string }>;
  /** The methods by which it was found. */
  methods: Method[];
  severity: Severity;
  /** 整改要求 */
  rectification: string;
  /** 立行立改 / 限期整改 / 持续整改 */
  type: RectificationType;
  unit?: string;
  leader?: string;
  person?: string;
  /** YYYY-MM-DD */
  deadline?: string;
  /** 整改措施, as the unit reports them. */
  measures?: string;
  /** Merged into another problem (kept in history, left out of lists and reports). */
  mergedInto?: string;
}

export type ProblemField = keyof ProblemFields;

export interface ProblemCreated {
  id: string;
  inspectionId: string;
  fields: ProblemFields;
  /** The conclusion event a proposed problem was made from (absent for problems added by hand, and before 0.2). */
  basedOn?: string;
}

export interface ProblemUpdated {
  id: string;
  inspectionId: string;
  fields: Partial<ProblemFields>;
  /** Per field, the events whose value this edit replaces. */
  supersedes: Partial<Record<ProblemField, string[]>>;
}

export type ProblemStatus = 'open' | 'rectifying' | 'closure-requested' | 'returned' | 'closed';
export type StepKind = 'progress' | 'request' | 'return' | 'close' | 'reopen';

/** One step of rectification: progress, a closure request, a return, the closure (销号), a reopening. */
export interface ProblemProgressed {
  problemId: string;
  inspectionId: string;
  kind: StepKind;
  status: ProblemStatus;
  note?: string;
  reason?: string;
  selfClose?: boolean;
  evidence: EvidenceRef[];
  /** The status events this one replaces (the heads its author saw). */
  supersedes: string[];
}

/** Settles a conflict: the chosen value replaces every head of the register. */
export interface RegisterResolved {
  entity: string;
  inspectionId: string;
  value: unknown;
  supersedes: string[];
}

/** The fields of a record that can be amended; each is a register record/<inspection>/<record>/<field>. */
export interface RecordFields {
  method: Method;
  /** null clears it. */
  subject: string | null;
  interviewee: string | null;
  note: string;
}

export type RecordField = keyof RecordFields;

/** A correction of a record: the changed fields, and why. The original stays in its record.added event. */
export interface RecordAmended {
  id: string;
  inspectionId: string;
  checklistId: string;
  itemId: string;
  fields: Partial<RecordFields>;
  reason: string;
  /** Per field, the events whose value this amendment replaces. */
  supersedes: Partial<Record<RecordField, string[]>>;
}

/** A record taken back: it no longer counts anywhere, and stays in the history with the reason. */
export interface RecordWithdrawn {
  id: string;
  inspectionId: string;
  checklistId: string;
  itemId: string;
  reason: string;
  supersedes: string[];
}

/** An item's conclusion taken back: the item is open again. Its register holds { result: 'withdrawn' }. */
export interface ConclusionWithdrawn {
  inspectionId: string;
  checklistId: string;
  itemId: string;
  reason: string;
  supersedes: string[];
}

/** The date the feedback was issued (反馈日期) and the rectification period then in force: default deadlines derive from it. */
export interface FeedbackValue {
  /** YYYY-MM-DD */
  date: string;
  rectifyDays: number;
}

export interface InspectionFields {
  feedback: FeedbackValue;
}

export type InspectionField = keyof InspectionFields;

/** A change of an inspection's own registers (inspection/<id>/<field>). */
export interface InspectionUpdated {
  inspectionId: string;
  fields: Partial<InspectionFields>;
  /** How it was set: when the feedback was first issued (report) or explicitly (inspection set). */
  source: 'report' | 'explicit';
  supersedes: Partial<Record<InspectionField, string[]>>;
}

export interface EventPayloads {
  'inspection.created': InspectionCreated;
  'inspection.checklist-upgraded': ChecklistUpgraded;
  'record.added': RecordAdded;
  'records.imported': RecordsImported;
  'conclusion.set': ConclusionSet;
  'problem.created': ProblemCreated;
  'problem.updated': ProblemUpdated;
  'problem.progressed': ProblemProgressed;
  'register.resolved': RegisterResolved;
  'record.amended': RecordAmended;
  'record.withdrawn': RecordWithdrawn;
  'conclusion.withdrawn': ConclusionWithdrawn;
  'inspection.updated': InspectionUpdated;
}

/** The inspection an event belongs to (every event belongs to exactly one). */
export function inspectionOf(event: Pick<StoredEvent, 'type' | 'payload'>): string {
  const p = event.payload as { inspection?: { id: string }; inspectionId?: string };
  return event.type === 'inspection.created' ? p.inspection!.id : p.inspectionId!;
}

export type EventType = keyof EventPayloads;

export interface StoredEvent<T extends EventType = EventType> {
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: T;
  payload: EventPayloads[T];
  prevHash: string;
  hash: string;
}

export const problemEntity = (inspectionId: string, problemId: string, field: string) =>
  `problem/${inspectionId}/${problemId}/${field}`;
export const recordEntity = (inspectionId: string, recordId: string, field: string) =>
  `record/${inspectionId}/${recordId}/${field}`;
export const inspectionEntity = (inspectionId: string, field: string) => `inspection/${inspectionId}/${field}`;
/** The register value of a withdrawn conclusion (a head like any other, so a concurrent conclusion is a conflict). */
export const WITHDRAWN = 'withdrawn';
export const conclusionEntity = (inspectionId: string, checklistId: string, itemId: string) =>
  `conclusion/${inspectionId}/${checklistId}/${itemId}`;
