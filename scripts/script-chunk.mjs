// Build step: the shared chunk as a script run with V8's code cache. Node 20 compiles every ES module from its
// source on every run (it has no compile cache for them), and the shared chunk is ≈ 400 KB that every command
// but `--version` loads. A classic script can be given the code V8 compiled on an earlier run
// (`vm.Script`'s `cachedData`), so the chunk's code moves into `<chunk>.script`, run by a small ES module left at
// the chunk's own path (the facade: the other chunks import it as before), with the cache beside it in
// `<chunk>.script.cache`, made here by running `inspection new`, `record` and `inspection show` once.
//
// The cache is only a shortcut: the facade checks it before V8 sees it — its header names the script it was made
// for (the script's SHA-256, which the facade also holds) and the SHA-256 of its payload (V8 itself checks a code
// cache's version, flags and source length, but not its bytes) — and V8 rejects one made by another V8 or with
// other flags. Either way, or when it is missing, the script is compiled from its source as a module would be.
import { transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CACHE_MAGIC = 'ducha-v8-cache/1';

/**
 * Turns `dir/chunk` (an ES module written by esbuild with the build's banner) into `chunk.script` and its facade;
 * `importsOf(name)` gives the chunk files a chunk imports statically (the chunk's own must not lead back to it).
 */
export async function scriptChunk(dir, chunk, importsOf) {
  const file = `${dir}/${chunk}`;
  let source = readFileSync(file, 'utf8');
  const banner = source.slice(0, source.indexOf('\n') + 1);
  if (!banner.includes('__ducha_createRequire')) throw new Error(`${chunk}: the build's banner is missing`);
  source = source.slice(banner.length).replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');

  const exported = /\nexport \{([^}]*)\};\s*$/.exec(source);
  if (!exported) throw new Error(`${chunk}: no export list at its end`);
  const names = exported[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [local, name = local] = s.split(/\s+as\s+/);
      return { local, name };
    });
  // The facade exports values, not live bindings: refuse a chunk that assigns an exported binding after its
  // declaration (esbuild writes top-level declarations as `var`, so the declaration is the first assignment).
  for (const { local } of names) {
    const assignments = source.match(
      new RegExp(
        `(?<![\\w$.])${local.replace(/\$/g, '\\$')}\\s*(?:=(?![=>])|\\+\\+|--|[-+*/%&|^]=|&&=|\\|\\|=|\\?\\?=)`,
        'g',
      ),
    );
    if ((assignments?.length ?? 0) > 1) throw new Error(`${chunk}: exported binding ${local} is reassigned`);
  }

  const deps = [
    ...new Set([...source.matchAll(/^(?:import|\}\s*from)\s*(?:[^"'\n]*?from\s*)?"(\.\/[^"]+)";$/gm)].map((m) => m[1])),
  ];
  // Each sibling is evaluated before the script runs, so none may reach back to this chunk.
  const seen = new Set();
  const stack = deps.map((d) => d.slice(2));
  while (stack.length > 0) {
    const name = stack.pop();
    if (name === chunk) throw new Error(`${chunk}: a chunk it imports imports it back`);
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...importsOf(name));
  }
  // Dynamic imports go through the facade's import(): a script has no module to resolve them from.
  const dynamic = source.match(/(?<![\w$.])import\(/g)?.length ?? 0;
  source = source.replace(/(?<![\w$.])import\("(\.\/[^"]+\.js)"\)/g, '__ducha_import("$1")');
  if (
    (source.match(/(?<![\w$.])import\(/g)?.length ?? 0) > 0 ||
    (source.match(/__ducha_import\("/g)?.length ?? 0) !== dynamic
  )
    throw new Error(`${chunk}: a dynamic import of something other than a sibling chunk`);

  // The `// src/…` lines that name each module's code are kept (as legal comments, which esbuild does not drop):
  // tests read them to tell what a chunk holds.
  source = source.replace(/^\/\/ ((?:src|node_modules)\/\S+)$/gm, '//! $1');
  const { code } = await transform(source, {
    legalComments: 'inline',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    define: { 'import.meta.url': '__ducha_url' },
    logLevel: 'warning',
  });
  if (/\bimport\.meta\b/.test(code)) throw new Error(`${chunk}: import.meta other than import.meta.url`);
  const script = `(function (exports, require, module, __ducha_url, __ducha_import) {'use strict';\n${code}\n})`;
  const scriptName = `${chunk.replace(/\.js$/, '')}.script`;
  writeFileSync(`${dir}/${scriptName}`, script);
  const scriptHash = createHash('sha256').update(script).digest('hex');

  const loader = readFileSync(fileURLToPath(new URL('./script-chunk-loader.js', import.meta.url)), 'utf8');
  const facade = [
    banner.trimEnd(),
    `// ${chunk}: the chunk's code is in ${scriptName}, run with V8's code cache (scripts/script-chunk.mjs).`,
    ...deps.map((d, i) => `import * as dep${i} from ${JSON.stringify(d)};`),
    loader.replace(/^\/\/[^\n]*\n/, '').replace(/^\/\* global[^\n]*\n/m, '').trim(),
    `const chunk = runScript(import.meta.url, ${JSON.stringify(scriptName)}, ${JSON.stringify(scriptHash)}, {${deps
      .map((d, i) => ` ${JSON.stringify(d)}: dep${i}`)
      .join(',')} }, (specifier) => import(specifier));`,
    `export const { ${names.map(({ name }) => name).join(', ')} } = chunk;`,
    '',
  ].join('\n');
  writeFileSync(file, facade);
  rmSync(`${file}.map`, { force: true });
  return { script: `${dir}/${scriptName}`, scriptHash };
}

/**
 * Writes `script.cache`: V8's code for the script after a child process ran the everyday commands through
 * `entry` (dist.next/main.js). When they cannot run here (no compiled SQLite addon), the cache holds what V8
 * compiles up front.
 */
export function writeCodeCache(entry, script, scriptHash) {
  const warm = fileURLToPath(new URL('./warm-code-cache.mjs', import.meta.url));
  execFileSync(process.execPath, [warm, entry, script, scriptHash], { stdio: 'inherit' });
}

/** The cache file: magic, the script's SHA-256 (hex), the payload's SHA-256 (hex), each on a line, then V8's bytes. */
export function cacheFile(scriptHash, payload) {
  const payloadHash = createHash('sha256').update(payload).digest('hex');
  return Buffer.concat([Buffer.from(`${CACHE_MAGIC}\n${scriptHash}\n${payloadHash}\n`), payload]);
}
