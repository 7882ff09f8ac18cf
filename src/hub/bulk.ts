// Many rows in one statement: each column travels as one JSON array (JSON.stringify runs in V8's native
// code; node-postgres would otherwise escape every element of a text[] parameter in JavaScript, which was
// the largest single cost of a push), and PostgreSQL zips the columns back into rows with
// ROWS FROM (json_array_elements_text(…), …). Text that PostgreSQL cannot hold (U+0000) must be cleaned
// before it gets here (see project.ts); JSON null arrives as SQL NULL.
import { createHash } from 'node:crypto';
import type { HubClient } from './connect.js';

const names = new Map<string, string>();
/**
 * A statement the acceptor runs for every group, as a named (prepared) one: PostgreSQL plans it once per
 * connection instead of for every group (planning the group's WITH statement costs milliseconds).
 */
export function named(text: string): { name: string; text: string } {
  let name = names.get(text);
  if (!name) names.set(text, (name = 'ducha_' + createHash('sha256').update(text).digest('hex').slice(0, 24)));
  return { name, text };
}

/** Columns as arrays, filled row by row. */
export class Rows {
  readonly cols: unknown[][];
  constructor(n: number) {
    this.cols = Array.from({ length: n }, () => []);
  }
  add(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.cols[i]!.push(values[i]);
  }
  get size(): number {
    return this.cols[0]!.length;
  }
}

/**
 * `SELECT c1::type1, … FROM ROWS FROM (json_array_elements_text($first::json), …) AS x(c1, …)`: a row
 * source for the given column types, reading parameters $first, $first + 1, …. A column of type `json`
 * holds JSON texts (an event's canonical payload) and arrives byte for byte as text: PostgreSQL's json
 * type keeps each element's text as it was, so nothing is escaped on the way (see columnParams).
 */
export function fromColumns(types: readonly string[], first = 1): string {
  const names = types.map((_, i) => `c${i + 1}`);
  const cast = (t: string, i: number) => (t === 'text' ? names[i] : `${names[i]}::${t === 'json' ? 'text' : t}`);
  const source = (t: string, i: number) =>
    `${t === 'json' ? 'json_array_elements' : 'json_array_elements_text'}($${first + i}::json)`;
  return `SELECT ${types.map(cast).join(', ')} FROM ROWS FROM (${types.map(source).join(', ')}) AS x(${names.join(', ')})`;
}

/** A query as a named (prepared) statement: see `named`. */
export async function run<T extends Record<string, unknown> = Record<string, unknown>>(
  client: HubClient,
  text: string,
  values: unknown[],
): Promise<{ rows: T[] }> {
  return client.query<T>({ ...named(text), values });
}

/** The parameters for fromColumns: one JSON text per column (a `json` column's texts joined as they are). */
export const columnParams = (cols: readonly unknown[][], types?: readonly string[]): string[] =>
  cols.map((c, i) => (types?.[i] === 'json' ? `[${(c as string[]).join(',')}]` : JSON.stringify(c)));

/** INSERT INTO table (columns) from rows, with optional trailing SQL (ON CONFLICT …); nothing for no rows. */
export async function insertRows(
  client: HubClient,
  table: string,
  columns: string,
  types: readonly string[],
  rows: Rows,
  suffix = '',
): Promise<void> {
  if (rows.size === 0) return;
  await client.query(
    `INSERT INTO ${table} (${columns}) ${fromColumns(types)} ${suffix}`,
    columnParams(rows.cols, types),
  );
}

/**
 * Several independent INSERTs as one statement (data-modifying WITH clauses): PostgreSQL runs them in one
 * go, one round trip, while this process does other work. They see the same snapshot, so none may depend
 * on another's rows (checks that do run after it).
 */
export class Inserts {
  private readonly parts: string[] = [];
  readonly values: unknown[] = [];
  add(table: string, columns: string, types: readonly string[], rows: Rows, suffix = '', extra = ''): void {
    if (rows.size === 0) return;
    const first = this.values.length + 1;
    this.values.push(...columnParams(rows.cols, types));
    this.parts.push(
      `i${this.parts.length} AS (INSERT INTO ${table} (${columns}) SELECT *${extra} FROM (${fromColumns(types, first)}) x ${suffix})`,
    );
  }
  /** A constant the statement needs (e.g. the submission's id): its parameter's name. */
  param(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
  async run(client: HubClient): Promise<void> {
    if (this.parts.length)
      await client.query({ ...named(`WITH ${this.parts.join(',\n')} SELECT 1`), values: this.values });
  }
}
