// The guard rails of `npm run lint` can fail: dependency-cruiser, run with the repository's
// .dependency-cruiser.cjs on a tiny source tree planted in a temporary folder outside the repository, reports
// exactly the layer violations planted there (one or more per rule, every rule covered) and nothing in the
// allowed imports beside them; ESLint, run with the repository's eslint.config.js on planted text, reports the
// planted mistakes and accepts the house idioms. (SQL text outside src/store/: test/store/one-data-layer.test.ts.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/run.js';

const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** The planted tree: allowed imports (the layers as they should be) and one violation per file. */
const TREE: Record<string, string> = {
  // Allowed: main → cli → domain → store → checklist types; base below all; each package in its home.
  'src/main.ts': `import { run } from './cli/dispatch.js';\nexport const main = () => run();\n`,
  'src/cli/dispatch.ts': `import { start } from '../inspect/session.js';\nimport { settings } from '../config.js';\nexport const run = () => start(settings);\n`,
  'src/cli/io.ts': `export const out = (s: string) => s;\n`,
  'src/cli/commands/report.ts': `import { ready } from './report-readiness.js';\nexport const report = () => ready();\n`,
  'src/cli/commands/report-readiness.ts': `export const ready = () => true;\n`,
  'src/inspect/session.ts': `import { open } from '../store/store.js';\nimport { today } from '../util/dates.js';\nexport const start = (s: unknown) => [open(), today(), s];\n`,
  'src/inspect/evidence.ts': `export const MAX_MB = 200;\n`,
  'src/inspect/prompts.ts': `import { input } from '@inquirer/prompts';\nexport const ask = () => input();\n`,
  'src/store/store.ts': `import Database from 'better-sqlite3';\nimport type { Checklist } from '../checklist/schema.js';\nexport const open = (c?: Checklist) => [new Database(), c];\n`,
  'src/checklist/schema.ts': `export interface Checklist { id: string }\nexport const SCHEMA = {};\n`,
  'src/hub/connect.ts': `import pg from 'pg';\nexport const connect = () => pg;\n`,
  'src/review/types.ts': `import type Database from 'better-sqlite3';\nexport type Handle = Database;\n`,
  'src/util/dates.ts': `import { fail } from '../errors.js';\nimport { t } from '../i18n/index.js';\nexport const today = () => [fail, t];\n`,
  'src/errors.ts': `export const fail = () => undefined;\n`,
  'src/i18n/index.ts': `export const t = (k: string) => k;\n`,
  // A cycle closed only by an import of types: allowed.
  'src/review/c.ts': `import { d } from './d.js';\nexport interface C { n: number }\nexport const c = () => d;\n`,
  'src/review/d.ts': `import type { C } from './c.js';\nexport const d = (x: C) => x.n;\n`,
  // Planted violations.
  'src/config.ts': `import { MAX_MB } from './inspect/evidence.js';\nimport { out } from './cli/io.js';\nexport const settings = { MAX_MB, out };\n`,
  'src/cli/loop.ts': `import { main } from '../main.js';\nexport const again = () => main();\n`,
  'src/report/render.ts': `import { settings } from '../config.js';\nexport const render = () => settings;\n`,
  'src/checklist/load.ts': `import { MAX_MB } from '../inspect/evidence.js';\nexport const load = () => MAX_MB;\n`,
  'src/store/apply.ts': `import { SCHEMA } from '../checklist/schema.js';\nexport const apply = () => SCHEMA;\n`,
  'src/checklist/snapshot.ts': `import { open } from '../store/store.js';\nexport const snapshot = () => open();\n`,
  'src/util/where.ts': `import { open } from '../store/store.js';\nexport const where = () => open();\n`,
  'src/util/sign.ts': `import { suite } from '../crypto/suite.js';\nexport const sign = () => suite;\n`,
  'src/crypto/suite.ts': `import { fail } from '../errors.js';\nimport { today } from '../util/dates.js';\nexport const suite = [fail, today];\n`,
  'src/review/summary.ts': `import Database from 'better-sqlite3';\nexport const summary = () => new Database();\n`,
  'src/team/push.ts': `import pg from 'pg';\nexport const push = () => pg;\n`,
  'src/report/ask.ts': `import { input } from '@inquirer/prompts';\nexport const ask = () => input();\n`,
  'src/cli/commands/review.ts': `import { report } from './report.js';\nexport const review = () => report();\n`,
  'src/problems/gone.ts': `import { nothing } from './missing.js';\nexport const gone = () => nothing;\n`,
  'src/review/a.ts': `import { b } from './b.js';\nexport const a = () => b();\n`,
  'src/review/b.ts': `import { a } from './a.js';\nexport const b = (): unknown => a;\n`,
  // Stand-ins for the installed packages, so that the tree resolves on its own.
  'node_modules/better-sqlite3/package.json': `{ "name": "better-sqlite3", "main": "index.js" }\n`,
  'node_modules/better-sqlite3/index.js': `module.exports = class Database {};\n`,
  'node_modules/pg/package.json': `{ "name": "pg", "main": "index.js" }\n`,
  'node_modules/pg/index.js': `module.exports = {};\n`,
  'node_modules/@inquirer/prompts/package.json': `{ "name": "@inquirer/prompts", "main": "index.js" }\n`,
  'node_modules/@inquirer/prompts/index.js': `exports.input = () => '';\n`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true },
    include: ['src'],
  }),
};

/** What `depcruise` prints for the tree (its `err` output, as `npm run lint` runs it), one line per violation. */
const EXPECTED = [
  'only-main-imports-cli: src/config.ts → src/cli/io.ts',
  'nothing-imports-main: src/cli/loop.ts → src/main.ts',
  'domain-not-up: src/report/render.ts → src/config.ts',
  'lower-not-up: src/checklist/load.ts → src/inspect/evidence.ts',
  'store-only-checklist-types: src/store/apply.ts → src/checklist/schema.ts',
  'checklist-not-store: src/checklist/snapshot.ts → src/store/store.ts',
  'base-not-up: src/util/where.ts → src/store/store.ts',
  'base-not-up: src/util/sign.ts → src/crypto/suite.ts',
  'crypto-not-up: src/crypto/suite.ts → src/util/dates.ts',
  'sqlite-only-in-store: src/review/summary.ts → node_modules/better-sqlite3/index.js',
  'postgres-only-in-hub: src/team/push.ts → node_modules/pg/index.js',
  'inquirer-only-in-prompts: src/report/ask.ts → node_modules/@inquirer/prompts/index.js',
  'commands-not-commands: src/cli/commands/review.ts → src/cli/commands/report.ts',
  'not-to-unresolvable: src/problems/gone.ts → ./missing.js',
  'no-circular: src/review/a.ts → src/review/b.ts → src/review/a.ts',
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('dependency-cruiser (the layers)', () => {
  it('reports every planted violation, by its rule, and nothing else', () => {
    const dir = tempDir('ducha-guard-');
    made.push(dir);
    for (const [file, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--progress', 'none', 'src'], {
      cwd: dir,
      encoding: 'utf8',
    });
    // `  error RULE: FROM → TO`, a cycle continuing on the lines below; the summary after a blank line.
    const found = run.stdout
      .split(/\n\s*error /)
      .slice(1)
      .map((v) => v.split('\n\n')[0]!.replace(/\s+/g, ' ').trim());
    expect(found.sort(), run.stdout + run.stderr).toEqual([...EXPECTED].sort());
    // The exit code is the number of errors: `npm run lint`, and so `npm test`, fails.
    expect(run.status).toBe(EXPECTED.length);
  });

  it('every rule of the configuration has a planted violation above', () => {
    const rules = (createRequire(import.meta.url)(CONFIG) as { forbidden: Array<{ name: string }> }).forbidden.map(
      (r) => r.name,
    );
    expect(new Set(EXPECTED.map((line) => line.split(':')[0]))).toEqual(new Set(rules));
  });
});

describe('ESLint (the code)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const rulesOn = async (text: string, file: string) =>
    (await eslint.lintText(text, { filePath: join(ROOT, file) })).flatMap((r) =>
      r.messages.map((m) => m.ruleId ?? m.message),
    );

  it('reports the planted mistakes in TypeScript', async () => {
    const text = [
      'export function f(a: number, b: number): unknown {',
      '  const unused = 1;',
      '  let loose: any = a;',
      '  if (a == b) loose = b;',
      '  a, b;',
      '  return loose;',
      '}',
      '',
    ].join('\n');
    expect(await rulesOn(text, 'src/planted.ts')).toEqual([
      '@typescript-eslint/no-unused-vars',
      '@typescript-eslint/no-explicit-any',
      'eqeqeq',
      '@typescript-eslint/no-unused-expressions',
    ]);
  });

  it('reports an unknown global in a plain JavaScript file of bench/', async () => {
    expect(await rulesOn('export const t = performanceNow();\n', 'bench/planted.mjs')).toEqual(['no-undef']);
  });

  it('accepts the house idioms: short-circuit and ternary statements, == null, _unused arguments, Node globals', async () => {
    const text = [
      'export function g(a: string | null, _unused: number, log: (s: string) => void): void {',
      '  a == null && log("none");',
      '  a ? log(a) : log("empty");',
      '}',
      '',
    ].join('\n');
    expect(await rulesOn(text, 'src/planted.ts')).toEqual([]);
    expect(await rulesOn('process.stdout.write(String(Buffer.byteLength("x")));\n', 'scripts/planted.mjs')).toEqual([]);
  });
});
