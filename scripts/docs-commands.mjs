// `npm run docs:commands`: writes the command reference (docs/commands.md in Chinese, docs/commands.en.md in
// English) from the command definitions (src/cli/reference.ts), and the list of error codes into the README's
// JSON section. test/cli/reference.test.ts fails when what is committed differs from what this writes.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  stdin: {
    contents: "import { writeReference } from './gen-reference.ts'; await writeReference(process.cwd());",
    resolveDir: 'scripts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.tmp/docs-commands.mjs',
  packages: 'external',
  define: { __DUCHA_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
execFileSync(process.execPath, ['.tmp/docs-commands.mjs'], { stdio: 'inherit' });
