// Records whose note and subject are sealed together in their records.imported event (a protected database's
// `texts`, docs/format.md §21; migration 17): the bits of records.in_texts that say so, the shape of a records
// table (tests make databases of earlier migrations), and the reading of those texts for the queries —
// each event's texts opened once and kept while its records are read.
import type Database from 'better-sqlite3';
import { parseTexts, TEXTS_FIELD } from './confidential.js';
import type { ImportedTexts } from './events.js';

/** Bits of records.in_texts: the note, the subject is read from the event's sealed texts (until amended). */
export const IN_TEXTS_NOTE = 1;
export const IN_TEXTS_SUBJECT = 2;

/** How far a records table's shape goes: migration 16's position, migration 17's in_texts. */
export type RecordShape = 'before16' | 'before17' | 'current';
const shapes = new WeakMap<Database.Database, RecordShape>();

/** The shape of `db`'s records table (asked once per connection). */
export function recordShape(db: Database.Database): RecordShape {
  let known = shapes.get(db);
  if (known === undefined) {
    const columns = (db.pragma('table_info(records)') as Array<{ name: string }>).map((c) => c.name);
    known = !columns.includes('position') ? 'before16' : !columns.includes('in_texts') ? 'before17' : 'current';
    shapes.set(db, known);
  }
  return known;
}

/** Events whose texts are kept opened: records are read in log order, so a few suffice; 256 records each. */
const KEPT = 16;

/**
 * The opened texts of import events, by event hash (a hash names one event's bytes: a rolled-back write's
 * seq_no may be given again to another event, its hash not). `open` decrypts a `texts` ciphertext text.
 */
export class ImportTexts {
  private readonly kept = new Map<string, ImportedTexts[]>();

  constructor(private readonly open: (field: string, value: string) => string) {}

  /** True when the texts of the event `hash` are kept (the query then need not read its payload). */
  holds(hash: string): boolean {
    return this.kept.has(hash);
  }

  /**
   * The note or subject (`member`) of the record at `position` of the event `hash`; `payload` is that event's
   * stored payload text, or null when `holds(hash)` said it is kept.
   */
  member(hash: string, position: number, member: 'note' | 'subject', payload: string | null): string | null {
    let texts = this.kept.get(hash);
    if (!texts) {
      if (payload === null) throw new Error(`the texts of event ${hash} are not kept`);
      const p = JSON.parse(payload) as { records: unknown[]; texts?: unknown };
      if (typeof p.texts !== 'string') throw new Error(`event ${hash} has no sealed texts`);
      texts = parseTexts(this.open(TEXTS_FIELD, p.texts), p.records.length);
      if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(hash, texts);
    }
    const one = texts[position];
    if (!one) throw new Error(`event ${hash} has no record at ${position}`);
    return one[member] ?? null;
  }
}
