import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __DUCHA_VERSION__: JSON.stringify(pkg.version) },
  test: {
    // *.soak.ts: the timer-driven and memory-measuring tests, only under `npm run soak` (test/reliability/README.md).
    include: ['test/**/*.test.ts', ...(process.env.DUCHA_SOAK === '1' ? ['test/**/*.soak.ts'] : [])],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
