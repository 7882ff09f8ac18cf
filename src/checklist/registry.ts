// The checklists available to this user: built-in, the user folder, then each --checklists folder, in
// that order; a later file declaring an id already seen shadows it, and the shadowing is reported.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinChecklistsDir, userChecklistsDir, type Env } from '../paths.js';
import { shownPath, walk, type FoundFile } from './expand.js';
import { loadChecklistBytes, readChecklistBytes } from './load.js';
import type { Problem } from './problem.js';
import type { Checklist } from './schema.js';
import { t } from '../i18n/index.js';
import { InputError } from '../errors.js';
import { closest } from '../util/closest.js';

export type Origin = 'builtin' | 'user' | 'option';

export interface ChecklistEntry {
  checklist: Checklist;
  file: string;
  origin: Origin;
  sha256: string;
  /** The exact bytes, kept so an inspection can snapshot the checklist it was created with. */
  bytes: Buffer;
}

export interface Shadowing {
  id: string;
  file: string;
  shadowedFile: string;
}

export interface Registry {
  entries: Map<string, ChecklistEntry>;
  shadowed: Shadowing[];
  /** Files that could not be used, with their errors (the first of them, and how many there are). */
  invalid: Array<{ file: string; problems: Problem[]; count: number }>;
}

export interface Folder {
  dir: string;
  origin: Origin;
}

export function checklistFolders(env: Env, cwd: string, extra: readonly string[] = []): Folder[] {
  const folders: Folder[] = [{ dir: builtinChecklistsDir(), origin: 'builtin' }];
  const user = userChecklistsDir(env);
  if (existsSync(user)) folders.push({ dir: user, origin: 'user' });
  for (const dir of extra) folders.push({ dir: resolve(cwd, dir), origin: 'option' });
  return folders;
}

export function folderFiles(folders: readonly Folder[], cwd: string): Array<FoundFile & { origin: Origin }> {
  return folders.flatMap(({ dir, origin }) =>
    (existsSync(dir) ? walk(dir) : []).map((absolute) => ({ absolute, shown: shownPath(absolute, cwd), origin })),
  );
}

export function loadRegistry(folders: readonly Folder[], cwd: string): Registry {
  const registry: Registry = { entries: new Map(), shadowed: [], invalid: [] };
  for (const file of folderFiles(folders, cwd)) {
    const bytes = readChecklistBytes(file.absolute, file.shown);
    const loaded = Buffer.isBuffer(bytes) ? loadChecklistBytes(bytes, file.shown) : bytes;
    if (!loaded.checklist || !Buffer.isBuffer(bytes)) {
      const errors = loaded.problems.filter((p) => p.severity === 'error');
      registry.invalid.push({
        file: file.shown,
        problems: errors,
        count: errors.length + (loaded.omitted?.errors ?? 0),
      });
      continue;
    }
    const id = loaded.checklist.id;
    const earlier = registry.entries.get(id);
    if (earlier) registry.shadowed.push({ id, file: file.shown, shadowedFile: earlier.file });
    registry.entries.set(id, {
      checklist: loaded.checklist,
      file: file.shown,
      origin: file.origin,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
    });
  }
  return registry;
}

/** Registry findings as envelope problems (shadowing and unusable files are warnings: the rest still works). */
export function registryProblems(registry: Registry): Problem[] {
  const problems: Problem[] = registry.shadowed.map((s) => ({
    file: s.file,
    line: 1,
    column: 1,
    code: 'duplicate-checklist',
    severity: 'warning',
    message: t('checklist.shadowed', { id: s.id, shadowed: s.shadowedFile }),
  }));
  for (const bad of registry.invalid) {
    const first = bad.problems[0];
    problems.push({
      file: bad.file,
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      code: first?.code ?? 'schema',
      severity: 'warning',
      message: t('checklist.invalidSkipped', { count: bad.count, file: bad.file }),
    });
  }
  return problems;
}

/** The checklist with this id, or a refusal naming the closest id there is. */
export function checklistEntry(registry: Registry, id: string): ChecklistEntry {
  const entry = registry.entries.get(id);
  if (entry) return entry;
  const guess = closest(id, [...registry.entries.keys()]);
  throw new InputError(t('checklist.notFound', { id }), {
    hint: guess ? t('cli.usage.didYouMean', { name: guess }) : t('checklist.notFound.hint'),
  });
}

export function itemCount(checklist: Checklist): number {
  return checklist.sections.reduce((n, s) => n + s.items.length, 0);
}
