// ducha inspection history: what changed in an inspection, who changed it and when — records added, amended
// and withdrawn with their reasons, conclusions set, changed and withdrawn, problems created and edited,
// rectification steps, the feedback date — in time order, read straight from the event log.
import { t, type MessageKey } from '../i18n/index.js';
import { methodName, resultName } from '../checklist/describe.js';
import { importedRecords, type ChecklistUpgraded, type EventType, type StoredEvent } from '../store/events.js';
import { inspectionEvents } from '../store/history.js';
import type { Store } from '../store/store.js';
import { itemKey, type ItemRef } from './items.js';

export interface HistoryEntry {
  at: string;
  actor: string;
  device: string;
  event: string;
  type: EventType;
  /** checklist:item, when the change concerns one item. */
  item: string | null;
  record: string | null;
  problem: string | null;
  reason: string | null;
  /** One sentence saying what changed (interviewee names only with revealIdentities). */
  text: string;
}

interface RecordState {
  method: string;
  subject: string | null;
  interviewee: string | null;
  note: string;
}

const short = (s: string, n = 40) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);
const ITEM_OF = (p: { checklistId?: string; itemId?: string }) =>
  p.checklistId && p.itemId ? `${p.checklistId}:${p.itemId}` : null;
const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  description: 'history.field.description',
  items: 'history.field.items',
  methods: 'history.field.methods',
  severity: 'history.field.severity',
  rectification: 'history.field.rectification',
  type: 'history.field.type',
  unit: 'history.field.unit',
  leader: 'history.field.leader',
  person: 'history.field.person',
  deadline: 'history.field.deadline',
  measures: 'history.field.measures',
  status: 'history.field.status',
};
const fieldName = (f: string) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]!) : f);

export function inspectionHistory(
  store: Store,
  inspectionId: string,
  options: { item?: ItemRef; revealIdentities?: boolean } = {},
): HistoryEntry[] {
  const events = inspectionEvents(store, inspectionId);
  const wanted = options.item ? `${options.item.checklist.id}:${options.item.item.id}` : undefined;
  // Which problems ever concerned the item asked for (their edits and steps belong to its history).
  const concerning = new Set<string>();
  if (wanted) {
    for (const e of events) {
      const p = e.payload as {
        id?: string;
        problemId?: string;
        fields?: { items?: Array<{ checklistId: string; itemId: string }> };
      };
      if (
        (e.type === 'problem.created' || e.type === 'problem.updated') &&
        p.fields?.items?.some((i) => `${i.checklistId}:${i.itemId}` === wanted)
      )
        concerning.add(p.id!);
    }
  }
  const names = new Set<string>();
  const records = new Map<string, RecordState>();
  const results = new Map<string, string>();
  const entries: HistoryEntry[] = [];
  const reveal = options.revealIdentities ?? false;
  for (const e of events) {
    // An import's event holds many records: each has its line, as a record.added event's would.
    const described =
      e.type === 'records.imported'
        ? importedRecords((e as StoredEvent<'records.imported'>).payload).map((payload) => ({
            ...describe(
              { ...e, type: 'record.added', payload },
              records,
              results,
              names,
              reveal,
              'history.recordImported',
            ),
            type: e.type,
          }))
        : [describe(e, records, results, names, reveal)];
    for (const entry of described) {
      if (wanted && entry.item !== wanted && !(entry.problem && concerning.has(entry.problem))) continue;
      entries.push(entry);
    }
  }
  if (options.revealIdentities || names.size === 0) return entries;
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const mask = t('report.redacted');
  return entries.map((x) => ({
    ...x,
    text: sorted.reduce((s, n) => s.split(n).join(mask), x.text),
    reason: x.reason && sorted.reduce((s, n) => s.split(n).join(mask), x.reason),
  }));
}

function describe(
  e: StoredEvent,
  records: Map<string, RecordState>,
  results: Map<string, string>,
  names: Set<string>,
  reveal: boolean,
  addedKey: 'history.recordAdded' | 'history.recordImported' = 'history.recordAdded',
): HistoryEntry {
  const base = {
    at: e.at,
    actor: e.actor,
    device: e.device,
    event: e.id,
    type: e.type,
    item: null,
    record: null,
    problem: null,
    reason: null,
  };
  const make = (text: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({ ...base, ...extra, text });
  switch (e.type) {
    case 'inspection.created': {
      const p = (e as StoredEvent<'inspection.created'>).payload;
      return make(t('history.created', { title: p.inspection.title }));
    }
    case 'inspection.checklist-upgraded': {
      const p = e.payload as ChecklistUpgraded;
      return make(
        t('history.upgraded', { checklist: p.checklistId, version: p.version }) +
          (p.recheck.length ? t('history.recheck', { items: p.recheck.join('、') }) : ''),
      );
    }
    case 'records.imported': // each record has its own line (history above); this one is never printed
      return make(t('history.recordsImported', { n: (e as StoredEvent<'records.imported'>).payload.records.length }));
    case 'inspection.updated': {
      const p = (e as StoredEvent<'inspection.updated'>).payload;
      const f = p.fields.feedback;
      if (!f) return make(t('history.inspectionUpdated'));
      return make(
        t(p.source === 'report' ? 'history.feedbackIssued' : 'history.feedbackSet', {
          date: f.date,
          days: f.rectifyDays,
        }),
      );
    }
    case 'record.added': {
      const p = (e as StoredEvent<'record.added'>).payload;
      records.set(p.id, {
        method: p.method,
        subject: p.subject ?? null,
        interviewee: p.interviewee ?? null,
        note: p.note,
      });
      if (p.interviewee) names.add(p.interviewee);
      const files = p.evidence.length ? t('history.files', { n: p.evidence.length }) : '';
      return make(t(addedKey, { id: p.id, what: what(p.method, p.subject ?? null), note: short(p.note) }) + files, {
        item: ITEM_OF(p),
        record: p.id,
      });
    }
    case 'record.amended': {
      const p = (e as StoredEvent<'record.amended'>).payload;
      const before = records.get(p.id);
      const changes: string[] = [];
      const f = p.fields;
      if (f.method !== undefined)
        changes.push(
          t('history.change.method', { from: before ? methodName(before.method) : '?', to: methodName(f.method) }),
        );
      if (f.subject !== undefined)
        changes.push(t('history.change.subject', { from: before?.subject ?? '—', to: f.subject ?? '—' }));
      if (f.interviewee !== undefined) {
        if (f.interviewee) names.add(f.interviewee);
        changes.push(
          reveal
            ? t('history.change.intervieweeShown', { from: before?.interviewee ?? '—', to: f.interviewee ?? '—' })
            : t('history.change.interviewee'),
        );
      }
      if (f.note !== undefined) changes.push(t('history.change.note', { to: short(f.note) }));
      if (before) records.set(p.id, { ...before, ...f } as RecordState);
      return make(t('history.recordAmended', { id: p.id, changes: changes.join('；'), reason: p.reason }), {
        item: ITEM_OF(p),
        record: p.id,
        reason: p.reason,
      });
    }
    case 'record.withdrawn': {
      const p = (e as StoredEvent<'record.withdrawn'>).payload;
      const r = records.get(p.id);
      return make(
        t('history.recordWithdrawn', { id: p.id, what: r ? what(r.method, r.subject) : '', reason: p.reason }),
        { item: ITEM_OF(p), record: p.id, reason: p.reason },
      );
    }
    case 'conclusion.set': {
      const p = (e as StoredEvent<'conclusion.set'>).payload;
      const key = itemKey(p.checklistId, p.itemId);
      const before = results.get(key);
      results.set(key, p.result);
      const now =
        resultName(p.result) +
        (p.note ? `（${short(p.note)}）` : '') +
        (p.goodPractice ? t('history.goodPractice') : '');
      const text =
        before === undefined
          ? t('history.concluded', { result: now })
          : t('history.reconcluded', { result: now, from: resultName(before) });
      return make(text + (p.changeReason ? t('history.reason', { reason: p.changeReason }) : ''), {
        item: ITEM_OF(p),
        reason: p.changeReason ?? null,
      });
    }
    case 'conclusion.withdrawn': {
      const p = (e as StoredEvent<'conclusion.withdrawn'>).payload;
      const key = itemKey(p.checklistId, p.itemId);
      const before = results.get(key);
      results.delete(key);
      return make(t('history.conclusionWithdrawn', { from: before ? resultName(before) : '—', reason: p.reason }), {
        item: ITEM_OF(p),
        reason: p.reason,
      });
    }
    case 'problem.created': {
      const p = (e as StoredEvent<'problem.created'>).payload;
      const items = p.fields.items.map((i) => i.itemId).join('、');
      return make(
        t('history.problemCreated', { id: p.id, description: short(p.fields.description), items: items || '—' }),
        { problem: p.id },
      );
    }
    case 'problem.updated': {
      const p = (e as StoredEvent<'problem.updated'>).payload;
      if (p.fields.mergedInto)
        return make(t('history.problemMerged', { id: p.id, target: p.fields.mergedInto }), { problem: p.id });
      const changes = Object.entries(p.fields).map(([field, value]) => `${fieldName(field)}${valueText(field, value)}`);
      return make(t('history.problemUpdated', { id: p.id, changes: changes.join('；') }), { problem: p.id });
    }
    case 'problem.progressed': {
      const p = (e as StoredEvent<'problem.progressed'>).payload;
      const detail = [p.note, p.reason && t('problem.stepReason', { reason: p.reason })].filter(Boolean).join('；');
      const files = p.evidence.length ? t('history.files', { n: p.evidence.length }) : '';
      return make(
        t('history.problemStep', { id: p.problemId, step: t(`step.${p.kind}`), status: t(`status.${p.status}`) }) +
          (detail ? `：${short(detail, 60)}` : '') +
          files,
        {
          problem: p.problemId,
          reason: p.reason ?? null,
        },
      );
    }
    case 'register.resolved': {
      const p = (e as StoredEvent<'register.resolved'>).payload;
      const [kind, , a, b] = p.entity.split('/');
      const subject = kind === 'conclusion' ? `${a}:${b}` : b === undefined ? a : `${a}.${b}`;
      const item = kind === 'conclusion' ? `${a}:${b}` : null;
      if (kind === 'conclusion') {
        const result = (p.value as { result?: string } | null)?.result;
        if (result) results.set(itemKey(a!, b!), result);
      }
      return make(t('history.resolved', { subject: subject ?? '', value: short(resolvedText(p.value), 30) }), {
        item,
        problem: kind === 'problem' ? (a ?? null) : null,
        record: kind === 'record' ? (a ?? null) : null,
      });
    }
  }
}

function what(method: string, subject: string | null): string {
  return methodName(method) + (subject ? `·${subject}` : '');
}

function valueText(field: string, value: unknown): string {
  if (field === 'items') return ' ' + ((value as Array<{ itemId: string }>).map((i) => i.itemId).join('、') || '—');
  if (field === 'methods') return ' ' + ((value as string[]).map(methodName).join('、') || '—');
  if (field === 'type') return ' ' + t(`problem.type.${value as 'deadline'}`);
  if (value === null || value === undefined || value === '') return t('history.cleared');
  return ' ' + short(String(value), 30);
}

function resolvedText(value: unknown): string {
  const result = (value as { result?: string } | null)?.result;
  if (result) return resultName(result);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
