// Reads the entries of a zip archive (.docx, .xlsx) with node:zlib: the central directory, stored and deflated
// entries, with limits on what an entry may inflate to, so a hostile file cannot fill the memory.
import { inflateRawSync } from 'node:zlib';

export interface ZipDirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Inflated bytes one entry may take: document.xml of a 1,000-row table is a few MB. */
export const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** What all entries together may claim to inflate to. */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

export class ZipFormatError extends Error {}

/** The central directory, or a ZipFormatError when the bytes are not a zip archive (or a damaged one). */
export function zipDirectory(bytes: Buffer): ZipDirectoryEntry[] {
  const end = findEnd(bytes);
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipDirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new ZipFormatError('central directory');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuse an archive whose entries claim more than the limits (a zip bomb) before anything is inflated. */
export function checkZipSizes(entries: readonly ZipDirectoryEntry[]): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size > MAX_ENTRY_BYTES) throw new ZipFormatError(`entry too large: ${entry.name}`);
    total += entry.size;
  }
  if (total > MAX_TOTAL_BYTES) throw new ZipFormatError('archive too large');
}

/** The bytes of one entry, or undefined when the archive has no such entry. */
export function readZipEntry(bytes: Buffer, entries: readonly ZipDirectoryEntry[], name: string): Buffer | undefined {
  const entry = entries.find((e) => e.name === name);
  if (!entry) return undefined;
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) throw new ZipFormatError('local header');
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const packed = bytes.subarray(start, start + entry.compressedSize);
  if (packed.length !== entry.compressedSize) throw new ZipFormatError('truncated');
  if (entry.method === 0) return Buffer.from(packed);
  if (entry.method !== 8) throw new ZipFormatError(`compression method ${entry.method}`);
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.min(MAX_ENTRY_BYTES, Math.max(entry.size, 1)) });
  } catch (error) {
    throw new ZipFormatError(`inflate ${entry.name}: ${(error as Error).message}`);
  }
}

/** The end-of-central-directory record: the last 22 bytes, or further back when the archive has a comment. */
function findEnd(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new ZipFormatError('not a zip archive');
}
