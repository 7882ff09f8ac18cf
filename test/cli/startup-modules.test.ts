// What the built program loads at start-up (scripts/build.mjs): the database commands find the code they share
// in one chunk, not in fifty (Node's ESM loader resolves and links each file: that was a third of `record`'s
// start-up), and a command that opens no database never loads the SQLite driver's addon — CI lints checklists
// where it was never compiled (the driver's JavaScript is bundled into the chunk and loads nothing native).
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, FIXTURES, runBin, tempDir } from '../helpers/run.js';

const homes: string[] = [];
const scratch = tempDir('ducha-startup-');
afterAll(() => {
  for (const dir of [...homes, scratch]) rmSync(dir, { recursive: true, force: true });
});

/** An environment whose process reports, on exit, every CommonJS file it loaded from better-sqlite3. */
function env(extra: Record<string, string> = {}) {
  const e = cleanEnv({ DUCHA_ACTOR: 'test', ...extra });
  homes.push(e.HOME!);
  return e;
}
const probe = join(scratch, 'driver-probe.cjs');
writeFileSync(
  probe,
  `process.on('exit', () => process.stderr.write('\\n[driver files] ' + Object.keys(require.cache).filter((f) => f.includes('better-sqlite3')).length + '\\n'));\n`,
);
const driverFiles = (stderr: string) => Number(/\[driver files\] (\d+)/.exec(stderr)?.[1] ?? NaN);

/** The program's own files (dist/) an ESM-loader trace names. */
const distFiles = (stderr: string) => new Set(stderr.match(/file:\/\/[^\s'",]*\/dist\/[^\s'",]*\.js/g) ?? []);

describe('start-up', () => {
  it('lint and help never load the SQLite driver; a database command does', async () => {
    const e = env({ NODE_OPTIONS: `--require ${probe}` });
    const lint = await runBin(['lint', join(FIXTURES, 'checklists', 'valid')], { env: e });
    expect(lint.code).toBe(0);
    expect(driverFiles(lint.stderr)).toBe(0);
    const help = await runBin(['--help'], { env: e });
    expect(driverFiles(help.stderr)).toBe(0);
    const created = await runBin(
      ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac'],
      { env: e },
    );
    expect(created.code).toBe(0);
    // The addon alone: the driver's JavaScript is bundled (14 files through the CommonJS loader before).
    expect(driverFiles(created.stderr)).toBe(1);
  });

  it('record and inspection show load a handful of the program’s files, not one per module', async () => {
    const e = env();
    const made = await runBin(
      ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac'],
      { env: e },
    );
    expect(made.code).toBe(0);
    const id = made.stdout.trim();
    const traced = { ...e, NODE_DEBUG: 'esm' };
    const record = await runBin(['record', id, 'QS-01', '--method', 'check', '--note', '抽查 5 件'], { env: traced });
    expect(record.code).toBe(0);
    const show = await runBin(['inspection', 'show', id], { env: traced });
    expect(show.code).toBe(0);
    for (const run of [record, show]) {
      const files = distFiles(run.stderr);
      expect(files.size).toBeGreaterThan(3); // the trace is there: main, dispatch, the core, the command
      expect(files.size).toBeLessThanOrEqual(7); // 57 before the core chunk, 12 before the dispatcher joined it
    }
  });
});
