// Every SQLite connection ducha opens is made here. The driver's JavaScript is imported (the build bundles it
// into the shared chunk: required from node_modules it cost a dozen files resolved, read and compiled by the
// CommonJS loader, ≈ 10 ms of every database command); it loads nothing native until a connection is made.
// Its compiled addon is loaded on first use, named by path: left to itself, better-sqlite3 finds it with the
// `bindings` package, which reads a stack trace and tries a dozen folders first. A command that never opens a
// database (`ducha lint`, which CI runs where the addon was never compiled) never loads the addon. Where the
// addon is not at the path a build from source puts it, the installed driver is required and left to its own
// search.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Driver = { Database: typeof Database; addon: object | undefined };
let driver: Driver | undefined;

function load(): Driver {
  if (!driver) {
    const require = createRequire(import.meta.url);
    // Where Node's resolution finds it first for this file (src/store/ or dist/chunks/, two folders down from the
    // package), looked at before asking the resolver, which stats and reads its way up to it.
    const near = fileURLToPath(
      new URL('../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url),
    );
    const file = existsSync(near)
      ? near
      : join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    driver = existsSync(file)
      ? { Database, addon: require(file) as object }
      : { Database: require('better-sqlite3') as typeof Database, addon: undefined };
  }
  return driver;
}

/** A connection: `new Database(file, options)` with the driver and its addon found once per process. */
export function sqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  const { Database, addon } = load();
  // The driver takes the loaded addon itself as well as its path (its types name only the path).
  return new Database(file, addon ? { ...options, nativeBinding: addon as unknown as string } : options);
}
