// Encrypted team bundles (issue 17, docs/format.md §17), through the real bin/ducha.js on real databases in
// both suites: `export --to` leaves no known plaintext in the file (a name, a note phrase, evidence bytes);
// its recipient imports it exactly as a clear bundle; another device, a flipped byte or a key of the other
// suite is refused with exit 2 and the database byte for byte as it was. On ducha before this change `--to`
// was an unknown option and `team key` printed no encryption key, so every test here failed.
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleReader } from '../../src/team/reader.js';
import { cleanup, dbDigest, laptop, scratch, type Laptop } from './laptops.js';

afterAll(cleanup);

const NAME = '李秘密';
const PHRASE = '反映专项经费被挪作他用';
const EVIDENCE = Buffer.from(Array.from({ length: 3000 }, (_, i) => `走访照片-${i}-QX7Z;`).join(''), 'utf8');
const digest = dbDigest; // checkpointed first: see laptops.ts

interface Team {
  lead: Laptop;
  member: Laptop;
  id: string;
  dir: string;
}

/** A member with a talk record (named interviewee, note, a photograph) who trusts the lead's key line, and the other way round. */
async function team(suite: 'default' | 'gm'): Promise<Team> {
  const lead = laptop('组长', { spawned: true });
  const member = laptop('张三', { spawned: true });
  const dir = scratch();
  for (const l of [lead, member]) {
    l.env.DUCHA_SUITE = suite;
    l.env.TMPDIR = scratch('ducha-tmp-'); // what ducha writes to its temporary folder is checked below
  }
  await member.ok('team', 'trust', await lead.ok('team', 'key'), '--name', '组长');
  await lead.ok('team', 'trust', await member.ok('team', 'key'), '--name', '张三');
  const photo = join(dir, 'photo.jpg');
  writeFileSync(photo, EVIDENCE);
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
  await member.ok(
    'record',
    id,
    'WY-01',
    '--method',
    'talk',
    '--interviewee',
    NAME,
    '--note',
    PHRASE,
    '--evidence',
    photo,
  );
  return { lead, member, id, dir };
}

/** The plaintexts a bundle must not show: UTF-8 and UTF-16 (JSON escapes would be ASCII). */
function leaks(bytes: Buffer): string[] {
  const found: string[] = [];
  for (const text of [NAME, PHRASE, '某乡镇党委'])
    if (bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'))) found.push(text);
  if (bytes.includes(EVIDENCE.subarray(1000, 1064))) found.push('evidence');
  if (bytes.includes(Buffer.from('record.added'))) found.push('event type');
  return found;
}

/** A refused import: exit 2, the message, no stack, the database byte for byte as it was. */
async function refused(l: Laptop, args: string[], pattern: RegExp): Promise<string> {
  const before = digest(l.db);
  const r = await l.run(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |TypeError/);
  expect(digest(l.db)).toBe(before);
  return r.stderr;
}

for (const suite of ['default', 'gm'] as const) {
  describe(`encrypted bundles, ${suite} suite`, () => {
    it('export --to 组长: no known plaintext in the file; the lead imports it (dry run first) exactly as a clear bundle; verify is clean; nothing in the temporary folder', async () => {
      const { lead, member, id, dir } = await team(suite);
      const clear = join(dir, 'clear.ducha');
      const sealed = join(dir, 'sealed.ducha');
      const c = await member.run('export', id, '-o', clear);
      expect(c.stderr).toMatch(/数据包未加密/); // the clear export warns
      expect(leaks(readFileSync(clear))).toEqual([NAME, PHRASE, '某乡镇党委', 'evidence', 'event type']); // the check can see them
      const out = await member.ok('export', id, '-o', sealed, '--to', '组长');
      expect(out).toMatch(/已加密给：组长（设备 d[0-9a-f]{12}，指纹 /);
      const bytes = readFileSync(sealed);
      expect(bytes.subarray(0, 15).toString('latin1')).toBe('DUCHA-SEALED/1\n');
      expect(leaks(bytes)).toEqual([]);

      // The same lead database before either import, to compare the two imports' results.
      const twin = join(scratch(), 'twin.db');
      copyFileSync(lead.db, twin);
      const dbDir = join(lead.home, 'data');
      const before = digest(lead.db);
      const preview = await lead.ok('import', sealed, '--dry-run');
      expect(preview).toMatch(/预览张三的数据包/);
      expect(digest(lead.db)).toBe(before);
      const imported = await lead.json('import', sealed);
      expect(imported).toMatchObject({ newEvents: 2, newBlobs: 2 });
      await lead.ok('verify');
      await lead.ok('--db', twin, 'import', clear);
      const show = async (...db: string[]) => {
        const data = await lead.json(...db, 'inspection', 'show', id);
        return JSON.stringify(data);
      };
      expect(await show()).toBe(await show('--db', twin));
      expect(await lead.ok('record', 'list', id, '--reveal-identities')).toContain(NAME);
      // Nothing decrypted was written beside the database or in the temporary folder.
      expect(readdirSync(dbDir).filter((f) => !/^ducha\.db(-wal|-shm)?$/.test(f))).toEqual([]);
      expect(readdirSync(lead.env.TMPDIR!)).toEqual([]);
    });

    it('a third device, a flipped byte, a truncated file, another exporter on the envelope: exit 2, nothing changed', async () => {
      const { lead, member, id, dir } = await team(suite);
      const sealed = join(dir, 'sealed.ducha');
      await member.ok('export', id, '-o', sealed, '--to', '组长');
      const third = laptop('王五', { spawned: true });
      third.env.DUCHA_SUITE = suite;
      await third.ok('team', 'trust', await lead.ok('team', 'key'), '--name', '组长');
      const stderr = await refused(
        third,
        ['import', sealed],
        /已加密，只能由以下设备导入：组长（d[0-9a-f]{12}）；本设备（d[0-9a-f]{12}）不在其中/,
      );
      expect(stderr).toMatch(/--to/);
      await refused(third, ['import', sealed, '--dry-run'], /不在其中/);

      const bytes = readFileSync(sealed);
      for (const at of [bytes.length - 40, Math.floor(bytes.length / 2)]) {
        const flipped = Buffer.from(bytes);
        flipped[at]! ^= 0x01;
        const file = join(dir, `flipped-${at}.ducha`);
        writeFileSync(file, flipped);
        await refused(lead, ['import', file], /无法解密：已损坏或被改动/);
      }
      const truncated = join(dir, 'truncated.ducha');
      writeFileSync(truncated, bytes.subarray(0, bytes.length - 7));
      await refused(lead, ['import', truncated], /无法解密|不完整/);
      // The clear header names the member as exporter; naming the lead instead changes a byte the chunks authenticate.
      const header = bytes.toString('latin1');
      const memberDevice = /"device":"(d[0-9a-f]{12})","format"/.exec(header)![1]!;
      const leadDevice = /"recipients":\[\{"device":"(d[0-9a-f]{12})"/.exec(header)![1]!;
      const swapped = join(dir, 'swapped.ducha');
      writeFileSync(
        swapped,
        Buffer.from(
          header.replace(`"device":"${memberDevice}","format"`, `"device":"${leadDevice}","format"`),
          'latin1',
        ),
      );
      await refused(lead, ['import', swapped], /无法解密：已损坏或被改动/);
      // After all that, the real one imports.
      expect(await lead.json('import', sealed)).toMatchObject({ newEvents: 2 });
    });

    it('team trust reads the exporter from the envelope without decrypting; the line given directly works as --to; a fresh laptop refuses before making a database', async () => {
      const { lead, member, id, dir } = await team(suite);
      const sealed = join(dir, 'sealed.ducha');
      const leadLine = await lead.ok('team', 'key');
      expect(leadLine.split(' ')).toHaveLength(5);
      await member.ok('export', id, '-o', sealed, '--to', leadLine);
      const third = laptop('王五', { spawned: true });
      third.env.DUCHA_SUITE = suite;
      await third.ok('team', 'key');
      const memberFingerprint = (await member.json('team', 'key')).fingerprint as string;
      expect(await third.ok('team', 'trust', sealed, '--name', '张三')).toContain(memberFingerprint);
      const fresh = laptop('新电脑', { spawned: true });
      const r = await fresh.run('import', sealed);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/这台电脑还没有 ducha 数据库/);
      expect(readdirSync(join(fresh.home, 'data'))).toEqual([]);
      expect(await lead.json('import', sealed)).toMatchObject({ newEvents: 2 });
    });
  });
}

describe('encrypted bundles: refusals before anything is written, and the clear export', () => {
  it("a key of the other suite, a device whose encryption key is unknown, an unknown name: exit 2 and no file; the clear export's warning is in --json problems", async () => {
    const { lead, member, id, dir } = await team('default');
    const gmLead = laptop('国密组长', { spawned: true });
    gmLead.env.DUCHA_SUITE = 'gm';
    const gmLine = await gmLead.ok('team', 'key');
    const out = join(dir, 'x.ducha');
    const other = await member.run('export', id, '-o', out, '--to', gmLine);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/国密算法套件/);
    // An SM2 encryption key spliced into a default line: the key of the other suite is named.
    const [, device, signing] = (await lead.ok('team', 'key')).split(' ');
    const [, , , sm2Key, sm2Signature] = gmLine.split(' ');
    const spliced = await member.run(
      'export',
      id,
      '-o',
      out,
      '--to',
      `ducha-key ${device} ${signing} ${sm2Key} ${sm2Signature}`,
    );
    expect(spliced.code).toBe(2);
    expect(spliced.stderr).toMatch(/SM2/);
    // An encryption key not signed by the line's signing key.
    const [, , , x25519, signature] = (await member.ok('team', 'key')).split(' ');
    const forged = await member.run(
      'export',
      id,
      '-o',
      out,
      '--to',
      `ducha-key ${device} ${signing} ${x25519} ${signature}`,
    );
    expect(forged.code).toBe(2);
    expect(forged.stderr).toMatch(/加密公钥没有该设备签名密钥的有效签名/);
    // A device trusted from its old two-field line: its encryption key is not known.
    const old = laptop('李四', { spawned: true });
    const [oldLine] = (await old.ok('team', 'key')).split(' ').slice(0, 3).join(' ').split('\n');
    await member.ok('team', 'trust', oldLine!, '--name', '李四');
    const unknownKey = await member.run('export', id, '-o', out, '--to', '李四');
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toMatch(/还不知道 李四 的加密公钥/);
    const nobody = await member.run('export', id, '-o', out, '--to', '赵六');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/既不是已信任设备的名称或编号/);
    expect(readdirSync(dir)).not.toContain('x.ducha');

    const json = await member.run('export', id, '-o', join(dir, 'clear.ducha'), '--json');
    const doc = JSON.parse(json.stdout);
    expect(doc.data).toMatchObject({ encrypted: false, recipients: [] });
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'bundle-unencrypted', severity: 'warning' })]);
    const list = await member.json('team', 'list');
    expect(list.find((d: { name: string }) => d.name === '组长').encryptionKey).toMatch(/^MCow/);
    expect(list.find((d: { name: string }) => d.name === '李四').encryptionKey).toBeNull();
  });

  it('a reader with no key (as the hub reads bundles) refuses an encrypted bundle by its magic, saying so', async () => {
    const { member, id, dir } = await team('default');
    const sealed = join(dir, 'sealed.ducha');
    await member.ok('export', id, '-o', sealed, '--to', '组长');
    const reader = new BundleReader(sealed);
    try {
      expect(() => reader.magic()).toThrow(
        expect.objectContaining({ code: 'bundle-encrypted', message: expect.stringMatching(/加密数据包/) }),
      );
    } finally {
      reader.close();
    }
  });
});
