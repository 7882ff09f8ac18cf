// Evidence files of a protected database encrypted at rest (issue 17, slice 3) through the spawned bin/ducha.js
// in both suites: the file's bytes are in neither the database, its -wal nor a bundle; `evidence get` gives them
// back unlocked and refuses locked; a chunk moved to another blob or place is refused; the lead reads a member's
// evidence from its sealed bundle; an --unencrypted bundle's files are kept unverified by a database without the
// key (reads refused, verify says so) and replaced when that database adds the same file itself.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { gmAvailable } from '../../src/crypto/index.js';
import { cleanup, laptop, scratch, protect, type Laptop } from './laptops.js';

afterAll(cleanup);

const PASS = { member: '成员的口令 one', lead: '组长的口令 two' };

function device(name: string, suite: string, passphrase?: string): Laptop {
  const l = laptop(name, { spawned: true });
  l.env.DUCHA_SUITE = suite;
  if (passphrase !== undefined) l.env.DUCHA_PASSPHRASE = passphrase;
  l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  return l;
}

async function locked<T>(l: Laptop, fn: () => Promise<T>): Promise<T> {
  const saved = l.env.DUCHA_PASSPHRASE;
  delete l.env.DUCHA_PASSPHRASE;
  try {
    return await fn();
  } finally {
    l.env.DUCHA_PASSPHRASE = saved;
  }
}

/** A file of about `mb` MB whose every line differs (so any 64 bytes of it are distinctive), named `name`. */
function evidenceFile(dir: string, name: string, mb: number, tag: string): { path: string; bytes: Buffer } {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 2 ** 20; i++) {
    const line = `${tag}明文证据第${i}行：登记簿抽查原件扫描\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  const bytes = Buffer.from(lines.join(''), 'utf8');
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** Slices of `bytes` (64 bytes each, from the start, every chunk and the end) that must not appear in `file`. */
function leaks(file: string, bytes: Buffer): number[] {
  if (!existsSync(file)) return [];
  const content = readFileSync(file);
  const offsets = [0, 2 ** 20 + 7, 2 * 2 ** 20 + 99, bytes.length - 64].filter((o) => o >= 0 && o + 64 <= bytes.length);
  return offsets.filter((o) => content.includes(bytes.subarray(o, o + 64)));
}

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('evidence files encrypted at rest (%s suite)', (suite) => {
  it('are sealed in the database and bundles, read back unlocked, refused locked, and travel to the lead', async () => {
    const member = device('张三', suite, PASS.member);
    const lead = device('组长', suite, PASS.lead);
    const leadKey = await lead.ok('team', 'key');
    const memberKey = await member.ok('team', 'key');
    await member.ok('team', 'trust', leadKey, '--name', '组长');
    await lead.ok('team', 'trust', memberKey, '--name', '张三');
    const id = await member.ok(
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
    await protect(member);
    const big = evidenceFile(member.home, '登记簿.bin', 2.5, 'A');
    const small = evidenceFile(member.home, '照片.bin', 1.5, 'B');
    await member.ok(
      'record',
      id,
      'WY-01',
      '--method',
      'check',
      '--note',
      '抽查登记簿',
      '--evidence',
      big.path,
      '--evidence',
      small.path,
    );
    // Neither the database nor its -wal holds any of the files' bytes.
    for (const f of [member.db, `${member.db}-wal`]) {
      expect(leaks(f, big.bytes), f).toEqual([]);
      expect(leaks(f, small.bytes), f).toEqual([]);
    }
    const rows = new Database(member.db, { readonly: true })
      .prepare('SELECT sha256, key_id FROM blobs WHERE key_id IS NOT NULL ORDER BY size DESC')
      .all() as Array<{ sha256: string; key_id: string }>;
    expect(rows).toHaveLength(2);
    const [bigSha, smallSha] = rows.map((r) => r.sha256) as [string, string];

    // Unlocked: the very bytes; locked: key-locked, exit 2, no file written.
    const out = join(member.home, 'out.bin');
    await member.ok('evidence', 'get', bigSha.slice(0, 12), '-o', out);
    expect(readFileSync(out).equals(big.bytes)).toBe(true);
    const refused = join(member.home, 'refused.bin');
    const lockedGet = await locked(member, () =>
      member.run('evidence', 'get', bigSha.slice(0, 12), '-o', refused, '--json'),
    );
    expect(lockedGet.code).toBe(2);
    expect(JSON.parse(lockedGet.stdout).problems[0].code).toBe('key-locked');
    expect(existsSync(refused)).toBe(false);
    // verify: locked, it says how many files it could not check; unlocked, it checks them all.
    const lockedVerify = await locked(member, () => member.json('verify'));
    expect(lockedVerify.blobsUnchecked).toEqual({ n: 2, reason: 'locked' });
    expect(await locked(member, () => member.ok('verify'))).toContain('有 2 个加密文件未核查');
    expect((await member.json('verify')).blobsUnchecked).toBeUndefined();

    // Bundles: sealed to the lead, and --unencrypted; neither holds the files' bytes.
    const dir = scratch();
    const sealed = join(dir, 'sealed.ducha');
    const clear = join(dir, 'clear.ducha');
    await member.ok('export', id, '-o', sealed, '--to', '组长');
    await member.ok('export', id, '-o', clear, '--unencrypted');
    for (const f of [sealed, clear]) expect(leaks(f, big.bytes), f).toEqual([]);

    // The lead, protected, imports the sealed bundle and reads the member's evidence; its database holds no clear byte.
    await protect(lead);
    await lead.ok('import', sealed);
    const leadOut = join(lead.home, 'lead.bin');
    await lead.ok('evidence', 'get', smallSha.slice(0, 12), '-o', leadOut);
    expect(readFileSync(leadOut).equals(small.bytes)).toBe(true);
    expect((await lead.json('verify')).blobsUnchecked).toBeUndefined();
    for (const f of [lead.db, `${lead.db}-wal`]) expect(leaks(f, small.bytes), f).toEqual([]);

    // A third, unprotected device given the --unencrypted bundle keeps the files unverified and cannot read them …
    const third = device('王五', suite);
    await third.ok('team', 'trust', memberKey, '--name', '张三');
    const imported = await third.json('import', clear);
    expect(imported.unverifiedBlobs).toBe(2);
    const unknown = await third.run(
      'evidence',
      'get',
      smallSha.slice(0, 12),
      '-o',
      join(third.home, 'x.bin'),
      '--json',
    );
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).problems[0].code).toBe('data-key-unknown');
    expect((await third.json('verify')).blobsUnchecked).toEqual({ n: 2, reason: 'unknown' });
    // … until it adds the same file itself: its own clear copy replaces the one it could not open.
    writeFileSync(join(third.home, 'same.bin'), small.bytes);
    await third.ok(
      'record',
      id,
      'WY-02',
      '--method',
      'check',
      '--note',
      '同一文件',
      '--evidence',
      join(third.home, 'same.bin'),
    );
    const thirdOut = join(third.home, 'third.bin');
    const got = await third.run('evidence', 'get', smallSha.slice(0, 12), '-o', thirdOut);
    expect(got.code, got.stderr).toBe(0);
    expect(readFileSync(thirdOut).equals(small.bytes)).toBe(true);

    // A chunk moved to another place of its blob, or into another blob, is refused (its AAD names both).
    const db = new Database(member.db);
    const chunk = (sha: string, n: number) =>
      (db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? AND n = ?').get(sha, n) as { data: Buffer }).data;
    const put = (sha: string, n: number, data: Buffer) =>
      db.prepare('UPDATE blob_chunks SET data = ? WHERE sha256 = ? AND n = ?').run(data, sha, n);
    const [b0, b1, s0] = [chunk(bigSha, 0), chunk(bigSha, 1), chunk(smallSha, 0)];
    put(bigSha, 0, b1);
    put(bigSha, 1, b0);
    db.close();
    /** `evidence get` of the blob is refused as tampered (exit 2). */
    const refusedAsTampered = async (sha: string, out: string) => {
      const got = await member.run('evidence', 'get', sha.slice(0, 12), '-o', join(member.home, out), '--json');
      expect(got.code).toBe(2);
      expect(JSON.parse(got.stdout).problems[0].code).toBe('crypto-tampered');
    };
    await refusedAsTampered(bigSha, 'swapped.bin');
    const db2 = new Database(member.db);
    db2.prepare('UPDATE blob_chunks SET data = ? WHERE sha256 = ? AND n = ?').run(b0, bigSha, 0);
    db2.prepare('UPDATE blob_chunks SET data = ? WHERE sha256 = ? AND n = ?').run(b1, bigSha, 1);
    db2.prepare('UPDATE blob_chunks SET data = ? WHERE sha256 = ? AND n = ?').run(b0, smallSha, 0);
    db2.close();
    await refusedAsTampered(smallSha, 'moved.bin');
    // verify names the moved chunk's blob as damaged (its sealed bytes are not those recorded).
    const damaged = await member.run('verify', '--json');
    expect(damaged.code).toBe(1);
    expect(JSON.stringify(JSON.parse(damaged.stdout).data.damage)).toContain(smallSha.slice(0, 12));
    void s0;
  });
});

describe('clear evidence from an unprotected member', () => {
  it('is sealed with the protected lead’s own data key as it is imported; the checklist snapshot stays clear', async () => {
    const member = device('李四', 'default');
    const lead = device('组长', 'default', PASS.lead);
    await lead.ok('team', 'trust', await member.ok('team', 'key'), '--name', '李四');
    const id = await member.ok(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
      '--team',
      '李四',
      '--start',
      '2026-11-20',
    );
    const file = evidenceFile(member.home, '照片.bin', 1.2, 'C');
    await member.ok('record', id, 'WY-01', '--method', 'check', '--note', '抽查', '--evidence', file.path);
    const bundle = join(scratch(), 'member.ducha');
    await member.ok('export', id, '-o', bundle);
    await protect(lead);
    await lead.ok('import', bundle);
    for (const f of [lead.db, `${lead.db}-wal`]) expect(leaks(f, file.bytes), f).toEqual([]);
    const db = new Database(lead.db, { readonly: true });
    const own = (
      db.prepare("SELECT public_key FROM device_keys WHERE purpose = 'data'").get() as { public_key: string }
    ).public_key;
    const keys = db
      .prepare(
        'SELECT b.key_id AS keyId, EXISTS (SELECT 1 FROM inspection_checklists c WHERE c.sha256 = b.sha256) AS snapshot FROM blobs b',
      )
      .all() as Array<{ keyId: string | null; snapshot: number }>;
    db.close();
    expect(keys.filter((k) => k.snapshot === 0).map((k) => k.keyId)).toEqual([own]);
    expect(keys.filter((k) => k.snapshot === 1).map((k) => k.keyId)).toEqual([null]);
    const out = join(lead.home, 'out.bin');
    await lead.ok('evidence', 'get', createHash('sha256').update(file.bytes).digest('hex').slice(0, 12), '-o', out);
    expect(readFileSync(out).equals(file.bytes)).toBe(true);
    await locked(lead, () => lead.ok('inspection', 'show', id)); // the snapshot reads without the key
  });
});
