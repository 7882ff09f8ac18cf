// docs/format.md is the contract for other implementations: this file holds a second writer and reader of
// canonical JSON, event hashes and bundles built from that text alone, checks them against ducha's own
// code both ways, and checks the test vectors printed in the document.
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical.js';
import { GENESIS, eventHash } from '../../src/store/hash.js';
import { openStore } from '../../src/store/open.js';
import { getRecord } from '../../src/store/record-queries.js';
import { importBundle } from '../../src/team/import.js';
import { trustKey, fingerprint } from '../../src/team/trust.js';
import { setLang } from '../../src/i18n/index.js';
import { ROOT, tempDir } from '../helpers/run.js';

setLang('zh');
const DOC = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = tempDir('ducha-format-');
  dirs.push(d);
  return d;
};

/** The values the document prints in its vectors block: `NAME = value` lines. */
function vectors(): Record<string, string> {
  const block = /<!-- vectors:begin -->([\s\S]*?)<!-- vectors:end -->/.exec(DOC)![1]!;
  return Object.fromEntries([...block.matchAll(/`([A-Z0-9_]+)` = `([^`]*)`/g)].map((m) => [m[1]!, m[2]!]));
}

// ---- A second implementation, written from docs/format.md ----------------------------------------

/** §1: sort keys by UTF-16 code units, drop absent members, JSON.stringify for strings and numbers. */
function jcs(value: unknown): string {
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

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

interface Body {
  id: string;
  device: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

/** §2: sha256(prevHash ‖ canonicalJson(body)). */
const hashOf = (prevHash: string, body: Body) => sha256(prevHash + jcs(body));

const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const seedKey = (seedHex: string) =>
  createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });

/** §8's checklist snapshot, the bundle's one blob. */
const SNAPSHOT = Buffer.from(
  'format: ducha-checklist/1\nid: qingshi-baogao\nversion: 1.0.0\ntitle: 请示报告制度贯彻落实情况\nsections:\n  - id: A\n    title: 制度建立\n    items:\n      - id: QS-01\n        title: 请示报告事项清单\n',
  'utf8',
);
const created = {
  inspection: {
    id: '7k3m9q',
    title: '某县委政法委督查',
    unit: '某县委政法委',
    unitKind: 'plac',
    team: ['张三'],
    start: '2026-11-20',
  },
  checklists: [{ id: 'qingshi-baogao', version: '1.0.0', sha256: createHash('sha256').update(SNAPSHOT).digest('hex') }],
};
const recorded = {
  id: '01jc0000000001cd',
  inspectionId: '7k3m9q',
  checklistId: 'qingshi-baogao',
  itemId: 'QS-01',
  method: 'check',
  subject: '请示报告登记簿',
  note: '登记 12 件，抽查 5 件均一文一事',
  evidence: [],
};
const body1: Body = {
  id: '01jc0000000000ab',
  device: 'd0123456789ab',
  seq: 1,
  at: '2026-11-20T09:00:00.000Z',
  actor: '张三',
  type: 'inspection.created',
  payload: created,
};
const body2: Body = {
  id: '01jc0000000000ef',
  device: 'd0123456789ab',
  seq: 2,
  at: '2026-11-20T09:00:01.000Z',
  actor: '张三',
  type: 'record.added',
  payload: recorded,
};

/** §7: magic, length-prefixed manifest and signature, blobs, event lines. */
function writeBundle(
  events: Array<Body & { prevHash: string; hash: string }>,
  manifestExtra: { createdAt: string; actor: string; inspections: unknown[] },
  blobs: Buffer[] = [],
): Buffer {
  const key = seedKey(RFC8032_SEED);
  const lines = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  const heads: Record<string, { seq: number; hash: string }> = {};
  for (const e of events)
    if (!heads[e.device] || heads[e.device]!.seq < e.seq) heads[e.device] = { seq: e.seq, hash: e.hash };
  const manifest = {
    format: 'ducha-bundle/1',
    device: events[0]!.device,
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
    ...manifestExtra,
    events: { count: events.length, bytes: lines.length, sha256: sha256(lines) },
    blobs: blobs.map((b) => ({ sha256: sha256(b), size: b.length })).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)),
    heads,
  };
  const manifestBytes = Buffer.from(jcs(manifest), 'utf8');
  const signature = sign(null, manifestBytes, key);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const ordered = [...blobs].sort((a, b) => (sha256(a) < sha256(b) ? -1 : 1));
  return Buffer.concat([
    Buffer.from('DUCHA-BUNDLE/1\n', 'utf8'),
    u32(manifestBytes.length),
    manifestBytes,
    u32(signature.length),
    signature,
    ...ordered,
    lines,
  ]);
}

/** §7, reading: every check a reader must make, returning the events. */
function readBundle(bytes: Buffer): { manifest: Record<string, unknown>; events: Array<Record<string, unknown>> } {
  expect(bytes.subarray(0, 15).toString('latin1')).toBe('DUCHA-BUNDLE/1\n');
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
    publicKey: string;
    blobs: Array<{ sha256: string; size: number }>;
    events: { count: number; bytes: number; sha256: string };
  };
  expect(jcs(manifest)).toBe(manifestBytes.toString('utf8'));
  expect(
    verify(
      null,
      manifestBytes,
      createPublicKey({ key: Buffer.from(manifest.publicKey, 'base64'), format: 'der', type: 'spki' }),
      signature,
    ),
  ).toBe(true);
  expect(bytes.length - at).toBe(manifest.blobs.reduce((n, b) => n + b.size, 0) + manifest.events.bytes);
  for (const blob of manifest.blobs) {
    expect(sha256(bytes.subarray(at, at + blob.size))).toBe(blob.sha256);
    at += blob.size;
  }
  const lines = bytes.subarray(at);
  expect(sha256(lines)).toBe(manifest.events.sha256);
  const events = lines
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events.length).toBe(manifest.events.count);
  const byDevice = new Map<string, Map<number, Record<string, unknown>>>();
  for (const e of events) {
    const { prevHash, hash, ...rest } = e as unknown as Body & { prevHash: string; hash: string };
    expect(Object.keys(rest).sort()).toEqual(['actor', 'at', 'device', 'id', 'payload', 'seq', 'type']);
    expect(hashOf(prevHash, rest)).toBe(hash);
    if (rest.seq === 1) expect(prevHash).toBe(GENESIS);
    const chain = byDevice.get(rest.device) ?? new Map();
    chain.set(rest.seq, e);
    byDevice.set(rest.device, chain);
  }
  for (const chain of byDevice.values())
    for (const [seq, e] of chain) if (chain.has(seq - 1)) expect(e.prevHash).toBe(chain.get(seq - 1)!.hash);
  return { manifest, events };
}

// ---- The checks ------------------------------------------------------------------------------------

describe('canonical JSON (§1) is RFC 8785 for the values ducha uses', () => {
  it('RFC 8785 §3.2.2: literals, numbers and string escapes', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(input)).toBe(expected);
    expect(jcs(input)).toBe(expected);
  });

  it('RFC 8785 §3.2.3: keys sorted by UTF-16 code units', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    ) as Record<string, string>;
    const out = canonicalJson(input);
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(jcs(input)).toBe(out);
  });

  it('agrees with the second implementation on arbitrary JSON values, and refuses non-finite numbers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => canonicalJson(v) === jcs(v)),
      { seed: 8785, numRuns: 500 },
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
  });
});

describe('the event types (§3)', () => {
  it('every event type the code knows is specified in the document', () => {
    const source = readFileSync(join(ROOT, 'src', 'store', 'events.ts'), 'utf8');
    const payloads = /export interface EventPayloads \{([\s\S]*?)\n\}/.exec(source)![1]!;
    const types = [...payloads.matchAll(/'([a-z-]+\.[a-z-]+)':/g)].map((m) => m[1]!);
    expect(types.length).toBeGreaterThanOrEqual(8);
    for (const type of types) expect(DOC, type).toMatch(new RegExp(`\\| \`${type.replace('.', '\\.')}\` \\|`));
  });
});

describe('the event hash (§2)', () => {
  it('ducha hashes exactly sha256(prevHash ‖ canonicalJson(body)) — its hand-ordered text is the canonical one', () => {
    const body = fc.record({
      id: fc.string(),
      device: fc.string(),
      seq: fc.integer({ min: 1, max: 2 ** 40 }),
      at: fc.string(),
      actor: fc.string({ unit: 'binary' }),
      type: fc.string(),
      payload: fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue()),
    });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        body,
        (prev, b) => eventHash(prev, b) === hashOf(prev, b),
      ),
      { seed: 2, numRuns: 500 },
    );
  });

  it('the document prints the hashed text and the hashes of the two example events', () => {
    const v = vectors();
    expect(DOC).toContain(jcs(body1).replace(created.checklists[0]!.sha256, 'SNAPSHOT_SHA256'));
    expect(DOC).toContain(jcs(body2));
    const h1 = eventHash(GENESIS, body1);
    expect(h1).toBe(hashOf(GENESIS, body1));
    expect(v.EVENT_1_HASH).toBe(h1);
    expect(v.EVENT_2_HASH).toBe(eventHash(h1, body2));
  });
});

describe('the bundle (§7)', () => {
  const e1 = { ...body1, prevHash: GENESIS, hash: hashOf(GENESIS, body1) };
  const e2 = { ...body2, prevHash: e1.hash, hash: hashOf(e1.hash, body2) };
  const bundle = () =>
    writeBundle(
      [e1, e2],
      {
        createdAt: '2026-11-20T10:00:00.000Z',
        actor: '张三',
        inspections: [{ id: '7k3m9q', title: '某县委政法委督查', unit: '某县委政法委' }],
      },
      [SNAPSHOT],
    );

  it('the document prints the size and SHA-256 of the example bundle', () => {
    const bytes = bundle();
    const v = vectors();
    if (process.env.DUCHA_PRINT_VECTORS === '1')
      console.log({
        BUNDLE_BYTES: bytes.length,
        BUNDLE_SHA256: sha256(bytes),
        E1: e1.hash,
        E2: e2.hash,
        M: bytes.subarray(19, 19 + bytes.readUInt32BE(15)).toString('utf8'),
      });
    expect(v.BUNDLE_BYTES).toBe(String(bytes.length));
    expect(v.BUNDLE_SHA256).toBe(sha256(bytes));
    const manifestLength = bytes.readUInt32BE(15);
    expect(DOC).toContain(bytes.subarray(19, 19 + manifestLength).toString('utf8'));
    expect(v.RFC8032_TEST1_FINGERPRINT).toBe(
      fingerprint(createPublicKey(seedKey(RFC8032_SEED)).export({ type: 'spki', format: 'der' }).toString('base64')),
    );
  });

  it('a bundle written from the document alone is read by ducha (all checks, events applied)', () => {
    const dir = scratch();
    const file = join(dir, 'vector.ducha');
    writeFileSync(file, bundle());
    const store = openStore(join(dir, 'lead.db'), { create: true });
    try {
      const key = createPublicKey(seedKey(RFC8032_SEED)).export({ type: 'spki', format: 'der' }).toString('base64');
      trustKey(store, { device: 'd0123456789ab', publicKey: key, fingerprint: fingerprint(key) }, '张三');
      const summary = importBundle(store, '李四', file, {});
      expect(summary.newEvents).toBe(2);
      const rows = store.db
        .prepare("SELECT seq, hash FROM events WHERE device = 'd0123456789ab' ORDER BY seq")
        .all() as Array<{ seq: number; hash: string }>;
      expect(getRecord(store, recorded.id)?.note).toBe(recorded.note);
      expect(rows).toEqual([
        { seq: 1, hash: e1.hash },
        { seq: 2, hash: e2.hash },
      ]);
    } finally {
      store.close();
    }
  });

  it('a bundle ducha 0.1 exported (test/fixtures/format1) is read by the format-1 reader above and imported by this ducha', () => {
    const bytes = readFileSync(join(ROOT, 'test', 'fixtures', 'format1', 'member.ducha'));
    const { manifest, events } = readBundle(bytes);
    expect(events.length).toBe(6);
    const dir = scratch();
    const file = join(dir, 'member.ducha');
    writeFileSync(file, bytes);
    const store = openStore(join(dir, 'lead.db'), { create: true });
    try {
      const key = manifest.publicKey as string;
      trustKey(store, { device: manifest.device as string, publicKey: key, fingerprint: fingerprint(key) }, '李四');
      expect(importBundle(store, '张三', file, {}).newEvents).toBe(6);
    } finally {
      store.close();
    }
  });
});
