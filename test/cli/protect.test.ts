// `ducha protect`, `unlock` and `lock` on real database files with the spawned binary: the clear private key
// leaves the file and its -wal, writes need the passphrase (DUCHA_PASSPHRASE, an unexpired unlock, or a
// prompt in a terminal), refusals change nothing, the recovery key resets the passphrase, and a database
// made before (format 1) can be protected later. Both crypto suites.
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { gmAvailable } from '../../src/crypto/index.js';
import { FIXTURES, runBin } from '../helpers/run.js';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import { killAll, spawnTerminal, terminalEnv } from '../helpers/pty.js';
import { scratch } from '../helpers/scratch.js';

afterEach(killAll);
const tmp = scratch();
const PASS = '正确的口令 correct horse';

interface Laptop {
  db: string;
  env: Record<string, string | undefined>;
  run(args: string[], extra?: Record<string, string | undefined>): ReturnType<typeof runBin>;
  ok(args: string[], extra?: Record<string, string | undefined>): Promise<string>;
}

function laptop(db = join(tmp.dir('ducha-kp-'), 'ducha.db')): Laptop {
  const env = tmp.env({ DUCHA_DB: db, DUCHA_ACTOR: '李四', XDG_RUNTIME_DIR: tmp.dir('ducha-run-') });
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runBin(args, { env: { ...env, ...extra } });
  return {
    db,
    env,
    run,
    ok: async (args, extra) => {
      const r = await run(args, extra);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout.trim();
    },
  };
}

/** The clear private key as the database holds it (format 2: the DER in device_keys; format 1: base64 in meta). */
function clearKey(file: string): Buffer {
  const db = new Database(file, { readonly: true });
  try {
    const format2 = Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'device_keys'").get());
    const row = format2
      ? (db.prepare("SELECT protection, secret FROM device_keys WHERE purpose = 'signing'").get() as {
          protection: string;
          secret: Buffer;
        })
      : undefined;
    if (row) {
      expect(row.protection).toBe('none');
      return row.secret;
    }
    return Buffer.from(
      (db.prepare("SELECT value FROM meta WHERE key = 'private_key'").get() as { value: string }).value,
      'base64',
    );
  } finally {
    db.close();
  }
}

/** The key's forms that must not remain: the DER, its base64 text, and the 32 secret bytes inside it. */
function keyForms(der: Buffer): Buffer[] {
  const at = der.indexOf(Buffer.from([0x04, 0x20]), 6);
  expect(at).toBeGreaterThan(0);
  return [der, Buffer.from(der.toString('base64')), der.subarray(at + 2, at + 34)];
}

function expectKeyGone(file: string, der: Buffer): void {
  const forms = keyForms(der);
  for (const f of [file, `${file}-wal`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const form of forms) expect(bytes.indexOf(form), `${f} still holds the private key`).toBe(-1);
  }
}

/** Database bytes, to check a refusal changed nothing (an empty -wal and none are the same). */
const snapshot = (file: string) => ({
  db: readFileSync(file).toString('base64'),
  wal: existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('base64') : '',
});

async function newInspection(l: Laptop, suite: 'default' | 'gm'): Promise<string> {
  const id = await l.ok([
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--suite',
    suite,
  ]);
  await l.ok([
    'record',
    id,
    'WY-01',
    '--method',
    'talk',
    '--subject',
    '政法委员',
    '--interviewee',
    '王某某',
    '--note',
    '名册齐全',
  ]);
  return id;
}

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('a passphrase for the signing key (%s suite)', (suite) => {
  it('protect removes the clear key from the file and -wal; writes then need the passphrase; refusals change nothing', async () => {
    const l = laptop();
    const id = await newInspection(l, suite);
    const der = clearKey(l.db);
    const before = await l.ok(['inspection', 'show', id]);

    // An empty passphrase is refused, and nothing changes.
    const plain = snapshot(l.db);
    const empty = await l.run(['protect'], { DUCHA_PASSPHRASE: '' });
    expect(empty.code).toBe(2);
    expect(snapshot(l.db)).toEqual(plain);
    expect(clearKey(l.db)).toEqual(der);

    const protect = await l.run(['protect', '--json'], { DUCHA_PASSPHRASE: PASS });
    expect(protect.code).toBe(0);
    const data = JSON.parse(protect.stdout).data as { recoveryKey: string; protection: string; walEmptied: boolean };
    expect(data.recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(data.walEmptied).toBe(true);
    expectKeyGone(l.db, der);
    await cheapenLocks(l.db, PASS); // the commands below derive the key cheaply (helpers/cheap-locks.ts)

    // Without the passphrase (no terminal): exit 2 naming unlock and DUCHA_PASSPHRASE, nothing changed.
    const unchanged = snapshot(l.db);
    const locked = await l.run(['record', id, 'WY-02', '--method', 'check', '--note', '会议记录']);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('ducha unlock');
    expect(locked.stderr).toContain('DUCHA_PASSPHRASE');
    expect(snapshot(l.db)).toEqual(unchanged);
    // A wrong passphrase: exit 2, nothing changed.
    const wrong = await l.run(['record', id, 'WY-02', '--method', 'check', '--note', '会议记录'], {
      DUCHA_PASSPHRASE: '错误的口令',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('口令不正确');
    expect(snapshot(l.db)).toEqual(unchanged);
    // Reading needs nothing.
    expect(await l.ok(['inspection', 'show', id])).toBe(before);

    // With the passphrase: the write is signed and verify passes.
    await l.ok(['record', id, 'WY-02', '--method', 'check', '--note', '会议记录'], { DUCHA_PASSPHRASE: PASS });
    await l.ok(['verify']);
    expectKeyGone(l.db, der);
    // Export signs the manifest: it needs the key too.
    const out = join(tmp.dir(), 'b.ducha');
    expect((await l.run(['export', id, '-o', out, '--unencrypted'])).code).toBe(2);
    // A protected database exports in clear only when asked (issue 17): without --to nor --unencrypted, refused.
    const unasked = await l.run(['export', id, '-o', out], { DUCHA_PASSPHRASE: PASS });
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('--unencrypted');
    expect(existsSync(out)).toBe(false);
    const exported = await l.run(['export', id, '-o', out, '--unencrypted'], { DUCHA_PASSPHRASE: PASS });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/^注意：数据包未加密/); // a bundle in clear says so (export --to encrypts it)
  });

  it('unlock --for keeps the key until it expires; lock forgets it; the recovery key resets the passphrase', async () => {
    const l = laptop();
    const id = await newInspection(l, suite);
    const der = clearKey(l.db);
    const recoveryKey = (
      JSON.parse((await l.run(['protect', '--json'], { DUCHA_PASSPHRASE: PASS })).stdout).data as {
        recoveryKey: string;
      }
    ).recoveryKey;
    await cheapenLocks(l.db, PASS);
    const at = (time: string) => ({ DUCHA_NOW: `2026-12-01T${time}:00+08:00` });

    // A wrong passphrase keeps nothing; a duration past 24 hours is refused.
    expect((await l.run(['unlock'], { ...at('09:00'), DUCHA_PASSPHRASE: '错' })).code).toBe(2);
    expect(
      existsSync(join(l.env.XDG_RUNTIME_DIR!, 'ducha')) ? readdirSync(join(l.env.XDG_RUNTIME_DIR!, 'ducha')) : [],
    ).toEqual([]);
    expect((await l.run(['unlock', '--for', '25h'], { ...at('09:00'), DUCHA_PASSPHRASE: PASS })).code).toBe(2);

    const unlocked = JSON.parse(
      await l.ok(['unlock', '--for', '2h', '--json'], { ...at('09:00'), DUCHA_PASSPHRASE: PASS }),
    ).data as { keptIn: string; expires: string };
    expect(unlocked.expires).toBe('2026-12-01T03:00:00.000Z');
    expect(unlocked.keptIn.startsWith(l.env.XDG_RUNTIME_DIR!)).toBe(true);
    expect(statSync(unlocked.keptIn).mode & 0o777).toBe(0o600);
    expect(statSync(join(l.env.XDG_RUNTIME_DIR!, 'ducha')).mode & 0o777).toBe(0o700);
    expectKeyGone(unlocked.keptIn, der); // sealed, not in clear

    await l.ok(['record', id, 'WY-02', '--method', 'check', '--note', '解锁后写入'], at('10:59'));
    // Reading the (encrypted) note: with the unlock in force, then refused once it has expired.
    expect(await l.ok(['record', 'list', id], at('10:59'))).toContain('解锁后写入');
    const expiredRead = await l.run(['record', 'list', id, '--json'], at('11:00'));
    expect(expiredRead.code).toBe(2);
    expect(JSON.parse(expiredRead.stdout).problems[0].code).toBe('key-locked');
    // Expired: refused, and the kept key is deleted.
    const expired = snapshot(l.db);
    expect((await l.run(['record', id, 'WY-03', '--method', 'check', '--note', '过期'], at('11:00'))).code).toBe(2);
    expect(snapshot(l.db)).toEqual(expired);
    expect(existsSync(unlocked.keptIn)).toBe(false);

    // Lock forgets an unexpired one.
    await l.ok(['unlock'], { ...at('11:00'), DUCHA_PASSPHRASE: PASS });
    await l.ok(['record', id, 'WY-03', '--method', 'check', '--note', '再次解锁'], at('11:05'));
    await l.ok(['lock']);
    expect((await l.run(['record', id, 'WY-04', '--method', 'check', '--note', '已锁'], at('11:06'))).code).toBe(2);

    // Forgotten passphrase: the recovery key sets a new one; the old one no longer opens.
    const wrongRecovery = await l.run(['protect', '--recovery-key'], {
      DUCHA_RECOVERY_KEY: 'AAAA-BBBB',
      DUCHA_NEW_PASSPHRASE: '新口令',
    });
    expect(wrongRecovery.code).toBe(2);
    await l.ok(['protect', '--recovery-key'], {
      DUCHA_RECOVERY_KEY: recoveryKey.toLowerCase().replace(/-/g, ' '),
      DUCHA_NEW_PASSPHRASE: '新口令',
    });
    await cheapenLocks(l.db, '新口令');
    expect(
      (await l.run(['record', id, 'WY-04', '--method', 'check', '--note', '旧口令'], { DUCHA_PASSPHRASE: PASS })).code,
    ).toBe(2);
    await l.ok(['record', id, 'WY-04', '--method', 'check', '--note', '新口令'], { DUCHA_PASSPHRASE: '新口令' });
    // --change needs the current passphrase.
    await l.ok(['protect', '--change'], { DUCHA_PASSPHRASE: '新口令', DUCHA_NEW_PASSPHRASE: '第三个口令' });
    await cheapenLocks(l.db, '第三个口令');
    await l.ok(['record', id, 'WY-05', '--method', 'check', '--note', '第三个'], { DUCHA_PASSPHRASE: '第三个口令' });
    await l.ok(['verify']);
  });

  it('in a terminal: protect asks twice without echo; a write asks once', async () => {
    const l = laptop();
    const id = await newInspection(l, suite);
    const env = terminalEnv(l.env.HOME!, { DUCHA_DB: l.db, XDG_RUNTIME_DIR: l.env.XDG_RUNTIME_DIR });
    const protect = spawnTerminal(['protect'], env);
    await protect.type('请设置新口令：', 'secret-一二三');
    await protect.type('请再输入一次新口令：', 'secret-一二三');
    await protect.waitFor('恢复密钥');
    expect((await protect.exit).exitCode).toBe(0);
    expect(protect.output).not.toContain('secret-一二三');

    const write = spawnTerminal(['record', id, 'WY-02', '--method', 'check', '--note', '终端写入'], env);
    await write.type('本设备的签名私钥已用口令保护，请输入口令：', 'secret-一二三');
    await write.waitFor('已保存');
    expect((await write.exit).exitCode).toBe(0);
    expect(write.output).not.toContain('secret-一二三');
    await l.ok(['verify']);
  });
});

describe('a database made before this change', () => {
  it('format 1 (fixture): protect keeps everything, verify passes, the clear key is gone', async () => {
    const dir = tmp.dir();
    const db = join(dir, 'member.db');
    copyFileSync(join(FIXTURES, 'format1', 'member.db'), db);
    const der = clearKey(db);
    const [id] = readFileSync(join(FIXTURES, 'format1', 'ids.txt'), 'utf8')
      .trim()
      .split(' ');
    const l = laptop(db);
    const shown = await l.ok(['inspection', 'show', id!]);
    await l.ok(['protect'], { DUCHA_PASSPHRASE: PASS });
    expectKeyGone(db, der);
    await cheapenLocks(db, PASS);
    expect(await l.ok(['inspection', 'show', id!])).toBe(shown);
    await l.ok(['verify']);
    await l.ok(['record', id!, 'WY-02', '--method', 'check', '--note', '保护后写入'], { DUCHA_PASSPHRASE: PASS });
    await l.ok(['verify']);
  });
});
