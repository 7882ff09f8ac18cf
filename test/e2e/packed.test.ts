// SLOW (about 20–40 s; budget 60 s): `npx ducha lint` from a fresh project that has ducha as a dev dependency.
// The tarball is the real `npm pack` of this folder (--ignore-scripts: `npm test` has just built dist/, which is
// what `prepare` would build before a publish). It is installed with `npm ci --offline --ignore-scripts` from a
// lockfile made of this repository's own (so the project resolves exactly what ducha's `npm ci` put into the npm
// cache, and no network is needed); --ignore-scripts leaves better-sqlite3 uncompiled, which proves that lint
// never loads it. The GitLab CI lines of docs/ci.md and the pre-commit hook's entry then run in that project.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { GOOD, WARNED, BAD, docsGitlabScript } from '../helpers/ci.js';

const root = mkdtempSync(join(tmpdir(), 'ducha-packed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a shell outside `npm test`: no npm_* variables of the running script leak in. */
function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && !k.startsWith('VITEST')) env[k] = v;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface PackFile {
  path: string;
  mode: number;
}

let pack: { filename: string; version: string; integrity: string; files: PackFile[] };
let project: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // npm's own logs go to this test's folder, removed at the end.
  const logs = { npm_config_logs_dir: join(root, 'logs') };
  const cache = (await run('npm', ['config', 'get', 'cache'], ROOT, outsideEnv(logs))).stdout.trim();
  const packed = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', root],
    ROOT,
    outsideEnv(logs),
  );
  expect(packed.code, packed.stderr).toBe(0);
  pack = JSON.parse(packed.stdout)[0];
  project = join(root, 'project');
  mkdirSync(project);
  const spec = `file:../${pack.filename}`;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      { name: 'my-checklists', version: '1.0.0', private: true, devDependencies: { ducha: spec } },
      null,
      2,
    ),
  );
  // ducha's own lockfile, its development-only packages left out, is what the project resolves to.
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<
      string,
      { dev?: boolean; link?: boolean; dependencies?: object; bin?: object; engines?: object; license?: string }
    >;
  };
  const own = lock.packages['']!;
  const packages: Record<string, object> = {
    '': { name: 'my-checklists', version: '1.0.0', devDependencies: { ducha: spec } },
    'node_modules/ducha': {
      version: pack.version,
      resolved: spec,
      integrity: pack.integrity,
      dev: true,
      license: own.license,
      dependencies: own.dependencies,
      bin: own.bin,
      engines: own.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev && !entry.link) packages[path] = { ...entry, dev: true };
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'my-checklists', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  env = outsideEnv({
    ...logs,
    npm_config_cache: cache,
    HOME: join(root, 'home'),
    DUCHA_DATA_DIR: join(root, 'data'),
    DUCHA_LANG: 'zh',
  });
  mkdirSync(join(root, 'home'));
  const installed = await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project, env);
  expect(
    installed.code,
    `${installed.stderr}\n(the npm cache at ${cache} must hold what \`npm ci\` of ducha fetched)`,
  ).toBe(0);
  mkdirSync(join(project, 'checklists'));
  writeFileSync(join(project, 'checklists', 'good.yaml'), GOOD);
  writeFileSync(join(project, 'checklists', 'warned.yaml'), WARNED);
  writeFileSync(join(project, 'bad.yaml'), BAD);
}, 120_000);

describe('the published package', () => {
  it('holds bin, dist, schema, checklists and templates, and no sources or tests', () => {
    const paths = pack.files.map((f) => f.path);
    for (const needed of [
      'bin/ducha.js',
      'dist/main.js',
      'dist/lint-worker.js',
      'schema/checklist.schema.json',
      'templates/feedback.md',
      'package.json',
      'README.md',
    ])
      expect(paths).toContain(needed);
    expect(paths.filter((p) => p.startsWith('checklists/')).length).toBeGreaterThanOrEqual(5);
    expect(paths.some((p) => p.startsWith('dist/chunks/'))).toBe(true);
    expect(paths.filter((p) => /^(src|test|scripts|bench|node_modules|\.ci)\//.test(p) || p.endsWith('.db'))).toEqual(
      [],
    );
    expect(pack.files.find((f) => f.path === 'bin/ducha.js')!.mode & 0o111).not.toBe(0);
  });

  it('`npx ducha lint` works in a project that has ducha as a dev dependency, with no database and no compiled SQLite', async () => {
    expect(existsSync(join(project, 'node_modules', 'better-sqlite3', 'build'))).toBe(false);
    const version = await run('npx', ['--offline', 'ducha', '--version'], project, env);
    expect(version.stdout.trim()).toBe(pack.version);
    const clean = await run('npx', ['--offline', 'ducha', 'lint', 'checklists/good.yaml'], project, env);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('没有发现问题');
    const bad = await run('npx', ['--offline', 'ducha', 'lint', 'bad.yaml', '--format', 'github'], project, env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error file=bad\.yaml,line=\d+,col=\d+,title=schema::/m);
    const builtin = await run('npx', ['--offline', 'ducha', 'lint', 'node_modules/ducha/checklists'], project, env);
    expect(builtin.code, builtin.stdout + builtin.stderr).toBe(0);
    expect(existsSync(join(root, 'data', 'ducha.db'))).toBe(false);
    expect(readdirSync(project).filter((f) => f.endsWith('.db'))).toEqual([]);
  });

  it("docs/ci.md's GitLab CI job runs as written and leaves a JUnit report", async () => {
    const { script, report } = docsGitlabScript();
    const lines = script.filter((line) => line.includes('ducha lint'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', line], project, env);
      expect(r.code, r.stderr).toBe(1); // warned.yaml has a warning, and the job allows none
    }
    const xml = readFileSync(join(project, report), 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<testsuites');
    expect(xml).toContain('paperwork-only');
  });

  it('the pre-commit hook entry runs the installed ducha on the files it selects', async () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
      id: string;
      entry: string;
    }>;
    const [command, ...args] = hooks[0]!.entry.split(' ');
    const path = `${join(project, 'node_modules', '.bin')}:${env.PATH}`;
    const good = await run(command!, [...args, 'checklists/good.yaml'], project, { ...env, PATH: path });
    expect(good.code, good.stderr).toBe(0);
    const bad = await run(command!, [...args, 'checklists/good.yaml', 'bad.yaml'], project, { ...env, PATH: path });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('bad.yaml');
  });
});
