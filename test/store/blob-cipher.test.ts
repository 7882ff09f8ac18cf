// Evidence chunks sealed with the data key (issue 17, slice 3), in the store itself: docs/format.md §20's test
// vector; an unprotected database stores a file's bytes as they are (key_id NULL); encryptExistingBlobs (for
// protecting a database that already holds evidence) seals evidence but not checklist snapshots, and what it
// sealed reads back only with the key.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gmAvailable, loadSuite } from '../../src/crypto/index.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { blobAad } from '../../src/store/blob-cipher.js';
import { encryptExistingBlobs, readBlob } from '../../src/store/blobs.js';
import { dataKeyId } from '../../src/store/key-locks.js';
import { openStore } from '../../src/store/open.js';
import { runMain } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();
const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe('the test vector of docs/format.md §20', () => {
  it('opens to its file under its AAD, not under another chunk number or blob; the document holds it', async () => {
    const suite = await loadSuite('default');
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const id = dataKeyId((b) => suite.hash(b), key);
    const cipher = new FieldCipher((k) => suite.aead(k), { id: Buffer.from(id, 'hex'), key });
    const file = Buffer.from('证据', 'utf8');
    const sha = createHash('sha256').update(file).digest('hex');
    const aad = '64756368612d626c6f622f3100' + sha + '00000000';
    const vector = '01010f0e0d0c0b0a0908070605044c9f30bad679d31f49cd5fadfbc31e2b98e5453f22f9';
    expect(blobAad(sha, 0).toString('hex')).toBe(aad);
    expect(cipher.openBytes(id, Buffer.from(vector, 'hex'), blobAad(sha, 0))).toEqual(file);
    expect(() => cipher.openBytes(id, Buffer.from(vector, 'hex'), blobAad(sha, 1))).toThrow(
      expect.objectContaining({ code: 'crypto-tampered' }),
    );
    const other = createHash('sha256').update('另一个文件').digest('hex');
    expect(() => cipher.openBytes(id, Buffer.from(vector, 'hex'), blobAad(other, 0))).toThrow(
      expect.objectContaining({ code: 'crypto-tampered' }),
    );
    const doc = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
    expect(doc).toContain(vector);
    expect(doc).toContain(aad);
  });
});

/** A database (made through the CLI, unprotected) with one inspection and a record citing `bytes` as evidence. */
async function withEvidence(suite: string, bytes: Buffer): Promise<{ file: string; sha: string }> {
  const env = tmp.env({ DUCHA_SUITE: suite, DUCHA_ACTOR: '张三' });
  const dir = tmp.dir();
  const file = join(dir, 'test.db');
  env.DUCHA_DB = file;
  const run = async (...argv: string[]) => {
    const r = await runMain(argv, { env, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  const id = await run(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--team',
    '张三',
    '--start',
    '2026-11-20',
  );
  writeFileSync(join(dir, '照片.bin'), bytes);
  await run('record', id, 'WY-01', '--method', 'check', '--note', '抽查', '--evidence', '照片.bin');
  return { file, sha: createHash('sha256').update(bytes).digest('hex') };
}

describe.each(suites)('evidence blobs in the store (%s suite)', (suite) => {
  it('are stored as they are without a data key; encryptExistingBlobs seals evidence, not snapshots', async () => {
    const bytes = Buffer.concat([randomBytes(1 << 20), Buffer.from('第二块的明文'), randomBytes(5000)]);
    const { file, sha } = await withEvidence(suite, bytes);
    const key = randomBytes(32);
    let store = openStore(file);
    try {
      // Unprotected: the chunks are the file's bytes, no key named (format 1/2 databases are unchanged).
      const clear = store.db.prepare('SELECT key_id, stored_size FROM blobs WHERE sha256 = ?').get(sha);
      expect(clear).toEqual({ key_id: null, stored_size: null });
      const raw = store.db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').all(sha) as Array<{
        data: Buffer;
      }>;
      expect(Buffer.concat(raw.map((r) => r.data))).toEqual(bytes);
      // Give the database a data key (as protect does: its id in device_keys), then seal what it holds.
      const loaded = await loadSuite(suite);
      const id = dataKeyId((b) => loaded.hash(b), key);
      store.db
        .prepare(
          "INSERT INTO device_keys (purpose, suite, public_key, protection, secret) SELECT 'data', suite, ?, 'passphrase', x'00' FROM device_keys WHERE purpose = 'signing'",
        )
        .run(id);
    } finally {
      store.close();
    }
    store = openStore(file);
    try {
      const snapshots = store.db.prepare('SELECT sha256 FROM inspection_checklists').all() as Array<{ sha256: string }>;
      expect(snapshots.length).toBeGreaterThan(0);
      // Locked: refused, nothing changed.
      expect(() => store.write(() => encryptExistingBlobs(store))).toThrow(
        expect.objectContaining({ code: 'key-locked' }),
      );
      expect(store.db.prepare('SELECT key_id FROM blobs WHERE sha256 = ?').get(sha)).toEqual({ key_id: null });
      const loaded = await loadSuite(suite);
      store.useFieldCipher(
        () => new FieldCipher((k) => loaded.aead(k), { id: Buffer.from(store.dataKeyId!, 'hex'), key }),
      );
      expect(store.write(() => encryptExistingBlobs(store))).toBe(1);
      const row = store.db.prepare('SELECT key_id, stored_size FROM blobs WHERE sha256 = ?').get(sha) as {
        key_id: string;
        stored_size: number;
      };
      expect(row.key_id).toBe(store.dataKeyId);
      const sealed = Buffer.concat(
        (
          store.db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').all(sha) as Array<{
            data: Buffer;
          }>
        ).map((r) => r.data),
      );
      expect(sealed.length).toBe(row.stored_size);
      expect(sealed.includes(Buffer.from('第二块的明文'))).toBe(false);
      expect(readBlob(store, sha)).toEqual(bytes);
      // Snapshots stay clear: read without any key.
      for (const s of snapshots)
        expect(store.db.prepare('SELECT key_id FROM blobs WHERE sha256 = ?').get(s.sha256)).toEqual({ key_id: null });
      expect(store.write(() => encryptExistingBlobs(store))).toBe(0); // nothing left to seal
    } finally {
      store.close();
    }
    // Reopened without the key: the sealed file is refused (key-locked), the snapshot still reads.
    store = openStore(file);
    try {
      store.useFieldCipher(() => {
        throw Object.assign(new Error('locked'), { code: 'key-locked' });
      });
      expect(() => readBlob(store, sha)).toThrow(expect.objectContaining({ code: 'key-locked' }));
    } finally {
      store.close();
    }
  });
});
