// Records whose note and subject are sealed together in their records.imported event (a protected database's
// `texts`, docs/format.md §21.1; migration 17): the bits of records.in_texts that say so, the shape of a records
// table (tests make databases of earlier migrations), and the reading of those texts for the queries —
// each event's texts opened once and kept while its records are read.
import type Database from 'better-sqlite3';
import { parseTexts, TEXTS_FIELD } from './confidential.js';
import type { ImportedTexts } from './events.js';

/** Bits of records.in_texts: the note, the subject is read from the event's sealed texts (until amended). */
export const IN_TEXTS_NOTE = 1;
export const IN_TEXTS_SUBJECT = 2;
/** Both: a row as its import writes it. */
export const IN_TEXTS_BOTH = IN_TEXTS_NOTE | IN_TEXTS_SUBJECT;

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

/**
 * How much opened text is kept (UTF-16 code units, all events together: ≈ 64 MB): a query that reads an
 * inspection's records by item visits their events in no order, so every event of a large import is kept when it
 * fits (100,000 records of 150-character notes: ≈ 15 M), and past this the least recently read go first.
 */
const KEPT_UNITS = 32 << 20;

/**
 * The opened texts of import events, by event hash (a hash names one event's bytes: a rolled-back write's
 * seq_no may be given again to another event, its hash not). `open` decrypts a `texts` ciphertext text.
 */
export class ImportTexts {
  /** By event hash, least recently read first; each with its clear text's length. */
  private readonly kept = new Map<string, { texts: ImportedTexts[]; units: number }>();
  private units = 0;

  constructor(
    private readonly open: (field: string, value: string) => string,
    private readonly limit = KEPT_UNITS,
  ) {}

  /** True when the texts of the event `hash` are kept (the query then need not read its payload). */
  holds(hash: string): boolean {
    return this.kept.has(hash);
  }

  /**
   * The note or subject (`member`) of the record at `position` of the event `hash`; `payload` is that event's
   * stored payload text, or null when `holds(hash)` said it is kept.
   */
  member(hash: string, position: number, member: 'note' | 'subject', payload: string | null): string | null {
    let entry = this.kept.get(hash);
    if (entry) {
      // Read again: now the most recently read.
      this.kept.delete(hash);
      this.kept.set(hash, entry);
    } else {
      if (payload === null) throw new Error(`the texts of event ${hash} are not kept`);
      const p = JSON.parse(payload) as { records: unknown[]; texts?: unknown };
      if (typeof p.texts !== 'string') throw new Error(`event ${hash} has no sealed texts`);
      const clear = this.open(TEXTS_FIELD, p.texts);
      entry = { texts: parseTexts(clear, p.records.length), units: clear.length };
      while (this.kept.size > 0 && this.units + entry.units > this.limit) {
        const [oldest, gone] = this.kept.entries().next().value!;
        this.kept.delete(oldest);
        this.units -= gone.units;
      }
      this.kept.set(hash, entry);
      this.units += entry.units;
    }
    const one = entry.texts[position];
    if (!one) throw new Error(`event ${hash} has no record at ${position}`);
    return one[member] ?? null;
  }
}
