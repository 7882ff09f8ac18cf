// Both YAML parsers held to the limits of yaml-limits.ts: js-yaml (the fast path, no positions) by its
// maxDepth and a count of the data it built; `yaml` (positions) by measuring its syntax tree before composing
// it, since composing recurses once per level.
import jsYaml from 'js-yaml';
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  type CST,
  isMap,
  isPair,
  isSeq,
  YAMLParseError,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { MAX_ALIAS_NODES, MAX_DEPTH, SCAN_ABOVE, type LimitKind } from '../util/yaml-limits.js';

interface Measure {
  size: number;
  height: number;
}

/** js-yaml's load with the depth limit; its own error when the text nests deeper. */
export function loadLimited(text: string): unknown {
  // js-yaml 4.3 takes maxDepth; @types/js-yaml 4.0.9 does not know it yet.
  return jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions);
}

/** Whether an error of `loadLimited` is the depth limit rather than a syntax error. */
export function isDepthError(error: unknown): error is jsYaml.YAMLException {
  return error instanceof jsYaml.YAMLException && /maxDepth/.test(error.reason ?? '');
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * `yaml`'s parseDocument, refusing a text that nests deeper than MAX_DEPTH before composing it: the syntax
 * tree is built without recursion, the composer is not. Gives the offset of the first node too deep.
 */
export function parseDocumentLimited(
  text: string,
  options: Options & { lineCounter?: LineCounter },
): Document.Parsed | { tooDeep: number } {
  const tokens = parseSyntaxLimited(text, options.lineCounter);
  if ('tooDeep' in tokens) return tokens;
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      // As parseDocument says it: one document per file.
      doc.errors.push(
        new YAMLParseError(
          next.range.slice(0, 2) as [number, number],
          'MULTIPLE_DOCS',
          'Source contains multiple documents',
        ),
      );
      break;
    }
  }
  return doc!;
}

/** `yaml`'s syntax tree of a text (its CST: offsets, no data), refused past MAX_DEPTH like parseDocumentLimited. */
export function parseSyntaxLimited(text: string, lineCounter?: LineCounter): CST.Token[] | { tooDeep: number } {
  const tokens = [...new Parser(lineCounter?.addNewLine).parse(text)];
  const deep = firstTooDeep(tokens);
  return deep === undefined ? tokens : { tooDeep: deep };
}

interface CstNode {
  type: string;
  offset: number;
  value?: unknown;
  items?: Array<{ key?: unknown; value?: unknown }>;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

function firstTooDeep(tokens: readonly unknown[]): number | undefined {
  const stack: Array<[CstNode, number]> = tokens.map((t) => [t as CstNode, 0]);
  while (stack.length > 0) {
    const [token, level] = stack.pop()!;
    if (!token || typeof token !== 'object') continue;
    if (token.type === 'document' && token.value) stack.push([token.value as CstNode, level]);
    if (!COLLECTIONS.has(token.type)) continue;
    if (level >= MAX_DEPTH) return token.offset;
    for (const item of token.items ?? []) {
      if (item.key) stack.push([item.key as CstNode, level + 1]);
      if (item.value) stack.push([item.value as CstNode, level + 1]);
    }
  }
  return undefined;
}

/**
 * Where a text breaks `kind`: the alias that crosses the budget or closes a cycle, or the node too deep —
 * found by walking `yaml`'s document in text order, each anchored node measured once. Line and column
 * 1-based; the top of the file when the two parsers disagree.
 */
export function locateLimit(text: string, kind: LimitKind): { line: number; column: number } {
  if (text.length > SCAN_ABOVE) return firstAlias(text); // too large to parse again with positions
  const lineCounter = new LineCounter();
  const doc = parseDocumentLimited(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if ('tooDeep' in doc) return at(doc.tooDeep);
  const anchors = new Map<string, unknown>();
  const memo = new Map<unknown, Measure>();
  const active = new Set<unknown>();
  let extra = 0;
  const found = (node: unknown, what: LimitKind) => ({ offset: (node as { range?: [number] }).range?.[0] ?? 0, what });
  const visit = (node: unknown, level: number): Measure => {
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return { size: 1, height: 0 };
      if (active.has(target)) throw found(node, 'cycle');
      const m = memo.get(target) ?? visit(target, level);
      extra += m.size;
      if (level + m.height > MAX_DEPTH) throw found(node, 'depth');
      if (extra > MAX_ALIAS_NODES && kind === 'aliases') throw found(node, 'aliases');
      return m;
    }
    const children = isMap(node)
      ? node.items.map((p) => (isPair(p) ? p.value : undefined))
      : isSeq(node)
        ? node.items
        : undefined;
    if (!children) return { size: 1, height: 0 };
    if (level > MAX_DEPTH) throw found(node, 'depth');
    active.add(node);
    const measure = { size: 1, height: 0 };
    for (const child of children) {
      const m = visit(child, level + 1);
      measure.size += m.size;
      measure.height = Math.max(measure.height, m.height + 1);
    }
    active.delete(node);
    memo.set(node, measure);
    return measure;
  };
  try {
    visit(doc.contents, 0);
  } catch (stop) {
    if (stop && typeof stop === 'object' && 'offset' in stop) return at((stop as { offset: number }).offset);
    throw stop;
  }
  return { line: 1, column: 1 };
}

/** The first alias (`*name`) of a text, where a limit broken through aliases is placed when positions are too dear. */
function firstAlias(text: string): { line: number; column: number } {
  const m = /(?:^|[\s,[{:])(\*)[^\s,[\]{}]/m.exec(text);
  if (!m) return { line: 1, column: 1 };
  const offset = m.index + m[0].indexOf('*');
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
