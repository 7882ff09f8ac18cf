// What an incoming payload refers to must exist where it arrives (docs/format.md §10): its inspection; a
// checklist the inspection adopted and an item of that checklist's snapshots; the snapshot a conclusion
// names; a record, a problem, a blob of the stated size. And the four-eyes rule: a closure by the device
// that asked for it carries an explicit, reasoned override. Judged against the receiving database
// (Knowledge) and what this batch brought before the event (tracked here), before anything is written.
import type { StoredEvent } from '../store/events.js';
import type { Knowledge } from './knowledge.js';

/** Why a payload's reference does not hold: a sentence key of the catalogue and its values. */
export interface ReferenceProblem {
  key:
    | 'inspection'
    | 'checklist'
    | 'item'
    | 'snapshot'
    | 'snapshotMismatch'
    | 'record'
    | 'recordTaken'
    | 'problem'
    | 'blob'
    | 'selfClose';
  values: Record<string, string | number>;
}

export class References {
  private readonly snapshots = new Map<string, Array<{ checklistId: string; sha256: string }>>();
  private readonly records = new Set<string>();
  private readonly problems = new Set<string>();
  private readonly steps = new Map<string, { device: string; kind: string }>();

  constructor(private readonly known: Knowledge) {}

  private adopted(inspectionId: string): Array<{ checklistId: string; sha256: string }> {
    let list = this.snapshots.get(inspectionId);
    if (!list) this.snapshots.set(inspectionId, (list = [...this.known.inspectionSnapshots(inspectionId)]));
    return list;
  }

  /** The items of `checklistId` in any snapshot the inspection adopted; undefined when it adopted none. Cached: a bundle is mostly records. */
  private items(inspectionId: string, checklistId: string): Set<string> | undefined {
    let byChecklist = this.itemCache.get(inspectionId);
    if (!byChecklist) this.itemCache.set(inspectionId, (byChecklist = new Map()));
    if (byChecklist.has(checklistId)) return byChecklist.get(checklistId);
    const shas = this.adopted(inspectionId).filter((s) => s.checklistId === checklistId);
    let items: Set<string> | undefined;
    if (shas.length > 0) {
      items = new Set<string>();
      for (const s of shas) for (const id of this.known.snapshot(s.sha256)?.items ?? []) items.add(id);
    }
    byChecklist.set(checklistId, items);
    return items;
  }
  private readonly itemCache = new Map<string, Map<string, Set<string> | undefined>>();

  private inspection(id: string): boolean {
    return this.snapshots.has(id) || this.known.hasInspection(id);
  }

  private item(inspectionId: string, checklistId: string, itemId: string, path: string): ReferenceProblem | undefined {
    const items = this.items(inspectionId, checklistId);
    if (!items) return { key: 'checklist', values: { path, inspection: inspectionId, checklist: checklistId } };
    return items.has(itemId)
      ? undefined
      : { key: 'item', values: { path, inspection: inspectionId, checklist: checklistId, item: itemId } };
  }

  /** A new record's id must be new: not held, not added earlier in this batch (or this event: `alsoIn`). */
  private newRecord(id: string, path: string, alsoIn?: ReadonlySet<string>): ReferenceProblem | undefined {
    return this.records.has(id) || alsoIn?.has(id) || this.known.recordTaken(id)
      ? { key: 'recordTaken', values: { path, record: id } }
      : undefined;
  }

  private blobs(evidence: ReadonlyArray<{ sha256: string; size: number }>): ReferenceProblem | undefined {
    for (const [i, f] of evidence.entries()) {
      if (this.known.blobSize(f.sha256) !== f.size)
        return { key: 'blob', values: { path: `payload.evidence[${i}]`, sha: f.sha256.slice(0, 12), size: f.size } };
    }
    return undefined;
  }

  private snapshotOf(
    checklistId: string,
    sha256: string,
    version: string | undefined,
    path: string,
  ): ReferenceProblem | undefined {
    const facts = this.known.snapshot(sha256);
    if (!facts) return { key: 'snapshot', values: { path, sha: sha256.slice(0, 12) } };
    if (facts.id !== checklistId || (version !== undefined && facts.version !== version))
      return {
        key: 'snapshotMismatch',
        values: { path, checklist: checklistId, version: version ?? '', found: `${facts.id} ${facts.version}` },
      };
    return undefined;
  }

  /** The first reference of `e` that does not hold, or undefined; the event's own creations are noted. */
  check(e: StoredEvent): ReferenceProblem | undefined {
    const p = e.payload as unknown as Record<string, unknown>;
    if (e.type === 'inspection.created') {
      const c = e as StoredEvent<'inspection.created'>;
      for (const [i, l] of c.payload.checklists.entries()) {
        const problem = this.snapshotOf(l.id, l.sha256, l.version, `payload.checklists[${i}]`);
        if (problem) return problem;
      }
      this.snapshots.set(
        c.payload.inspection.id,
        c.payload.checklists.map((l) => ({ checklistId: l.id, sha256: l.sha256 })),
      );
      return undefined;
    }
    const inspectionId = p.inspectionId as string;
    if (!this.inspection(inspectionId))
      return { key: 'inspection', values: { path: 'payload.inspectionId', inspection: inspectionId } };
    switch (e.type) {
      case 'inspection.checklist-upgraded': {
        const u = (e as StoredEvent<'inspection.checklist-upgraded'>).payload;
        if (!this.adopted(inspectionId).some((s) => s.checklistId === u.checklistId))
          return {
            key: 'checklist',
            values: { path: 'payload.checklistId', inspection: inspectionId, checklist: u.checklistId },
          };
        const problem = this.snapshotOf(u.checklistId, u.sha256, u.version, 'payload.sha256');
        if (problem) return problem;
        this.adopted(inspectionId).push({ checklistId: u.checklistId, sha256: u.sha256 });
        this.itemCache.get(inspectionId)?.delete(u.checklistId);
        const items = this.known.snapshot(u.sha256)!.items;
        const missing = u.recheck.find((id) => !items.has(id));
        return missing
          ? {
              key: 'item',
              values: { path: 'payload.recheck', inspection: inspectionId, checklist: u.checklistId, item: missing },
            }
          : undefined;
      }
      case 'records.imported': {
        const records = (e as StoredEvent<'records.imported'>).payload.records;
        const ids = new Set<string>();
        for (const [i, r] of records.entries()) {
          const problem =
            this.item(inspectionId, r.checklistId, r.itemId, `payload.records[${i}].itemId`) ??
            this.newRecord(r.id, `payload.records[${i}].id`, ids);
          if (problem) return problem;
          ids.add(r.id);
        }
        for (const id of ids) this.records.add(id);
        return undefined;
      }
      case 'record.added': {
        const r = (e as StoredEvent<'record.added'>).payload;
        const problem =
          this.item(inspectionId, r.checklistId, r.itemId, 'payload.itemId') ??
          this.newRecord(r.id, 'payload.id') ??
          this.blobs(r.evidence);
        if (!problem) this.records.add(r.id);
        return problem;
      }
      case 'conclusion.set': {
        const c = (e as StoredEvent<'conclusion.set'>).payload;
        const problem = this.item(inspectionId, c.checklistId, c.itemId, 'payload.itemId');
        if (problem) return problem;
        if (!this.adopted(inspectionId).some((s) => s.checklistId === c.checklistId && s.sha256 === c.checklistSha))
          return { key: 'snapshot', values: { path: 'payload.checklistSha', sha: c.checklistSha.slice(0, 12) } };
        return undefined;
      }
      case 'conclusion.withdrawn':
        return this.item(inspectionId, p.checklistId as string, p.itemId as string, 'payload.itemId');
      case 'record.amended':
      case 'record.withdrawn': {
        const id = p.id as string;
        if (!this.records.has(id) && !this.known.hasRecord(inspectionId, id))
          return { key: 'record', values: { path: 'payload.id', inspection: inspectionId, record: id } };
        return this.item(inspectionId, p.checklistId as string, p.itemId as string, 'payload.itemId');
      }
      case 'problem.created': {
        const c = (e as StoredEvent<'problem.created'>).payload;
        for (const [i, ref] of c.fields.items.entries()) {
          const problem = this.item(inspectionId, ref.checklistId, ref.itemId, `payload.fields.items[${i}]`);
          if (problem) return problem;
        }
        this.problems.add(`${inspectionId}/${c.id}`);
        return undefined;
      }
      case 'problem.updated': {
        const u = (e as StoredEvent<'problem.updated'>).payload;
        const problem = this.problem(inspectionId, u.id, 'payload.id');
        if (problem) return problem;
        for (const [i, ref] of (u.fields.items ?? []).entries()) {
          const bad = this.item(inspectionId, ref.checklistId, ref.itemId, `payload.fields.items[${i}]`);
          if (bad) return bad;
        }
        return undefined;
      }
      case 'problem.progressed':
        return this.step(e as StoredEvent<'problem.progressed'>);
      default:
        return undefined;
    }
  }

  private problem(inspectionId: string, id: string, path: string): ReferenceProblem | undefined {
    return this.problems.has(`${inspectionId}/${id}`) || this.known.hasProblem(inspectionId, id)
      ? undefined
      : { key: 'problem', values: { path, inspection: inspectionId, problem: id } };
  }

  /** A rectification step: its problem and evidence exist; a closure of a request made on the same device needs the override. */
  private step(e: StoredEvent<'problem.progressed'>): ReferenceProblem | undefined {
    const s = e.payload;
    const problem = this.problem(s.inspectionId, s.problemId, 'payload.problemId') ?? this.blobs(s.evidence);
    if (problem) return problem;
    if (s.kind === 'close' && !s.selfClose) {
      for (const id of s.supersedes) {
        const step = this.steps.get(id) ?? this.known.step(s.inspectionId, id);
        if (step?.kind === 'request' && step.device === e.device)
          return { key: 'selfClose', values: { path: 'payload.selfClose', problem: s.problemId, device: e.device } };
      }
    }
    this.steps.set(e.id, { device: e.device, kind: s.kind });
    return undefined;
  }
}
