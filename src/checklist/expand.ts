// Expands lint arguments (files, folders searched recursively for *.yaml / *.yml, and globs) into files.
// Folder scans and globs skip symbolic links; a file named explicitly is followed (and must be a regular file).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface FoundFile {
  absolute: string;
  /** Relative to cwd with forward slashes when inside it, absolute otherwise. */
  shown: string;
}

const YAML_FILE = /\.ya?ml$/i;
const GLOB_CHARS = /[*?[\]{}]/;

export async function expandPaths(paths: readonly string[], cwd: string): Promise<FoundFile[]> {
  const found = new Map<string, FoundFile>();
  const add = (absolute: string) => {
    if (!found.has(absolute)) found.set(absolute, { absolute, shown: shownPath(absolute, cwd) });
  };
  for (const path of paths) {
    if (GLOB_CHARS.test(path) && !exists(resolve(cwd, path))) {
      const { glob } = await import('tinyglobby');
      // Links are not followed, as in a folder scan: a glob never reads a file outside the tree through one.
      const matches = await glob(path, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        followSymbolicLinks: false,
      });
      if (matches.length === 0) throw new InputError(t('lint.noMatch', { path }), { hint: t('lint.noMatch.hint') });
      matches.sort().forEach((m) => add(resolve(m)));
      continue;
    }
    const absolute = resolve(cwd, path);
    const stat = statOrThrow(absolute, path);
    if (stat.isDirectory()) {
      const files = walk(absolute);
      if (files.length === 0) throw new InputError(t('lint.emptyDir', { path }), { hint: t('lint.emptyDir.hint') });
      files.forEach(add);
    } else add(absolute);
  }
  return [...found.values()];
}

/** Every *.yaml / *.yml below `dir`, sorted, skipping hidden folders and node_modules. */
export function walk(dir: string, out: string[] = []): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

export function shownPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return (inside ? rel : absolute).split(sep).join('/');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function statOrThrow(absolute: string, given: string) {
  try {
    return statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new InputError(t('lint.noPath', { path: given }), { hint: t('lint.noPath.hint') });
    throw new InputError(t('lint.unreadablePath', { path: given, reason: String(code) }));
  }
}
