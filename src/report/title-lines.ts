// Where a document title breaks (GB/T 9704-2012 7.3.1: lines keep words whole, are arranged as a trapezoid or
// a diamond, never an hourglass). A title is broken by ducha, not left to Word: Word would cut 《中国共产党政法
// 工作条例》 wherever the line ends. Break opportunities come from the template (a zero-width space, written
// `<wbr>` in a template), from the edges of 《…》 and similar pairs; a `|` (or a line break) forces a break.

import { typeWidth } from './width.js';

/** Characters a line may not start with (避头), and may not end with (避尾). */
const NO_START = new Set([...'，。、；：？！）》〉」』】〕”’…—%,.;:?!)]}·']);
const NO_END = new Set([...'（《〈「『【〔“‘([{']);
const OPEN = '《〈「『【〔“‘（(';
const CLOSE = '》〉」』】〕”’）)';
export const WBR = '\u200b';
/** The penalty of a break the template did not mark, in a title where it marked some: inside a word. */
const WORD_CUT = 40;

/** The title's lines, each at most `columns` half-ems wide where that is possible at all. */
export function titleLines(title: string, columns: number): string[] {
  return title
    .split(/[|\n]/)
    .map((s) => s.trim())
    .filter((s) => s.replaceAll(WBR, '').length > 0)
    .flatMap((segment) => breakSegment(segment, columns));
}

interface Layout {
  chars: string[];
  /** cost[i]: the penalty of breaking before chars[i] (i ≥ 1); Infinity where a break is not allowed. */
  cost: number[];
}

function layout(segment: string): Layout {
  const chars: string[] = [];
  const marked = new Set<number>();
  for (const ch of segment) {
    if (ch === WBR) marked.add(chars.length);
    else chars.push(ch);
  }
  // With marks from the template, an unmarked boundary is a last resort; without, merely discouraged.
  const plain = marked.size > 0 ? WORD_CUT : 6;
  const cost: number[] = [Infinity];
  let depth = 0;
  const ascii = (ch: string | undefined) => ch !== undefined && /^[A-Za-z0-9]$/.test(ch);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i > 0) {
      const before = chars[i - 1]!;
      let c = plain;
      if (depth > 0) c = Infinity;
      else if (NO_START.has(ch) || NO_END.has(before) || (ascii(before) && ascii(ch))) c = Infinity;
      else if (marked.has(i) || OPEN.includes(ch) || CLOSE.includes(before)) c = 0;
      cost.push(c);
    }
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
  }
  return { chars, cost };
}

function breakSegment(segment: string, columns: number): string[] {
  const { chars, cost } = layout(segment);
  const text = chars.join('');
  if (typeWidth(text) <= columns) return [text];
  const widths = chars.map((c) => typeWidth(c));
  const fewest = Math.ceil(widths.reduce((a, b) => a + b, 0) / columns);
  // First only at word edges (a line more rather than a word cut), then anywhere allowed, then splitting a
  // pair too (a 《…》 longer than a line) — never 避头/避尾 or inside a Latin word.
  const tiers = [
    cost.map((c) => (c >= WORD_CUT ? Infinity : c)),
    cost,
    cost.map((c, i) => (c === Infinity && i > 0 && !hardStop(chars, i) ? 60 : c)),
  ];
  for (const penalty of tiers) {
    for (let lines = fewest; lines <= fewest + 2; lines++) {
      const best = search(widths, penalty, lines, columns);
      if (best) return cut(chars, best);
    }
  }
  return greedy(chars, widths, columns);
}

function hardStop(chars: readonly string[], i: number): boolean {
  const a = chars[i - 1]!;
  const b = chars[i]!;
  return NO_START.has(b) || NO_END.has(a) || (/^[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]$/.test(b));
}

/** The cheapest set of `lines - 1` break positions keeping every line within `columns`. */
function search(
  widths: readonly number[],
  penalty: readonly number[],
  lines: number,
  columns: number,
): number[] | undefined {
  const n = widths.length;
  const prefix = [0];
  for (const w of widths) prefix.push(prefix[prefix.length - 1]! + w);
  let best: { cost: number; breaks: number[] } | undefined;
  const walk = (start: number, breaks: number[], paid: number) => {
    if (breaks.length === lines - 1) {
      if (prefix[n]! - prefix[start]! > columns) return;
      const cost = paid + shape([...breaks, n].map((b, k) => (prefix[b]! - prefix[k ? breaks[k - 1]! : 0]!) / 2));
      if (!best || cost < best.cost) best = { cost, breaks: [...breaks] };
      return;
    }
    for (let b = start + 1; b < n && prefix[b]! - prefix[start]! <= columns; b++) {
      if (penalty[b] === Infinity) continue;
      // What is left must fit in the lines that are left.
      if (prefix[n]! - prefix[b]! > columns * (lines - 1 - breaks.length)) continue;
      breaks.push(b);
      walk(b, breaks, paid + penalty[b]! * 10);
      breaks.pop();
    }
  };
  walk(0, [], 0);
  return best?.breaks;
}

/** Lines of even length read best; an hourglass, a rectangle or a dangling last word do not. */
function shape(lengths: readonly number[]): number {
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  let cost = lengths.reduce((s, l) => s + (l - mean) ** 2, 0);
  for (let k = 1; k < lengths.length - 1; k++)
    if (lengths[k]! < lengths[k - 1]! && lengths[k]! < lengths[k + 1]!) cost += 1000;
  if (lengths.length > 1 && lengths.every((l) => l === lengths[0])) cost += 5;
  if (lengths.length > 1 && lengths[lengths.length - 1]! <= 2) cost += 50;
  return cost;
}

function cut(chars: readonly string[], breaks: readonly number[]): string[] {
  return [...breaks, chars.length].map((b, k) => chars.slice(k ? breaks[k - 1]! : 0, b).join(''));
}

function greedy(chars: readonly string[], widths: readonly number[], columns: number): string[] {
  const out: string[] = [];
  let line = '';
  let width = 0;
  chars.forEach((ch, i) => {
    if (width + widths[i]! > columns && line) {
      out.push(line);
      line = '';
      width = 0;
    }
    line += ch;
    width += widths[i]!;
  });
  if (line) out.push(line);
  return out;
}
