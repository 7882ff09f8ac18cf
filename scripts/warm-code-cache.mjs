// Build step, in a process of its own: runs `inspection new`, `record` and `inspection show` on a database in a
// temporary folder through the new build, then writes V8's code for the shared chunk's script — what those
// commands compiled included — as its cache (see script-chunk.mjs). Usage: warm-code-cache.mjs ENTRY SCRIPT HASH
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { cacheFile } from './script-chunk.mjs';

const [entry, scriptFile, scriptHash] = process.argv.slice(2);
const loaded = [];
globalThis[Symbol.for('ducha.codeCache')] = loaded;

const dir = mkdtempSync(join(tmpdir(), 'ducha-build-'));
const env = { DUCHA_DATA_DIR: dir, DUCHA_ACTOR: 'build', DUCHA_LANG: 'zh', NO_COLOR: '1', HOME: dir };
const run = async (main, argv) => {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s) => ((out += s), true) },
    stderr: { write: (s) => ((err += s), true) },
    stdin: process.stdin,
    env,
    cwd: dir,
  };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`ducha ${argv.join(' ')}: exit ${code}\n${err}`);
  return out.trim();
};
try {
  const { main } = await import(pathToFileURL(entry).href);
  const id = await run(main, [
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
  ]);
  await run(main, ['record', id, 'QS-01', '--method', 'check', '--subject', '登记簿', '--note', '抽查 5 件']);
  await run(main, ['inspection', 'show', id]);
} catch (error) {
  // A machine without the compiled SQLite addon (CI that only lints) still gets a cache, of less.
  process.stderr.write(
    `build: the code cache holds only what V8 compiles up front (${String(error).split('\n')[0]})\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const script =
  loaded.find((l) => l.file === scriptFile)?.script ??
  new Script(readFileSync(scriptFile, 'utf8'), { filename: scriptFile });
writeFileSync(`${scriptFile}.cache.tmp`, cacheFile(scriptHash, script.createCachedData()));
renameSync(`${scriptFile}.cache.tmp`, `${scriptFile}.cache`);
