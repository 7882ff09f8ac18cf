// The fields of a problem as people read them: their Chinese names (问题表现, 整改时限 …) and their
// values in words, for every message, conflict and document that names a field.
import { t, type MessageKey } from '../i18n/index.js';
import { methodName, severityName } from '../checklist/describe.js';

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  description: 'field.description',
  items: 'field.items',
  methods: 'field.methods',
  method: 'field.method',
  severity: 'field.severity',
  rectification: 'field.rectification',
  type: 'field.type',
  unit: 'field.unit',
  leader: 'field.leader',
  person: 'field.person',
  deadline: 'field.deadline',
  measures: 'field.measures',
  mergedInto: 'field.mergedInto',
  status: 'field.status',
  // Registers of a record (corrections) and of the inspection (its feedback date).
  subject: 'field.subject',
  interviewee: 'field.interviewee',
  note: 'field.note',
  withdrawn: 'field.withdrawn',
  feedback: 'field.feedback',
};

/** 问题表现, 整改时限 …; an unknown field keeps its own name. */
export function fieldName(field: string): string {
  const key = FIELD_KEYS[field];
  return key ? t(key) : field;
}

export const fieldNames = (fields: readonly string[]) => fields.map(fieldName).join('、');

/** A field's value in words: items by id, methods as 听、查, severity 高, type 限期整改, status 整改中. */
export function fieldValueText(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('field.empty');
  switch (field) {
    case 'items':
      return (value as Array<{ itemId: string }>).map((i) => i.itemId).join('、') || t('field.empty');
    case 'methods':
      return (value as string[]).map(methodName).join('、') || t('field.empty');
    case 'severity':
      return severityName(String(value));
    case 'type':
      return t(`problem.type.${String(value)}` as MessageKey);
    case 'status':
      return t(`status.${(value as { status?: string }).status ?? 'open'}` as MessageKey);
    case 'mergedInto':
      return t('field.mergedIntoValue', { id: String(value) });
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** 「问题表现：…；发现途径：听、查」 — what a rewrite set. */
export const fieldsText = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([field, value]) => `${fieldName(field)}：${fieldValueText(field, value)}`)
    .join('；');
