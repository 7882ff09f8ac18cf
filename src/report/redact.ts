// The one redaction step every shared output goes through (reports of every kind, compare, summary, in
// every format and in --json): every interviewee name recorded anywhere in the database is replaced by 某某
// in the model's text, matched on folded text, except in the fields that designate people officially.
import { t } from '../i18n/index.js';
import { fold, foldChar, isHan, keyFault, nameKey } from '../inspect/interviewee.js';
import { intervieweeNames, intervieweeRecords } from '../store/queries.js';
import type { Store } from '../store/store.js';

/**
 * Fields never redacted: the responsible unit, leader and person of a problem (责任单位、责任领导、责任人) are
 * official designations the unit supplies, as are the inspected unit, the inspection team and the office.
 */
export const DESIGNATED_FIELDS: ReadonlySet<string> = new Set(['unit', 'leader', 'person', 'team', 'office']);

interface Node {
  next: Map<string, Node>;
  end: boolean;
}

export interface Redactor {
  /** Whether names are shown (nothing is redacted). */
  readonly reveal: boolean;
  /** The text with every name matched replaced by 某某. */
  text(value: string): string;
  /** Names stored but not matched (one character, or a role word): the caller warns about them. */
  readonly skipped: readonly string[];
}

/** A matcher over the given names: leftmost-longest, on folded text, skipping separators between a name's characters. */
export function nameRedactor(names: Iterable<string>, reveal = false): Redactor {
  const root: Node = { next: new Map(), end: false };
  const skipped: string[] = [];
  let count = 0;
  for (const name of new Set(names)) {
    if (!name.trim()) continue;
    const key = nameKey(name);
    if (keyFault(key)) {
      skipped.push(name);
      continue;
    }
    let node = root;
    for (const ch of key) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
    count++;
  }
  const mask = t('report.redacted');
  const cache = new Map<string, string>();
  const text = (value: string): string => {
    if (reveal || count === 0 || value === '') return value;
    let hit = cache.get(value);
    if (hit === undefined) {
      hit = replace(value, root, mask);
      if (cache.size < 50_000) cache.set(value, hit);
    }
    return hit;
  };
  return { reveal, text, skipped };
}

/** A letter or digit of an alphabetic script: a name written in one must not be found inside a longer word. */
const wordChar = (f: ReturnType<typeof fold>, i: number) =>
  i >= 0 && i < f.chars.length && f.significant[i]! && !isHan(f.chars[i]!);

/** Whether any character of the text folds to one a name begins with (or may hide one, percent-encoded). */
function mayContain(value: string, root: Node): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 37) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      if (foldChar(value.codePointAt(i)!).some((ch) => root.next.has(ch))) return true;
      i++;
    } else if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) {
      if (root.next.has(c < 0x80 ? String.fromCharCode(c).toLowerCase() : value[i]!)) return true;
    } else if (foldChar(c).some((ch) => root.next.has(ch))) return true;
  }
  return false;
}

function replace(value: string, root: Node, mask: string): string {
  if (!mayContain(value, root)) return value;
  const f = fold(value);
  const n = f.chars.length;
  let out = '';
  let kept = 0;
  for (let p = 0; p < n; p++) {
    if (!f.significant[p] || !root.next.has(f.chars[p]!)) continue;
    // A name in an alphabetic script starts at a word boundary.
    if (!isHan(f.chars[p]!) && wordChar(f, p - 1)) continue;
    let node = root;
    let last = -1;
    for (let q = p; q < n; q++) {
      if (!f.significant[q]) continue; // separators between a name's characters are part of the match
      const child = node.next.get(f.chars[q]!);
      if (!child) break;
      node = child;
      if (node.end && (isHan(f.chars[q]!) || !wordChar(f, q + 1))) last = q;
    }
    if (last < 0) continue;
    const start = Math.max(f.from[p]!, kept);
    out += value.slice(kept, start) + mask;
    kept = f.to[last]!;
    p = last;
  }
  return kept === 0 && out === '' ? value : out + value.slice(kept);
}

/** The redactor for a shared output: every interviewee recorded in the database, or none when revealing. */
export function redactorFor(store: Store, reveal: boolean): Redactor {
  return reveal ? nameRedactor([], true) : nameRedactor(intervieweeNames(store));
}

/** Redact every string of a model in place, except the designated fields. Returns the model. */
export function redactModel<T>(model: T, redactor: Redactor): T {
  if (redactor.reveal) return model;
  // The model was built for this call and shared by no one: rewriting its strings in place saves a copy.
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) typeof v[i] === 'string' ? (v[i] = redactor.text(v[i] as string)) : walk(v[i]);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (DESIGNATED_FIELDS.has(k)) continue;
        typeof o[k] === 'string' ? (o[k] = redactor.text(o[k] as string)) : walk(o[k]);
      }
    }
  };
  walk(model);
  return model;
}

/**
 * A warning for names stored before they were refused (or arriving in a bundle): where they were recorded,
 * never the names themselves, since the warning may travel in --json with the output.
 */
export function skippedWarning(store: Store, redactor: Redactor): string | undefined {
  if (redactor.reveal || redactor.skipped.length === 0) return undefined;
  const where = intervieweeRecords(store, redactor.skipped);
  const shown = where
    .slice(0, 3)
    .map((r) => t('privacy.skipped.where', { inspection: r.inspectionId, item: r.itemId }))
    .join('、');
  return t('privacy.skipped', { n: where.length, where: shown + (where.length > 3 ? t('privacy.skipped.more') : '') });
}
