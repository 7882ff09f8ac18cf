// Checks a parsed checklist against the precompiled JSON Schema and turns Ajv's errors into one plain
// sentence each, placed on the offending node (for a missing field: the object that lacks it).
import type { ErrorObject } from 'ajv';
import { validate } from '../generated/validate-checklist.js';
import { PATTERNS } from './format.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { NodePath, PendingProblem } from './problem.js';
import { closest } from '../util/closest.js';
import { fieldOf, where } from './where.js';

/** Yields one problem at a time, so each can be placed, and its Ajv error let go, before the next. */
export function* checkSchema(data: unknown): Generator<PendingProblem> {
  if (data === undefined || data === null) return yield problem([], 'value', t('lint.schema.empty'));
  if (typeof data !== 'object' || Array.isArray(data)) return yield problem([], 'value', t('lint.schema.root'));
  if (validate(data)) return;
  const errors: Array<ErrorObject | undefined> = validate.errors ?? [];
  validate.errors = null; // the validator would otherwise keep every error (and the data each points at)
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    errors[i] = undefined;
    const converted = convert(error, data);
    if (!converted) continue;
    const key = converted.path.join('/') + '\u0000' + converted.text;
    if (seen.has(key)) continue;
    seen.add(key);
    yield problem(converted.path, converted.target, converted.text);
  }
}

function problem(path: NodePath, target: 'value' | 'key', text: string): PendingProblem {
  return { code: 'schema', severity: 'error', path, target, message: () => text };
}

function pointerToPath(pointer: string): NodePath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const TYPE_NAMES: Record<string, MessageKey> = {
  string: 'lint.type.string',
  integer: 'lint.type.integer',
  number: 'lint.type.number',
  array: 'lint.type.array',
  object: 'lint.type.object',
  boolean: 'lint.type.boolean',
};

const PATTERN_MESSAGES: Record<string, MessageKey> = {
  [PATTERNS.checklistId]: 'lint.schema.pattern.checklistId',
  [PATTERNS.sourceId]: 'lint.schema.pattern.sourceId',
  [PATTERNS.sectionId]: 'lint.schema.pattern.sectionId',
  [PATTERNS.itemId]: 'lint.schema.pattern.itemId',
  [PATTERNS.semver]: 'lint.schema.pattern.semver',
  [PATTERNS.date]: 'lint.schema.pattern.date',
  '\\S': 'lint.schema.pattern.text',
};

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

function convert(
  error: ErrorObject,
  data: unknown,
): { path: NodePath; target: 'value' | 'key'; text: string } | undefined {
  const path = pointerToPath(error.instancePath);
  const w = where(data, path);
  const field = fieldOf(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path,
        target: 'value',
        text: t('lint.schema.required', { where: w, field: String(params.missingProperty) }),
      };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const guess = closest(name, allowed);
      const hint = guess
        ? t('lint.schema.didYouMean', { name: guess })
        : t('lint.schema.allowed', { names: allowed.join(', ') });
      return {
        path: [...path, name],
        target: 'key',
        text: t('lint.schema.unknownField', { where: w, field: name, hint }),
      };
    }
    case 'type': {
      if (params.type === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean')) {
        return {
          path,
          target: 'value',
          text: t('lint.schema.typeQuote', {
            where: w,
            field,
            value: field === 'version' ? '1.0.0' : String(error.data),
          }),
        };
      }
      const type = TYPE_NAMES[String(params.type)];
      return {
        path,
        target: 'value',
        text: t('lint.schema.type', { where: w, field, type: type ? t(type) : String(params.type) }),
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      return {
        path,
        target: 'value',
        text: t('lint.schema.enum', { where: w, field, value: shown(error.data), allowed }),
      };
    }
    case 'const':
      return { path, target: 'value', text: t('lint.schema.const', { field, value: String(params.allowedValue) }) };
    case 'pattern': {
      const key = PATTERN_MESSAGES[String(params.pattern)];
      const text = key
        ? t(key, { where: w, field, value: shown(error.data) })
        : t('lint.schema.generic', { where: w, field, detail: String(error.message) });
      return { path, target: 'value', text };
    }
    case 'minItems':
      return { path, target: 'value', text: t('lint.schema.minItems', { where: w, field }) };
    case 'minProperties':
      return { path, target: 'value', text: t('lint.schema.minMethods', { where: w, field }) };
    case 'minimum':
      return { path, target: 'value', text: t('lint.schema.minimum', { where: w, field, min: String(params.limit) }) };
    case 'uniqueItems':
      return {
        path: [...path, Number(params.i)],
        target: 'value',
        text: t('lint.schema.unique', { where: w, field, value: shown((error.data as unknown[])[Number(params.i)]) }),
      };
    default:
      return {
        path,
        target: 'value',
        text: t('lint.schema.generic', { where: w, field, detail: String(error.message) }),
      };
  }
}
