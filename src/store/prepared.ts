// Prepared statements cached per connection: preparing costs more than running a small insert.
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A cached statement; `raw` ones (rows as arrays, no objects) are cached apart, as raw mode sticks to a statement. */
export function prepared(db: Database.Database, sql: string, raw = false): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = raw ? '\u0000raw\u0000' + sql : sql;
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (raw) statement.raw(true);
    cache.set(key, statement);
  }
  return statement;
}
