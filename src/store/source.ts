// What the store's query modules read from: a Store. Domain and command code hold a Store and never its
// connection; only modules under store/ turn one into the other.
import type Database from 'better-sqlite3';

/** The part of a Store that queries use (store.ts's class has it). */
export interface StoreHandle {
  readonly db: Database.Database;
}

/**
 * A Store, or its connection. The connection is accepted for the store's own modules (projections, verify's
 * replay) and for team/ and hub/, which still pass `store.db` until their SQL moves here; the rest of the
 * code passes the Store (test/store/one-data-layer.test.ts holds it to that).
 */
export type QuerySource = StoreHandle | Database.Database;

export function connection(from: QuerySource): Database.Database {
  return 'prepare' in from ? from : from.db;
}
