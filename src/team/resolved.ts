// Conflicts already resolved, for `ducha conflicts list --all`: what was in conflict, the values each device
// had set and by whom, which one was chosen, and who chose it when — read back from the signed log.
import type { RegisterKind } from './conflict-text.js';
import { canonicalJson } from '../store/canonical.js';
import { decisionEvents } from '../store/lead-queries.js';
import { listInspections } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { conflictKindName, conflictLabel, entityParts, valueText } from './conflict-text.js';
import { conflictId } from './conflicts.js';

export interface ResolvedConflict {
  id: string;
  entity: string;
  inspectionId: string;
  kind: RegisterKind;
  field: string;
  label: string;
  kindName: string;
  value: unknown;
  valueText: string;
  resolvedBy: string;
  resolvedAt: string;
  eventId: string;
  /** The values that were in conflict; `chosen` marks the one taken. */
  heads: Array<{ eventId: string; value: unknown; valueText: string; actor: string; at: string; chosen: boolean }>;
}

export function resolvedConflicts(store: Store, inspectionId?: string): ResolvedConflict[] {
  const ids = inspectionId ? [inspectionId] : listInspections(store.db).map((i) => i.id);
  return ids.flatMap((id) => resolvedIn(store, id));
}

function resolvedIn(store: Store, inspectionId: string): ResolvedConflict[] {
  const db = store.db;
  const resolutions = decisionEvents(db, inspectionId, 'register.resolved');
  if (resolutions.length === 0) return [];
  // What every decision event set, per register: the values the resolutions superseded.
  const set = new Map<string, { actor: string; at: string; values: Map<string, unknown> }>();
  const put = (id: string, actor: string, at: string, entity: string, value: unknown) => {
    const entry = set.get(id) ?? set.set(id, { actor, at, values: new Map() }).get(id)!;
    entry.values.set(entity, value);
  };
  for (const e of decisionEvents(db, inspectionId, 'conclusion.set')) {
    const { inspectionId: i, checklistId, itemId, supersedes: _s, ...value } = e.payload;
    put(e.id, e.actor, e.at, `conclusion/${i}/${checklistId}/${itemId}`, value);
  }
  for (const type of ['problem.created', 'problem.updated'] as const) {
    for (const e of decisionEvents(db, inspectionId, type)) {
      for (const [field, value] of Object.entries(e.payload.fields))
        put(e.id, e.actor, e.at, `problem/${e.payload.inspectionId}/${e.payload.id}/${field}`, value);
    }
  }
  for (const e of decisionEvents(db, inspectionId, 'problem.progressed'))
    put(e.id, e.actor, e.at, `problem/${e.payload.inspectionId}/${e.payload.problemId}/status`, {
      status: e.payload.status,
      kind: e.payload.kind,
    });
  for (const e of resolutions) put(e.id, e.actor, e.at, e.payload.entity, e.payload.value);

  return resolutions.map((r) => {
    const entity = r.payload.entity;
    const parts = entityParts(entity);
    const chosen = canonicalJson(r.payload.value);
    const heads = r.payload.supersedes.flatMap((id) => {
      const e = set.get(id);
      if (!e || !e.values.has(entity)) return [];
      const value = e.values.get(entity);
      return [
        {
          eventId: id,
          value,
          valueText: valueText(entity, value),
          actor: e.actor,
          at: e.at,
          chosen: canonicalJson(value) === chosen,
        },
      ];
    });
    return {
      id: conflictId(entity),
      entity,
      inspectionId,
      kind: parts.kind,
      field: parts.field,
      label: conflictLabel(entity),
      kindName: conflictKindName(entity),
      value: r.payload.value,
      valueText: valueText(entity, r.payload.value),
      resolvedBy: r.actor,
      resolvedAt: r.at,
      eventId: r.id,
      heads,
    };
  });
}
