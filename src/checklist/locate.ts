// Finds the line and column of a node in a YAML text by its path, parsing with positions only when asked.
import { LineCounter, isMap, isSeq, isPair, isScalar, type Node, type Document } from 'yaml';
import type { NodePath } from './problem.js';
import { scanLines, scanLocate } from './scan-locate.js';
import { parseDocumentLimited } from './yaml-bounded.js';
import { SCAN_ABOVE } from '../util/yaml-limits.js';

export interface Position {
  line: number;
  column: number;
}

/** Above this size a file is scanned, not parsed again (defined with the other YAML limits). */
export { SCAN_ABOVE };

export class Locator {
  /** The document with positions; null when the text nests too deep to compose (then lines are scanned). */
  private doc?: Document.Parsed | null;
  private lines?: string[];
  private readonly lineCounter = new LineCounter();

  constructor(private readonly text: string) {}

  /** Position of the value at `path`, or of the key naming it; the nearest existing ancestor otherwise. */
  locate(path: NodePath, target: 'value' | 'key' = 'value'): Position {
    if (this.text.length > SCAN_ABOVE) return scanLocate((this.lines ??= scanLines(this.text)), path, target);
    if (this.doc === undefined) {
      const parsed = parseDocumentLimited(this.text, { lineCounter: this.lineCounter, uniqueKeys: false });
      this.doc = 'tooDeep' in parsed ? null : parsed;
    }
    const doc = this.doc;
    if (doc === null) return scanLocate((this.lines ??= scanLines(this.text)), path, target);
    let node: unknown = doc.contents;
    let keyNode: unknown;
    let complete = true;
    for (const segment of path) {
      const step = child(node, segment);
      if (!step) {
        complete = false;
        break;
      }
      keyNode = step.key;
      node = step.value ?? step.key; // `field:` with no value: point at the key
    }
    const chosen = target === 'key' && complete && keyNode ? keyNode : node;
    return this.position(chosen);
  }

  private position(node: unknown): Position {
    const range = (node as Node | undefined)?.range;
    if (!range) return { line: 1, column: 1 };
    const { line, col } = this.lineCounter.linePos(range[0]);
    return { line, column: col };
  }
}

function child(node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { key: pair.key, value: pair.value };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const value = node.items[segment];
    return value === undefined ? undefined : { value };
  }
  return undefined;
}
