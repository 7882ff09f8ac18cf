// The events part of a submission as groups of lines, checked against its manifest (SHA-256 and count) as
// they go: from bytes (a bundle file, a batch from the inbox) through the rules' eventLines, or — for a
// batch an administrator's push made in this same process — from the lines themselves, hashed exactly as
// their bytes would be, so that nothing is encoded to bytes only to be decoded again.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Manifest } from '../team/format.js';
import { PartLines, eventLines } from '../team/rules.js';

export interface LineSource {
  /** Groups of about `size` lines, in order. */
  groups(size: number): AsyncIterable<string[]>;
  /** After the last group: refuses a part whose SHA-256 or count is not the manifest's. */
  finish(): void;
  readonly count: number;
}

/** The events part's lines from bytes, through the rules' own splitter and check (format 2: by the suite's hash). */
export function linesFromBytes(
  chunks: AsyncIterable<Buffer>,
  manifest: Manifest,
  where: string,
  algorithm = 'sha256',
): LineSource {
  return partFromBytes(chunks, eventLines(manifest, algorithm, where));
}

/** Format 2's links part from bytes. */
export function linksFromBytes(
  chunks: AsyncIterable<Buffer>,
  expected: { count: number; digest: string },
  where: string,
  algorithm: string,
): LineSource {
  return partFromBytes(chunks, new PartLines(expected, algorithm, where));
}

function partFromBytes(chunks: AsyncIterable<Buffer>, lines: PartLines): LineSource {
  return {
    async *groups(size) {
      const pending: string[] = [];
      for await (const chunk of chunks) {
        for (const line of lines.push(chunk)) pending.push(line);
        if (pending.length >= size) yield pending.splice(0);
      }
      for (const line of lines.end()) pending.push(line);
      if (pending.length) yield pending;
    },
    finish: () => lines.finish(),
    get count() {
      return lines.count;
    },
  };
}

/** Lines made in this process (each without its newline): hashed as `line + "\n"`, which is what their bytes are. */
export function linesFromMemory(
  all: readonly string[],
  manifest: Manifest,
  where: string,
  algorithm = 'sha256',
): LineSource {
  const expected = 'sha256' in manifest.events ? manifest.events.sha256 : manifest.events.digest;
  return partFromMemory(
    all,
    { count: manifest.events.count, digest: expected },
    where,
    'sha256' in manifest.events ? 'sha256' : algorithm,
  );
}

export function partFromMemory(
  all: readonly string[],
  expected: { count: number; digest: string },
  where: string,
  algorithm: string,
): LineSource {
  const hash = createHash(algorithm);
  let count = 0;
  return {
    async *groups(size) {
      for (let i = 0; i < all.length; i += size) {
        const group = all.slice(i, i + size);
        for (const line of group) hash.update(line, 'utf8').update('\n');
        const events = group.filter((l) => l !== '');
        count += events.length;
        yield events;
      }
    },
    finish() {
      if (hash.digest('hex') !== expected.digest || count !== expected.count)
        throw new InputError(t('team.eventsHash', { file: where }), { code: 'bundle-hash' });
    },
    get count() {
      return count;
    },
  };
}

/**
 * What a set of lines hashes to as a part of lines (for the manifest of a batch), by the suite's hash; their
 * bytes are counted unless the caller counted them already.
 */
export function linesDigest(
  all: readonly string[],
  algorithm = 'sha256',
  known?: number,
): { sha256: string; bytes: number } {
  const hash = createHash(algorithm);
  let bytes = 0;
  for (const line of all) {
    hash.update(line, 'utf8').update('\n');
    if (known === undefined) bytes += Buffer.byteLength(line) + 1;
  }
  return { sha256: hash.digest('hex'), bytes: known ?? bytes };
}
