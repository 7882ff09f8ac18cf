// Helpers for the long benchmark cases (reports, summary, team): a private build of ducha, the set-up
// tool built from the same sources, running ducha untimed, and wall time with peak memory of one process.
//
// Another engineer's build (`npm test`, `npm run build`) may replace dist/ — even with a changed schema —
// while a case runs for minutes, and src/ may be ahead of dist/ at any moment. The set-up tool imports
// ducha's source modules (bench/setup/populate.ts), so it must write the schema that the timed binary
// expects. So, like bench/cases/records.mjs, these cases run a private copy of the package, and that copy
// is built from one snapshot of src/ — the same snapshot the set-up tool is bundled from.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const PACKAGE_PARTS = ['package.json', 'tsconfig.json', 'bin', 'src', 'scripts', 'checklists', 'schema', 'templates'];
const SETUP_ENTRY = join('bench', 'setup', 'populate.ts');
const TIME = '/usr/bin/time';

/**
 * Copy the package's sources into `dir`, build it there (scripts/build.mjs, ≈ 4 s) and bundle the set-up
 * tool from the same sources. Retries while a concurrent edit leaves the sources unbuildable.
 * Returns { dir, bin, setup }.
 */
export async function privateBuild(dir) {
  const { build } = await import('esbuild');
  let lastError;
  for (let attempt = 1; attempt <= 10; attempt++) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'bench'), { recursive: true });
    try {
      for (const part of PACKAGE_PARTS)
        if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
      cpSync(join(ROOT, 'bench', 'setup'), join(dir, 'bench', 'setup'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const built = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`build failed: ${built.stderr.slice(0, 2000)}`);
      const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
      const setup = join(dir, 'bench', 'setup', 'populate.mjs');
      // Inside the copy, so packageRoot() finds its package.json and checklists; better-sqlite3 and js-yaml
      // resolve through the node_modules link.
      await build({
        entryPoints: [join(dir, SETUP_ENTRY)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: setup,
        external: ['better-sqlite3'],
        define: { __DUCHA_VERSION__: JSON.stringify(version) },
        banner: {
          js: "import { createRequire as __bench_createRequire } from 'node:module'; const require = __bench_createRequire(import.meta.url);",
        },
        charset: 'utf8',
        logLevel: 'silent',
      });
      const bin = join(dir, 'bin', 'ducha.js');
      const probe = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
      if (probe.status !== 0) throw new Error(`the private build does not start: ${probe.stderr.slice(0, 2000)}`);
      return { dir, bin, setup };
    } catch (error) {
      lastError = error;
    }
    spawnSync('sleep', ['3']); // an edit or a build is probably in progress
  }
  throw new Error(`could not build a private copy of ducha from ${ROOT}: ${lastError?.message ?? lastError}`);
}

// Scratch folders of the cases (private build, databases of hundreds of MB), removed however the run ends.
const scratch = new Set();
const cleanUp = () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/** A scratch folder in the temporary directory, removed by remove() or when the process ends. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}

export function removeScratch(dir) {
  rmSync(dir, { recursive: true, force: true });
  scratch.delete(dir);
}

let shared;
/** One private build per benchmark process, shared by the cases that need it (built on first use). */
export function sharedBuild() {
  shared ??= privateBuild(join(scratchDir('ducha-bench-build-'), 'ducha')).catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Run the set-up tool (untimed); returns its JSON result. Progress on a terminal goes to our stderr. */
export function populate(setup, mode, args) {
  const r = spawnSync(process.execPath, [setup, mode, JSON.stringify(args)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', process.stderr.isTTY ? 'inherit' : 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`set-up ${mode} exited ${r.status}: ${String(r.stderr ?? '').slice(0, 3000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export const envFor = (dataDir) => ({ DUCHA_DATA_DIR: dataDir, DUCHA_ACTOR: 'bench', DUCHA_LANG: 'zh', NO_COLOR: '1' });

/** Run ducha (untimed) and return { status, stdout, stderr }; throws on an exit code not in okCodes. */
export function runDucha(bin, args, env, { okCodes = [0] } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: env.DUCHA_DATA_DIR ?? ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (!okCodes.includes(r.status))
    throw new Error(
      `ducha ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}${String(r.stdout).slice(0, 1000)}`,
    );
  return r;
}

/**
 * Wall time (ms) and peak resident set size (MB, 10^6 bytes) of one process. With GNU time (/usr/bin/time -v) the
 * kernel's own maximum RSS of the child is read; otherwise /proc/PID/status VmHWM is polled every 5 ms
 * (may miss a peak in the last few milliseconds). Throws when the command fails.
 */
export async function measure(command, args, { env = {}, cwd = ROOT } = {}) {
  const useTime = hasGnuTime();
  const report = useTime ? join(cwd, `.bench-time-${process.pid}-${Date.now()}.txt`) : null;
  const argv = useTime ? ['-v', '-o', report, command, ...args] : args;
  const start = process.hrtime.bigint();
  const child = spawn(useTime ? TIME : command, argv, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let polledKB = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polledKB = Math.max(polledKB, Number(m[1]));
        } catch {
          /* gone */
        }
      }, 5);
  const status = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (poll) clearInterval(poll);
  let rssKB = polledKB;
  if (report) {
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
    rmSync(report, { force: true });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    if (m) rssKB = Number(m[1]);
    const exit = /Exit status: (\d+)/.exec(text);
    if (status !== 0 && exit) stderr = `exit ${exit[1]}\n${stderr}`;
  }
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${status}: ${stderr}`);
  // MB = 10^6 bytes (the kernel counts KiB).
  return {
    ms,
    rssMB: (rssKB * 1024) / 1e6,
    method: useTime ? 'max RSS from /usr/bin/time -v' : 'VmHWM polled from /proc every 5 ms',
  };
}

let gnuTime;
export function hasGnuTime() {
  gnuTime ??=
    existsSync(TIME) &&
    spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');
  return gnuTime;
}

/** Bytes of a database file with its WAL and shared-memory files. */
export function dbBytes(dataDir, name = 'ducha.db') {
  return readdirSync(dataDir)
    .filter((f) => f.startsWith(name))
    .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
}

export const loadText = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
