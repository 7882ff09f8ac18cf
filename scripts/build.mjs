// Build: generate the checklist JSON Schema and precompiled validator, then bundle the CLI with esbuild.
// Runs on `npm install` (prepare), so a fresh clone works with no other step.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  stdin: {
    contents:
      "import { writeGenerated } from './gen-schema.ts'; writeGenerated('schema/checklist.schema.json', 'src/generated/validate-checklist.js');",
    resolveDir: 'scripts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.tmp/gen-schema.mjs',
  packages: 'external',
  logLevel: 'warning',
});
execFileSync(process.execPath, ['.tmp/gen-schema.mjs'], { stdio: 'inherit' });

// What the migrations make, so opening a database compares its schema with a list (store/schema-check.ts).
// Bundled without the generated list itself (the step that writes it cannot import it): a stub stands in.
await build({
  stdin: {
    contents:
      "import { writeExpectedSchema } from './gen-expected-schema.ts'; writeExpectedSchema('src/generated/expected-schema.js');",
    resolveDir: 'scripts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.tmp/gen-expected-schema.mjs',
  packages: 'external',
  plugins: [
    {
      name: 'no-expected-schema-yet',
      setup(b) {
        b.onResolve({ filter: /generated\/expected-schema\.js$/ }, () => ({
          path: 'expected-schema',
          namespace: 'stub',
        }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: "export const EXPECTED_SCHEMA = { key: '', objects: [] };",
          loader: 'js',
        }));
      },
    },
  ],
  logLevel: 'warning',
});
execFileSync(process.execPath, ['.tmp/gen-expected-schema.mjs'], { stdio: 'inherit' });

// The message catalogues, evaluated once here and bundled as JSON.parse of one string: V8 parses JSON text
// several times faster than an object literal of 1,600 members spread together from 21 modules, and every
// command loads the Chinese one at start-up (about 10 ms of CPU saved per run). The sources stay TypeScript.
const catalogues = {};
for (const lang of ['zh', 'en']) {
  await build({
    entryPoints: [`src/i18n/${lang}/index.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: `.tmp/catalogue-${lang}.mjs`,
    logLevel: 'warning',
  });
  const module = await import(pathToFileURL(`${root}/.tmp/catalogue-${lang}.mjs`).href + `?${Date.now()}`);
  catalogues[lang] = module[lang];
  if (!catalogues[lang] || Object.values(catalogues[lang]).some((v) => typeof v !== 'string'))
    throw new Error(`catalogue ${lang}: expected an object of strings`);
}
const catalogueAsJson = {
  name: 'catalogue-as-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/](zh|en)[\\/]index\.ts$/ }, (args) => {
      const lang = /[\\/](zh|en)[\\/]index\.ts$/.exec(args.path)[1];
      const json = JSON.stringify(catalogues[lang]);
      return { contents: `export const ${lang} = JSON.parse(${JSON.stringify(json)});`, loader: 'js' };
    });
  },
};

// commander requires node:child_process at load, for executable subcommands, which ducha has none of; it
// brings net, dgram and the stream modules with it. Loaded when first used instead (never, in practice).
const commanderWithoutChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path}: commander changed; update scripts/build.mjs`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

// One chunk for the code every command but `--version` runs. esbuild puts each module in a chunk of its own for
// every distinct set of lazily loaded modules that reach it: with a hundred lazy imports, `ducha record`
// loaded 57 files, and Node's ESM loader resolves, reads, links and compiles each one (≈ 25 ms of CPU, more
// than the code itself). A first pass finds the modules that the dispatcher (commander, the catalogue, the
// command table), `record` and `inspection show` load — the core, less the command modules themselves and
// what main.js imports (`--version` loads main.js alone); every lazily loaded module that reaches one of them
// gets an import of all of them (appended, so no line moves), which gives the whole core one and the same
// set: one chunk. `record` then loads four files: main.js, the core, esbuild's helpers, its command.
// Loading the core costs a command that needs only part of it little, since V8 compiles a function when it
// first runs; the lint worker is left alone, and the core holds nothing native (better-sqlite3's addon is
// loaded at the first connection).
const HOT_PATHS = [
  'src/cli/dispatch.ts',
  'src/cli/commands/record.ts',
  'src/cli/commands/inspection.ts',
  'src/cli/session.ts',
  'src/store/open.ts',
  'src/cli/key-access.ts',
];
const probe = await build({ ...bundleOptions(), write: false, metafile: true, outdir: 'dist.probe', sourcemap: false });
const inputs = probe.metafile.inputs;
const staticClosure = (starts) => {
  const seen = new Set();
  const stack = [...starts];
  while (stack.length > 0) {
    const path = stack.pop();
    if (seen.has(path) || !inputs[path]) continue;
    seen.add(path);
    for (const i of inputs[path].imports) if (i.kind !== 'dynamic-import' && !i.external) stack.push(i.path);
  }
  return seen;
};
for (const path of HOT_PATHS)
  if (!inputs[path]) throw new Error(`scripts/build.mjs: ${path} is gone; update HOT_PATHS`);
const mainClosure = staticClosure(['src/main.ts']);
const core = [...staticClosure(HOT_PATHS)].filter(
  (path) => path.startsWith('src/') && !path.startsWith('src/cli/commands/') && !mainClosure.has(path),
);
const coreSet = new Set(core);
const shared = [...mainClosure].filter((path) => path !== 'src/main.ts' && staticClosure(HOT_PATHS).has(path));
if (shared.length > 0)
  throw new Error(`scripts/build.mjs: main.ts and the core share ${shared.join(', ')}, a chunk of its own for both`);
const lazyEntries = new Set(
  Object.values(inputs).flatMap((i) =>
    i.imports.filter((x) => x.kind === 'dynamic-import' && !x.external).map((x) => x.path),
  ),
);
const joinsCore = new Set([...lazyEntries].filter((e) => [...staticClosure([e])].some((p) => coreSet.has(p))));
const oneCoreChunk = {
  name: 'one-core-chunk',
  setup(b) {
    b.onResolve({ filter: /^ducha-core$/ }, () => ({ path: 'ducha-core', namespace: 'ducha-core' }));
    b.onLoad({ filter: /.*/, namespace: 'ducha-core' }, () => ({
      contents: core.map((path) => `import ${JSON.stringify('./' + path)};`).join('\n'),
      resolveDir: root,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const path = args.path.slice(root.length).replace(/\\/g, '/');
      if (!joinsCore.has(path)) return undefined;
      return { contents: readFileSync(args.path, 'utf8') + "\nimport 'ducha-core';\n", loader: 'ts' };
    });
  },
};

// Build beside dist/ and swap it in at the end, so a command running meanwhile never finds dist/ half-built.
rmSync('dist.next', { recursive: true, force: true });
await build({ ...bundleOptions(), plugins: [catalogueAsJson, commanderWithoutChildProcess, oneCoreChunk] });

function bundleOptions() {
  return {
    entryPoints: { main: 'src/main.ts', 'lint-worker': 'src/checklist/lint-worker.ts' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'dist.next',
    chunkNames: 'chunks/[name]-[hash]',
    // better-sqlite3's JavaScript is bundled (src/store/sqlite.ts loads its addon by path); `bindings`, which
    // it requires only when given no addon, stays outside (the installed driver is used then).
    external: ['bindings', '@resvg/resvg-js', 'pg'],
    define: { __DUCHA_VERSION__: JSON.stringify(pkg.version) },
    banner: {
      js: "import { createRequire as __ducha_createRequire } from 'node:module'; const require = __ducha_createRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    legalComments: 'none',
    charset: 'utf8', // Chinese text as UTF-8, not \uXXXX escapes: half the bytes to load
    plugins: [catalogueAsJson, commanderWithoutChildProcess],
    logLevel: 'warning',
  };
}

rmSync('dist.old', { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', 'dist.old');
renameSync('dist.next', 'dist');
rmSync('dist.old', { recursive: true, force: true });
