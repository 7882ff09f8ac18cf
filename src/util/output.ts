// The one way a command writes a file the user named (-o FILE, backup FILE …): never the open database or
// its companion files, never an existing file unless --force, always through a temporary file beside the
// target that is renamed into place, so a killed command never leaves half a document.
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface OutputOptions {
  /** Replace an existing file (the user said --force). */
  force?: boolean;
  /** Files that must never be written, whatever the flags: the open database (its -wal, -shm, -journal are added). */
  protect?: readonly string[];
  /** How to name the target in messages (as the user typed it). */
  shown?: string;
  /** File mode of a new file. */
  mode?: number;
}

export interface Written {
  file: string;
  bytes: number;
}

const COMPANIONS = ['', '-wal', '-shm', '-journal'];

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** The path with its folder's links resolved, so `./x/../ducha.db` and a symlinked folder compare equal. */
function canonical(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

/**
 * Refuse a target before any work is done: the database or a companion (by path and by identity, so a
 * hard link or symlink to it is caught too), a folder, a missing folder, or an existing file without force.
 */
export function checkOutput(target: string, options: OutputOptions = {}): void {
  const shown = options.shown ?? target;
  const wanted = canonical(target);
  const stat = statOrUndefined(target);
  for (const db of options.protect ?? []) {
    for (const suffix of COMPANIONS) {
      const file = db + suffix;
      const other = statOrUndefined(file);
      const sameFile = stat && other && stat.dev === other.dev && stat.ino === other.ino;
      if (canonical(file) === wanted || sameFile)
        throw new InputError(t('output.isDatabase', { file: shown }), {
          hint: t('output.isDatabase.hint'),
          code: 'output-is-database',
        });
    }
  }
  if (stat?.isDirectory())
    throw new InputError(t('output.isDirectory', { file: shown }), {
      hint: t('output.exists.hint'),
      code: 'output-exists',
    });
  // A device, pipe or socket is never replaced, even with --force: renaming over /dev/null (as root) would
  // put a plain file where every program expects the device.
  if (stat && !stat.isFile())
    throw new InputError(t('output.notFile', { file: shown }), {
      hint: t('output.notFile.hint'),
      code: 'output-exists',
    });
  if (!statOrUndefined(dirname(target))?.isDirectory())
    throw new InputError(t('output.noDir', { dir: dirname(shown) }), {
      hint: t('output.noDir.hint'),
      code: 'output-no-dir',
    });
  if (stat && !options.force)
    throw new InputError(t('output.exists', { file: shown }), { hint: t('output.exists.hint'), code: 'output-exists' });
}

/** A temporary name beside the target: same folder, so the final rename never crosses file systems. */
export function partialName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Write through a temporary file: `fill` writes into the open descriptor; the file is synced and then put in
 * place. Without force the final step is a hard link, which fails rather than replace a file that appeared
 * meanwhile; where links are not possible (FAT drives) it falls back to rename after a second check.
 */
export function writeOutputWith(target: string, options: OutputOptions, fill: (fd: number) => void): Written {
  checkOutput(target, options);
  const partial = partialName(target);
  let fd: number | undefined;
  try {
    fd = openSync(partial, 'wx', options.mode ?? 0o644);
    fill(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    const bytes = statSync(partial).size;
    place(partial, target, options);
    return { file: target, bytes };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(t('output.cannotWrite', { file: options.shown ?? target, reason: code }), {
      hint: code === 'ENOSPC' ? t('store.full.hint') : undefined,
      code: 'output-failed',
    });
  }
}

/** Write bytes held in memory (a report, a workbook). */
export function writeOutput(target: string, bytes: Uint8Array, options: OutputOptions = {}): Written {
  return writeOutputWith(target, options, (fd) => {
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  });
}

/** Put a finished temporary file (see partialName) in place of the target, under the same rules. */
export function place(partial: string, target: string, options: OutputOptions): void {
  if (options.force) {
    checkOutput(target, options); // the protected files may have appeared since the first check
    renameSync(partial, target);
    return;
  }
  try {
    linkSync(partial, target);
    rmSync(partial, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new InputError(t('output.exists', { file: options.shown ?? target }), {
        hint: t('output.exists.hint'),
        code: 'output-exists',
      });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    checkOutput(target, options);
    renameSync(partial, target);
  }
}
