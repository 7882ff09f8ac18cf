// The checklist format `ducha-checklist/1`: one TypeBox definition gives both the TypeScript types and the
// JSON Schema. Runtime code imports only types from here; the build turns the values into
// schema/checklist.schema.json and a precompiled validator.
import { Type, type Static } from '@sinclair/typebox';
import { FORMAT, METHODS, PATTERNS, RESULTS, SEVERITIES, SOURCE_KINDS, UNIT_KINDS } from './format.js';

// Text must hold at least one visible character (also avoids Ajv's runtime string-length helper).
const text = (description: string) => Type.String({ pattern: '\\S', description });
const enumOf = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const Method = enumOf(METHODS, 'listen 听 · check 查 · talk 谈 · visit 访');
export const Result = enumOf(
  RESULTS,
  'compliant 符合 · partial 基本符合 · noncompliant 不符合 · not-applicable 不适用',
);
export const Severity = enumOf(SEVERITIES, 'default severity of a problem raised here');
export const UnitKind = enumOf(UNIT_KINDS, 'kind of inspected unit');
export const SourceKind = enumOf(
  SOURCE_KINDS,
  'document (default): a titled text, printed in 《》 · meeting: the spirit of a meeting, printed as titled · local: a rule each province (区、市) names itself, printed as titled',
);

export const Source = Type.Object(
  {
    id: Type.String({ pattern: PATTERNS.sourceId, description: 'cited as basis.source' }),
    title: text('title of the document'),
    kind: Type.Optional(SourceKind),
    issued: Type.Optional(Type.String({ pattern: PATTERNS.date, description: 'date of issue, YYYY-MM-DD' })),
    articles: Type.Optional(
      Type.Integer({ minimum: 1, description: 'number of articles; cited articles must be 1..articles' }),
    ),
  },
  { additionalProperties: false },
);

export const Basis = Type.Object(
  {
    source: Type.String({ pattern: PATTERNS.sourceId, description: 'id of a declared source' }),
    article: Type.Optional(Type.Integer({ minimum: 1, description: 'article number (cite only verified numbers)' })),
    chapter: Type.Optional(text('chapter, e.g. 第六章 请示报告')),
    quote: Type.Optional(text('a short verified clause')),
  },
  { additionalProperties: false },
);

export const Methods = Type.Object(
  {
    listen: Type.Optional(text('听: which briefing to hear, what to ask for')),
    check: Type.Optional(text('查: which documents, minutes or registers to read')),
    talk: Type.Optional(text('谈: whom to talk to and what to ask')),
    visit: Type.Optional(text('访: where to go and what to look at')),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Evidence = Type.Object(
  {
    required: Type.Array(Method, {
      minItems: 1,
      uniqueItems: true,
      description: 'methods needing a record before concluding',
    }),
  },
  { additionalProperties: false },
);

export const Condition = Type.Object(
  {
    item: Type.String({ pattern: PATTERNS.itemId, description: 'id of an item in this checklist' }),
    result: Type.Array(Result, {
      minItems: 1,
      uniqueItems: true,
      description: 'ask only if that item concluded with one of these',
    }),
  },
  { additionalProperties: false },
);

export const Item = Type.Object(
  {
    id: Type.String({ pattern: PATTERNS.itemId, description: 'e.g. QS-01; unique in the checklist, never reused' }),
    title: text('short title'),
    check: text('the question the inspector answers'),
    basis: Type.Array(Basis, { minItems: 1 }),
    methods: Methods,
    evidence: Evidence,
    severity: Type.Optional(Severity),
    rectification: Type.Optional(text('suggested rectification requirement')),
    when: Type.Optional(Condition),
    applies_to: Type.Optional(Type.Array(UnitKind, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const Section = Type.Object(
  {
    id: Type.String({ pattern: PATTERNS.sectionId }),
    title: text('section title'),
    items: Type.Array(Item, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const Checklist = Type.Object(
  {
    format: Type.Literal(FORMAT),
    id: Type.String({ pattern: PATTERNS.checklistId, description: 'unique among loaded checklists' }),
    version: Type.String({ pattern: PATTERNS.semver, description: 'semver of the content' }),
    title: text('checklist title'),
    description: Type.Optional(text('what the checklist covers')),
    sources: Type.Array(Source, { minItems: 1 }),
    applies_to: Type.Array(UnitKind, { minItems: 1, uniqueItems: true }),
    sections: Type.Array(Section, { minItems: 1 }),
  },
  {
    additionalProperties: false,
    $id: 'https://ducha.invalid/schema/ducha-checklist-1.json',
    title: 'ducha checklist (ducha-checklist/1)',
  },
);

export type Method = Static<typeof Method>;
export type Result = Static<typeof Result>;
export type Severity = Static<typeof Severity>;
export type UnitKind = Static<typeof UnitKind>;
export type SourceKind = Static<typeof SourceKind>;
export type Source = Static<typeof Source>;
export type Basis = Static<typeof Basis>;
export type Item = Static<typeof Item>;
export type Section = Static<typeof Section>;
export type Checklist = Static<typeof Checklist>;
