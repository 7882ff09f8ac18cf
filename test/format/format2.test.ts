// Format 2 (docs/format.md §9–§16) in both crypto suites: the document's vectors recomputed by the second
// implementation (second.ts), ducha's own hashing and signing checked against them, the document's bundles
// imported by ducha, and bundles ducha exports read by the second implementation with every check passing.
// `DUCHA_PRINT_VECTORS=1 npx vitest run test/format/format2.test.ts` prints the values for the document.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/crypto/index.js';
import { eventDigest, linkHash } from '../../src/store/hash.js';
import { headSignatureValid, headStatement, signHead } from '../../src/store/signing.js';
import { openStore } from '../../src/store/open.js';
import { importBundle } from '../../src/team/import.js';
import { exportBundle } from '../../src/team/export.js';
import { trustKey, fingerprint } from '../../src/team/trust.js';
import { verifyStore } from '../../src/store/verify.js';
import { writeOutputWith } from '../../src/util/output.js';
import { setLang } from '../../src/i18n/index.js';
import { createInspection } from '../../src/inspect/inspections.js';
import { addRecord } from '../../src/inspect/recording.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { ROOT, tempDir } from '../helpers/run.js';
import { builtinRegistry } from '../helpers/store.js';
import { GENESIS, H, digest2, ed25519Key, hash2, jcs, linkHashOf, readBundle2, sha256, sm2Key, statement, writeBundle2, type Body, type Event, type Key, type SuiteName } from './second.js';

setLang('zh');
const DOC = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
const PRINT = process.env.DUCHA_PRINT_VECTORS === '1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = tempDir('ducha-format2-');
  dirs.push(d);
  return d;
};

function block(name: string): Record<string, string> {
  const found = new RegExp(`<!-- ${name}:begin -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(DOC)![1]!;
  return Object.fromEntries([...found.matchAll(/`([A-Z0-9_]+)` = `([^`]*)`/g)].map((m) => [m[1]!, m[2]!]));
}
const v1 = block('vectors');
const v2 = block('vectors2');

// §8's snapshot and bodies, §16's third body.
export const SNAPSHOT = Buffer.from('format: ducha-checklist/1\nid: qingshi-baogao\nversion: 1.0.0\ntitle: 请示报告制度贯彻落实情况\nsections:\n  - id: A\n    title: 制度建立\n    items:\n      - id: QS-01\n        title: 请示报告事项清单\n', 'utf8');
const SNAPSHOT_SHA = sha256(SNAPSHOT);
const DEVICE = 'd0123456789ab';
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ANNEX_A_D = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
const created: Body = {
  id: '01jc0000000000ab',
  device: DEVICE,
  seq: 1,
  at: '2026-11-20T09:00:00.000Z',
  actor: '张三',
  type: 'inspection.created',
  payload: {
    inspection: { id: '7k3m9q', title: '某县委政法委督查', unit: '某县委政法委', unitKind: 'plac', team: ['张三'], start: '2026-11-20' },
    checklists: [{ id: 'qingshi-baogao', version: '1.0.0', sha256: SNAPSHOT_SHA }],
  },
};
const other: Body = {
  id: '01jc0000000000cd',
  device: DEVICE,
  seq: 2,
  at: '2026-11-20T09:00:00.500Z',
  actor: '张三',
  type: 'inspection.created',
  payload: { inspection: { id: '8m4n2p', title: '某县人民法院督查', unit: '某县人民法院', unitKind: 'court', team: ['张三'], start: '2026-11-21' }, checklists: [] },
};
const recorded: Body = {
  id: '01jc0000000000ef',
  device: DEVICE,
  seq: 3,
  at: '2026-11-20T09:00:01.000Z',
  actor: '张三',
  type: 'record.added',
  payload: { id: '01jc0000000001cd', inspectionId: '7k3m9q', checklistId: 'qingshi-baogao', itemId: 'QS-01', method: 'check', subject: '请示报告登记簿', note: '登记 12 件，抽查 5 件均一文一事', evidence: [] },
};

/** §16's example in one suite, by the second implementation. */
function example(suite: SuiteName) {
  const P = suite === 'gm' ? 'GM' : 'DEFAULT';
  const fixed = new Map<string, string>();
  const key: Key = suite === 'gm' ? sm2Key(ANNEX_A_D, fixed) : ed25519Key(RFC8032_SEED);
  const e1: Event = { ...created, prevHash: GENESIS, hash: hash2(suite, GENESIS, created) };
  const e2: Event = { ...other, prevHash: e1.hash, hash: hash2(suite, e1.hash, other) };
  const e3: Event = { ...recorded, prevHash: e2.hash, hash: hash2(suite, e2.hash, recorded) };
  const head = { device: DEVICE, seq: 3, hash: e3.hash };
  // SM2 signatures are randomised: the document's are used when it has them.
  if (suite === 'gm' && v2.GM_HEAD_SIGNATURE) fixed.set(statement(suite, head).toString('utf8'), v2.GM_HEAD_SIGNATURE);
  const signed = { ...head, signature: key.sign(statement(suite, head)).toString('base64') };
  const link = { device: DEVICE, seq: 2, prevHash: e1.hash, digest: digest2(suite, other) };
  const write = () =>
    writeBundle2({ key, device: DEVICE, events: [e1, e3], links: [link], heads: [signed], blobs: [SNAPSHOT], createdAt: '2026-11-20T10:00:00.000Z', actor: '张三', inspections: [{ id: '7k3m9q', title: '某县委政法委督查', unit: '某县委政法委' }] });
  let bytes = write();
  const manifestLength = bytes.readUInt32BE(15);
  const manifestText = bytes.subarray(19, 19 + manifestLength).toString('utf8');
  if (suite === 'gm' && v2.GM_MANIFEST_SIGNATURE) {
    fixed.set(manifestText, v2.GM_MANIFEST_SIGNATURE);
    bytes = write();
  }
  const signature = bytes.subarray(19 + manifestLength + 4, 19 + manifestLength + 4 + 64).toString('base64');
  const values: Record<string, string> = {
    [`${P}_HASH_1`]: e1.hash,
    [`${P}_DIGEST_2`]: link.digest,
    [`${P}_HASH_2`]: e2.hash,
    [`${P}_HASH_3`]: e3.hash,
    [`${P}_HEAD_SIGNATURE`]: signed.signature,
    [`${P}_MANIFEST_SIGNATURE`]: signature,
    [`${P}_BUNDLE_BYTES`]: String(bytes.length),
    [`${P}_BUNDLE_${suite === 'gm' ? 'SM3' : 'SHA256'}`]: H(suite, bytes),
  };
  if (suite === 'gm') values.GM_PUBLIC_KEY = key.publicKey;
  return { key, e1, e2, e3, link, signed, bytes, manifestText, values };
}

describe('§8 and §16: the document is the second implementation', () => {
  it('the snapshot of §8 is printed as its bytes', () => {
    expect(DOC).toContain('```yaml\n' + SNAPSHOT.toString('utf8') + '```');
    expect(v1.SNAPSHOT_SHA256).toBe(SNAPSHOT_SHA);
    expect(DOC).toContain(jcs(other));
  });

  for (const suite of ['default', 'gm'] as const) {
    it(`${suite}: the document's values are the second implementation's`, () => {
      const x = example(suite);
      if (PRINT) {
        console.log(Object.entries(x.values).map(([k, v]) => `- \`${k}\` = \`${v}\``).join('\n'));
        console.log(x.manifestText);
      }
      for (const [k, v] of Object.entries(x.values)) expect(v2[k], k).toBe(v);
      expect(DOC).toContain(x.manifestText);
      if (suite === 'default') {
        expect(DOC).toContain(statement(suite, x.signed).toString('utf8'));
        expect(DOC).toContain(JSON.stringify({ device: x.link.device, seq: x.link.seq, prevHash: x.link.prevHash, digest: x.link.digest }));
      }
    });
  }
});

describe('ducha agrees with the document', () => {
  for (const suite of ['default', 'gm'] as const) {
    it(`${suite}: digests, hashes, the signed-head statement and its signature`, async () => {
      const x = example(suite);
      const algorithm = suite === 'gm' ? 'sm3' : 'sha256';
      expect(eventDigest(algorithm, other)).toBe(x.link.digest);
      expect(linkHash(algorithm, x.e1.hash, x.link.digest)).toBe(x.e2.hash);
      expect(linkHash(algorithm, GENESIS, eventDigest(algorithm, created))).toBe(x.e1.hash);
      expect(headStatement(suite, x.signed).toString('utf8')).toBe(statement(suite, x.signed).toString('utf8'));
      const crypto = await loadSuite(suite);
      expect(headSignatureValid(crypto, x.key.publicKey, x.signed)).toBe(true);
      expect(headSignatureValid(crypto, x.key.publicKey, { ...x.signed, seq: 2 })).toBe(false);
      if (suite === 'default') {
        const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(RFC8032_SEED, 'hex')]).toString('base64');
        expect(signHead(crypto, pkcs8, x.signed)).toBe(x.signed.signature); // Ed25519 is deterministic
      }
      expect(linkHashOf(suite, x.e1.hash, x.link.digest)).toBe(x.e2.hash);
    });

    it(`${suite}: the document's bundle is imported by ducha (the event, the link and the signed head kept; verify clean)`, async () => {
      const x = example(suite);
      const dir = scratch();
      const file = join(dir, 'vector.ducha');
      writeFileSync(file, x.bytes);
      const store = openStore(join(dir, 'lead.db'), { create: true, suite: await loadSuite(suite) });
      try {
        expect(store.suite).toBe(suite);
        trustKey(store, { device: DEVICE, publicKey: x.key.publicKey, fingerprint: fingerprint(x.key.publicKey) }, '张三');
        const summary = importBundle(store, '李四', file, {});
        expect(summary.newEvents).toBe(2);
        expect(summary.heads).toEqual([{ device: DEVICE, seq: 3, hash: x.e3.hash }]);
        expect(store.db.prepare('SELECT seq, hash FROM events WHERE device = ? ORDER BY seq').all(DEVICE)).toEqual([
          { seq: 1, hash: x.e1.hash },
          { seq: 3, hash: x.e3.hash },
        ]);
        expect(store.db.prepare('SELECT seq, prev_hash AS prevHash, digest FROM links WHERE device = ?').all(DEVICE)).toEqual([{ seq: 2, prevHash: x.e1.hash, digest: x.link.digest }]);
        expect(store.db.prepare('SELECT signature FROM signatures WHERE device = ?').all(DEVICE)).toEqual([{ signature: x.signed.signature }]);
        const report = verifyStore(store);
        expect(report.damage).toEqual([]);
      } finally {
        store.close();
      }
    });

    it(`${suite}: a bundle ducha exports (one of two interleaved inspections) is read by the second implementation, every check passing`, async () => {
      const dir = scratch();
      mkdirSync(join(dir, 'x'));
      const crypto = await loadSuite(suite);
      const store = openStore(join(dir, 'member.db'), { create: true, suite: crypto });
      try {
        const make = (unit: string) =>
          createInspection(store, '张三', { unit, unitKind: 'township', team: ['张三'], checklists: ['zhengfa-weiyuan'], start: '2026-11-20' }, builtinRegistry());
        const a = make('某乡镇党委');
        const b = make('另一乡镇党委');
        const item = (id: string) => resolveItem(allItems(inspectionSnapshots(store, id)), 'WY-01');
        for (let i = 0; i < 3; i++) {
          addRecord(store, '张三', a.id, item(a.id), { method: 'check', note: `甲 ${i}` }, 10);
          addRecord(store, '张三', b.id, item(b.id), { method: 'visit', note: `乙 ${i}` }, 10);
        }
        const file = join(dir, 'x', 'member.ducha');
        exportBundle(store, '张三', [a.id], (fill) => writeOutputWith(file, {}, fill));
        const { manifest, events, links } = readBundle2(readFileSync(file), new Map([[store.device, store.crypto().signingPublicKey(privateKeyOf(store))]]), suite);
        expect(manifest.device).toBe(store.device);
        expect(events.map((e) => e.seq)).toEqual([1, 3, 5, 7]);
        expect(links.map((l) => l.seq)).toEqual([2, 4, 6]);
        expect((manifest.heads as unknown[]).length).toBe(1);
      } finally {
        store.close();
      }
    });
  }
});

function privateKeyOf(store: ReturnType<typeof openStore>): string {
  const row = store.db.prepare("SELECT secret FROM device_keys WHERE purpose = 'signing'").get() as { secret: Buffer };
  return row.secret.toString('base64');
}
