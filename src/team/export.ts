// ducha export (format 2): the events of the chosen inspections (from every device this database knows), the
// blobs they cite, for each device the signed heads that cover its events with the links (digests) of the
// events in between that are not carried (other inspections), a manifest of sizes and hashes, and this
// device's signature — written in one streamed pass after a first pass that sizes and hashes the events;
// encrypted to recipients' keys as it is written when they are given (sealed.ts).
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { canonicalJson } from '../store/canonical.js';
import { meta, getInspection } from '../store/queries.js';
import { chunks as blobChunks } from '../store/blobs.js';
import { blobRow, isEvidence } from '../store/blob-cipher.js';
import { eventDigest, linkHash, type EventBody } from '../store/hash.js';
import type { SignedHead } from '../store/signing.js';
import { chainRange, citedBlobs, eventsOfInspections, signedHeadsOf } from '../store/team-queries.js';
import type { EventRow, Store } from '../store/store.js';
import { FORMAT2, MAGIC2, entryBytes, type BlobEntry, type Manifest2 } from './format.js';
import { SealingWriter, newEnvelope, type RecipientKey } from './sealed.js';

export interface ExportResult {
  file: string;
  manifest: Manifest2;
  bytes: number;
}

/** An event as a bundle line, from its stored row (the payload is stored canonical: no need to parse it). */
export function eventLine(r: EventRow): string {
  const q = JSON.stringify;
  return `{"id":${q(r.id)},"device":${q(r.device)},"seq":${r.seq},"at":${q(r.at)},"actor":${q(r.actor)},"type":${q(r.type)},"payload":${r.payload},"prevHash":${q(r.prev_hash)},"hash":${q(r.hash)}}\n`;
}

interface LinkLine {
  device: string;
  seq: number;
  prevHash: string;
  digest: string;
}

const linkLine = (l: LinkLine) =>
  `{"device":${JSON.stringify(l.device)},"seq":${l.seq},"prevHash":"${l.prevHash}","digest":"${l.digest}"}\n`;

/** The smallest index in sorted `list` whose value is ≥ `x` (list.length when none). */
function lowerBound<T>(list: readonly T[], x: number, key: (v: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For one device, the signed heads covering its carried events and the links for the positions between
 * that are not carried. A stretch that cannot be covered (a format-1 event in a gap: format 1 has no links;
 * no signed head above it) is left to the receiver, which refuses it unless it holds it already — or, for
 * this device's own format-1 events, takes the bundle's signature for them as format 1 did.
 */
export function cover(
  store: Store,
  device: string,
  carried: readonly number[],
): { heads: SignedHead[]; links: LinkLine[] } {
  const seqs = [...carried].sort((a, b) => a - b);
  const signed = signedHeadsOf(store.db, device);
  // One signed head for the whole device, the first at or above its last carried event (a device signs after
  // every write, so it is usually right there), with links for every position between that is not carried:
  // a signature costs a reader far more than a link (an SM2 verification against one hash).
  const top = signed[lowerBound(signed, seqs[seqs.length - 1]!, (h) => h.seq)];
  if (top) {
    const all = gapLinks(store, device, seqs[0]!, top.seq, new Set(seqs));
    if (all) return { heads: [top], links: all };
  }
  // A gap that cannot be linked (a format-1 event: no link exists for it): one head per stretch instead.
  const heads: SignedHead[] = [];
  const links: LinkLine[] = [];
  for (let i = 0; i < seqs.length;) {
    let last = i;
    while (last + 1 < seqs.length && seqs[last + 1] === seqs[last]! + 1) last++;
    const head = signed[lowerBound(signed, seqs[last]!, (h) => h.seq)];
    if (!head) break; // nothing signed at or above: the rest is uncovered
    const end = lowerBound(seqs, head.seq + 1, (s) => s);
    const stretch = gapLinks(store, device, seqs[i]!, head.seq, new Set(seqs.slice(i, end)));
    if (stretch) {
      links.push(...stretch);
      heads.push(head);
    }
    i = end;
  }
  return { heads, links };
}

/** Links for the positions from..to not carried; undefined when one of them is a format-1 event or missing. */
function gapLinks(
  store: Store,
  device: string,
  from: number,
  to: number,
  carried: ReadonlySet<number>,
): LinkLine[] | undefined {
  let inRange = 0;
  for (const seq of carried) if (seq >= from && seq <= to) inRange++;
  if (inRange === to - from + 1) return []; // nothing between: no look-up
  const { events, links } = chainRange(store.db, device, from, to);
  const out: LinkLine[] = [];
  let expected = from;
  const fill = (upTo: number): boolean => {
    for (; expected < upTo; expected++) {
      if (carried.has(expected)) continue;
      const link = links.get(expected);
      if (!link) return false;
      out.push({ device, seq: expected, ...link });
    }
    return true;
  };
  for (const row of events) {
    if (!fill(row.seq)) return undefined;
    expected = row.seq + 1;
    if (carried.has(row.seq)) continue;
    const digest = eventDigest(store.hashAlgorithm, row as unknown as EventBody, row.payload);
    if (linkHash(store.hashAlgorithm, row.prev_hash, digest) !== row.hash) return undefined; // format 1: no link
    out.push({ device, seq: row.seq, prevHash: row.prev_hash, digest });
  }
  return fill(to + 1) ? out : undefined;
}

/** Where the bundle goes: `fill` writes it into a descriptor; the sink puts the finished file in place (src/util/output.ts). */
export type BundleSink = (fill: (fd: number) => void) => { file: string; bytes: number };

/**
 * Export the inspections into a bundle through `sink`. With `recipients`, the bundle is encrypted to their
 * encryption keys as it is written (docs/format.md §17): the signed bundle is the plaintext, sealed chunk by
 * chunk, so neither the file nor anything else on disk ever holds it in clear.
 */
export function exportBundle(
  store: Store,
  actor: string,
  inspectionIds: readonly string[],
  sink: BundleSink,
  onProgress?: (done: number, total: number) => void,
  recipients?: readonly RecipientKey[],
  dataKeys: ReadonlyArray<{ id: string; key: Buffer }> = [],
): ExportResult {
  const db = store.db;
  const inspections = inspectionIds
    .map((id) => getInspection(db, id)!)
    .map((i) => ({ id: i.id, title: i.title, unit: i.unit }));
  // First pass: size and hash of the event lines, and each device's carried positions, without holding the lines.
  const hash = createHash(store.hashAlgorithm);
  let bytes = 0;
  let count = 0;
  const carried = new Map<string, number[]>();
  for (const row of eventsOfInspections(db, inspectionIds)) {
    const line = eventLine(row);
    hash.update(line);
    bytes += Buffer.byteLength(line);
    count++;
    (carried.get(row.device) ?? carried.set(row.device, []).get(row.device)!).push(row.seq);
  }
  const heads: SignedHead[] = [];
  let linkText = '';
  for (const device of [...carried.keys()].sort()) {
    const covered = cover(store, device, carried.get(device)!);
    heads.push(...covered.heads);
    for (const l of covered.links) linkText += linkLine(l);
  }
  const linkBytes = Buffer.from(linkText, 'utf8');
  // Blobs travel as stored: an encrypted one as its sealed chunks with the key's id (the key itself travels
  // only in a sealed bundle's dataKeys), so neither the bundle nor its receiver holds the file in clear.
  const blobs = citedBlobs(db, inspectionIds).map((b) => blobEntry(db, b));
  const manifest: Manifest2 = {
    format: FORMAT2,
    suite: store.suite,
    device: store.device,
    publicKey: meta(db, 'public_key')!,
    createdAt: store.now().toISOString(),
    actor,
    inspections,
    blobs,
    links: {
      count: linkText === '' ? 0 : linkText.split('\n').length - 1,
      bytes: linkBytes.length,
      digest: createHash(store.hashAlgorithm).update(linkBytes).digest('hex'),
    },
    events: { count, bytes, digest: hash.digest('hex') },
    heads: heads.map((h) => ({ device: h.device, seq: h.seq, hash: h.hash, signature: h.signature })),
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signature = store.sign(manifestBytes);

  // Second pass, through the sink's temporary file: a failed export never leaves half a bundle.
  const length = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const { file, bytes: written } = sink((fd) => {
    const raw = (data: Uint8Array) => {
      for (let offset = 0; offset < data.length;) offset += writeSync(fd, data, offset, data.length - offset);
    };
    const sealing = recipients?.length ? sealer(store, manifest.publicKey, recipients, raw, dataKeys) : undefined;
    const put = sealing ? (data: Uint8Array) => sealing.write(data) : raw;
    put(Buffer.from(MAGIC2, 'utf8'));
    put(length(manifestBytes.length));
    put(manifestBytes);
    put(length(signature.length));
    put(signature);
    const total = blobs.reduce((n, b) => n + entryBytes(b), 0) + linkBytes.length + bytes;
    let done = 0;
    for (const blob of blobs) {
      for (const { data } of blobChunks(db, blob.sha256)) {
        put(data);
        done += data.length;
      }
      onProgress?.(done, total);
    }
    put(linkBytes);
    let chunk = '';
    for (const row of eventsOfInspections(db, inspectionIds)) {
      chunk += eventLine(row);
      if (chunk.length > 1 << 20) {
        put(Buffer.from(chunk, 'utf8'));
        chunk = '';
      }
    }
    put(Buffer.from(chunk, 'utf8'));
    sealing?.finish();
    onProgress?.(total, total);
  });
  return { file, manifest, bytes: written };
}

/** A writer that seals what it is given to `recipients` under a new content key (sealed.ts). */
function sealer(
  store: Store,
  publicKey: string,
  recipients: readonly RecipientKey[],
  raw: (data: Uint8Array) => void,
  dataKeys: ReadonlyArray<{ id: string; key: Buffer }>,
): SealingWriter {
  const { prefix, contentKey } = newEnvelope(
    store.crypto(),
    { device: store.device, publicKey },
    recipients,
    undefined,
    dataKeys,
  );
  const writer = new SealingWriter(raw, store.crypto().aead(contentKey), prefix);
  contentKey.fill(0);
  return writer;
}

/** A blob's manifest entry: clear, or sealed with the key that sealed it and its sealed chunks' size and sha256. */
export function blobEntry(db: Store['db'], b: { sha256: string; size: number }): BlobEntry {
  const row = blobRow(db, b.sha256);
  if (!row || row.keyId === null) return isEvidence(db, b.sha256) ? { ...b, evidence: true } : b;
  return { ...b, keyId: row.keyId, sealed: { bytes: row.storedSize!, sha256: row.storedSha256! } };
}
