// The one place enum option values are parsed: every command accepts the English value, the Chinese word
// its help lists (and shows in its output), and a few words inspectors use for the same thing.
import { InputError } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import { zh } from '../i18n/zh/index.js';
import { METHODS, RESULTS, SEVERITIES, UNIT_KINDS } from '../checklist/format.js';
import type { Method, Result, Severity } from '../checklist/schema.js';
import type { ProblemStatus, RectificationType } from '../store/events.js';
import { closest } from '../util/closest.js';

export interface EnumSpec<T extends string> {
  /** Message key naming the field in "未知的{field}". */
  field: MessageKey;
  values: readonly T[];
  /** Message key of each value's word, e.g. `method.` → 听. */
  label: (value: T) => string;
  /** More words for a value: 听取汇报 → listen. */
  aliases?: Readonly<Record<string, T>>;
}

/** Full-width brackets and spaces do not matter: 乡镇（街道）党（工）委 = 乡镇(街道)党(工)委. */
const normal = (s: string) => s.trim().replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();

const word = (key: string) => (zh as Record<string, string>)[key];
const current = (key: string) => {
  const text = t(key as MessageKey);
  return text === key ? undefined : text;
};

/** The canonical value named by `input`, or an InputError listing every value with its word. */
export function parseEnum<T extends string>(spec: EnumSpec<T>, input: string): T {
  const wanted = normal(input);
  const names = new Map<string, T>();
  for (const value of spec.values) {
    names.set(normal(value), value);
    for (const w of [word(spec.label(value)), current(spec.label(value))]) if (w) names.set(normal(w), value);
  }
  for (const [alias, value] of Object.entries(spec.aliases ?? {})) names.set(normal(alias), value);
  const found = names.get(wanted);
  if (found !== undefined) return found;
  const guess = closest(input.trim(), spec.values);
  const allowed = enumChoices(spec);
  throw new InputError(t('enum.unknown', { field: t(spec.field), value: input }), {
    hint: guess
      ? `${t('cli.usage.didYouMean', { name: guess })} ${t('enum.allowed', { allowed })}`
      : t('enum.allowed', { allowed }),
  });
}

/** "listen 听、check 查、talk 谈、visit 访" (the words in the user's language). */
export function enumChoices<T extends string>(spec: EnumSpec<T>): string {
  return spec.values.map((v) => `${v} ${current(spec.label(v)) ?? word(spec.label(v)) ?? ''}`.trim()).join('、');
}

export const METHOD: EnumSpec<Method> = {
  field: 'enum.field.method',
  values: METHODS,
  label: (v) => `method.${v}`,
  aliases: {
    听取汇报: 'listen',
    听取: 'listen',
    汇报: 'listen',
    查阅资料: 'check',
    查阅: 'check',
    个别谈话: 'talk',
    谈话: 'talk',
    走访: 'visit',
    实地察看: 'visit',
    暗访: 'visit',
  },
};

export const RESULT: EnumSpec<Result> = { field: 'enum.field.result', values: RESULTS, label: (v) => `result.${v}` };

export const SEVERITY: EnumSpec<Severity> = {
  field: 'enum.field.severity',
  values: SEVERITIES,
  label: (v) => `severity.${v}`,
  aliases: { 严重: 'high', 一般: 'medium', 轻微: 'low' },
};

export const UNIT_KIND: EnumSpec<(typeof UNIT_KINDS)[number]> = {
  field: 'enum.field.unitKind',
  values: UNIT_KINDS,
  label: (v) => `kind.${v}`,
  aliases: {
    省级党委: 'provincial-party-committee',
    市级党委: 'municipal-party-committee',
    县级党委: 'county-party-committee',
    政法委: 'plac',
    人民法院: 'court',
    人民检察院: 'procuratorate',
    公安: 'public-security',
    公安局: 'public-security',
    国家安全: 'state-security',
    国安: 'state-security',
    司法局: 'justice-bureau',
    司法行政: 'justice-bureau',
    乡镇: 'township',
    街道: 'township',
    '乡镇(街道)': 'township',
  },
};

export const PROBLEM_TYPE: EnumSpec<RectificationType> = {
  field: 'enum.field.problemType',
  values: ['immediate', 'deadline', 'ongoing'],
  label: (v) => `problem.type.${v}`,
  aliases: { 立即整改: 'immediate', 长期整改: 'ongoing' },
};

export const PROBLEM_STATUS: EnumSpec<ProblemStatus> = {
  field: 'enum.field.problemStatus',
  values: ['open', 'rectifying', 'closure-requested', 'returned', 'closed'],
  label: (v) => `status.${v}`,
  aliases: { 未销号: 'open', 申请销号: 'closure-requested', 退回: 'returned', 销号: 'closed' },
};

/** What `ducha rectify --status` accepts: the status a step leads to, or the step's own name. */
export const RECTIFY_STATUS: EnumSpec<'rectifying' | 'closure-requested' | 'returned' | 'reopened'> = {
  field: 'enum.field.rectifyStatus',
  values: ['rectifying', 'closure-requested', 'returned', 'reopened'],
  label: (v) => (v === 'reopened' ? 'step.reopen' : `status.${v}`),
  aliases: {
    报告整改进展: 'rectifying',
    整改进展: 'rectifying',
    申请销号: 'closure-requested',
    退回: 'returned',
    重新打开: 'reopened',
    重新整改: 'reopened',
  },
};

/** Report kinds are listed by the renderer (a new kind is accepted as soon as it is added there). */
export function reportKindSpec(kinds: readonly string[]): EnumSpec<string> {
  return {
    field: 'enum.field.reportKind',
    values: kinds,
    label: (v) => `report.kind.${v}`,
    aliases: { 反馈意见: 'feedback', 反馈: 'feedback', 通知书: 'notice', 整改通知: 'notice', 台账: 'ledger' },
  };
}

export const parseMaybe = <T extends string>(spec: EnumSpec<T>, input: string | undefined): T | undefined =>
  input === undefined ? undefined : parseEnum(spec, input);
