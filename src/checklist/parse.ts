// Parses checklist YAML. The fast path (js-yaml, no positions) serves the common case of a clean file;
// only a file that fails is parsed again with `yaml`, whose errors carry codes and exact positions. Both are
// held to the limits of yaml-limits.ts: a text nesting too deep or expanding too far is a `yaml-limits` error.
import type jsYaml from 'js-yaml';
import { LineCounter } from 'yaml';
import { t, type MessageKey } from '../i18n/index.js';
import { isDepthError, loadLimited, locateLimit, parseDocumentLimited } from './yaml-bounded.js';
import {
  MAX_ALIAS_NODES,
  MAX_DEPTH,
  SCAN_ABOVE,
  expansionLimit,
  mayHaveAnchors,
  type LimitKind,
} from '../util/yaml-limits.js';

type Located = { line: number; column: number; message: string };
export type Parsed = { data: unknown } | { error: Located; code: 'yaml-syntax' | 'yaml-limits' };

export function parseYaml(text: string): Parsed {
  let data: unknown;
  try {
    // CORE_SCHEMA: YAML 1.2 scalars only, so a date stays a string, as it does in `yaml`.
    data = loadLimited(text);
  } catch (fast) {
    if (isDepthError(fast))
      return { error: { ...markPosition(text, fast), message: limitMessage('depth') }, code: 'yaml-limits' };
    return { error: describeSyntaxError(text, fast as jsYaml.YAMLException), code: 'yaml-syntax' };
  }
  const limit = mayHaveAnchors(text) ? expansionLimit(data) : undefined;
  if (limit) return { error: { ...locateLimit(text, limit), message: limitMessage(limit) }, code: 'yaml-limits' };
  return { data };
}

/** The sentence for a broken limit, with the limit in it. */
export function limitMessage(kind: LimitKind): string {
  return t(`lint.yamlLimits.${kind}`, { max: kind === 'aliases' ? MAX_ALIAS_NODES : MAX_DEPTH });
}

const KNOWN_CODES = new Set([
  'DUPLICATE_KEY',
  'BAD_INDENT',
  'TAB_AS_INDENT',
  'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY',
  'BLOCK_AS_IMPLICIT_KEY',
  'UNEXPECTED_TOKEN',
  'BAD_SCALAR_START',
  'MULTIPLE_DOCS',
]);

function describeSyntaxError(
  text: string,
  fast: jsYaml.YAMLException,
): { line: number; column: number; message: string } {
  // A huge file is not parsed again (see SCAN_ABOVE): js-yaml's own position and words.
  if (text.length > SCAN_ABOVE)
    return {
      ...markPosition(text, fast),
      message: t('lint.yaml.syntax', { detail: fast.reason ?? firstLine(fast.message) }),
    };
  const lineCounter = new LineCounter();
  const doc = parseDocumentLimited(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = 'tooDeep' in doc ? undefined : doc.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    const key = `lint.yaml.${first.code}` as MessageKey;
    const detail = KNOWN_CODES.has(first.code) ? t(key) : firstLine(first.message);
    return { line: position.line, column: position.col, message: t('lint.yaml.syntax', { detail }) };
  }
  // The two parsers disagree (rare), or the text nests too deep for `yaml` to compose: js-yaml's own position.
  return {
    ...markPosition(text, fast),
    message: t('lint.yaml.syntax', { detail: fast.reason ?? firstLine(fast.message) }),
  };
}

/** js-yaml's position, which at the end of a file without a final newline points past it — so kept inside the text. */
function markPosition(text: string, error: jsYaml.YAMLException): { line: number; column: number } {
  const mark = error.mark;
  const lines = text.split(/\r\n|\r|\n/);
  const line = Math.min((mark?.line ?? 0) + 1, lines.length);
  const column = Math.min((mark?.column ?? 0) + 1, lines[line - 1]!.length + 1);
  return { line, column };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
