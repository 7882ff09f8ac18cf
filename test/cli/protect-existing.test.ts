// Protecting a database that already has data (issue 17, slice 4), through the spawned bin/ducha.js: a day's
// work written unprotected, then `ducha protect` — inspection show, problem list and a Markdown report read
// the same after as before (unlocked); the file and its -wal hold none of the known plaintexts; the old events
// are stored sealed with their hashes unchanged, so verify is clean unlocked and, locked, says how many it
// could not check; a wrong passphrase changes nothing; export gives the payload the hash covers, and a
// protected lead importing it stores those events sealed in turn.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gmAvailable } from '../../src/crypto/index.js';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import {
  EVIDENCE_TEXT,
  NAME,
  PASS,
  SECRETS,
  dayOfWork,
  laptop,
  plaintextsIn,
  readings,
  storedEvents,
} from '../helpers/old-data.js';

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

/** Dozens of spawned commands each: on a loaded 2-core machine they take minutes, not seconds. */
const SLOW = 400_000;

describe.each(suites)('protecting a database that already has data (%s suite)', (suite) => {
  it(
    'reads the same after protect, holds no plaintext, keeps every hash; verify checks it unlocked and says what it could not check locked',
    async () => {
      const l = laptop(suite);
      const { inspection } = await dayOfWork(l);
      const before = await readings(l, inspection, 'before');
      const hashes = storedEvents(l.db).map((e) => e.hash);
      expect(plaintextsIn(l.db).length).toBeGreaterThan(0); // the check can see them

      const made = await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
      expect(made.sealed).toMatchObject({ events: 7, files: 1 }); // the evidence file added before, too
      await cheapenLocks(l.db, PASS); // the commands below derive the key cheaply (helpers/cheap-locks.ts)
      expect((made.sealed as { values: number }).values).toBeGreaterThan(0);

      // Nothing in clear in the file or its -wal; every event keeps its hash; those with confidential text are sealed.
      expect(plaintextsIn(l.db)).toEqual([]);
      const after = storedEvents(l.db);
      expect(after.map((e) => e.hash)).toEqual(hashes);
      for (const e of after) {
        // Events with no confidential member (inspection.created/updated) hold nothing new events would hide.
        if (e.type.startsWith('inspection.')) {
          expect(e.sealed, e.type).toBeNull();
          continue;
        }
        expect(e.sealed, e.type).toBe(made.dataKeyId);
        expect(e.payload).toMatch(/^"ducha-enc:1:[A-Za-z0-9_-]+"$/);
      }

      // Unlocked, everything reads as before: show, the problem list, the report (names redacted as before).
      const unlocked = await readings(l, inspection, 'after', { DUCHA_PASSPHRASE: PASS });
      expect(unlocked).toEqual(before);
      expect(before.report).toContain('问题表现的秘密短语');
      expect(before.report).not.toContain(NAME);
      const list = (await l.ok(['record', 'list'], { DUCHA_PASSPHRASE: PASS })).stdout;
      for (const s of ['更正后的笔记内容', '办公室的秘密对象', '秘密照片名.txt', '批量导入的秘密笔记'])
        expect(list).toContain(s);
      // The evidence file, encrypted by protect, comes back byte for byte with the key, and is refused without.
      const got = join(l.cwd, 'got.txt');
      await l.ok(['evidence', 'list'], { DUCHA_PASSPHRASE: PASS });
      const sha = createHash('sha256').update(EVIDENCE_TEXT).digest('hex');
      expect((await l.run(['evidence', 'get', sha.slice(0, 12), '-o', got, '--json'])).code).toBe(2);
      await l.ok(['evidence', 'get', sha.slice(0, 12), '-o', got], { DUCHA_PASSPHRASE: PASS });
      expect(readFileSync(got, 'utf8')).toBe(EVIDENCE_TEXT);
      const history = (await l.ok(['inspection', 'history', inspection], { DUCHA_PASSPHRASE: PASS })).stdout;
      for (const s of ['谈话笔记里的秘密短语', '结论说明的秘密短语', '进展说明的秘密短语'])
        expect(history).toContain(s);

      // verify, unlocked: every hash recomputed from the opened payloads, the tables compared with a replay.
      const checked = await l.json(['verify'], { DUCHA_PASSPHRASE: PASS });
      expect(checked).toMatchObject({ ok: true, sealed: 7, unchecked: 0, projectionsChecked: true, damage: [] });
      // Locked: it says how many events it could not check, and never calls the file intact.
      const locked = await l.run(['verify']);
      expect(locked.code, locked.stderr).toBe(0);
      expect(locked.stdout).toContain('7 个事件的内容未能核对');
      expect(locked.stdout).not.toContain('完好');
      expect(locked.stdout).toContain('ducha unlock');
      const lockedJson = JSON.parse((await l.run(['verify', '--json'])).stdout).data;
      expect(lockedJson).toMatchObject({ ok: true, sealed: 7, unchecked: 7, projectionsChecked: false });
      // Locked reads of the old confidential texts are refused as for new ones.
      const refused = await l.run(['record', 'list', '--json']);
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stdout).problems[0].code).toBe('key-locked');

      // A wrong passphrase changes nothing.
      const stored = JSON.stringify(storedEvents(l.db));
      const wrong = await l.run(['protect', '--change', '--json'], {
        DUCHA_PASSPHRASE: 'not the passphrase',
        DUCHA_NEW_PASSPHRASE: 'new one',
      });
      expect(wrong.code).toBe(2);
      expect(JSON.stringify(storedEvents(l.db))).toBe(stored);
      expect(await readings(l, inspection, 'again', { DUCHA_PASSPHRASE: PASS })).toEqual(before);

      // New work after protect sits beside the sealed events; verify still checks everything.
      await l.ok(['record', 'WY-03', '--method', 'check', '--note', '保护后的新笔记'], { DUCHA_PASSPHRASE: PASS });
      expect(plaintextsIn(l.db, [...SECRETS, '保护后的新笔记'])).toEqual([]);
      expect(await l.json(['verify'], { DUCHA_PASSPHRASE: PASS })).toMatchObject({
        ok: true,
        unchecked: 0,
        damage: [],
      });
    },
    SLOW,
  );

  it(
    "export gives the payload each hash covers; a protected lead stores the member's older events sealed and reads them",
    async () => {
      const member = laptop(suite);
      const { inspection } = await dayOfWork(member);
      const lead = laptop(suite, '组长');
      const LEAD = '组长的口令';
      // The lead's own database and device.
      await lead.ok([
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某县委政法委',
        '--unit-kind',
        'plac',
        '--suite',
        suite,
      ]);
      const leadKey = (await lead.ok(['team', 'key'])).stdout.trim();
      const memberKey = (await member.ok(['team', 'key'])).stdout.trim();
      await member.ok(['team', 'trust', leadKey, '--name', '组长']);
      await lead.ok(['team', 'trust', memberKey, '--name', '张三']);
      await member.json(['protect'], { DUCHA_PASSPHRASE: PASS });
      await lead.json(['protect'], { DUCHA_PASSPHRASE: LEAD });

      // The bundle (sealed to the lead) is imported: the import checks every event's hash against its payload.
      const bundle = join(member.cwd, 'to-lead.ducha');
      await member.ok(['export', inspection, '-o', bundle, '--to', '组长'], { DUCHA_PASSPHRASE: PASS });
      await lead.ok(['import', bundle], { DUCHA_PASSPHRASE: LEAD });
      expect(plaintextsIn(lead.db)).toEqual([]);
      const sealed = storedEvents(lead.db).filter((e) => e.sealed !== null);
      expect(sealed).toHaveLength(7);
      const list = (await lead.ok(['record', 'list', inspection], { DUCHA_PASSPHRASE: LEAD })).stdout;
      expect(list).toContain('更正后的笔记内容');
      expect((await lead.ok(['problem', 'list', inspection], { DUCHA_PASSPHRASE: LEAD })).stdout).toContain(
        '问题表现的秘密短语',
      );
      expect(await lead.json(['verify'], { DUCHA_PASSPHRASE: LEAD })).toMatchObject({
        ok: true,
        sealed: 7,
        unchecked: 0,
        damage: [],
      });

      // --unencrypted: the older events travel as their hashes cover them — in clear, as the docs say.
      const clear = join(member.cwd, 'clear.ducha');
      await member.ok(['export', inspection, '-o', clear, '--unencrypted'], { DUCHA_PASSPHRASE: PASS });
      expect(readFileSync(clear).includes(Buffer.from('谈话笔记里的秘密短语', 'utf8'))).toBe(true);
      const third = laptop(suite, '王五');
      await third.ok(['team', 'trust', memberKey, '--name', '张三']);
      await third.ok(['import', clear]);
      expect(await third.json(['verify'])).toMatchObject({ ok: true, damage: [] });
      expect((await third.ok(['record', 'list', inspection])).stdout).toContain('更正后的笔记内容');
    },
    SLOW,
  );
});
