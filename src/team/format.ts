// The bundle file (ducha-bundle/1): a magic line; the manifest (canonical JSON) and its Ed25519 signature,
// each preceded by its length; then every blob the manifest lists, in order; then the events as JSON
// lines. The manifest carries the sha256 and size of everything after it, so a reader checks the
// signature first and then every byte it streams.
export const MAGIC = 'DUCHA-BUNDLE/1\n';
export const FORMAT = 'ducha-bundle/1';

export interface Manifest {
  format: typeof FORMAT;
  device: string;
  /** base64 SPKI DER of the exporting device's Ed25519 key. */
  publicKey: string;
  createdAt: string;
  actor: string;
  inspections: Array<{ id: string; title: string; unit: string }>;
  events: { count: number; bytes: number; sha256: string };
  blobs: Array<{ sha256: string; size: number }>;
  /** Per device, the newest event of its chain in this bundle. */
  heads: Record<string, { seq: number; hash: string }>;
}

/** Refuse bundles whose manifest claims more than this (a hostile file must not fill the disk). */
export const LIMITS = { manifestBytes: 64 * 2 ** 20, signatureBytes: 1024, eventBytes: 4 * 2 ** 30, blobBytes: 8 * 2 ** 30 } as const;
