// Conditions a database can meet on a real machine, made for the damaged-file tests: a read-only file or
// folder (chmod, or chattr +i when running as root) and a full disk (a small tmpfs), each probed first so
// a machine that cannot provide one skips those cases instead of pretending.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { tempDir } from '../helpers/run.js';

// Root can write to a 0444 file, so there the file (or folder) is made immutable with chattr +i instead;
// where neither works the cases are skipped rather than pretending.
function probeReadOnly(): 'chmod' | 'chattr' | undefined {
  const dir = tempDir('ducha-ro-probe-');
  try {
    return probeIn(join(dir, 'probe'));
  } finally {
    spawnSync('chattr', ['-i', join(dir, 'probe')]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function probeIn(file: string): 'chmod' | 'chattr' | undefined {
  writeFileSync(file, 'x');
  const writable = () => {
    try {
      closeSync(openSync(file, 'r+'));
      return true;
    } catch {
      return false;
    }
  };
  spawnSync('chmod', ['0444', file]);
  if (!writable()) return 'chmod';
  if (spawnSync('chattr', ['+i', file]).status === 0) {
    const ok = !writable();
    spawnSync('chattr', ['-i', file]);
    if (ok) return 'chattr';
  }
  return undefined;
}
export const READ_ONLY = probeReadOnly();
const locked = new Set<string>();
export function makeReadOnly(path: string): void {
  if (READ_ONLY === 'chattr') {
    expect(spawnSync('chattr', ['+i', path]).status).toBe(0);
    locked.add(path);
  } else spawnSync('chmod', [statSync(path).isDirectory() ? '0555' : '0444', path]);
}
export function makeWritable(path: string): void {
  if (READ_ONLY === 'chattr') spawnSync('chattr', ['-i', path]);
  spawnSync('chmod', ['u+w', path]);
  locked.delete(path);
}

/** Undo every makeReadOnly still in force (afterAll: an immutable file cannot even be deleted). */
export function releaseAll(): void {
  [...locked].forEach(makeWritable);
}

// A full disk: a 2 MB tmpfs, when this process may mount one (root, and mount works here).
function probeTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs to fill';
  const dir = tempDir('ducha-tmpfs-probe-');
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status !== 0)
      return 'mount -t tmpfs failed here (no CAP_SYS_ADMIN?)';
    spawnSync('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
export const NO_TMPFS = probeTmpfs();
const mounts: string[] = [];

/** A new 2 MB tmpfs (only where NO_TMPFS is undefined). */
export function mountTmpfs(): string {
  const dir = tempDir('ducha-full-');
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status).toBe(0);
  mounts.push(dir);
  return dir;
}

/** Lazily unmount every tmpfs mounted here (afterAll). */
export function unmountAll(): void {
  mounts.splice(0).forEach((dir) => spawnSync('umount', ['-l', dir]));
}

/** Fill the file system holding `dir` until ENOSPC, then free `leaveBytes` again. */
export function fill(dir: string, leaveBytes: number): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  for (const size of [65_536, 4096, 512, 1]) {
    const chunk = Buffer.alloc(size, 0x5a);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
  }
  closeSync(fd);
  if (leaveBytes > 0) writeFileSync(filler, readFileSync(filler).subarray(0, statSync(filler).size - leaveBytes));
  return filler;
}
