// The database's data key (issue 17) on real database files with the spawned binary: the first `ducha protect`
// makes it and locks it like the signing key (a passphrase lock and a recovery lock, never in clear in the
// file or its -wal); `protect --change` and `--recovery-key` re-lock the same key; `unlock` keeps it sealed
// with the signing key and `lock` forgets both; a wrong passphrase changes nothing; a database protected
// before data keys existed gets one (and a new recovery key for both) the next time its passphrase changes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gmAvailable, loadSuite } from '../../src/crypto/index.js';
import { unlockWithPassphrase } from '../../src/crypto/passphrase.js';
import { dataKeyId } from '../../src/store/key-locks.js';
import { keptSecrets } from '../../src/cli/unlock-cache.js';
import { runBin } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();
const PASS = '数据密钥的口令 battery staple';

function laptop() {
  const db = join(tmp.dir('ducha-dk-'), 'ducha.db');
  const env = tmp.env({ DUCHA_DB: db, DUCHA_ACTOR: '李四', XDG_RUNTIME_DIR: tmp.dir('ducha-run-') });
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runBin(args, { env: { ...env, ...extra } });
  const json = async (args: string[], extra: Record<string, string | undefined> = {}) => {
    const r = await run([...args, '--json'], extra);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).data as Record<string, unknown>;
  };
  return { db, env, run, json };
}

interface Row {
  purpose: string;
  public_key: string;
  protection: string;
  secret: Buffer;
}

function rows(file: string): Record<string, Row> {
  const db = new Database(file, { readonly: true });
  try {
    const all = db.prepare('SELECT purpose, public_key, protection, secret FROM device_keys').all() as Row[];
    return Object.fromEntries(all.map((r) => [r.purpose, r]));
  } finally {
    db.close();
  }
}

/** The database file after its -wal's committed pages moved in, so that a refusal's "nothing changed" is exact. */
function digest(file: string): string {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('the data key (%s suite)', (suiteId) => {
  it('protect makes it, locked by the passphrase and the recovery key; --change and --recovery-key keep the same key; unlock keeps it, lock forgets it', async () => {
    const suite = await loadSuite(suiteId);
    const hash = (b: Uint8Array) => suite.hash(b);
    const l = laptop();
    await l.json([
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
      '--suite',
      suiteId,
    ]);
    expect(rows(l.db).data).toBeUndefined();

    const made = await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
    expect(made.dataKeyMade).toBe(true);
    const keyId = made.dataKeyId as string;
    expect(keyId).toMatch(/^[0-9a-f]{32}$/);
    const keys = rows(l.db);
    expect(keys.data).toMatchObject({ public_key: keyId, protection: 'passphrase' });
    expect(keys['data-recovery']).toMatchObject({ public_key: keyId, protection: 'recovery-key' });
    const dataKey = unlockWithPassphrase(suite, keys.data!.secret, PASS);
    expect(dataKey).toHaveLength(32);
    expect(dataKeyId(hash, dataKey)).toBe(keyId);
    expect(unlockWithPassphrase(suite, keys['data-recovery']!.secret, made.recoveryKey as string)).toEqual(dataKey);
    for (const f of [l.db, `${l.db}-wal`])
      if (existsSync(f)) expect(readFileSync(f).indexOf(dataKey), `${f} holds the data key in clear`).toBe(-1);

    // unlock keeps the data key beside the signing key, sealed; lock forgets both.
    const now = { DUCHA_NOW: '2026-12-01T09:00:00+08:00' };
    const unlocked = await l.json(['unlock', '--for', '2h'], { ...now, DUCHA_PASSPHRASE: PASS });
    expect(readFileSync(unlocked.keptIn as string).indexOf(dataKey)).toBe(-1);
    expect(readFileSync(unlocked.keptIn as string, 'utf8').indexOf(dataKey.toString('base64'))).toBe(-1);
    const device = made.device as string;
    const kept = keptSecrets(l.env, suite, device, keys.signing!.secret, new Date('2026-12-01T02:00:00Z'));
    expect(kept?.dataKey).toEqual(dataKey);
    await l.json(['lock']);
    expect(existsSync(unlocked.keptIn as string)).toBe(false);

    // A wrong current passphrase: exit 2, nothing changed.
    const before = digest(l.db);
    const wrong = await l.run(['protect', '--change'], { DUCHA_PASSPHRASE: '错误', DUCHA_NEW_PASSPHRASE: '新的' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('口令不正确');
    expect(digest(l.db)).toBe(before);

    // --change re-locks the same data key under the new passphrase; the old one no longer opens it.
    const changed = await l.json(['protect', '--change'], {
      DUCHA_PASSPHRASE: PASS,
      DUCHA_NEW_PASSPHRASE: '第二个口令',
    });
    expect(changed).toMatchObject({ dataKeyId: keyId, dataKeyMade: false, recoveryKey: null });
    const second = rows(l.db);
    expect(unlockWithPassphrase(suite, second.data!.secret, '第二个口令')).toEqual(dataKey);
    expect(() => unlockWithPassphrase(suite, second.data!.secret, PASS)).toThrow();
    expect(second['data-recovery']!.secret).toEqual(keys['data-recovery']!.secret);

    // --recovery-key: the same data key under a third passphrase; its recovery lock stays.
    const recovered = await l.json(['protect', '--recovery-key'], {
      DUCHA_RECOVERY_KEY: made.recoveryKey as string,
      DUCHA_NEW_PASSPHRASE: '第三个口令',
    });
    expect(recovered).toMatchObject({ dataKeyId: keyId, dataKeyMade: false });
    expect(unlockWithPassphrase(suite, rows(l.db).data!.secret, '第三个口令')).toEqual(dataKey);
    await l.json(['unlock'], { ...now, DUCHA_PASSPHRASE: '第三个口令' });
    expect(
      keptSecrets(l.env, suite, device, rows(l.db).signing!.secret, new Date('2026-12-01T02:00:00Z'))?.dataKey,
    ).toEqual(dataKey);
    await l.json(['lock']);
  });

  it('a database protected before data keys: --change makes one and a new recovery key for both; --recovery-key locks it under the recovery key typed', async () => {
    const suite = await loadSuite(suiteId);
    for (const mode of ['--change', '--recovery-key'] as const) {
      const l = laptop();
      await l.json([
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
        '--suite',
        suiteId,
      ]);
      const made = await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
      const db = new Database(l.db);
      db.prepare("DELETE FROM device_keys WHERE purpose IN ('data', 'data-recovery')").run(); // as protected before
      db.close();
      const extra =
        mode === '--change'
          ? { DUCHA_PASSPHRASE: PASS, DUCHA_NEW_PASSPHRASE: '新口令' }
          : { DUCHA_RECOVERY_KEY: made.recoveryKey as string, DUCHA_NEW_PASSPHRASE: '新口令' };
      const again = await l.json(['protect', mode], extra);
      expect(again.dataKeyMade).toBe(true);
      const keys = rows(l.db);
      const dataKey = unlockWithPassphrase(suite, keys.data!.secret, '新口令');
      expect(dataKeyId((b) => suite.hash(b), dataKey)).toBe(again.dataKeyId);
      const recoveryKey = (mode === '--change' ? again.recoveryKey : made.recoveryKey) as string;
      if (mode === '--change') {
        expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
        expect(recoveryKey).not.toBe(made.recoveryKey);
        expect(() =>
          unlockWithPassphrase(suite, keys['signing-recovery']!.secret, made.recoveryKey as string),
        ).toThrow();
        const text = await l.run(['protect', '--change'], {
          DUCHA_PASSPHRASE: '新口令',
          DUCHA_NEW_PASSPHRASE: '再一个',
        });
        expect(text.stdout).toContain('恢复密钥不变');
      } else expect(again.recoveryKey).toBeNull();
      expect(unlockWithPassphrase(suite, keys['data-recovery']!.secret, recoveryKey)).toEqual(dataKey);
      expect(unlockWithPassphrase(suite, keys['signing-recovery']!.secret, recoveryKey).length).toBeGreaterThan(32);
    }
  });
  it("another database's data lock is refused: unlock and --change exit 2 and keep or change nothing", async () => {
    const [a, b] = [laptop(), laptop()];
    for (const l of [a, b]) {
      await l.json([
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
        '--suite',
        suiteId,
      ]);
      await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
    }
    const db = new Database(a.db);
    db.prepare("UPDATE device_keys SET secret = ? WHERE purpose = 'data'").run(rows(b.db).data!.secret);
    db.close();
    const before = digest(a.db);
    for (const args of [['unlock'], ['protect', '--change']]) {
      const r = await a.run(args, { DUCHA_PASSPHRASE: PASS, DUCHA_NEW_PASSPHRASE: '新口令' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('解开的私钥与本设备的公钥不符');
    }
    expect(digest(a.db)).toBe(before);
    expect(
      existsSync(join(a.env.XDG_RUNTIME_DIR!, 'ducha')) ? readdirSync(join(a.env.XDG_RUNTIME_DIR!, 'ducha')) : [],
    ).toEqual([]);
  });
});
