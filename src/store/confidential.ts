// Which members of each event payload (and of each register value) are confidential — encrypted with the
// database's data key on a protected database (issue 17) — and one walk that maps them, used to encrypt a
// payload before it is hashed, to decrypt it for display, and to check that ciphertext in it is well formed.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { EventType, ImportedTexts, RecordsImported } from './events.js';

/** The text form of an encrypted field: this prefix, then base64url (no padding) of key id (16) ‖ sealed. */
export const CIPHERTEXT_PREFIX = 'ducha-enc:1:';
/** Key id (16) + version and algorithm (2) + the shortest nonce (12) + the shortest tag (16). */
const MIN_BYTES = 16 + 2 + 12 + 16;
const WELL_FORMED = new RegExp(`^ducha-enc:1:[A-Za-z0-9_-]{${Math.ceil((MIN_BYTES * 4) / 3)},}$`);

/** True for a value written as ciphertext (well formed or not: anything that claims to be). */
export const isCiphertext = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('ducha-enc:');

/** True when `value` has the ciphertext text form exactly (prefix, version 1, canonical base64url). */
export function wellFormedCiphertext(value: string): boolean {
  if (!WELL_FORMED.test(value)) return false;
  // Canonical base64url without padding (what decoding and encoding again gives back): no lone last character,
  // and the bits of the last character that carry no byte are zero.
  const rest = (value.length - CIPHERTEXT_PREFIX.length) % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  return (BASE64URL.indexOf(value[value.length - 1]!) & (rest === 2 ? 0x0f : 0x03)) === 0;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The lengths (in characters) stored text can have when it holds `text`: the clear text itself, or its ciphertext
 * text in either sealed format (src/crypto/aead.ts: AES-256-GCM adds 2 + 12 + 16 bytes, SM4-CTR with HMAC-SM3
 * 2 + 16 + 32; the key id 16 more). Neither format pads, so stored text of any other length cannot hold `text`:
 * a search for equal text decrypts only the stored values of these lengths.
 */
export function storedLengths(text: string): number[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  const sealed = (overhead: number) => CIPHERTEXT_PREFIX.length + Math.ceil(((16 + overhead + bytes) * 4) / 3);
  return [[...text].length, sealed(2 + 12 + 16), sealed(2 + 16 + 32)];
}

/** The id (hex) of the data key that sealed well-formed ciphertext text. */
export const ciphertextKeyId = (value: string): string =>
  Buffer.from(value.slice(CIPHERTEXT_PREFIX.length), 'base64url').subarray(0, 16).toString('hex');

/**
 * `fn(field, value)` maps one confidential text; `field` is the member's name, and the AAD of its ciphertext:
 * subject, interviewee, note, reason, changeReason, description, rectification, measures, and `evidence.name`
 * for an evidence file's name. Absent and null members are left alone.
 */
export type FieldMap = (field: string, value: string) => string;

/**
 * Confidential fields sealed deterministically (src/crypto/aead.ts sealDeterministic): the same text under one
 * data key is the same ciphertext, which shows which stored names are equal — and lets redaction, which needs
 * every distinct name, keep each once (migration 14's list) and decrypt it once instead of every record's copy.
 */
export const DETERMINISTIC_FIELDS: ReadonlySet<string> = new Set(['interviewee']);

/** Fields of a problem that are confidential (unit, leader and person are official designations: clear). */
export const PROBLEM_TEXT = ['description', 'rectification', 'measures'] as const;
/** Fields of a record that are confidential (its method is clear). */
export const RECORD_TEXT = ['subject', 'interviewee', 'note'] as const;
/** Members of a conclusion's value that are confidential. */
export const CONCLUSION_TEXT = ['note', 'reason'] as const;

type Obj = Record<string, unknown>;

/**
 * The member of a records.imported payload that holds, on a protected database, every record's note and subject
 * sealed as one text (docs/format.md §21.1): its name is also the field (AAD) it is sealed under. One seal per
 * event instead of two per record: sealing 200,000 fields was most of what protection added to an import.
 */
export const TEXTS_FIELD = 'texts';

/**
 * The clear text of an import's `texts`: the JSON array of each record's note and subject, in the records' order
 * (canonical JSON when each entry is made by textsOf: `note` before `subject`, no undefined member).
 */
export const textsJson = (texts: readonly ImportedTexts[]): string => JSON.stringify(texts);

/** A record's entry in its import's texts: its note, and its subject when it has one. */
export const textsOf = (r: { note?: string; subject?: string }): ImportedTexts =>
  r.subject === undefined ? { note: r.note! } : { note: r.note!, subject: r.subject };

/** An import with each record's note and subject taken out, and those as the clear text its `texts` seals. */
export function gatherTexts(p: RecordsImported): { payload: RecordsImported; clear: string } {
  const texts = p.records.map(textsOf);
  const records = p.records.map(({ note: _, subject: __, ...rest }) => rest);
  return { payload: { ...p, records }, clear: textsJson(texts) };
}

/** The opened `texts` of an import of `count` records, checked: an array of { note, subject? } of that length. */
export function parseTexts(clear: string, count: number): ImportedTexts[] {
  let value: unknown;
  try {
    value = JSON.parse(clear);
  } catch {
    value = undefined;
  }
  const ok =
    Array.isArray(value) &&
    value.length === count &&
    value.every(
      (x: unknown) =>
        !!x &&
        typeof x === 'object' &&
        !Array.isArray(x) &&
        typeof (x as Obj).note === 'string' &&
        ((x as Obj).subject === undefined || typeof (x as Obj).subject === 'string') &&
        Object.keys(x).every((k) => k === 'note' || k === 'subject'),
    );
  if (!ok)
    throw new InputError(t('store.badCiphertext', { field: TEXTS_FIELD }), {
      hint: t('store.badCiphertext.hint'),
      code: 'crypto-bad-ciphertext',
    });
  return value as ImportedTexts[];
}

/** An import whose `texts` was opened (`clear`): each record given back its note and subject, `texts` gone. */
export function spreadTexts(p: RecordsImported, clear: string): RecordsImported {
  const texts = parseTexts(clear, p.records.length);
  const { texts: _, ...rest } = p;
  return { ...rest, records: p.records.map((r, i) => ({ ...r, ...texts[i]! })) };
}

/** `mapPayload` opening with `open`, an import's sealed texts spread back over its records (display, history). */
export function openMapped(type: EventType | string, payload: unknown, open: FieldMap): unknown {
  const opened = mapPayload(type, payload, open);
  if (type !== 'records.imported' || !opened || typeof opened !== 'object') return opened;
  const p = opened as RecordsImported;
  return typeof p.texts === 'string' && Array.isArray(p.records) ? spreadTexts(p, p.texts) : opened;
}

function mapMembers(object: Obj, fields: readonly string[], fn: FieldMap): Obj {
  let out = object;
  for (const field of fields) {
    const value = object[field];
    if (typeof value !== 'string') continue;
    const mapped = fn(field, value);
    if (mapped === value) continue;
    if (out === object) out = { ...object };
    out[field] = mapped;
  }
  return out;
}

function mapEvidence(list: unknown, fn: FieldMap): unknown {
  if (!Array.isArray(list) || list.length === 0) return list;
  return list.map((f: unknown) =>
    f && typeof f === 'object' && typeof (f as Obj).name === 'string'
      ? { ...(f as Obj), name: fn('evidence.name', (f as Obj).name as string) }
      : f,
  );
}

/** The confidential members of a register's value, by the entity's form (record/…/note, problem/…/description, conclusion/…). */
export function mapRegisterValue(entity: string, value: unknown, fn: FieldMap): unknown {
  const parts = entity.split('/');
  const field = parts[parts.length - 1]!;
  if (parts[0] === 'conclusion')
    return value && typeof value === 'object' && !Array.isArray(value)
      ? mapMembers(value as Obj, CONCLUSION_TEXT, fn)
      : value;
  const text: readonly string[] | undefined =
    parts[0] === 'record' ? RECORD_TEXT : parts[0] === 'problem' ? PROBLEM_TEXT : undefined;
  return text?.includes(field) && typeof value === 'string' ? fn(field, value) : value;
}

/** A payload with its confidential members mapped by `fn` (a new object when anything changed). */
export function mapPayload(type: EventType | string, payload: unknown, fn: FieldMap): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const p = payload as Obj;
  switch (type) {
    case 'record.added': {
      const out = mapMembers(p, RECORD_TEXT, fn);
      return p.evidence === undefined ? out : { ...out, evidence: mapEvidence(p.evidence, fn) };
    }
    case 'records.imported': {
      const out = mapMembers(p, [TEXTS_FIELD], fn);
      if (!Array.isArray(p.records)) return out;
      let changed = false;
      const records = p.records.map((r: unknown) => {
        if (!r || typeof r !== 'object') return r;
        const mapped = mapMembers(r as Obj, RECORD_TEXT, fn);
        if (mapped !== r) changed = true;
        return mapped;
      });
      return changed ? { ...out, records } : out;
    }
    case 'record.amended': {
      const out = mapMembers(p, ['reason'], fn);
      return p.fields && typeof p.fields === 'object'
        ? { ...out, fields: mapMembers(p.fields as Obj, RECORD_TEXT, fn) }
        : out;
    }
    case 'record.withdrawn':
    case 'conclusion.withdrawn':
      return mapMembers(p, ['reason'], fn);
    case 'conclusion.set':
      return mapMembers(p, [...CONCLUSION_TEXT, 'changeReason'], fn);
    case 'problem.created':
    case 'problem.updated':
      return p.fields && typeof p.fields === 'object'
        ? { ...p, fields: mapMembers(p.fields as Obj, PROBLEM_TEXT, fn) }
        : p;
    case 'problem.progressed': {
      const out = mapMembers(p, ['note', 'reason'], fn);
      return p.evidence === undefined ? out : { ...out, evidence: mapEvidence(p.evidence, fn) };
    }
    case 'register.resolved':
      return typeof p.entity === 'string' ? { ...p, value: mapRegisterValue(p.entity, p.value, fn) } : p;
    default:
      return p;
  }
}

/** The path of the first confidential member written as ciphertext that is not well formed, or undefined. */
export function malformedCiphertext(type: string, payload: unknown): string | undefined {
  let found: string | undefined;
  mapPayload(type, payload, (field, value) => {
    if (found === undefined && isCiphertext(value) && !wellFormedCiphertext(value)) found = field;
    return value;
  });
  return found;
}

/** SQL that reads a confidential column decrypted (the Store's ducha_dec function; clear text passes through). */
export const dec = (field: string, column: string, as = column.split('.').pop()!) =>
  `ducha_dec('${field}', ${column}) AS ${as}`;
