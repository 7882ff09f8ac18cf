// One temporary folder for the whole run: every test's temporary files (and those of the processes it
// spawns with the environment it was given) go under it, and it is removed when the run ends, whatever
// the tests themselves forget.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'ducha-run-'));
  // Other users may pass through (not list): the test PostgreSQL runs as its own user and reads a file here.
  chmodSync(root, 0o711);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
