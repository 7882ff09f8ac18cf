// Conflicts: a register with several heads — two devices set the same field without seeing each other's
// change. Both values are kept and shown; resolving is an event that supersedes every head.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { conflictRows } from '../store/team-queries.js';
import type { Store } from '../store/store.js';
import { conflictLabel, entityParts, valueText, valueWords } from './conflict-text.js';

export interface ConflictHead {
  index: number;
  eventId: string;
  value: unknown;
  actor: string;
  at: string;
}

export interface Conflict {
  id: string;
  entity: string;
  inspectionId: string;
  kind: 'conclusion' | 'problem' | 'record' | 'inspection';
  /** conclusion: checklist:item; problem and record: its id and field (as stored; `label` says it in words); inspection: the field. */
  subject: string;
  /** For a problem: the field (status, deadline …); for a conclusion: "conclusion". */
  field: string;
  /** 「条目 QS-05 的结论」, 「问题 7h7wt0 的整改时限」. */
  label: string;
  heads: ConflictHead[];
}

export const conflictId = (entity: string) => createHash('sha256').update(entity).digest('hex').slice(0, 8);

/** `texts: false`: the heads' values as stored (ciphertext on a protected database), for counting conflicts locked. */
export function conflictsOf(store: Store, inspectionId?: string, texts = true): Conflict[] {
  // For one inspection, only its key ranges of the registers are read (conclusions, the inspection, problems, records).
  const ranges = inspectionId
    ? [
        `conclusion/${inspectionId}/`,
        `inspection/${inspectionId}/`,
        `problem/${inspectionId}/`,
        `record/${inspectionId}/`,
      ]
    : [''];
  const rows = ranges.flatMap((prefix) => conflictRows(store.db, prefix, texts));
  const map = new Map<string, Conflict>();
  for (const r of rows) {
    const parts = entityParts(r.entity);
    if (inspectionId && parts.inspectionId !== inspectionId) continue;
    let conflict = map.get(r.entity);
    if (!conflict) {
      const subject =
        parts.kind === 'conclusion'
          ? `${parts.checklistId}:${parts.itemId}`
          : parts.kind === 'inspection'
            ? parts.field
            : `${parts.problemId ?? parts.recordId}.${parts.field}`;
      conflict = {
        id: conflictId(r.entity),
        entity: r.entity,
        inspectionId: parts.inspectionId,
        kind: parts.kind,
        subject,
        field: parts.field,
        label: conflictLabel(r.entity),
        heads: [],
      };
      map.set(r.entity, conflict);
    }
    conflict.heads.push({
      index: conflict.heads.length + 1,
      eventId: r.event_id,
      value: JSON.parse(r.value),
      actor: r.actor,
      at: r.at,
    });
  }
  return [...map.values()];
}

export function findConflict(store: Store, id: string): Conflict {
  const matches = conflictsOf(store).filter((c) => c.id.startsWith(id.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new InputError(t('conflict.ambiguousId', { id }), {
      hint: matches.map((c) => `${c.id} ${c.label}`).join('\n'),
    });
  throw new InputError(t('conflict.notFound', { id }), { hint: t('conflict.notFound.hint') });
}

/** One line per value: 「1. 不符合：政法委员空缺（李四，2026-11-25 10:00）」. */
export const headLines = (c: Conflict) =>
  c.heads.map((h) =>
    t('conflict.headLine', { n: h.index, value: valueText(c.entity, h.value), actor: h.actor, at: shortTime(h.at) }),
  );

export const shortTime = (at: string) => at.slice(0, 16).replace('T', ' ');

/**
 * The heads `take` names: its number, the start of its event id (4+ characters), or any word of its value
 * (compliant / 不符合 / 整改中 / 2027-01-31 / the text shown). Several heads with different values: refused,
 * since taking the first would record a choice nobody made.
 */
export function matchTake(c: Conflict, take: string): ConflictHead {
  const word = take.trim();
  const byIndex = c.heads.filter((h) => String(h.index) === word);
  const byEvent = word.length >= 4 ? c.heads.filter((h) => h.eventId.startsWith(word)) : [];
  const byValue = c.heads.filter((h) => valueWords(c.entity, h.value).includes(word));
  const matched = byIndex.length ? byIndex : byEvent.length ? byEvent : byValue;
  if (matched.length === 0)
    throw new InputError(t('conflict.badTake', { take, id: c.id, label: c.label }), {
      hint: [t('conflict.takeHint', { id: c.id }), ...headLines(c)].join('\n'),
    });
  const distinct = new Set(matched.map((h) => JSON.stringify(h.value)));
  if (distinct.size > 1) {
    throw new InputError(t('conflict.ambiguousTake', { take, id: c.id, n: matched.length }), {
      hint: [t('conflict.takeHint', { id: c.id }), ...headLines({ ...c, heads: matched })].join('\n'),
    });
  }
  return matched[0]!;
}

/** Record the chosen head's value as the register's value, superseding every head. */
export function resolveWith(store: Store, actor: string, conflict: Conflict, chosen: ConflictHead) {
  return store.write(() =>
    store.append(actor, 'register.resolved', {
      entity: conflict.entity,
      inspectionId: conflict.inspectionId,
      value: chosen.value,
      supersedes: conflict.heads.map((h) => h.eventId),
    }),
  );
}
