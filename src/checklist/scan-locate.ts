// Finds the line and column of a node by scanning the lines of block-style YAML, for files too large to
// parse again with positions (that costs about 50 bytes of heap per byte of YAML). It knows what checklists
// are made of: block maps and sequences, with flow lists and maps at the leaves. A node starts at a spot
// (line, column); a block map's keys, or a block sequence's dashes, are the content lines at exactly that
// column until one starts further left. When a step cannot be found, the nearest ancestor is returned.
import type { NodePath } from './problem.js';
import type { Position } from './locate.js';

interface Spot {
  line: number;
  column: number;
}

const ENTRY_CACHE = new WeakMap<string[], Map<string, number[]>>();
const DASH_CACHE = new WeakMap<string[], Map<string, Array<{ value: Spot }>>>();

/** The lines of a text, split once and shared by every lookup in it. */
export function scanLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

export function scanLocate(source: string | string[], path: NodePath, target: 'value' | 'key'): Position {
  const lines = typeof source === 'string' ? scanLines(source) : source;
  const indent = (i: number) => lines[i]!.length - lines[i]!.trimStart().length;
  const isContent = (i: number) => {
    const t = lines[i]!.trim();
    return t !== '' && !t.startsWith('#') && t !== '---';
  };
  const restAt = (s: Spot) => lines[s.line]!.slice(s.column);

  /** Where a value really starts: on the same line, or (after `key:` with nothing more) on the next content line. */
  function start(s: Spot): Spot | undefined {
    const rest = restAt(s).trim();
    if (rest !== '' && !rest.startsWith('#')) return s;
    for (let i = s.line + 1; i < lines.length; i++) if (isContent(i)) return { line: i, column: indent(i) };
    return undefined;
  }

  /**
   * Content lines belonging to the block at `s`: from its line until one starts left of its column.
   * Cached per block, so many problems in one large file cost one walk per block, not one per problem.
   */
  function entries(s: Spot): number[] {
    let cache = ENTRY_CACHE.get(lines);
    if (!cache) ENTRY_CACHE.set(lines, (cache = new Map()));
    const key = `${s.line}:${s.column}`;
    let found = cache.get(key);
    if (!found) {
      found = [s.line];
      for (let i = s.line + 1; i < lines.length; i++) {
        if (!isContent(i)) continue;
        if (indent(i) < s.column) break;
        if (indent(i) === s.column) found.push(i);
      }
      cache.set(key, found);
    }
    return found;
  }

  /** The items of the block sequence at `s`, each where its value starts; cached like `entries`. */
  function dashes(s: Spot): Array<{ value: Spot }> {
    let cache = DASH_CACHE.get(lines);
    if (!cache) DASH_CACHE.set(lines, (cache = new Map()));
    const key = `${s.line}:${s.column}`;
    let found = cache.get(key);
    if (!found) {
      found = [];
      for (const i of entries(s)) {
        const at = i === s.line ? s.column : indent(i);
        const m = /^-(\s+|$)/.exec(lines[i]!.slice(at));
        if (!m) break; // a key at the dash column: the sequence has ended
        found.push({ value: { line: i, column: at + m[0].length } });
      }
      cache.set(key, found);
    }
    return found;
  }

  function child(s: Spot, segment: string | number): { key?: Spot; value: Spot } | undefined {
    const rest = restAt(s);
    if (rest.startsWith('[') || rest.startsWith('{')) return flowChild(lines[s.line]!, s, segment);
    if (typeof segment === 'number') return dashes(s)[segment];
    const key = new RegExp(`^(["']?)${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[ \\t]*:(?=\\s|$)[ \\t]*`);
    for (const i of entries(s)) {
      const at = i === s.line ? s.column : indent(i);
      const m = key.exec(lines[i]!.slice(at));
      if (m) return { key: { line: i, column: at }, value: { line: i, column: at + m[0].length } };
    }
    return undefined;
  }

  const first = lines.findIndex((_, i) => isContent(i));
  if (first < 0) return { line: 1, column: 1 };
  let node: Spot = { line: first, column: indent(first) };
  let key: Spot | undefined;
  let complete = true;
  for (const segment of path) {
    const step = child(node, segment);
    if (!step) {
      complete = false;
      break;
    }
    key = step.key;
    const value = start(step.value);
    if (!value) {
      node = step.key ?? step.value; // `field:` with no value: point at the key
      break;
    }
    node = value;
  }
  const chosen = target === 'key' && complete && key ? key : node;
  return { line: chosen.line + 1, column: chosen.column + 1 };
}

/** A child of a flow collection written on one line: `[a, b]` or `{item: X, result: [a]}`. */
function flowChild(text: string, at: Spot, segment: string | number): { key?: Spot; value: Spot } | undefined {
  const entries: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let entryStart = at.column + 1;
  for (let i = at.column; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '{') {
      if (++depth === 1) entryStart = i + 1;
    } else if (ch === ']' || ch === '}') {
      if (--depth === 0) {
        if (text.slice(entryStart, i).trim()) entries.push({ start: entryStart, end: i });
        break;
      }
    } else if (ch === ',' && depth === 1) {
      entries.push({ start: entryStart, end: i });
      entryStart = i + 1;
    }
  }
  const skip = (from: number) => from + /^\s*/.exec(text.slice(from))![0].length;
  if (typeof segment === 'number') {
    const entry = entries[segment];
    return entry ? { value: { line: at.line, column: skip(entry.start) } } : undefined;
  }
  for (const entry of entries) {
    const from = skip(entry.start);
    const m = /^(["']?)([^:'"]+?)\1\s*:\s*/.exec(text.slice(from, entry.end));
    if (m && m[2] === segment)
      return { key: { line: at.line, column: from }, value: { line: at.line, column: from + m[0].length } };
  }
  return undefined;
}
