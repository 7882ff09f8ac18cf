// A protected team's interviewee names on the hub (issue 18), against a real PostgreSQL with the real binary:
// the rows that hold them — records, the register of a corrected name, the interviewees table — are the
// laptop's, as ciphertext; no table holds a name in clear; and a --hub output on the team lead's laptop (which
// holds both members' data keys, by sealed bundles) opens them: redacted, or shown with --reveal-identities.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, protect, type Laptop } from '../team/laptops.js';
import { allRows } from './hub-rows.js';

let pg: TestPostgres;
let admin: string;
let read: string;
let dbName: string;
let office: Laptop;

beforeAll(async () => {
  pg = await startPostgres();
  dbName = await pg.createDatabase('team_names');
  admin = pg.url(dbName);
  office = laptop('督查办', { spawned: true });
  await office.ok('hub', 'init', admin);
  await pg.sql(`CREATE ROLE team_names_reader LOGIN PASSWORD 'reader-pw' IN ROLE ${dbName}_read`);
  read = pg.url(dbName, 'team_names_reader', 'reader-pw');
});

afterAll(async () => {
  cleanup();
  await pg?.stop();
});

/** A protected laptop the hub trusts: a passphrase and a scratch runtime folder, as a user's. */
async function member(name: string, passphrase: string): Promise<Laptop> {
  const l = laptop(name);
  l.env.DUCHA_PASSPHRASE = passphrase;
  l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  await office.ok('hub', 'trust', await l.ok('team', 'key'), '--name', name, '--hub', admin);
  return l;
}

describe("a protected team's names on the hub", () => {
  it('project as on the laptop — records, a corrected name, the interviewees table — all as ciphertext', async () => {
    const lead = await member('组长', '组长的口令');
    const colleague = await member('成员', '成员的口令');
    const id = await lead.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '组长,成员',
      '--start',
      '2026-11-20',
    );
    for (const l of [lead, colleague]) await protect(l);
    const leadKey = await lead.ok('team', 'key');
    const colleagueKey = await colleague.ok('team', 'key');
    await lead.ok('team', 'trust', colleagueKey, '--name', colleague.name);
    await colleague.ok('team', 'trust', leadKey, '--name', lead.name);
    // Sealed bundles (export --to) carry each database's data key: each reads the other's texts.
    const carry = async (from: Laptop, to: Laptop) => {
      const file = join(scratch(), `${from.name}-${to.name}.ducha`);
      await from.ok('export', id, '-o', file, '--to', to.name);
      await to.ok('import', file);
    };
    await carry(lead, colleague);
    const names = ['赵某某', '钱某某', '孙某某'];
    await colleague.ok(
      'record',
      id,
      'QS-05',
      '--method',
      'visit',
      '--subject',
      '某派出所',
      '--interviewee',
      names[0]!,
      '--note',
      `${names[0]}称未请示`,
    );
    const talk = (
      await lead.json(
        'record',
        id,
        'QS-03',
        '--method',
        'talk',
        '--subject',
        '办公室主任',
        '--interviewee',
        names[1]!,
        '--note',
        '称有清单',
      )
    ).record;
    await lead.ok('record', 'amend', talk, '--interviewee', names[2]!, '--reason', '记错了谈话对象');
    await carry(colleague, lead);
    // Problems found by these visits and talks: a report names their records (and, revealed, the interviewees).
    await lead.ok('problem', 'add', id, '--description', '未事前请示', '--item', 'QS-05', '--method', 'visit');
    await lead.ok('problem', 'add', id, '--description', '清单未更新', '--item', 'QS-03', '--method', 'talk');
    const pushed = await lead.json('push', '--hub', admin);
    expect(pushed.decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);

    // The rows that hold names are the laptop's, as stored (ciphertext under each device's data key).
    const sqlite = new Database(lead.db, { readonly: true });
    try {
      const local = sqlite
        .prepare('SELECT id, subject, interviewee FROM records WHERE inspection_id = ? ORDER BY id')
        .all(id) as Array<Record<string, string | null>>;
      const hub = await pg.sql<Record<string, string | null>>(
        'SELECT id, subject, interviewee FROM ducha.records WHERE inspection_id = $1 ORDER BY id COLLATE "C"',
        [id],
        dbName,
      );
      expect(hub).toEqual(local);
      expect(local.filter((r) => r.interviewee?.startsWith('ducha-enc:1:'))).toHaveLength(2);
      const register = "SELECT entity, value FROM registers WHERE entity LIKE 'record/%/interviewee'";
      const localRegister = sqlite.prepare(register).all() as Array<{ entity: string; value: string }>;
      const hubRegister = await pg.sql<{ entity: string; value: string }>(
        register.replace('registers', 'ducha.registers'),
        [],
        dbName,
      );
      expect(hubRegister.map((r) => [r.entity, JSON.parse(r.value)])).toEqual(
        localRegister.map((r) => [r.entity, JSON.parse(r.value)]),
      );
      expect(localRegister).toHaveLength(1);
    } finally {
      sqlite.close();
    }
    const held = await pg.sql<{ name: string }>(
      "SELECT name FROM ducha.interviewees WHERE name LIKE 'ducha-enc:1:%'",
      [],
      dbName,
    );
    expect(held.length).toBeGreaterThanOrEqual(3);
    const stored = await allRows(pg, dbName);
    for (const name of names) expect(stored.includes(name), name).toBe(false);

    // On the lead's laptop (which holds both data keys) the hub's names open: redacted by default, shown
    // with --reveal-identities, as on the laptop.
    const outputs = [false, true].map((reveal) => {
      const file = join(scratch(), `ledger-${reveal}.csv`);
      return { reveal, file };
    });
    for (const { reveal, file } of outputs)
      await lead.ok(
        'report',
        id,
        '--kind',
        'ledger',
        '--format',
        'csv',
        '-o',
        file,
        '--hub',
        read,
        '--date',
        '2026-12-01',
        ...(reveal ? ['--reveal-identities'] : []),
      );
    const [hidden, shown] = outputs.map((o) => readFileSync(o.file, 'utf8'));
    for (const name of names) expect(hidden!.includes(name), name).toBe(false);
    expect(shown).toContain(`某派出所（${names[0]}）`);
    expect(shown).toContain(`办公室主任（${names[2]}）`);
  });
});
