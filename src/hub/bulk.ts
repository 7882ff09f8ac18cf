// Many rows in one statement: each column travels as one JSON array (JSON.stringify runs in V8's native
// code; node-postgres would otherwise escape every element of a text[] parameter in JavaScript, which was
// the largest single cost of a push), and PostgreSQL zips the columns back into rows with
// ROWS FROM (json_array_elements_text(…), …). Text that PostgreSQL cannot hold (U+0000) must be cleaned
// before it gets here (see project.ts); JSON null arrives as SQL NULL.
import type { HubClient } from './connect.js';

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
 * source for the given column types, reading parameters $first, $first + 1, ….
 */
export function fromColumns(types: readonly string[], first = 1): string {
  const names = types.map((_, i) => `c${i + 1}`);
  const cast = (t: string, i: number) => (t === 'text' ? names[i] : `${names[i]}::${t}`);
  return `SELECT ${types.map(cast).join(', ')} FROM ROWS FROM (${types.map((_, i) => `json_array_elements_text($${first + i}::json)`).join(', ')}) AS x(${names.join(', ')})`;
}

/** The parameters for fromColumns: one JSON text per column. */
export const columnParams = (cols: readonly unknown[][]): string[] => cols.map((c) => JSON.stringify(c));

/** INSERT INTO table (columns) from rows, with optional trailing SQL (ON CONFLICT …); nothing for no rows. */
export async function insertRows(client: HubClient, table: string, columns: string, types: readonly string[], rows: Rows, suffix = ''): Promise<void> {
  if (rows.size === 0) return;
  await client.query(`INSERT INTO ${table} (${columns}) ${fromColumns(types)} ${suffix}`, columnParams(rows.cols));
}
