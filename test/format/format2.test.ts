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
import { tempDir } from '../helpers/run.js';
import { builtinRegistry } from '../helpers/store.js';
import { GENESIS, jcs, linkHashOf, readBundle2, statement } from './second.js';
import { DEVICE, DOC, RFC8032_SEED, SNAPSHOT, SNAPSHOT_SHA, block, created, example, other } from './example2.js';

setLang('zh');
const PRINT = process.env.DUCHA_PRINT_VECTORS === '1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = tempDir('ducha-format2-');
  dirs.push(d);
  return d;
};

const v1 = block('vectors');
const v2 = block('vectors2');

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
        console.log(
          Object.entries(x.values)
            .map(([k, v]) => `- \`${k}\` = \`${v}\``)
            .join('\n'),
        );
        console.log(x.manifestText);
      }
      for (const [k, v] of Object.entries(x.values)) expect(v2[k], k).toBe(v);
      expect(DOC).toContain(x.manifestText);
      if (suite === 'default') {
        expect(DOC).toContain(statement(suite, x.signed).toString('utf8'));
        expect(DOC).toContain(
          JSON.stringify({ device: x.link.device, seq: x.link.seq, prevHash: x.link.prevHash, digest: x.link.digest }),
        );
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
        const pkcs8 = Buffer.concat([
          Buffer.from('302e020100300506032b657004220420', 'hex'),
          Buffer.from(RFC8032_SEED, 'hex'),
        ]).toString('base64');
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
        trustKey(
          store,
          { device: DEVICE, publicKey: x.key.publicKey, fingerprint: fingerprint(x.key.publicKey) },
          '张三',
        );
        const summary = importBundle(store, '李四', file, {});
        expect(summary.newEvents).toBe(2);
        expect(summary.heads).toEqual([{ device: DEVICE, seq: 3, hash: x.e3.hash }]);
        expect(store.db.prepare('SELECT seq, hash FROM events WHERE device = ? ORDER BY seq').all(DEVICE)).toEqual([
          { seq: 1, hash: x.e1.hash },
          { seq: 3, hash: x.e3.hash },
        ]);
        expect(
          store.db.prepare('SELECT seq, prev_hash AS prevHash, digest FROM links WHERE device = ?').all(DEVICE),
        ).toEqual([{ seq: 2, prevHash: x.e1.hash, digest: x.link.digest }]);
        expect(store.db.prepare('SELECT signature FROM signatures WHERE device = ?').all(DEVICE)).toEqual([
          { signature: x.signed.signature },
        ]);
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
          createInspection(
            store,
            '张三',
            { unit, unitKind: 'township', team: ['张三'], checklists: ['zhengfa-weiyuan'], start: '2026-11-20' },
            builtinRegistry(),
          );
        const a = make('某乡镇党委');
        const b = make('另一乡镇党委');
        const item = (id: string) => resolveItem(allItems(inspectionSnapshots(store, id)), 'WY-01');
        for (let i = 0; i < 3; i++) {
          addRecord(store, '张三', a.id, item(a.id), { method: 'check', note: `甲 ${i}` }, 10);
          addRecord(store, '张三', b.id, item(b.id), { method: 'visit', note: `乙 ${i}` }, 10);
        }
        const file = join(dir, 'x', 'member.ducha');
        exportBundle(store, '张三', [a.id], (fill) => writeOutputWith(file, {}, fill));
        const { manifest, events, links } = readBundle2(
          readFileSync(file),
          new Map([[store.device, store.crypto().signingPublicKey(privateKeyOf(store))]]),
          suite,
        );
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
