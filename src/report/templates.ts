// Report templates: where each comes from (--template FILE, the user folder, or the shipped one) and how it
// is rendered — logic-less Handlebars syntax, interpreted (never compiled to code): only if/unless/each/with,
// no partials, no prototypes, every field checked by the lint first.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from './handlebars-parser.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { builtinTemplatesDir, userTemplatesDir, type Env } from '../paths.js';
import { lintTemplate } from './template-lint.js';
import { interpret } from './interpret.js';
import { INPUT_LIMITS, InputFileError, readInputFile } from '../util/input.js';
import { MODEL_SHAPE, TEMPLATE_SHAPES } from './model-shape.js';

export interface TemplateSource {
  name: string;
  file: string;
  origin: 'builtin' | 'user' | 'option';
  text: string;
}

export function findTemplate(name: string, env: Env, override?: string): TemplateSource {
  if (override) return read(override, name, 'option');
  const user = join(userTemplatesDir(env), `${name}.md`);
  if (existsSync(user)) return read(user, name, 'user');
  return read(join(builtinTemplatesDir(), `${name}.md`), name, 'builtin');
}

export function listTemplates(env: Env): TemplateSource[] {
  const names = new Set<string>();
  for (const dir of [builtinTemplatesDir(), userTemplatesDir(env)]) {
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.md')) names.add(basename(f, '.md'));
  }
  return [...names].sort().map((n) => findTemplate(n, env));
}

function read(file: string, name: string, origin: TemplateSource['origin']): TemplateSource {
  return { name, file, origin, text: readTemplateText(file) };
}

/** A template file's text: a regular file of at most INPUT_LIMITS.template, BOM removed. */
export function readTemplateText(file: string): string {
  try {
    return readInputFile(file, { maxBytes: INPUT_LIMITS.template })
      .toString('utf8')
      .replace(/^\ufeff/, '');
  } catch (error) {
    if (error instanceof InputFileError && error.reason !== 'not-regular' && error.reason !== 'too-large') {
      throw new InputError(t('template.unreadable', { file, reason: error.reason }));
    }
    throw error;
  }
}

/** Markdown-safe text: characters that would change the structure are escaped, line breaks folded. */
const SPECIAL = /[\\`*_|<>#[\]\r\n]/;

export function markdownSafe(value: unknown): unknown {
  if (typeof value === 'string')
    return SPECIAL.test(value) ? value.replace(/\r?\n+/g, ' ').replace(/([\\`*_|<>#[\]])/g, '\\$1') : value;
  if (Array.isArray(value)) return value.map(markdownSafe);
  if (value && typeof value === 'object') {
    // Null-prototype copies: nothing a template names can lead to Object.prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = markdownSafe(v);
    return out;
  }
  return value;
}

export function renderTemplate(template: TemplateSource, model: object): string {
  const problems = lintTemplate(template.text, TEMPLATE_SHAPES[template.name] ?? MODEL_SHAPE);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new InputError(first.message, {
      file: template.file,
      line: first.line,
      column: first.column,
      hint: t('template.lintHint', { file: template.file }),
    });
  }
  const text = interpret(parse(template.text), markdownSafe(model));
  // Blocks leave runs of blank lines; one is all Markdown needs.
  return text.replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
