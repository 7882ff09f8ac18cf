// Parses checklist YAML. The fast path (js-yaml, no positions) serves the common case of a clean file;
// only a file that fails is parsed again with `yaml`, whose errors carry codes and exact positions.
import jsYaml from 'js-yaml';
import { parseDocument, LineCounter } from 'yaml';
import { t, type MessageKey } from '../i18n/index.js';

export type Parsed = { data: unknown } | { error: { line: number; column: number; message: string } };

export function parseYaml(text: string): Parsed {
  try {
    // CORE_SCHEMA: YAML 1.2 scalars only, so a date stays a string, as it does in `yaml`.
    return { data: jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) };
  } catch (fast) {
    return { error: describeSyntaxError(text, fast as jsYaml.YAMLException) };
  }
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

function describeSyntaxError(text: string, fast: jsYaml.YAMLException): { line: number; column: number; message: string } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    const key = `lint.yaml.${first.code}` as MessageKey;
    const detail = KNOWN_CODES.has(first.code) ? t(key) : firstLine(first.message);
    return { line: position.line, column: position.col, message: t('lint.yaml.syntax', { detail }) };
  }
  // The two parsers disagree (rare): fall back to js-yaml's own position, which at the end of a file
  // without a final newline points past it — so keep it inside the text.
  const mark = fast.mark;
  const lines = text.split(/\r\n|\r|\n/);
  const line = Math.min((mark?.line ?? 0) + 1, lines.length);
  const column = Math.min((mark?.column ?? 0) + 1, lines[line - 1]!.length + 1);
  return { line, column, message: t('lint.yaml.syntax', { detail: fast.reason ?? firstLine(fast.message) }) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
