// Every SQLite connection ducha opens is made here. The driver is required on first use, not imported, so a
// command that never opens a database (`ducha lint`, which CI runs where the addon was never compiled) never
// loads it, whatever shared code it loads. Its compiled addon is named by path: left to itself, better-sqlite3
// finds it with the `bindings` package, which reads a stack trace and tries a dozen folders first — about
// 2 ms of every command's start-up. Where the addon is not at the path a build from source puts it, the
// driver's own search is used.
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let driver: { Database: typeof Database; addon: string | undefined } | undefined;

function load(): { Database: typeof Database; addon: string | undefined } {
  if (!driver) {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const file = join(
      dirname(require.resolve('better-sqlite3/package.json')),
      'build',
      'Release',
      'better_sqlite3.node',
    );
    driver = { Database, addon: existsSync(file) ? file : undefined };
  }
  return driver;
}

/** A connection: `new Database(file, options)` with the driver and its addon found once per process. */
export function sqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  const { Database, addon } = load();
  return new Database(file, addon ? { ...options, nativeBinding: addon } : options);
}
