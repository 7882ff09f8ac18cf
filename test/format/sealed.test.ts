// The encrypted bundle (docs/format.md §17) in both suites: the document's vectors rebuilt by the second
// implementation (second-sealed.ts), which also refuses what §17 says a reader refuses; the document's
// encrypted bundle opened and imported by ducha; and an encrypted bundle ducha exports opened by the second
// implementation, the signed bundle inside passing every check of second.ts.
// `DUCHA_PRINT_VECTORS=1 npx vitest run test/format/sealed.test.ts` prints the values for the document.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/crypto/index.js';
import { openStore } from '../../src/store/open.js';
import { putEncryptionKey } from '../../src/store/device-key.js';
import { importBundle } from '../../src/team/import.js';
import { exportBundle } from '../../src/team/export.js';
import { bindingStatement } from '../../src/team/binding.js';
import { trustKey, fingerprint } from '../../src/team/trust.js';
import { writeOutputWith } from '../../src/util/output.js';
import { setLang } from '../../src/i18n/index.js';
import { createInspection } from '../../src/inspect/inspections.js';
import { addRecord } from '../../src/inspect/recording.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { tempDir } from '../helpers/run.js';
import { builtinRegistry } from '../helpers/store.js';
import { sm2Private, x25519Private } from '../crypto/helpers.js';
import { DEVICE, DOC, block, example } from './example2.js';
import { jcs, readBundle2, sha256, type SuiteName } from './second.js';
import {
  Refused,
  keyId,
  prefixOf,
  readSealed,
  sm2PublicText,
  unwrapSm2,
  unwrapX25519,
  wrapX25519,
  writeSealed,
  x25519PublicRaw,
  x25519PublicText,
  type Header,
} from './second-sealed.js';

setLang('zh');
const PRINT = process.env.DUCHA_PRINT_VECTORS === '1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = tempDir('ducha-sealed-');
  dirs.push(d);
  return d;
};

const v3 = block('vectors3');
const RECIPIENT_DEVICE = 'dbbbbbbbbbbbb';
// RFC 7748 §6.1: Bob's key is the recipient's, Alice's the ephemeral one.
const BOB = Buffer.from('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb', 'hex');
const ALICE = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex');
const GM_D = '6fcba2ef9ae0ab902bc3bde3ff915d44ba4cc78f88e2f8e7f8996d3b8cceedee';
const GM_POINT = smCrypto.sm2.getPublicKeyFromPrivateKey(GM_D);
const CONTENT_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const nonceOf = (suite: SuiteName) => (i: number) => {
  const n = Buffer.alloc(suite === 'gm' ? 16 : 12);
  n.writeUInt32BE(i, n.length - 4);
  return n;
};

/** §17's example: §16's bundle sealed to one recipient with 1,024-byte chunks. */
function sealedExample(suite: SuiteName) {
  const P = suite === 'gm' ? 'GM' : 'DEFAULT';
  const x = example(suite);
  const recipient = suite === 'gm' ? sm2PublicText(GM_POINT) : x25519PublicText(x25519PublicRaw(BOB));
  // SM2 encryption is randomised: the document's wrapped key is used when it has one.
  const wrapped =
    suite === 'gm'
      ? v3.GM_WRAPPED
        ? Buffer.from(v3.GM_WRAPPED, 'base64')
        : Buffer.from('04' + smCrypto.sm2.doEncrypt([...CONTENT_KEY], GM_POINT, 1), 'hex')
      : wrapX25519(x25519PublicRaw(BOB), CONTENT_KEY, ALICE);
  const header: Header = {
    format: 'ducha-sealed/1',
    suite,
    chunkSize: 1024,
    device: DEVICE,
    publicKey: x.key.publicKey,
    recipients: [{ device: RECIPIENT_DEVICE, key: keyId(suite, recipient), wrapped: wrapped.toString('base64') }],
  };
  const bytes = writeSealed(header, CONTENT_KEY, x.bytes, nonceOf(suite));
  const values: Record<string, string> = {
    [`${P}_RECIPIENT_PUBLIC`]: recipient,
    [`${P}_KEY_ID`]: keyId(suite, recipient),
    [`${P}_WRAPPED`]: wrapped.toString('base64'),
    [`${P}_SEALED_BYTES`]: String(bytes.length),
    [`${P}_SEALED_SHA256`]: sha256(bytes),
  };
  if (suite === 'default')
    values.DEFAULT_BINDING_SIGNATURE = x.key
      .sign(Buffer.from(jcs({ device: DEVICE, format: 'ducha-encryption-key/1', key: recipient, suite }), 'utf8'))
      .toString('base64');
  const unwrap = (w: Buffer) => (suite === 'gm' ? unwrapSm2(GM_D, w) : unwrapX25519(BOB, w));
  const privateText = suite === 'gm' ? sm2Private(GM_D, '04' + GM_POINT.slice(2)) : x25519Private(BOB.toString('hex'));
  return { x, header, bytes, values, recipient, unwrap, privateText };
}

describe('§17: the document is the second implementation', () => {
  for (const suite of ['default', 'gm'] as const) {
    it(`${suite}: the document's values are the second implementation's, and it reads its file back to §16's bundle`, () => {
      const s = sealedExample(suite);
      if (PRINT)
        console.log(
          Object.entries(s.values)
            .map(([k, v]) => `- \`${k}\` = \`${v}\``)
            .join('\n') +
            '\n' +
            prefixOf(s.header).subarray(19).toString('utf8'),
        );
      for (const [k, v] of Object.entries(s.values)) expect(v3[k], k).toBe(v);
      if (suite === 'default') expect(DOC).toContain(prefixOf(s.header).subarray(19).toString('utf8'));
      expect(readSealed(s.bytes, suite, keyId(suite, s.recipient), s.unwrap).plain.equals(s.x.bytes)).toBe(true);
      expect(Buffer.from(s.values[`${suite === 'gm' ? 'GM' : 'DEFAULT'}_WRAPPED`]!, 'base64').length).toBe(
        suite === 'gm' ? 129 : 80,
      );
    });

    it(`${suite}: a reader refuses a flipped byte, a dropped or moved chunk, an altered header, another key`, () => {
      const s = sealedExample(suite);
      const mine = keyId(suite, s.recipient);
      const read = (bytes: Buffer) => () => readSealed(bytes, suite, mine, s.unwrap);
      const prefix = prefixOf(s.header).length;
      const stride = 1024 + (suite === 'gm' ? 50 : 30);
      const flipped = Buffer.from(s.bytes);
      flipped[prefix + stride + 40]! ^= 1;
      expect(read(flipped)).toThrow(Refused);
      expect(read(s.bytes.subarray(0, prefix + 2 * stride))).toThrow(Refused); // the last chunk dropped: chunk 1 is not marked last
      const swapped = Buffer.concat([
        s.bytes.subarray(0, prefix),
        s.bytes.subarray(prefix + stride, prefix + 2 * stride),
        s.bytes.subarray(prefix, prefix + stride),
        s.bytes.subarray(prefix + 2 * stride),
      ]);
      expect(read(swapped)).toThrow(Refused);
      const header = Buffer.from(s.bytes);
      const at = header.indexOf(RECIPIENT_DEVICE);
      header.write('dcccccccccccc', at, 'latin1'); // same length: only the AAD notices
      expect(read(header)).toThrow(Refused);
      expect(() => readSealed(s.bytes, suite, '0'.repeat(32), s.unwrap)).toThrow(Refused);
    });
  }
});

describe('ducha agrees with §17', () => {
  for (const suite of ['default', 'gm'] as const) {
    it(`${suite}: the document's encrypted bundle is opened and imported by its recipient`, async () => {
      const s = sealedExample(suite);
      const dir = scratch();
      const file = join(dir, 'vector.ducha');
      writeFileSync(file, s.bytes);
      const crypto = await loadSuite(suite);
      const store = openStore(join(dir, 'lead.db'), { create: true, suite: crypto });
      try {
        store.write(() => putEncryptionKey(store.db, suite, { publicKey: s.recipient, privateKey: s.privateText }));
        trustKey(
          store,
          { device: DEVICE, publicKey: s.x.key.publicKey, fingerprint: fingerprint(s.x.key.publicKey) },
          '张三',
        );
        const summary = importBundle(store, '李四', file, {});
        expect(summary.newEvents).toBe(2);
        expect(summary.heads).toEqual([{ device: DEVICE, seq: 3, hash: s.x.e3.hash }]);
      } finally {
        store.close();
      }
    });

    it(`${suite}: an encrypted bundle ducha exports is opened by the second implementation, the bundle inside passing every check`, async () => {
      const dir = scratch();
      mkdirSync(join(dir, 'x'));
      const crypto = await loadSuite(suite);
      const store = openStore(join(dir, 'member.db'), { create: true, suite: crypto });
      try {
        const a = createInspection(
          store,
          '张三',
          {
            unit: '某乡镇党委',
            unitKind: 'township',
            team: ['张三'],
            checklists: ['zhengfa-weiyuan'],
            start: '2026-11-20',
          },
          builtinRegistry(),
        );
        const item = resolveItem(allItems(inspectionSnapshots(store, a.id)), 'WY-01');
        for (let i = 0; i < 3; i++)
          addRecord(
            store,
            '张三',
            a.id,
            item,
            { method: 'talk', interviewee: '李秘密', note: `谈话 ${i} ${'很长的记录'.repeat(300)}` },
            10,
          );
        const s = sealedExample(suite);
        const file = join(dir, 'x', 'member.ducha');
        exportBundle(store, '张三', [a.id], (fill) => writeOutputWith(file, {}, fill), undefined, [
          { device: RECIPIENT_DEVICE, publicKey: s.recipient },
        ]);
        const bytes = readFileSync(file);
        expect(bytes.includes(Buffer.from('李秘密'))).toBe(false);
        const { header, plain } = readSealed(bytes, suite, keyId(suite, s.recipient), s.unwrap);
        expect(header.device).toBe(store.device);
        expect(header.chunkSize).toBe(2 ** 20);
        const signing = (store.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string })
          .value;
        const { manifest, events } = readBundle2(plain, new Map([[store.device, signing]]), suite);
        expect(manifest.publicKey).toBe(header.publicKey);
        expect(events.filter((e) => e.type === 'record.added')).toHaveLength(3);
      } finally {
        store.close();
      }
    });
  }

  it("default: a device's binding of its encryption key is the document's statement, signed by its signing key", async () => {
    const s = sealedExample('default');
    const statement = bindingStatement('default', DEVICE, s.recipient);
    expect(DOC).toContain(statement.toString('utf8'));
    expect(s.x.key.sign(statement).toString('base64')).toBe(v3.DEFAULT_BINDING_SIGNATURE);
  });
});
