// The event types of the log and their payloads: the only shapes that are ever hashed and exchanged.
import type { Method, Result } from '../checklist/schema.js';

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
}

export interface EventPayloads {
  'inspection.created': InspectionCreated;
  'inspection.checklist-upgraded': ChecklistUpgraded;
  'record.added': RecordAdded;
  'conclusion.set': ConclusionSet;
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

export const conclusionEntity = (inspectionId: string, checklistId: string, itemId: string) => `conclusion/${inspectionId}/${checklistId}/${itemId}`;
