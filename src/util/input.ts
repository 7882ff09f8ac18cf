// The one way a command reads a file the user gave it (a checklist, a template, a records file, a key, a
// bundle, evidence, config.json): it must be a regular file once links are resolved — never a FIFO, a
// device, a socket or a folder — and it is read under a byte cap counted while reading, since a stat size
// can lie (files under /proc report 0 and go on and on).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError, type ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';

const MB = 1024 * 1024;

/** The caps of the README's "Input limits", in bytes. */
export const INPUT_LIMITS = {
  checklist: 64 * MB,
  template: 1 * MB,
  records: 256 * MB,
  key: 64 * 1024,
  config: 1 * MB,
} as const;

/** Why an input was refused: the errno of a failed open, or one of ours. */
export type InputFailure = string | 'not-regular' | 'too-large';

/** An input refused: `reason` lets a caller keep its own wording (e.g. for a missing file). */
export class InputFileError extends InputError {
  constructor(
    message: string,
    readonly reason: InputFailure,
    code: ErrorCode,
    hint?: string,
  ) {
    super(message, { code, hint });
  }
}

/** A file that could not be opened or read: what the system said, and what to check. */
const unreadable = (shown: string, reason: string) =>
  new InputFileError(
    t('input.cannotOpen', { file: shown, reason }),
    reason,
    'input-unreadable',
    t(reason === 'ENOENT' ? 'input.cannotOpen.missing' : 'input.cannotOpen.hint'),
  );

export interface InputHandle {
  fd: number;
  stat: Stats;
  /** Every byte from the current position, refused once more than `maxBytes` arrive. */
  readAll(maxBytes: number): Buffer;
  close(): void;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; on a regular file it
// changes nothing. (Windows has no such flag and no FIFOs to fear.)
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return t('input.kind.directory');
  if (stat.isFIFO()) return t('input.kind.fifo');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return t('input.kind.device');
  if (stat.isSocket()) return t('input.kind.socket');
  return t('input.kind.other');
}

/** Open a user's file for reading; refuses anything but a regular file (links are followed). */
export function openInput(path: string, shown = path): InputHandle {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (error) {
    throw unreadable(shown, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new InputFileError(
      t('input.notRegular', { file: shown, kind: kindOf(stat) }),
      'not-regular',
      'input-not-file',
    );
  }
  return {
    fd,
    stat,
    readAll: (maxBytes) => readCapped(fd, maxBytes, shown),
    close: () => closeSync(fd),
  };
}

/** A whole file, at most `maxBytes` of it (more is refused, not truncated). */
export function readInputFile(path: string, options: { maxBytes: number; shown?: string }): Buffer {
  const input = openInput(path, options.shown);
  try {
    return input.readAll(options.maxBytes);
  } finally {
    input.close();
  }
}

/** The refusal of a file past its cap, in the words every reader uses. */
export function tooLargeError(shown: string, maxBytes: number): InputFileError {
  return new InputFileError(
    t('input.tooLarge', { file: shown, max: sizeText(maxBytes) }),
    'too-large',
    'input-too-large',
  );
}

/** A byte count as people read it: 64 MB, 1 MB, 64 KB. */
export function sizeText(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

function readCapped(fd: number, maxBytes: number, shown: string): Buffer {
  // A size above the cap is refused unread; a size below it is not trusted (a /proc file says 0): what
  // arrives is counted, one byte past the cap at most.
  const size = fstatSync(fd).size;
  if (size > maxBytes) throw tooLargeError(shown, maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  let buffer = Buffer.allocUnsafe(Math.max(size + 1, 64 * 1024));
  let used = 0;
  for (;;) {
    if (used === buffer.length) {
      chunks.push(buffer);
      buffer = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1 - total));
      used = 0;
    }
    let n: number;
    try {
      n = readSync(fd, buffer, used, buffer.length - used, null);
    } catch (error) {
      throw unreadable(shown, (error as NodeJS.ErrnoException).code ?? String(error));
    }
    if (n === 0) break;
    used += n;
    total += n;
    if (total > maxBytes) throw tooLargeError(shown, maxBytes);
  }
  chunks.push(buffer.subarray(0, used));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}
