// §16's example (docs/format.md): the snapshot, the three bodies and the bundle of format 2 in either suite,
// built by the second implementation (second.ts) with the document's SM2 signatures where it has them —
// shared by format2.test.ts and sealed.test.ts (§17 encrypts this bundle).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/run.js';
import {
  GENESIS,
  H,
  digest2,
  ed25519Key,
  hash2,
  sha256,
  sm2Key,
  statement,
  writeBundle2,
  type Body,
  type Event,
  type Key,
  type SuiteName,
} from './second.js';

export const DOC = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');

/** The `NAME` = `value` pairs between `<!-- name:begin -->` and `<!-- name:end -->`. */
export function block(name: string): Record<string, string> {
  const found = new RegExp(`<!-- ${name}:begin -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(DOC)![1]!;
  return Object.fromEntries([...found.matchAll(/`([A-Z0-9_]+)` = `([^`]*)`/g)].map((m) => [m[1]!, m[2]!]));
}
const v2 = block('vectors2');

// §8's snapshot and bodies, §16's third body.
export const SNAPSHOT = Buffer.from(
  'format: ducha-checklist/1\nid: qingshi-baogao\nversion: 1.0.0\ntitle: 请示报告制度贯彻落实情况\nsections:\n  - id: A\n    title: 制度建立\n    items:\n      - id: QS-01\n        title: 请示报告事项清单\n',
  'utf8',
);
export const SNAPSHOT_SHA = sha256(SNAPSHOT);
export const DEVICE = 'd0123456789ab';
export const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const ANNEX_A_D = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
export const created: Body = {
  id: '01jc0000000000ab',
  device: DEVICE,
  seq: 1,
  at: '2026-11-20T09:00:00.000Z',
  actor: '张三',
  type: 'inspection.created',
  payload: {
    inspection: {
      id: '7k3m9q',
      title: '某县委政法委督查',
      unit: '某县委政法委',
      unitKind: 'plac',
      team: ['张三'],
      start: '2026-11-20',
    },
    checklists: [{ id: 'qingshi-baogao', version: '1.0.0', sha256: SNAPSHOT_SHA }],
  },
};
export const other: Body = {
  id: '01jc0000000000cd',
  device: DEVICE,
  seq: 2,
  at: '2026-11-20T09:00:00.500Z',
  actor: '张三',
  type: 'inspection.created',
  payload: {
    inspection: {
      id: '8m4n2p',
      title: '某县人民法院督查',
      unit: '某县人民法院',
      unitKind: 'court',
      team: ['张三'],
      start: '2026-11-21',
    },
    checklists: [],
  },
};
export const recorded: Body = {
  id: '01jc0000000000ef',
  device: DEVICE,
  seq: 3,
  at: '2026-11-20T09:00:01.000Z',
  actor: '张三',
  type: 'record.added',
  payload: {
    id: '01jc0000000001cd',
    inspectionId: '7k3m9q',
    checklistId: 'qingshi-baogao',
    itemId: 'QS-01',
    method: 'check',
    subject: '请示报告登记簿',
    note: '登记 12 件，抽查 5 件均一文一事',
    evidence: [],
  },
};

/** §16's example in one suite, by the second implementation. */
export function example(suite: SuiteName) {
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
    writeBundle2({
      key,
      device: DEVICE,
      events: [e1, e3],
      links: [link],
      heads: [signed],
      blobs: [SNAPSHOT],
      createdAt: '2026-11-20T10:00:00.000Z',
      actor: '张三',
      inspections: [{ id: '7k3m9q', title: '某县委政法委督查', unit: '某县委政法委' }],
    });
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
