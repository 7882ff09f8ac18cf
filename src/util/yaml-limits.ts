// Limits on what a YAML text may make a parser do: how deep it nests, and how far its aliases (*name)
// expand — a few kilobytes of anchors can stand for billions of nodes ("billion laughs"), or for a node that
// contains itself. This module measures parsed data and loads no parser (snapshots are read without one);
// yaml-bounded.ts holds both parsers to the same limits.

/** Nesting levels allowed; a checklist needs fewer than ten. */
export const MAX_DEPTH = 64;
/** Nodes that aliases may add to a document once expanded (a checklist rarely uses aliases at all). */
export const MAX_ALIAS_NODES = 100_000;

export type LimitKind = 'depth' | 'aliases' | 'cycle';

/**
 * Above this size a file is not parsed again with positions (about 50 bytes of heap per byte of YAML):
 * its lines are scanned instead, which knows block-style YAML, as checklists are written.
 */
export const SCAN_ABOVE = 4 * 1024 * 1024;

/**
 * Whether a text may define an anchor (`&name` after a space, a line start, a flow indicator or a colon). Without one
 * no alias can resolve, so nothing is shared, nothing nests deeper than the text does, and the data need not
 * be measured — which a 50 MB checklist is spared. It may say yes for an `&` inside a string; never no for an anchor.
 */
export function mayHaveAnchors(text: string): boolean {
  return /(?:^|[\s,[{:])&[^\s,[\]{}]/m.test(text);
}

interface Measure {
  size: number;
  height: number;
}

/**
 * Which limit parsed data breaks, if any: a reference cycle, nesting deeper than MAX_DEPTH once aliases are
 * followed, or aliases adding more than MAX_ALIAS_NODES nodes. Shared nodes are measured once, so this
 * costs one visit per node of the text, never of the expansion.
 */
export function expansionLimit(data: unknown): LimitKind | undefined {
  const memo = new Map<object, Measure>();
  const active = new Set<object>();
  let distinct = 0;
  const visit = (value: unknown, level: number): Measure => {
    if (value === null || typeof value !== 'object') return { size: 1, height: 0 };
    const known = memo.get(value);
    if (known) {
      if (level + known.height > MAX_DEPTH) throw 'depth';
      return known;
    }
    if (active.has(value)) throw 'cycle';
    if (level > MAX_DEPTH) throw 'depth';
    active.add(value);
    distinct++;
    const measure = { size: 1, height: 0 };
    for (const child of Object.values(value)) {
      if (child === null || typeof child !== 'object') distinct++;
      const m = visit(child, level + 1);
      measure.size += m.size;
      measure.height = Math.max(measure.height, m.height + 1);
    }
    active.delete(value);
    memo.set(value, measure);
    return measure;
  };
  try {
    const root = visit(data, 0);
    return root.size - Math.max(distinct, 1) > MAX_ALIAS_NODES ? 'aliases' : undefined;
  } catch (kind) {
    if (kind === 'depth' || kind === 'cycle') return kind;
    throw kind;
  }
}
