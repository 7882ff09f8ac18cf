// Evidence files: checked against the size limit, stored content-addressed, named safely.
import { basename, extname } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { hashFile, putFile } from '../store/blobs.js';
import { InputFileError, openInput } from '../util/input.js';
import type { EvidenceRef } from '../store/events.js';
import type { Store } from '../store/store.js';

export const DEFAULT_MAX_EVIDENCE_MB = 100;

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.heic': 'image/heic',
  '.webp': 'image/webp',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.wps': 'application/vnd.ms-works',
  '.ofd': 'application/ofd',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.amr': 'audio/amr',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.zip': 'application/zip',
};

export function mimeOf(name: string): string {
  return MIME[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name safe to show and to write out again: the last path component only, no control characters
 * (C0, C1, line separators, and the bidirectional overrides that can disguise an extension),
 * no separators, not "." or "..", at most 120 characters (keeping the extension).
 */
export function safeName(original: string): string {
  let name = basename(original.replace(/\\/g, '/'))
    .replace(UNSAFE_IN_NAME, '')
    .replace(/[/:*?"<>|]/g, '_')
    .trim();
  if (name === '' || name === '.' || name === '..') name = 'evidence';
  const chars = [...name];
  if (chars.length > 120) {
    const ext = [...extname(name)].slice(0, 16).join('');
    name = chars.slice(0, 120 - ext.length).join('') + ext;
  }
  return name;
}

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * The name `evidence get` writes to when no -o is given: the stored name made safe (safeName: no folders, no
 * control or bidirectional characters), and also not hidden (a stored ".bashrc" would become a shell's
 * start-up file), not a Windows device name, and never ending in a dot or space.
 */
export function downloadName(stored: string, sha256: string): string {
  let name = safeName(stored)
    .replace(/^[.\s]+/, '_')
    .replace(/[.\s]+$/, '');
  if (RESERVED.test(name)) name = '_' + name;
  return name === '' || name === '_' || name === 'evidence' ? `evidence-${sha256.slice(0, 12)}` : name;
}

export function storeEvidence(store: Store, path: string, maxMb: number): EvidenceRef {
  const maxBytes = maxMb * 1024 * 1024;
  let size: number;
  try {
    const input = openInput(path);
    size = input.stat.size;
    input.close();
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (error.reason === 'not-regular') throw new InputError(t('evidence.notFile', { path }));
    if (error.reason === 'ENOENT' || error.reason === 'ENOTDIR')
      throw new InputError(t('evidence.missing', { path }), { hint: t('evidence.missing.hint') });
    throw error; // it exists but cannot be read: say why
  }
  const tooLarge = (shownSize: string) =>
    new InputError(t('evidence.tooLarge', { path, size: shownSize, max: maxMb }), {
      hint: t('evidence.tooLarge.hint'),
    });
  if (size > maxBytes) throw tooLarge((size / 1024 / 1024).toFixed(1));
  // The limit is counted while reading, not taken from the size the file system reports (0 for /proc files).
  const hashed = hashFile(path, maxBytes);
  if (hashed.size > maxBytes) throw tooLarge(`> ${maxMb}`);
  const info = putFile(store, path, hashed);
  const name = safeName(path);
  return { sha256: info.sha256, name, size: info.size, mime: mimeOf(name) };
}
