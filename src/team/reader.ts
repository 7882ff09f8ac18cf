// Reads a bundle file sequentially with bounded memory: the manifest and signature, then blobs chunk by
// chunk, then event lines. Lengths are checked against limits before anything is allocated.
import { closeSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { LIMITS, MAGIC, MAGIC2, MAGIC_LENGTH } from './format.js';
import { InputFileError, openInput } from '../util/input.js';
import { SEALED_MAGIC } from './sealed.js';

export class BundleReader {
  protected readonly fd: number;
  protected position = 0;
  readonly size: number;
  /** An encrypted bundle's exporter as its clear header names it (sealed-reader.ts); checked against the manifest. */
  readonly envelope?: { device: string; publicKey: string };
  /** The data keys an encrypted bundle carries (issue 17), opened with its content key; none for a clear one. */
  readonly dataKeys: ReadonlyArray<{ id: string; key: Buffer }> = [];

  constructor(readonly file: string) {
    // A regular file only (never a FIFO or a device, whose size says nothing); its size bounds every read.
    try {
      const input = openInput(file);
      this.fd = input.fd;
      this.size = input.stat.size;
    } catch (error) {
      if (error instanceof InputFileError && error.reason === 'not-regular') throw error;
      throw new InputError(t('team.unreadable', { file, reason: (error as InputFileError).reason ?? String(error) }), {
        code: 'bundle-unreadable',
        hint: (error as InputFileError).hint,
      });
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  get remaining(): number {
    return this.size - this.position;
  }

  read(n: number): Buffer {
    if (n > this.remaining)
      throw new InputError(t('team.truncated', { file: this.file }), { code: 'bundle-truncated' });
    const buffer = this.readAt(this.position, n);
    this.position += n;
    return buffer;
  }

  /** True when the file is an encrypted bundle (docs/format.md §17); reads nothing off the stream. */
  isSealed(): boolean {
    return this.size >= MAGIC_LENGTH && this.readAt(0, MAGIC_LENGTH).toString('latin1') === SEALED_MAGIC;
  }

  /** `n` bytes of the file from `offset`. */
  protected readAt(offset: number, n: number): Buffer {
    const buffer = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const read = readSync(this.fd, buffer, got, n - got, offset + got);
      if (read === 0) throw new InputError(t('team.truncated', { file: this.file }), { code: 'bundle-truncated' }); // it shrank meanwhile
      got += read;
    }
    return buffer;
  }

  /** The bundle's format, from its magic line: 1 (ducha-bundle/1) or 2 (ducha-bundle/2). */
  magic(): 1 | 2 {
    const head = this.read(Math.min(MAGIC_LENGTH, this.remaining)).toString('latin1');
    if (head === MAGIC) return 1;
    if (head === MAGIC2) return 2;
    // An encrypted bundle read where nothing can decrypt it (the hub holds no device's private key).
    if (head === SEALED_MAGIC)
      throw new InputError(t('sealed.cannotRead', { file: this.file }), {
        hint: t('sealed.cannotRead.hint'),
        code: 'bundle-encrypted',
      });
    if (/^DUCHA-BUNDLE\/\d+\n$/.test(head))
      throw new InputError(t('integrity.unknownFormat', { file: this.file, format: head.trim() }), {
        hint: t('integrity.unknownFormat.hint'),
        code: 'bundle-format',
      });
    throw new InputError(t('team.notBundle', { file: this.file }), { code: 'bundle-format' });
  }

  /** A length-prefixed section, refused when longer than `limit`. */
  section(limit: number): Buffer {
    const length = this.read(4).readUInt32BE();
    if (length > limit) throw new InputError(t('team.tooLarge', { file: this.file }), { code: 'bundle-too-large' });
    return this.read(length);
  }

  /** Stream `size` bytes in chunks. */
  *chunks(size: number, chunk = 1 << 20): Generator<Buffer> {
    for (let left = size; left > 0; left -= chunk) yield this.read(Math.min(chunk, left));
  }
}

export { LIMITS };

/**
 * The suite a bundle's manifest names (format 2; format 1 bundles are the default suite), read before any
 * check: only to choose the suite of a database an import makes on a fresh laptop. Undefined when unreadable.
 */
export function peekSuite(file: string): 'default' | 'gm' | undefined {
  let reader: BundleReader | undefined;
  try {
    reader = new BundleReader(file);
    if (reader.isSealed()) {
      reader.read(MAGIC_LENGTH);
      const header = JSON.parse(reader.section(LIMITS.manifestBytes).toString('utf8')) as { suite?: unknown };
      return header.suite === 'gm' || header.suite === 'default' ? header.suite : undefined;
    }
    if (reader.magic() === 1) return 'default';
    const manifest = JSON.parse(reader.section(LIMITS.manifestBytes).toString('utf8')) as { suite?: unknown };
    return manifest.suite === 'gm' || manifest.suite === 'default' ? manifest.suite : undefined;
  } catch {
    return undefined;
  } finally {
    reader?.close();
  }
}
