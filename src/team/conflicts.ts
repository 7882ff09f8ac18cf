// Conflicts: a register with several heads — two devices set the same field without seeing each other's
// change. Both values are kept and shown; resolving is an event that supersedes every head.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { prepared } from '../store/prepared.js';
import type { Store } from '../store/store.js';

export interface Conflict {
  id: string;
  entity: string;
  inspectionId: string;
  kind: 'conclusion' | 'problem' | 'record' | 'inspection';
  /** conclusion: checklist:item; problem and record: its id and field; inspection: the field. */
  subject: string;
  heads: Array<{ index: number; eventId: string; value: unknown; actor: string; at: string }>;
}

const idOf = (entity: string) => createHash('sha256').update(entity).digest('hex').slice(0, 8);

export function conflictsOf(store: Store, inspectionId?: string): Conflict[] {
  // For one inspection, only its key ranges of the registers are read (conclusions, the inspection, problems, records).
  const ranges = inspectionId ? [`conclusion/${inspectionId}/`, `inspection/${inspectionId}/`, `problem/${inspectionId}/`, `record/${inspectionId}/`] : [''];
  const rows = ranges.flatMap(
    (prefix) =>
      prepared(
        store.db,
        `SELECT entity, event_id, value, actor, at FROM registers
         WHERE entity IN (SELECT entity FROM registers WHERE entity >= @prefix AND entity < @prefix || char(1114111) GROUP BY entity HAVING count(*) > 1)
         ORDER BY entity, at, event_id`,
      ).all({ prefix }) as Array<{ entity: string; event_id: string; value: string; actor: string; at: string }>,
  );
  const map = new Map<string, Conflict>();
  for (const r of rows) {
    const [kind, inspection, a, b] = r.entity.split('/') as [string, string, string, string];
    if (inspectionId && inspection !== inspectionId) continue;
    let conflict = map.get(r.entity);
    if (!conflict) {
      conflict = { id: idOf(r.entity), entity: r.entity, inspectionId: inspection, kind: kind as Conflict['kind'], subject: kind === 'conclusion' ? `${a}:${b}` : b === undefined ? a : `${a}.${b}`, heads: [] };
      map.set(r.entity, conflict);
    }
    conflict.heads.push({ index: conflict.heads.length + 1, eventId: r.event_id, value: JSON.parse(r.value), actor: r.actor, at: r.at });
  }
  return [...map.values()];
}

/** Choose a head by its number, its event id's start, or (for conclusions) its result. */
export function resolveConflict(store: Store, actor: string, id: string, take: string) {
  return store.write(() => {
    const conflict = conflictsOf(store).find((c) => c.id.startsWith(id.toLowerCase()));
    if (!conflict) throw new InputError(t('conflict.notFound', { id }), { hint: t('conflict.notFound.hint') });
    const chosen =
      conflict.heads.find((h) => String(h.index) === take) ??
      conflict.heads.find((h) => take.length >= 4 && h.eventId.startsWith(take)) ??
      conflict.heads.find((h) => (h.value as { result?: string } | null)?.result === take) ??
      conflict.heads.find((h) => typeof h.value === 'string' && h.value === take);
    if (!chosen) throw new InputError(t('conflict.badTake', { take, id: conflict.id }), { hint: conflict.heads.map((h) => `${h.index}: ${JSON.stringify(h.value)}`).join('  ') });
    const event = store.append(actor, 'register.resolved', { entity: conflict.entity, inspectionId: conflict.inspectionId, value: chosen.value, supersedes: conflict.heads.map((h) => h.eventId) });
    return { conflict, chosen, event };
  });
}
