// One temporary folder for the whole run: every test's temporary files (and those of the processes it
// spawns with the environment it was given) go under it, and it is removed when the run ends, whatever
// the tests themselves forget. What a test could leave outside it is checked at the end, and fails the run:
// the real user's ducha data directory (a test that forgot its private HOME / DUCHA_DATA_DIR), and new
// files in the repository (a database written into the default working folder, say).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from '../src/paths.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'ducha-run-'));
  // Other users may pass through (not list): the test PostgreSQL runs as its own user and reads a file here.
  chmodSync(root, 0o711);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  const userData = dataDir(process.env);
  const before = { userData: stamp(userData), files: repositoryFiles() };
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
    const left: string[] = [];
    if (stamp(userData) !== before.userData) left.push(`the user's data directory ${userData} was created or changed`);
    if (before.files)
      for (const file of repositoryFiles() ?? [])
        if (!before.files.has(file)) left.push(`a new file in the repository: ${file}`);
    if (left.length > 0) {
      console.error(`\nThe tests left something outside their temporary folder:\n  ${left.join('\n  ')}`);
      process.exitCode = 1;
    }
  };
}

/** When `path` last changed, or that it does not exist. */
function stamp(path: string): string {
  try {
    return String(statSync(path).mtimeMs);
  } catch {
    return 'absent';
  }
}

/** Untracked and ignored files and folders in the repository, as git lists them; undefined without git. */
function repositoryFiles(): Set<string> | undefined {
  const r = spawnSync('git', ['status', '--porcelain', '--ignored', '--untracked-files=normal'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) return undefined;
  return new Set(
    r.stdout
      .split('\n')
      .filter((line) => line.startsWith('??') || line.startsWith('!!'))
      .map((line) => line.slice(3)),
  );
}
