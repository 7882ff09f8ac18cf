// The bundle file, docs/format.md §7 (ducha-bundle/1) and §11 (ducha-bundle/2): a magic line; the manifest
// (canonical JSON) and the exporter's signature of it, each preceded by its length; then every blob the
// manifest lists, in order; in format 2 the links; then the events as JSON lines. The manifest carries the
// size and hash of everything after it, so a reader checks the signature first and then every byte it
// streams. Format 2 adds the suite, the signed heads of every device whose events it carries, and links.
import type { SuiteId } from '../crypto/types.js';
import type { SignedHead } from '../store/signing.js';

export const MAGIC = 'DUCHA-BUNDLE/1\n';
export const FORMAT = 'ducha-bundle/1';
export const MAGIC2 = 'DUCHA-BUNDLE/2\n';
export const FORMAT2 = 'ducha-bundle/2';
/** Both magics have this length. */
export const MAGIC_LENGTH = 15;

interface ManifestCommon {
  device: string;
  /** base64 SPKI DER of the exporting device's signing key. */
  publicKey: string;
  createdAt: string;
  actor: string;
  inspections: Array<{ id: string; title: string; unit: string }>;
  blobs: BlobEntry[];
}

/**
 * A file the bundle carries. Clear: its `size` bytes follow. Encrypted at rest (issue 17, docs/format.md §20):
 * `keyId` names the data key that sealed it and its sealed chunks follow as stored, `sealed.bytes` of them
 * with that sha256 — a receiver without the key can check those bytes, not the file.
 */
export interface BlobEntry {
  sha256: string;
  size: number;
  /**
   * A clear evidence file (not a checklist snapshot): a protected receiver seals it with its data key before
   * writing it. Entries without it (snapshots, bundles of earlier versions) are kept as they come.
   */
  evidence?: true;
  keyId?: string;
  sealed?: { bytes: number; sha256: string };
}

/** A sealed entry: its key's id and its stored chunks' size and SHA-256 (the manifest's check keeps both or neither). */
export type SealedEntry = BlobEntry & { keyId: string; sealed: { bytes: number; sha256: string } };
export const isSealed = (b: BlobEntry): b is SealedEntry => b.keyId !== undefined && b.sealed !== undefined;

/** The bytes a blob takes in the bundle: its size, or its sealed chunks' size. */
export const entryBytes = (b: BlobEntry) => b.sealed?.bytes ?? b.size;

export interface Manifest1 extends ManifestCommon {
  format: typeof FORMAT;
  events: { count: number; bytes: number; sha256: string };
  /** Per device, the newest event of its chain in this bundle. */
  heads: Record<string, { seq: number; hash: string }>;
}

export interface Manifest2 extends ManifestCommon {
  format: typeof FORMAT2;
  suite: SuiteId;
  /** The parts after the blobs; `digest` by the suite's hash. */
  links: { count: number; bytes: number; digest: string };
  events: { count: number; bytes: number; digest: string };
  /** Signed heads of the devices whose events and links this bundle carries, sorted by device then seq. */
  heads: SignedHead[];
}

export type Manifest = Manifest1 | Manifest2;

/** Refuse bundles whose manifest claims more than this (a hostile file must not fill the disk). */
export const LIMITS = {
  manifestBytes: 64 * 2 ** 20,
  signatureBytes: 1024,
  eventBytes: 4 * 2 ** 30,
  linkBytes: 2 ** 30,
  blobBytes: 8 * 2 ** 30,
} as const;

/** The events part's byte count and line count, whatever the format. */
export const eventsPart = (m: Manifest) => m.events;
export const linksBytes = (m: Manifest) => (m.format === FORMAT2 ? m.links.bytes : 0);
