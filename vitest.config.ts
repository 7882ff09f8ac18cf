import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __DUCHA_VERSION__: JSON.stringify(pkg.version) },
  test: {
    // *.soak.ts: the timer-driven and memory-measuring tests, only under `npm run soak` (test/reliability/README.md).
    include: ['test/**/*.test.ts', ...(process.env.DUCHA_SOAK === '1' ? ['test/**/*.soak.ts'] : [])],
    globalSetup: ['test/global-setup.ts'],
    // Hang guards, not speed checks: generous, so that a loaded machine (other suites, stress) does not fail
    // a test that is merely slow. Nothing in the suite asserts how long anything takes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default on 2 cores is one file at a time (cores - 1); most files wait on the processes they
    // spawn, so on 2 cores three at a time run the suite in ≈ 0.9 of the time two take (BENCHMARKS.md, *The
    // protection tests' time*); on more cores, vitest's default. DUCHA_TEST_WORKERS chooses another number.
    maxWorkers: Number(process.env.DUCHA_TEST_WORKERS) || Math.max(3, availableParallelism() - 1),
  },
});
