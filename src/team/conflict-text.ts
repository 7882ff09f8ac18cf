// Conflicts in words: what is in conflict (「条目 QS-05 的结论」, 「问题 7h7wt0 的整改时限」), each value as a
// person reads it (「不符合：政法委员空缺」, 「2027-01-31」, 「整改中」), and the words `--take` accepts for it —
// its number, the start of its event id, the value in English or Chinese, or the whole text shown.
import { t, type MessageKey } from '../i18n/index.js';
import { zh } from '../i18n/zh/index.js';
import { resultName } from '../checklist/describe.js';
import { fieldName, fieldValueText } from '../problems/fields.js';

export type RegisterKind = 'conclusion' | 'problem' | 'record' | 'inspection';

export interface ConflictSubject {
  kind: RegisterKind;
  /** For a problem: the field; for a conclusion: "conclusion". */
  field: string;
  entity: string;
}

export interface EntityParts {
  kind: RegisterKind;
  inspectionId: string;
  checklistId?: string;
  itemId?: string;
  problemId?: string;
  recordId?: string;
  field: string;
}

/**
 * The parts of a register's entity: conclusion/<inspection>/<checklist>/<item>, problem/<inspection>/<problem>/<field>,
 * record/<inspection>/<record>/<field> or inspection/<inspection>/<field>.
 */
export function entityParts(entity: string): EntityParts {
  const [kind, inspectionId, a, b] = entity.split('/') as [RegisterKind, string, string, string];
  if (kind === 'conclusion') return { kind, inspectionId, checklistId: a, itemId: b, field: 'conclusion' };
  if (kind === 'record') return { kind, inspectionId, recordId: a, field: b };
  if (kind === 'inspection') return { kind, inspectionId, field: a };
  return { kind, inspectionId, problemId: a, field: b };
}

/** 「条目 QS-05 的结论」, 「问题 7h7wt0 的整改时限」, 「记录 01jc… 的谈话对象」, 「督查的反馈日期」. */
export function conflictLabel(entity: string): string {
  const p = entityParts(entity);
  if (p.kind === 'conclusion') return t('conflict.label.conclusion', { item: p.itemId! });
  if (p.kind === 'record') return t('conflict.label.record', { id: p.recordId!, field: fieldName(p.field) });
  if (p.kind === 'inspection') return t('conflict.label.inspection', { field: fieldName(p.field) });
  return t('conflict.label.problem', { id: p.problemId!, field: fieldName(p.field) });
}

/** 结论 / 问题 / 整改状态: what kind of thing is in conflict. */
export function conflictKindName(entity: string): string {
  const p = entityParts(entity);
  if (p.kind === 'conclusion' || p.kind === 'record' || p.kind === 'inspection') return t(`conflict.kind.${p.kind}`);
  return t(p.field === 'status' ? 'conflict.kind.status' : 'conflict.kind.problem');
}

/** A value as a person reads it. */
export function valueText(entity: string, value: unknown): string {
  const p = entityParts(entity);
  return p.kind === 'conclusion' ? conclusionText(value) : fieldValueText(p.field, value);
}

/** 「不符合：政法委员空缺」. */
export function conclusionText(value: unknown): string {
  const v = (value ?? {}) as { result?: string; note?: string };
  return (v.result ? resultName(v.result) : t('field.empty')) + (v.note ? `：${v.note}` : '');
}

const zhWord = (key: string): string | undefined => (zh as Record<string, string>)[key];

/** Every word that names this value: its code, its name in the current language and in Chinese, its text. */
export function valueWords(entity: string, value: unknown): string[] {
  const p = entityParts(entity);
  const words = [valueText(entity, value)];
  const coded = (group: string, code: string | undefined) => {
    if (!code) return;
    words.push(code, zhWord(`${group}.${code}`) ?? code, t(`${group}.${code}` as MessageKey));
  };
  if (p.kind === 'conclusion') coded('result', (value as { result?: string } | null)?.result);
  else if (p.field === 'status') coded('status', (value as { status?: string } | null)?.status);
  else if (p.field === 'severity') coded('severity', value as string);
  else if (p.field === 'type') coded('problem.type', value as string);
  else if (typeof value === 'string') words.push(value);
  return [...new Set(words.filter(Boolean))];
}
