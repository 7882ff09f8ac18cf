// Evidence paths named in a records file: resolved under that file's folder, refused when they leave it —
// an absolute path, a `..` that climbs out, or a link inside that points out — unless explicitly allowed.
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { RowInput } from './import-records.js';

export interface EvidenceBase {
  /** The records file's folder, as given and with its links resolved. */
  dir: string;
  real: string;
  allowOutside: boolean;
  maxMb: number;
}

export interface EvidenceFile {
  path: string;
  /** The file's real path, so a file named twice (or through a link) is counted once. */
  real: string;
  size: number;
}

export function evidenceBase(file: string, allowOutside: boolean, maxMb: number): EvidenceBase {
  const dir = dirname(file);
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // The folder vanished after the file was read: every path will be missing, and say so.
  }
  return { dir, real, allowOutside, maxMb };
}

const leaves = (from: string, to: string) => {
  const rel = relative(from, to);
  return rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
};

/** The evidence files of a row, checked: inside the folder (unless allowed), present, within the size limit. */
export function evidenceFiles(row: RowInput, base: EvidenceBase): EvidenceFile[] {
  const raws = (row.evidence ?? '')
    .split(/[;；\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return raws.map((raw) => {
    const at = () => row.locate?.('evidence', raw);
    const fail = (message: string): never => {
      const where = at();
      throw new InputError(message, where ? { line: where.line, column: where.column } : {});
    };
    const outside = () => fail(t('import.outside', { path: raw, dir: base.dir }));
    if (!base.allowOutside && (isAbsolute(raw) || leaves(base.dir, resolve(base.dir, raw)))) outside();
    const path = resolve(base.dir, raw);
    let size: number;
    let real: string;
    try {
      size = statSync(path).size;
      real = realpathSync(path);
    } catch {
      return fail(t('evidence.missing', { path }));
    }
    // A link inside the folder may point anywhere: the file it reaches must be inside too.
    if (!base.allowOutside && leaves(base.real, real)) outside();
    if (size > base.maxMb * 1024 * 1024)
      fail(t('evidence.tooLarge', { path, size: (size / 1024 / 1024).toFixed(1), max: base.maxMb }));
    return { path, real, size };
  });
}
