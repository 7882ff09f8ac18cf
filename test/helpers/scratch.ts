// Temporary folders a test file makes — working folders, private homes, database files — removed when the
// file's tests are done (stores are closed first), so nothing is left in the temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore, type OpenOptions } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export interface Scratch {
  dir(prefix?: string): string;
  /** Like cleanEnv: PATH, a private HOME and data directory, plus what the test adds. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** A fresh database in its own folder, like tempStore. */
  store(options?: OpenOptions): Store;
  dbFile(): string;
}

export function scratch(): Scratch {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterAll(() => {
    for (const s of stores) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dir = (prefix = 'ducha-test-') => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  const dbFile = () => join(dir('ducha-db-'), 'test.db');
  return {
    dir,
    dbFile,
    env: (extra = {}) => {
      const home = dir('ducha-home-');
      return { PATH: process.env.PATH, HOME: home, DUCHA_DATA_DIR: join(home, 'data'), LANG: 'C.UTF-8', ...extra };
    },
    store: (options = {}) => {
      const store = openStore(dbFile(), { create: true, ...options });
      stores.push(store);
      return store;
    },
  };
}
