// A second implementation of docs/format.md, written from the document alone (not from ducha's code): canonical
// JSON, both formats' event hashes, links, signed-head statements, and the bundles of both formats, writer and
// reader with every check the document asks of a reader. SHA-256 and Ed25519 come from Node; SM3 and SM2 from
// sm-crypto, an implementation independent of the one ducha runs (sm-crypto-v2 on noble-curves, and Node's SM3).
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import smCrypto from 'sm-crypto';

export type SuiteName = 'default' | 'gm';

/** §1: sort keys by UTF-16 code units, drop absent members, JSON.stringify for strings and numbers. */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const sm3 = (data: string | Uint8Array) =>
  smCrypto.sm3([...Buffer.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)]);

/** §9.1: the suite's hash H, lower hex. */
export const H = (suite: SuiteName, data: string | Uint8Array) => (suite === 'gm' ? sm3(data) : sha256(data));

export const GENESIS = '0'.repeat(64);

export interface Body {
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

export interface Event extends Body {
  prevHash: string;
  hash: string;
}

/** §2: format 1. */
export const hash1 = (prevHash: string, body: Body) => sha256(prevHash + jcs(body));
/** §9.2: format 2. */
export const digest2 = (suite: SuiteName, body: Body) => H(suite, jcs(body));
export const hash2 = (suite: SuiteName, prevHash: string, body: Body) => H(suite, prevHash + digest2(suite, body));
/** §9.3. */
export const linkHashOf = (suite: SuiteName, prevHash: string, digest: string) => H(suite, prevHash + digest);

/** A signing key of either suite: its public key text, and how it signs and verifies (§9.1). */
export interface Key {
  suite: SuiteName;
  publicKey: string;
  sign(data: Buffer): Buffer;
}

export function ed25519Key(seedHex: string): Key {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    suite: 'default',
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
    sign: (data) => sign(null, data, key),
  };
}

const SM2_SPKI = '3059301306072a8648ce3d020106082a811ccf5501822d034200';
export const sm2PublicText = (pointHex: string) => Buffer.from(SM2_SPKI + pointHex, 'hex').toString('base64');

/** An SM2 key: signs with the standard's default user id, r ‖ s. `fixed` signatures (by message) are returned instead of fresh ones. */
export function sm2Key(dHex: string, fixed: Map<string, string> = new Map()): Key {
  const point = smCrypto.sm2.getPublicKeyFromPrivateKey(dHex.toLowerCase());
  return {
    suite: 'gm',
    publicKey: sm2PublicText(point),
    sign: (data) =>
      Buffer.from(
        fixed.get(data.toString('utf8')) ??
          smCrypto.sm2.doSignature([...data], dHex.toLowerCase(), {
            hash: true,
            publicKey: point,
            userId: '1234567812345678',
          }),
        fixed.has(data.toString('utf8')) ? 'base64' : 'hex',
      ),
  };
}

export function verifySignature(suite: SuiteName, publicKey: string, data: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  const der = Buffer.from(publicKey, 'base64');
  if (suite === 'default')
    return verify(null, data, createPublicKey({ key: der, format: 'der', type: 'spki' }), signature);
  if (der.subarray(0, SM2_SPKI.length / 2).toString('hex') !== SM2_SPKI) return false;
  return smCrypto.sm2.doVerifySignature(
    [...data],
    signature.toString('hex'),
    der.subarray(SM2_SPKI.length / 2).toString('hex'),
    { hash: true, userId: '1234567812345678' },
  );
}

/** §9.4: the statement a device signs. */
export const statement = (suite: SuiteName, head: { device: string; seq: number; hash: string }) =>
  Buffer.from(jcs({ device: head.device, format: 'ducha-head/2', hash: head.hash, seq: head.seq, suite }), 'utf8');

export interface Link {
  device: string;
  seq: number;
  prevHash: string;
  digest: string;
}

export interface SignedHead {
  device: string;
  seq: number;
  hash: string;
  signature: string;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** §11: magic, manifest and signature, blobs, links, events. */
export function writeBundle2(o: {
  key: Key;
  device: string;
  events: Event[];
  links: Link[];
  heads: SignedHead[];
  blobs: Buffer[];
  createdAt: string;
  actor: string;
  inspections: unknown[];
}): Buffer {
  const suite = o.key.suite;
  const eventBytes = Buffer.from(
    o.events
      .map(
        (e) =>
          JSON.stringify({
            id: e.id,
            device: e.device,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            type: e.type,
            payload: e.payload,
            prevHash: e.prevHash,
            hash: e.hash,
          }) + '\n',
      )
      .join(''),
    'utf8',
  );
  const linkBytes = Buffer.from(
    o.links
      .map((l) => JSON.stringify({ device: l.device, seq: l.seq, prevHash: l.prevHash, digest: l.digest }) + '\n')
      .join(''),
    'utf8',
  );
  const blobs = [...o.blobs].sort((a, b) => (sha256(a) < sha256(b) ? -1 : 1));
  const manifest = {
    format: 'ducha-bundle/2',
    suite,
    device: o.device,
    publicKey: o.key.publicKey,
    createdAt: o.createdAt,
    actor: o.actor,
    inspections: o.inspections,
    blobs: blobs.map((b) => ({ sha256: sha256(b), size: b.length })),
    links: { count: o.links.length, bytes: linkBytes.length, digest: H(suite, linkBytes) },
    events: { count: o.events.length, bytes: eventBytes.length, digest: H(suite, eventBytes) },
    heads: o.heads,
  };
  const manifestBytes = Buffer.from(jcs(manifest), 'utf8');
  const signature = o.key.sign(manifestBytes);
  return Buffer.concat([
    Buffer.from('DUCHA-BUNDLE/2\n', 'utf8'),
    u32(manifestBytes.length),
    manifestBytes,
    u32(signature.length),
    signature,
    ...blobs,
    linkBytes,
    eventBytes,
  ]);
}

/** A reader's failure: which check. */
export class Refused extends Error {}
const must = (ok: boolean, what: string) => {
  if (!ok) throw new Refused(what);
};

/**
 * §12, for a reader holding nothing yet but the keys it trusts: every check, coverage by carried heads only.
 * Returns what it read.
 */
export function readBundle2(
  bytes: Buffer,
  trusted: ReadonlyMap<string, string>,
  suite: SuiteName,
): { manifest: Record<string, unknown>; events: Event[]; links: Link[] } {
  must(bytes.subarray(0, 15).toString('latin1') === 'DUCHA-BUNDLE/2\n', 'magic');
  let at = 15;
  const section = () => {
    const n = bytes.readUInt32BE(at);
    const out = bytes.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return out;
  };
  const manifestBytes = section();
  const signature = section();
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
    format: string;
    suite: SuiteName;
    device: string;
    publicKey: string;
    blobs: Array<{ sha256: string; size: number }>;
    links: { count: number; bytes: number; digest: string };
    events: { count: number; bytes: number; digest: string };
    heads: SignedHead[];
  };
  must(jcs(manifest) === manifestBytes.toString('utf8'), 'canonical manifest');
  must(manifest.format === 'ducha-bundle/2' && manifest.suite === suite, 'format and suite');
  must(trusted.get(manifest.device) === manifest.publicKey, 'exporter trusted');
  must(verifySignature(suite, manifest.publicKey, manifestBytes, signature), 'manifest signature');
  must(
    bytes.length - at === manifest.blobs.reduce((n, b) => n + b.size, 0) + manifest.links.bytes + manifest.events.bytes,
    'sizes',
  );
  for (const blob of manifest.blobs) {
    must(sha256(bytes.subarray(at, at + blob.size)) === blob.sha256, 'blob hash');
    at += blob.size;
  }
  const linkPart = bytes.subarray(at, at + manifest.links.bytes);
  const eventPart = bytes.subarray(at + manifest.links.bytes);
  must(H(suite, linkPart) === manifest.links.digest && H(suite, eventPart) === manifest.events.digest, 'part digests');
  const lines = (part: Buffer) =>
    part
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const links = lines(linkPart) as unknown as Link[];
  const events = lines(eventPart) as unknown as Event[];
  must(links.length === manifest.links.count && events.length === manifest.events.count, 'counts');
  // Every carried element's place and hash (§9.2: format 2, else format 1 in the default suite).
  const chain = new Map<string, Map<number, { prevHash: string; hash: string; format: 1 | 2 }>>();
  const place = (device: string, seq: number, el: { prevHash: string; hash: string; format: 1 | 2 }) => {
    const c = chain.get(device) ?? chain.set(device, new Map()).get(device)!;
    must(!c.has(seq), 'one element per place');
    c.set(seq, el);
  };
  for (const l of links) {
    must(Object.keys(l).sort().join() === 'device,digest,prevHash,seq', 'link members');
    place(l.device, l.seq, { prevHash: l.prevHash, hash: linkHashOf(suite, l.prevHash, l.digest), format: 2 });
  }
  for (const e of events) {
    const { prevHash, hash, ...body } = e;
    must(Object.keys(body).sort().join() === 'actor,at,device,id,payload,seq,type', 'event members');
    const format =
      hash2(suite, prevHash, body) === hash ? 2 : suite === 'default' && hash1(prevHash, body) === hash ? 1 : 0;
    must(format !== 0, 'event hash');
    if (e.seq === 1) must(prevHash === GENESIS, 'genesis');
    place(e.device, e.seq, { prevHash, hash, format: format as 1 | 2 });
  }
  for (const c of chain.values())
    for (const [seq, el] of c) if (c.has(seq - 1)) must(el.prevHash === c.get(seq - 1)!.hash, 'linked');
  // Signed heads (§12.5) and coverage (§12.6), by carried heads alone.
  for (const h of manifest.heads) {
    const key = trusted.get(h.device);
    must(key !== undefined, 'head of a trusted device');
    must(verifySignature(suite, key!, statement(suite, h), Buffer.from(h.signature, 'base64')), 'head signature');
    must(chain.get(h.device)?.get(h.seq)?.hash === h.hash, 'head names a carried element');
  }
  for (const [device, c] of chain) {
    const heads = manifest.heads.filter((h) => h.device === device).sort((a, b) => a.seq - b.seq);
    for (const [seq, el] of c) {
      if (device === manifest.device && el.format === 1) continue; // format 1's rule: the exporter's own format-1 events
      const head = heads.find((h) => h.seq >= seq);
      must(head !== undefined, `covered: ${device}/${seq}`);
      for (let p = seq + 1; p <= head!.seq; p++) must(c.has(p), `covered through ${device}/${p}`);
    }
  }
  return { manifest, events, links };
}
