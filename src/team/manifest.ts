// A bundle's manifest (docs/format.md §7, §11), refused unless it is exactly the canonical JSON of a
// well-formed manifest of a format this ducha reads, and — for format 2 — of this database's suite.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { isSuiteId, type SuiteId } from '../crypto/types.js';
import { suiteName } from '../crypto/errors.js';
import { canonicalJson } from '../store/canonical.js';
import { FORMAT, FORMAT2, LIMITS, type Manifest } from './format.js';
import { CHUNK } from '../store/blobs.js';
import { ID } from './payload.js';
import type { SignedHead } from '../store/signing.js';

const bad = (where: string) => new InputError(t('team.badManifest', { file: where }), { code: 'bundle-format' });

const part = (p: unknown, limit: number, digestKey: 'sha256' | 'digest') => {
  const x = p as { count?: unknown; bytes?: unknown; [k: string]: unknown } | undefined;
  return (
    typeof x?.[digestKey] === 'string' &&
    ID.hash.test(x[digestKey] as string) &&
    Number.isSafeInteger(x.bytes) &&
    (x.bytes as number) >= 0 &&
    (x.bytes as number) <= limit &&
    Number.isSafeInteger(x.count) &&
    (x.count as number) >= 0
  );
};

export function parseManifest(bytes: Buffer, where: string, suite: SuiteId): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch {
    throw bad(where);
  }
  const common =
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof manifest.device === 'string' &&
    ID.device.test(manifest.device) &&
    typeof manifest.publicKey === 'string' &&
    typeof manifest.actor === 'string' &&
    typeof manifest.createdAt === 'string' &&
    Array.isArray(manifest.blobs) &&
    Array.isArray(manifest.inspections) &&
    manifest.blobs.every(
      (b) =>
        typeof b?.sha256 === 'string' &&
        ID.hash.test(b.sha256) &&
        Number.isSafeInteger(b.size) &&
        b.size >= 0 &&
        b.size <= LIMITS.blobBytes &&
        sealedEntryOk(b),
    );
  if (!common) throw bad(where);
  if (manifest.format === FORMAT) {
    if (
      !part(manifest.events, LIMITS.eventBytes, 'sha256') ||
      typeof manifest.heads !== 'object' ||
      manifest.heads === null ||
      Array.isArray(manifest.heads)
    )
      throw bad(where);
    for (const [device, head] of Object.entries(manifest.heads)) {
      if (
        !ID.device.test(device) ||
        !Number.isSafeInteger(head?.seq) ||
        head.seq < 1 ||
        typeof head.hash !== 'string' ||
        !ID.hash.test(head.hash)
      )
        throw bad(where);
    }
    // Format 1 knew one suite: a 国密 database takes none of its bundles.
    if (suite !== 'default') throw wrongSuite(where, 'default', suite);
  } else if (manifest.format === FORMAT2) {
    if (!isSuiteId(manifest.suite)) throw bad(where);
    if (
      !part(manifest.events, LIMITS.eventBytes, 'digest') ||
      !part(manifest.links, LIMITS.linkBytes, 'digest') ||
      !Array.isArray(manifest.heads)
    )
      throw bad(where);
    const headOk = (h: SignedHead) =>
      typeof h === 'object' &&
      h !== null &&
      'signature' in h &&
      ID.device.test(h.device) &&
      Number.isSafeInteger(h.seq) &&
      h.seq >= 1 &&
      ID.hash.test(h.hash) &&
      typeof h.signature === 'string' &&
      h.signature.length <= 200;
    if (!manifest.heads.every(headOk)) throw bad(where);
    if (manifest.suite !== suite) throw wrongSuite(where, manifest.suite, suite);
  } else {
    throw new InputError(
      t('integrity.unknownFormat', { file: where, format: String((manifest as { format?: unknown }).format) }),
      { hint: t('integrity.unknownFormat.hint'), code: 'bundle-format' },
    );
  }
  if (canonicalJson(manifest) !== bytes.toString('utf8')) throw bad(where);
  return manifest;
}

/** A bundle of the other suite: a team uses one suite, chosen when its databases are made. */
export const wrongSuite = (where: string, bundle: SuiteId, database: SuiteId) =>
  new InputError(t('integrity.wrongSuite', { file: where, bundle: suiteName(bundle), database: suiteName(database) }), {
    hint: t('integrity.wrongSuite.hint'),
    code: 'bundle-suite',
  });

/** An encrypted blob's entry: both keyId and sealed or neither; sealed chunks each one fixed overhead longer. */
function sealedEntryOk(b: { size: number; evidence?: unknown; keyId?: unknown; sealed?: unknown }): boolean {
  if (b.evidence !== undefined && b.evidence !== true) return false;
  if (b.keyId === undefined && b.sealed === undefined) return true;
  const sealed = b.sealed as { bytes?: unknown; sha256?: unknown } | undefined;
  return (
    typeof b.keyId === 'string' &&
    /^[0-9a-f]{32}$/.test(b.keyId) &&
    typeof sealed === 'object' &&
    sealed !== null &&
    typeof sealed.sha256 === 'string' &&
    ID.hash.test(sealed.sha256) &&
    Number.isSafeInteger(sealed.bytes) &&
    sealedOverhead(b.size, sealed.bytes as number) !== undefined
  );
}

/** The bytes each sealed chunk adds (the AEAD's version, nonce and tag), or undefined when `bytes` cannot be that. */
export function sealedOverhead(size: number, bytes: number): number | undefined {
  const chunks = Math.max(1, Math.ceil(size / CHUNK));
  const overhead = (bytes - size) / chunks;
  return Number.isInteger(overhead) && overhead > 0 && overhead <= 256 ? overhead : undefined;
}
