// Where ducha's files live: the package's own folders and the user's data directory.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's root (holds checklists/, templates/, schema/), from wherever this code was bundled. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ducha')
      return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('ducha: cannot find the package root');
    dir = parent;
  }
}

export type Env = Record<string, string | undefined>;

/** The user's data directory: DUCHA_DATA_DIR, else the platform's convention. */
export function dataDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.DUCHA_DATA_DIR) return env.DUCHA_DATA_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA || env.APPDATA || join(home, 'AppData', 'Local'), 'ducha');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'ducha');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'ducha');
}

export const builtinChecklistsDir = () => join(packageRoot(), 'checklists');
export const builtinTemplatesDir = () => join(packageRoot(), 'templates');
export const schemaFile = () => join(packageRoot(), 'schema', 'checklist.schema.json');
export const userChecklistsDir = (env: Env) => join(dataDir(env), 'checklists');
export const userTemplatesDir = (env: Env) => join(dataDir(env), 'templates');
