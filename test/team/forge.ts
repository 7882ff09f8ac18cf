// A hostile team member's tools, for the integrity tests: the real key of a trusted member read out of that
// member's database file (as anyone holding the file can), event hashes by either format's rule, and bundles
// written and signed by hand — format 1, which ducha 0.1 reads too, so the same forgery shows what an older
// ducha accepted. Nothing here uses ducha's own writing code.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** RFC 8785 for ducha's values (docs/format.md §1). */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

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

/** Format 1's hash (§2) and format 2's in the default suite (§9.2). */
export const hash1 = (prev: string, body: Body) => sha256(prev + jcs(body));
export const hash2 = (prev: string, body: Body) => sha256(prev + sha256(jcs(body)));

/** An event chained after `prev` by the rule a database's chain uses. */
export const chained = (prev: string, body: Body, format: 1 | 2 = 1): Event => ({
  ...body,
  prevHash: prev,
  hash: format === 1 ? hash1(prev, body) : hash2(prev, body),
});

export interface MemberKey {
  device: string;
  publicKey: string;
  /** base64 PKCS#8 (Ed25519). */
  privateKey: string;
}

/** A member's device key, read from the file: meta.private_key (ducha 0.1) or device_keys (format 2). */
export function keyOf(dbFile: string): MemberKey {
  const db = new Database(dbFile, { readonly: true });
  try {
    const meta = (k: string) =>
      (db.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: string } | undefined)?.value;
    const hasKeys = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'device_keys'").get();
    const privateKey = hasKeys
      ? (
          db.prepare("SELECT secret FROM device_keys WHERE purpose = 'signing'").get() as { secret: Buffer }
        ).secret.toString('base64')
      : meta('private_key')!;
    return { device: meta('device')!, publicKey: meta('public_key')!, privateKey };
  } finally {
    db.close();
  }
}

/** A device's chain as a database holds it, and the rule it follows (2 when its newest event matches format 2's). */
export function chainIn(dbFile: string, device: string): { events: Event[]; format: 1 | 2 } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM events WHERE device = ? ORDER BY seq').all(device) as Array<
      Record<string, string | number>
    >;
    const events = rows.map(
      (r) =>
        ({
          id: r.id,
          device: r.device,
          seq: r.seq,
          at: r.at,
          actor: r.actor,
          type: r.type,
          payload: JSON.parse(r.payload as string),
          prevHash: r.prev_hash,
          hash: r.hash,
        }) as Event,
    );
    const last = events.at(-1);
    const { prevHash, hash, ...body } = last ?? ({} as Event);
    return { events, format: last && hash2(prevHash, body) === hash ? 2 : 1 };
  } finally {
    db.close();
  }
}

/** A format-1 bundle (§7) signed with `key`, carrying `events` and `blobs`; `heads` as given or as §7 says. */
export function forgeBundle1(
  file: string,
  key: MemberKey,
  events: Event[],
  options: {
    heads?: Record<string, { seq: number; hash: string }>;
    blobs?: Buffer[];
    inspections?: unknown[];
    actor?: string;
  } = {},
): void {
  const lines = Buffer.from(
    events
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
  const heads: Record<string, { seq: number; hash: string }> = {};
  for (const e of events)
    if (!heads[e.device] || heads[e.device]!.seq < e.seq) heads[e.device] = { seq: e.seq, hash: e.hash };
  const blobs = [...(options.blobs ?? [])].sort((a, b) => (sha256(a) < sha256(b) ? -1 : 1));
  const manifest = {
    format: 'ducha-bundle/1',
    device: key.device,
    publicKey: key.publicKey,
    createdAt: '2026-11-25T10:00:00.000Z',
    actor: options.actor ?? '王五',
    inspections: options.inspections ?? [],
    events: { count: events.length, bytes: lines.length, sha256: sha256(lines) },
    blobs: blobs.map((b) => ({ sha256: sha256(b), size: b.length })),
    heads: options.heads ?? heads,
  };
  const manifestBytes = Buffer.from(jcs(manifest), 'utf8');
  const signature = sign(
    null,
    manifestBytes,
    createPrivateKey({ key: Buffer.from(key.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
  );
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('DUCHA-BUNDLE/1\n'),
      u32(manifestBytes.length),
      manifestBytes,
      u32(signature.length),
      signature,
      ...blobs,
      lines,
    ]),
  );
}

/** A fresh Ed25519 key under a device id nobody trusts. */
export function strangerKey(device: string): MemberKey {
  const pair = generateKeyPairSync('ed25519');
  return {
    device,
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicKey: createPublicKey(pair.privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}
