// Protecting databases made before this change (issue 17, slice 4): the committed format-1 fixtures (one
// device's, and a lead's holding two devices' events) lose nothing — show, problem list and a report read the
// same, verify is clean unlocked — and keep none of their texts in clear; and `ducha protect` killed by its
// crash hook (DUCHA_CRASH_AT) before its commit leaves the database as it was, after its commit and before its
// wipe leaves one that reads right, whose wipe a second `ducha protect` finishes.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import { ROOT } from '../helpers/run.js';
import { PASS, dayOfWork, laptop, plaintextsIn, readings, storedEvents } from '../helpers/old-data.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'format1');
const [ID] = readFileSync(join(FIXTURES, 'ids.txt'), 'utf8').trim().split(' ') as [string, string];
/** The confidential texts make.sh wrote into the fixtures (notes, interviewee, reasons, problem texts, file names). */
const FIXTURE_TEXTS = [
  '县委政法委每月调度',
  '王某某',
  '名册齐全',
  '政法委员空缺',
  '走访待补',
  '配齐政法委员',
  '已任命',
  '名册.jpg',
  '任命.pdf',
  '核实已配齐',
  '列席会议记录三次',
];

const meta = (file: string, key: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
};

/** Dozens of spawned commands each: on a loaded 2-core machine they take minutes, not seconds. */
const SLOW = 400_000;

describe('protecting a database made before this change', () => {
  it.each(['member.db', 'lead.db'])(
    'the format-1 fixture %s loses nothing and keeps no text in clear',
    async (fixture) => {
      const l = laptop('default', fixture === 'lead.db' ? '张三' : '李四');
      copyFileSync(join(FIXTURES, fixture), l.db);
      const before = await readings(l, ID, 'before');
      expect(plaintextsIn(l.db, FIXTURE_TEXTS).length).toBeGreaterThan(0);
      const hashes = storedEvents(l.db).map((e) => e.hash);

      const made = await l.json(['protect'], { DUCHA_PASSPHRASE: PASS });
      expect((made.sealed as { events: number }).events).toBeGreaterThan(0);
      await cheapenLocks(l.db, PASS); // the commands below derive the key cheaply (helpers/cheap-locks.ts)
      expect(plaintextsIn(l.db, FIXTURE_TEXTS)).toEqual([]);
      expect(storedEvents(l.db).map((e) => e.hash)).toEqual(hashes);
      expect(await readings(l, ID, 'after', { DUCHA_PASSPHRASE: PASS })).toEqual(before);
      expect(await l.json(['verify'], { DUCHA_PASSPHRASE: PASS })).toMatchObject({
        ok: true,
        unchecked: 0,
        projectionsChecked: true,
        damage: [],
      });
    },
    SLOW,
  );
});

describe('ducha protect killed part way', () => {
  it(
    'before its commit: nothing changed; after it, before the wipe: reads right, and protect run again wipes',
    async () => {
      const l = laptop('default');
      const { inspection } = await dayOfWork(l);
      const before = await readings(l, inspection, 'before');
      const stored = JSON.stringify(storedEvents(l.db));

      const early = await l.run(['protect'], { DUCHA_PASSPHRASE: PASS, DUCHA_CRASH_AT: 'commit-before:1' });
      expect(early.code, early.stderr).toBe(128); // killed by its own hook
      expect(JSON.stringify(storedEvents(l.db))).toBe(stored);
      expect(await readings(l, inspection, 'early')).toEqual(before); // unprotected still: no passphrase needed
      expect(await l.json(['verify'])).toMatchObject({ ok: true, sealed: 0, damage: [] });

      const late = await l.run(['protect'], { DUCHA_PASSPHRASE: PASS, DUCHA_CRASH_AT: 'commit-after:1' });
      expect(late.code, late.stderr).toBe(128);
      expect(meta(l.db, 'wipe_pending')).toBe('1');
      expect(storedEvents(l.db).filter((e) => e.sealed !== null)).toHaveLength(7);
      expect(await readings(l, inspection, 'late', { DUCHA_PASSPHRASE: PASS })).toEqual(before);
      expect(await l.json(['verify'], { DUCHA_PASSPHRASE: PASS })).toMatchObject({
        ok: true,
        unchecked: 0,
        damage: [],
      });

      // Protected already: protect again only finishes the wipe (no passphrase needed for it).
      const again = await l.json(['protect']);
      expect(again).toMatchObject({ wipeFinished: true, walEmptied: true });
      expect(meta(l.db, 'wipe_pending')).toBeUndefined();
      expect(plaintextsIn(l.db)).toEqual([]);
      const refused = await l.run(['protect', '--json']);
      expect(JSON.parse(refused.stdout).problems[0].code).toBe('key-protected');
    },
    SLOW,
  );
});
