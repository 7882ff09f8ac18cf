// A test hook for the crash tests: with DUCHA_CRASH_AT=<point>:<n> in its environment, the process kills
// itself with SIGKILL the n-th time it reaches <point>, so a test chooses the moment of the crash instead of
// racing a timer. Outside the tests the variable is unset: openStore then looks it up once and arms nothing.
//
//   event          inside the INSERT of an events row (n counts rows this process inserted)
//   blob           inside the INSERT of an evidence chunk (blob_chunks row)
//   commit-before  a write transaction's work is done and COMMIT is next
//   commit-after   COMMIT has returned; nothing after it has run (the commit may be only in the -wal file)
//
// Counts run across every database the process opens (a loop of commands in one process counts on).
import type Database from 'better-sqlite3';
import { InputError } from '../errors.js';

export const CRASH_VARIABLE = 'DUCHA_CRASH_AT';
const POINTS = ['event', 'blob', 'commit-before', 'commit-after'] as const;
type Point = (typeof POINTS)[number];

const reached = new Map<Point, number>();

/** Arms the crash points on a connection opened for writing, when the test variable asks for one. */
export function armCrashPoints(db: Database.Database): void {
  const spec = process.env[CRASH_VARIABLE];
  if (!spec) return;
  const m = /^([a-z-]+):(\d+)$/.exec(spec);
  const target = m?.[1] as Point | undefined;
  // A test's mistake, said as such (an InputError passes openStore unchanged: not "the file is damaged").
  if (!m || !target || !POINTS.includes(target) || Number(m[2]) < 1)
    throw new InputError(`${CRASH_VARIABLE}=${spec}: expected <${POINTS.join('|')}>:<n ≥ 1>`);
  const at = Number(m[2]);
  const reach = (point: Point) => {
    const n = (reached.get(point) ?? 0) + 1;
    reached.set(point, n);
    if (point === target && n === at) die();
  };

  // Rows: TEMP triggers (this connection only, never written to the file) call back into this process.
  db.function('ducha_crash_point', { deterministic: false, varargs: false }, (point: unknown) => {
    reach(point as Point);
    return null;
  });
  for (const [point, table] of [
    ['event', 'events'],
    ['blob', 'blob_chunks'],
  ] as const) {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) continue;
    db.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS ducha_crash_${point} AFTER INSERT ON main.${table} BEGIN SELECT ducha_crash_point('${point}'); END`,
    );
  }

  // Transactions: better-sqlite3's transaction functions (Store.write) and BEGIN/COMMIT by hand (Store.writeAsync).
  let depth = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const inner = transaction(function (this: unknown, ...args: unknown[]) {
      const outermost = depth === 0;
      depth++;
      try {
        const result = fn.apply(this, args);
        if (outermost) reach('commit-before');
        return result;
      } finally {
        depth--;
      }
    });
    const committing = (run: (...args: unknown[]) => unknown) =>
      function (this: unknown, ...args: unknown[]) {
        const outermost = !db.inTransaction;
        const result = run.apply(this, args);
        if (outermost) reach('commit-after');
        return result;
      };
    return Object.assign(committing(inner), {
      default: committing(inner.default),
      deferred: committing(inner.deferred),
      immediate: committing(inner.immediate),
      exclusive: committing(inner.exclusive),
      database: db,
    });
  }) as typeof db.transaction;
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    const statement = sql.trim().toUpperCase();
    if (statement.startsWith('BEGIN')) depth++;
    if (statement === 'COMMIT' && depth === 1) reach('commit-before');
    exec(sql);
    if (statement === 'COMMIT' || statement === 'ROLLBACK') {
      depth = Math.max(0, depth - 1);
      if (statement === 'COMMIT' && depth === 0) reach('commit-after');
    }
    return db;
  };
}

/** SIGKILL now; should the signal take a moment to land, nothing more runs meanwhile. */
function die(): never {
  process.kill(process.pid, 'SIGKILL');
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
