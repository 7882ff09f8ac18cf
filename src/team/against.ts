// `ducha verify --against FILE`: does this database still hold what was sent? FILE is a bundle (what a member
// sent, or received) or another database (the lead's, a member's). Every event FILE carries or holds that this
// database holds as well must have the same hash; so must the event or link at every signed head in FILE; and
// what belongs to this database's own device must all be here. A history rewritten after it was sent — even
// re-signed with the device's own key — differs from what the receiver kept, and each difference is named.
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { hashAt, otherDatabase } from '../store/against-queries.js';
import { deviceOfKey, trustedDevice } from '../store/team-queries.js';
import { staticSuite } from '../store/signing.js';
import type { Damage } from '../store/verify.js';
import type { Store } from '../store/store.js';
import { FORMAT, FORMAT2, LIMITS, entryBytes } from './format.js';
import { checkEnvelope, openBundle } from './sealed-reader.js';
import { PartLines, checkSignature, eventLines, parseEvent, parseLink, parseManifest } from './rules.js';

export interface AgainstReport {
  file: string;
  kind: 'bundle' | 'database';
  /** Events and signed heads compared. */
  events: number;
  heads: number;
  damage: Damage[];
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function isDatabase(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === SQLITE_HEADER;
}

export function verifyAgainst(store: Store, file: string): AgainstReport {
  const report: AgainstReport = { file, kind: 'bundle', events: 0, heads: 0, damage: [] };
  const compare = (what: 'event' | 'head', device: string, seq: number, hash: string, mustHold: boolean) => {
    if (what === 'event') report.events++;
    else report.heads++;
    const here = hashAt(store.db, store.hashAlgorithm, device, seq);
    if (here === undefined) {
      if (mustHold)
        report.damage.push({ check: 'against', message: t('integrity.against.missing', { device, seq, file }) });
    } else if (here !== hash) {
      report.damage.push({
        check: 'against',
        message: t(what === 'event' ? 'integrity.against.differs' : 'integrity.against.headDiffers', {
          device,
          seq,
          file,
        }),
      });
    }
  };
  if (isDatabase(file)) {
    report.kind = 'database';
    const other = otherDatabase(file);
    try {
      if (other.suite !== store.suite)
        throw new InputError(t('integrity.against.otherSuite', { file }), { code: 'bundle-suite' });
      for (const e of other.events()) compare('event', e.device, e.seq, e.hash, e.device === store.device);
      for (const h of other.heads()) compare('head', h.device, h.seq, h.hash, h.device === store.device);
    } finally {
      other.close();
    }
    return report;
  }
  const reader = openBundle(store, file);
  try {
    const format = reader.magic();
    const manifestBytes = reader.section(LIMITS.manifestBytes);
    const signature = reader.section(LIMITS.signatureBytes);
    const manifest = parseManifest(manifestBytes, file, store.suite);
    if ((format === 1) !== (manifest.format === FORMAT))
      throw new InputError(t('team.badManifest', { file }), { code: 'bundle-format' });
    checkEnvelope(reader, manifest, format, file);
    checkSignature(
      manifest,
      manifestBytes,
      signature,
      file,
      manifest.format === FORMAT ? staticSuite('default')! : store.crypto(),
    );
    // What a bundle proves is what its signer sent: the signer must be this device or one trusted here.
    const signer =
      manifest.device === store.device
        ? deviceOfKey(store.db, manifest.publicKey) === store.device
        : trustedDevice(store.db, manifest.device)?.publicKey === manifest.publicKey;
    if (!signer)
      throw new InputError(t('integrity.against.untrusted', { file, device: manifest.device }), {
        hint: t('integrity.against.untrusted.hint'),
        code: 'bundle-untrusted',
      });
    for (const blob of manifest.blobs) for (const _ of reader.chunks(entryBytes(blob))) void _;
    if (manifest.format === FORMAT2) {
      const lines = new PartLines(manifest.links, store.hashAlgorithm, file);
      let n = 0;
      const take = (batch: string[]) =>
        batch.forEach((line) => {
          const link = parseLink(line, ++n, file, store.hashAlgorithm);
          compare('event', link.device, link.seq, link.hash, link.device === store.device);
        });
      for (const chunk of reader.chunks(manifest.links.bytes)) take(lines.push(chunk));
      take(lines.end());
      lines.finish();
      for (const h of manifest.heads) compare('head', h.device, h.seq, h.hash, true);
    }
    const lines = eventLines(manifest, store.hashAlgorithm, file);
    let n = 0;
    const take = (batch: string[]) =>
      batch.forEach((line) => {
        const e = parseEvent(line, ++n, file, store.hashAlgorithm);
        compare('event', e.device, e.seq, e.hash, true);
      });
    for (const chunk of reader.chunks(manifest.events.bytes)) take(lines.push(chunk));
    take(lines.end());
    lines.finish();
    return report;
  } finally {
    reader.close();
  }
}
