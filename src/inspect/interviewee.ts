// What an interviewee name is for redaction: the folded form names and free text are compared in, and
// the names refused because matching them would hide ordinary words (one character, or a role word).
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

/**
 * Text folded for matching, one entry per folded character, each remembering the span of the original
 * text it came from: percent-encoded UTF-8 (%E6%9D%8E) is decoded once; each character is put through
 * NFKD (full-width forms, compatibility ideographs, ligatures), lower-cased, and stripped of combining marks.
 */
export interface Folded {
  chars: string[];
  /** Start of the original span (UTF-16 index). */
  from: number[];
  /** End of the original span (exclusive). */
  to: number[];
  /** Whether the folded character is a letter or a digit; everything else may sit between a name's characters. */
  significant: boolean[];
}

const foldCache = new Map<number, string[]>();
const SIGNIFICANT = /^[\p{L}\p{N}]$/u;
const HAN = /^\p{Script=Han}$/u;

/** The folded characters of one code point (cached: a report repeats few distinct characters). */
export function foldChar(cp: number): string[] {
  // Most of a Chinese text: CJK unified ideographs and ASCII letters and digits fold to themselves (lower-cased).
  if (cp >= 0x4e00 && cp <= 0x9fff) return [String.fromCodePoint(cp)];
  let hit = foldCache.get(cp);
  if (!hit) {
    const folded = String.fromCodePoint(cp).normalize('NFKD').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
    hit = [...folded];
    if (foldCache.size < 10_000) foldCache.set(cp, hit);
  }
  return hit;
}

const UTF8 = new TextDecoder('utf-8');
const hex = (c: number) =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/** The byte of "%XX" at `i`, or -1. */
function percentByte(text: string, i: number): number {
  if (text.charCodeAt(i) !== 37 || i + 2 >= text.length) return -1;
  const hi = hex(text.charCodeAt(i + 1));
  const lo = hex(text.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** One UTF-8 character encoded as %XX triples at `i`: the character and how many source characters it spans. */
function percentChar(text: string, i: number): { cp: number; span: number } | undefined {
  const lead = percentByte(text, i);
  if (lead < 0) return undefined;
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead < 0xe0
        ? 2
        : lead >= 0xe0 && lead < 0xf0
          ? 3
          : lead >= 0xf0 && lead < 0xf5
            ? 4
            : 0;
  if (length === 0) return undefined;
  const bytes = [lead];
  for (let k = 1; k < length; k++) {
    const b = percentByte(text, i + 3 * k);
    if (b < 0x80 || b > 0xbf) return undefined;
    bytes.push(b);
  }
  const decoded = UTF8.decode(Uint8Array.from(bytes));
  const cp = decoded.codePointAt(0)!;
  return cp === 0xfffd ? undefined : { cp, span: 3 * length };
}

export function fold(text: string): Folded {
  const out: Folded = { chars: [], from: [], to: [], significant: [] };
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    let cp: number;
    let span: number;
    const encoded = c === 37 ? percentChar(text, i) : undefined;
    if (encoded) ({ cp, span } = encoded);
    else {
      cp = text.codePointAt(i)!;
      span = cp > 0xffff ? 2 : 1;
    }
    for (const ch of foldChar(cp)) {
      out.chars.push(ch);
      out.from.push(i);
      out.to.push(i + span);
      out.significant.push(SIGNIFICANT.test(ch));
    }
    i += span;
  }
  return out;
}

/** A name as it is matched: its folded letters and digits only ("李 秘-密" and "李秘密" are one key). */
export function nameKey(name: string): string[] {
  const f = fold(name);
  return f.chars.filter((_, i) => f.significant[i]);
}

export const isHan = (ch: string): boolean => HAN.test(ch);

/**
 * Words that are roles or forms of address, never a person's name: recorded as an interviewee they would
 * blank out the role wherever it is written (「办公室主任」 → 「办公室某某」). The role goes in the subject.
 */
const ROLE_WORDS = new Set([
  '主任',
  '副主任',
  '书记',
  '副书记',
  '常务副书记',
  '局长',
  '副局长',
  '院长',
  '副院长',
  '检察长',
  '副检察长',
  '庭长',
  '副庭长',
  '处长',
  '副处长',
  '科长',
  '副科长',
  '股长',
  '所长',
  '副所长',
  '站长',
  '部长',
  '副部长',
  '主席',
  '副主席',
  '委员',
  '政法委员',
  '组长',
  '副组长',
  '队长',
  '副队长',
  '主任科员',
  '科员',
  '干部',
  '干警',
  '民警',
  '辅警',
  '法官',
  '检察官',
  '律师',
  '同志',
  '群众',
  '村民',
  '居民',
  '领导',
  '负责人',
  '经办人',
  '工作人员',
  '本人',
  '对方',
  '某某',
  '某人',
  '匿名',
  '不详',
  '无',
]);

export type NameFault = 'single' | 'role';

/** Why a name cannot be matched safely in free text, if it cannot. */
export function nameFault(name: string): NameFault | undefined {
  return keyFault(nameKey(name));
}

/** nameFault for a key already made. */
export function keyFault(key: readonly string[]): NameFault | undefined {
  if (key.length <= 1) return 'single';
  if (ROLE_WORDS.has(key.join(''))) return 'role';
  return undefined;
}

/** Refuse, at record time, a name that redaction could not hide without hiding ordinary words. */
export function checkInterviewee(name: string | undefined): void {
  if (name === undefined || name.trim() === '') return;
  const fault = nameFault(name);
  if (fault) throw new InputError(intervieweeMessage(name, fault), { hint: t('privacy.interviewee.hint') });
}

/** The sentence shown for a refused name (also by the run's prompt, which re-asks). */
export function intervieweeMessage(name: string, fault: NameFault): string {
  return t(fault === 'single' ? 'privacy.interviewee.single' : 'privacy.interviewee.role', { name: name.trim() });
}
