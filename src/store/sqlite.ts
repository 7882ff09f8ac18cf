// Every SQLite connection ducha opens is made here, with the driver's compiled addon named by its path: left
// to itself, better-sqlite3 finds the addon with the `bindings` package, which reads a stack trace and tries
// a dozen folders first — about 2 ms of every command's start-up. Where the addon is not at the path a
// build from source puts it, the driver's own search is used.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let addon: string | null | undefined;

function nativeBinding(): string | undefined {
  if (addon === undefined) {
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
      const file = join(dirname(driver), 'build', 'Release', 'better_sqlite3.node');
      addon = existsSync(file) ? file : null;
    } catch {
      addon = null;
    }
  }
  return addon ?? undefined;
}

/** A connection: `new Database(file, options)` with the addon found once per process. */
export function sqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  const binding = nativeBinding();
  return new Database(file, binding ? { ...options, nativeBinding: binding } : options);
}
