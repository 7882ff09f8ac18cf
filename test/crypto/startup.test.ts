// Start-up must not grow: the SM2 library and the 国密 suite load only through `await loadSuite()`. Checked on
// the source (importing src/crypto/index.ts pulls in no suite) and on the build (what `ducha --version` and
// every command's dispatch load statically: the default suite, node:crypto's, is in the chunk of code every
// database command shares — the migrations sign with it — but nothing of SM2). Needs `node scripts/build.mjs`
// first, as `npm test` does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

/** Files reached from `entry` through static, value-level imports (not `import type`, not `import()`). */
function staticClosure(
  entry: string,
  resolveSpecifier: (from: string, specifier: string) => string | undefined,
): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /^(?:import|export)(?!\s+type\b)[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gms,
    )) {
      const target = resolveSpecifier(file, (m[1] ?? m[2])!);
      if (target) visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('crypto stays off the start-up path', () => {
  it('importing src/crypto/index.ts loads neither suite nor sm-crypto-v2', () => {
    const packages: string[] = [];
    const files = staticClosure(join(ROOT, 'src/crypto/index.ts'), (from, specifier) => {
      if (!specifier.startsWith('.')) return void packages.push(specifier);
      return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
    });
    const names = [...files].map((f) => relative(ROOT, f));
    expect(names).toContain('src/crypto/errors.ts'); // the walk follows imports
    expect(names.filter((n) => /default-suite|gm-suite|sm2/.test(n))).toEqual([]);
    expect(packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
  });

  it.skipIf(!existsSync(join(ROOT, 'dist/main.js')))(
    'the built main.js and dispatch chunk statically load no SM2 or suite code',
    () => {
      const chunks = join(ROOT, 'dist/chunks');
      const dispatch = readdirSync(chunks).find((f) => /^dispatch-.*\.js$/.test(f))!;
      const local = (from: string, specifier: string) =>
        specifier.startsWith('.') ? resolve(dirname(from), specifier) : undefined;
      const files = new Set([
        ...staticClosure(join(ROOT, 'dist/main.js'), local),
        ...staticClosure(join(chunks, dispatch), local),
      ]);
      const text = [...files].map((f) => readFileSync(f, 'utf8')).join('\n');
      expect(text).toContain('// src/cli/dispatch.ts'); // the walk follows imports
      for (const marker of [
        'node_modules/sm-crypto-v2/',
        'node_modules/@noble/',
        '// src/crypto/gm-suite',
        '// src/crypto/sm2',
      ])
        expect(text).not.toContain(marker);
    },
  );
});
