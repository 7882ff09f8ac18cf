// The hub's projections (src/hub/project.ts, registers.ts, written in sets) against the laptop's
// (src/store/apply.ts, typed-heads.ts, one event at a time), table by table, after the same history: a
// conclusion in conflict and its resolution, a problem field edited on two laptops, a merge, rectification
// steps and evidence, records imported in bulk (one amended); then records amended (on two laptops at once) and withdrawn, conclusions withdrawn
// (alone, and against an amendment), problems of every kind of deadline and a feedback date — and every
// --hub list and count against the laptop's, by the deadline the laptop shows.
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { carry, cleanup, laptop, scratch, trustAround } from '../team/laptops.js';
import { localDate } from '../../src/inspect/inspections.js';
import { addDays } from '../../src/util/dates.js';

/** The day the test runs: the problems' deadlines are set from it (lists select by the real clock's today). */
const today = localDate(new Date());

let server: TestPostgres;
let db: string;
let url: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('proj');
  url = server.url(db);
  await laptop('督查办').ok('hub', 'init', url);
});

afterAll(async () => {
  cleanup();
  await server?.stop();
});

const TABLES: Record<string, string> = {
  inspections: 'id',
  inspection_checklists: 'inspection_id, checklist_id',
  rechecks: 'inspection_id, checklist_id, item_id, sha256',
  records: 'id',
  record_evidence: 'record_id, position',
  item_stats: 'inspection_id, checklist_id, item_id',
  registers: 'entity, event_id',
  superseded: 'entity, event_id',
  conclusion_heads: 'inspection_id, checklist_id, item_id',
  problems: 'inspection_id, id',
  rectification_steps: 'event_id',
  step_evidence: 'event_id, position',
  snapshot_cache: 'sha256',
};

/** Rows as comparable text: values as strings, JSON parsed (the hub keeps registers' JSON as text too). */
const normal = (rows: Array<Record<string, unknown>>) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v === null ? null : k === 'value' || k === 'json' ? JSON.parse(String(v)) : String(v),
      ]),
    ),
  );

/**
 * Records as they read: a laptop may keep a record's note only in its record.added event (the leaner
 * schema of issue 15), the hub keeps it in the row; neither's own row numbers take part.
 */
const RECORDS = [
  'id',
  'inspection_id',
  'checklist_id',
  'item_id',
  'method',
  'subject',
  'interviewee',
  'note',
  'actor',
  'at',
  'event_id',
  'withdrawn',
];
const LAPTOP_RECORDS = `SELECT ${RECORDS.map((c) => (c === 'note' ? "coalesce(note, (SELECT json_extract(payload, '$.note') FROM events e WHERE e.id = records.event_id)) AS note" : c)).join(', ')} FROM records`;

/** Every table the laptop has, every column it has (the hub's own columns are checked on their own). */
async function compareWith(file: string): Promise<void> {
  const sqlite = new Database(file, { readonly: true });
  try {
    for (const [table, key] of Object.entries(TABLES)) {
      const local = normal(
        sqlite
          .prepare(`${table === 'records' ? LAPTOP_RECORDS : `SELECT * FROM ${table}`} ORDER BY ${key}`)
          .all() as Array<Record<string, unknown>>,
      );
      const names =
        table === 'records'
          ? RECORDS
          : (sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map(
              (c) => c.name,
            );
      const order = key
        .split(', ')
        .map((k) => (k === 'position' ? k : `${k} COLLATE "C"`))
        .join(', ');
      const hub = normal(
        await server.sql(
          `SELECT ${names.map((c) => `"${c}"`).join(', ')} FROM ducha.${table} ORDER BY ${order}`,
          [],
          db,
        ),
      );
      expect(hub, table).toEqual(local);
    }
  } finally {
    sqlite.close();
  }
}

describe('the hub projects what the laptop projects', () => {
  const lead = laptop('组长');
  const [zhang, li] = [laptop('张三'), laptop('李四')];
  let id: string;
  let other: string;

  it('after conflicts, a resolution, edits, a merge and closure steps, the hub holds the rows the laptop holds', async () => {
    id = await lead.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '组长,张三,李四',
      '--start',
      '2026-11-20',
    );
    await trustAround(lead, [zhang, li], [zhang, li]);
    // Format 2: a member takes a colleague's events from the lead's bundle only under the colleague's own key.
    await zhang.ok('team', 'trust', await li.ok('team', 'key'), '--name', li.name);
    await li.ok('team', 'trust', await zhang.ok('team', 'key'), '--name', zhang.name);
    for (const m of [zhang, li]) await carry(lead, m, id);
    const photo = join(scratch(), '照片.jpg');
    writeFileSync(photo, Buffer.from('jpeg'));
    await zhang.ok('record', id, 'QS-05', '--method', 'listen', '--note', '汇报', '--evidence', photo);
    await zhang.ok('conclude', id, 'QS-05', '--result', 'partial', '--note', '不够及时', '--reason', '待补');
    await li.ok('record', id, 'QS-05', '--method', 'visit', '--subject', '某派出所', '--note', '未请示');
    await li.ok('conclude', id, 'QS-05', '--result', 'noncompliant', '--note', '未事前请示', '--reason', '待补');
    // Records imported in bulk travel as one records.imported event (docs/format.md §21); one is amended below.
    const csv = join(scratch(), '导入.csv');
    writeFileSync(
      csv,
      'item,method,note,subject\nQS-03,查,导入一,登记簿\nQS-04,听,导入二,\nQS-03,访,导入三,某派出所\n',
    );
    await li.ok('import-records', id, csv);
    await lead.ok('conclude', id, 'QS-01', '--result', 'noncompliant', '--note', '无清单', '--reason', '待补');
    await lead.ok('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '未报告', '--reason', '待补');
    await lead.ok('problem', 'propose', id);
    for (const m of [zhang, li]) await carry(lead, m, id);
    const [p1, p2] = (await zhang.json('problem', 'list', id)).problems;
    // Deadlines from today (90 and 120 days on), so the 60-day window below never reaches them on any day.
    await zhang.ok('problem', 'edit', p1.id, '--deadline', addDays(today, 90));
    await li.ok('problem', 'edit', p1.id, '--deadline', addDays(today, 120));
    const imported = new Database(li.db, { readonly: true });
    const importedId = imported.prepare("SELECT id FROM records WHERE note = '导入二'").pluck().get() as string;
    imported.close();
    await li.ok('record', 'amend', importedId, '--note', '导入二（更正）', '--reason', '补充');
    for (const m of [zhang, li]) await carry(m, lead, id);
    await lead.ok('problem', 'merge', p1.id, p2.id);
    await lead.ok('rectify', p1.id, '--status', 'closure-requested', '--note', '已整改', '--evidence', photo);

    // The lead's push carries its members' events under their own signed heads: the hub trusts all three devices.
    for (const m of [lead, zhang, li])
      await lead.ok('hub', 'trust', await m.ok('team', 'key'), '--name', m.name, '--hub', url);
    await lead.ok('push', '--hub', url);
    await compareWith(lead.db);

    // Settling the conflicts on the laptop, then pushing: the hub follows.
    const conflicts = await lead.json('conflicts', 'list', id);
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) await lead.ok('conflicts', 'resolve', c.id, '--take', '1');
    await lead.ok('push', '--hub', url);
    await compareWith(lead.db);
  });

  it('after records amended and withdrawn, conclusions withdrawn, and a feedback date, with their conflicts and after settling them', async () => {
    for (const m of [zhang, li]) await carry(lead, m, id);
    const talk = (
      await lead.json('record', id, 'QS-03', '--method', 'talk', '--subject', '办公室主任', '--note', '称有清单')
    ).record;
    const twice = (await lead.json('record', id, 'QS-03', '--method', 'listen', '--note', '重复录入')).record;
    const wrong = (await lead.json('record', id, 'QS-04', '--method', 'listen', '--note', '实为走访')).record;
    for (const m of [zhang, li]) await carry(lead, m, id);
    // The same record amended on two laptops: its note in conflict; its subject changed too.
    await zhang.ok(
      'record',
      'amend',
      talk,
      '--note',
      '称清单在办公室',
      '--subject',
      '办公室副主任',
      '--reason',
      '记错了谈话对象',
    );
    await li.ok('record', 'amend', talk, '--note', '称清单尚在起草', '--reason', '补充');
    await lead.ok('record', 'withdraw', twice, '--reason', '重复录入');
    await lead.ok('record', 'amend', wrong, '--method', 'visit', '--reason', '方式选错');
    // A conclusion withdrawn alone (none left), and one withdrawn on a laptop while another amends it (a conflict).
    await lead.ok('conclusion', 'withdraw', id, 'QS-02', '--reason', '结论下早了');
    await zhang.ok('conclusion', 'withdraw', id, 'QS-01', '--reason', '待补查');
    await li.ok('conclusion', 'amend', id, 'QS-01', '--result', 'partial', '--reason', '已补正部分');
    // A feedback date recorded on a member's laptop too (a conflict; the lead's, later, is the one shown).
    await zhang.ok('inspection', 'set', id, '--feedback-date', '2026-11-23', '--rectify-days', '1');
    // Problems with each kind of deadline: their own, by the feedback date, none (持续整改).
    await lead.ok('problem', 'add', id, '--description', '请示报告事项清单未及时更新', '--item', 'QS-03');
    await lead.ok('problem', 'add', id, '--description', '政法工作规则未完善', '--item', 'QS-04', '--type', 'ongoing');
    await lead.ok('problem', 'add', id, '--description', '登记簿未按月归档', '--item', 'QS-03', '--type', 'immediate');
    await lead.ok(
      'problem',
      'add',
      id,
      '--description',
      '请示报告登记不全',
      '--item',
      'QS-04',
      '--deadline',
      addDays(today, 30),
    );
    await lead.ok('inspection', 'set', id, '--feedback-date', '2026-11-21', '--rectify-days', '1');
    // Another inspection, without a feedback date: its problem's deadline is still pending.
    other = await lead.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某区委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '组长',
      '--start',
      '2026-11-25',
    );
    await lead.ok('problem', 'add', other, '--description', '未建立请示报告制度', '--item', 'QS-01');
    for (const m of [zhang, li]) await carry(m, lead, id);
    const conflicts = await lead.json('conflicts', 'list', id);
    expect(conflicts.map((c: { entity: string }) => c.entity.split('/')[0]).sort()).toEqual([
      'conclusion',
      'inspection',
      'record',
    ]);

    await lead.ok('push', '--hub', url);
    await compareWith(lead.db);
    const [inspection] = await server.sql<Record<string, string>>(
      'SELECT feedback_date, rectify_days, feedback_due FROM ducha.inspections WHERE id = $1',
      [id],
      db,
    );
    expect(inspection).toEqual({ feedback_date: '2026-11-21', rectify_days: '1', feedback_due: '2026-11-22' });
    const [withdrawn] = await server.sql<{ withdrawn: number }>(
      'SELECT withdrawn FROM ducha.records WHERE id = $1',
      [twice],
      db,
    );
    expect(withdrawn!.withdrawn).toBe(1);
    expect(
      await server.sql(
        'SELECT item_id, heads, result FROM ducha.conclusion_heads WHERE inspection_id = $1 AND item_id IN ($2, $3)',
        [id, 'QS-01', 'QS-02'],
        db,
      ),
    ).toEqual([{ item_id: 'QS-01', heads: 2, result: null }]);
    // These laptops are not protected, so they record no interviewee's name: the hub takes names only
    // encrypted (issue 18). Names on the hub — records, registers, the interviewees table — are compared with a
    // protected team's laptop in names.test.ts.
    expect(await server.sql('SELECT name FROM ducha.interviewees', [], db)).toEqual([]);
    expect((await lead.json('hub', 'verify', '--hub', url)).problems).toEqual([]);
    // The hub's own counts (what summaries read) are checked against a recount.
    await server.sql('UPDATE ducha.inspections SET n_check = n_check + 1 WHERE id = $1', [id], db);
    await server.sql("UPDATE ducha.item_totals SET lacking = lacking + 1 WHERE item_id = 'QS-05'", [], db);
    const broken = await lead.run('hub', 'verify', '--hub', url, '--json');
    expect(broken.code).toBe(1);
    expect(
      JSON.parse(broken.stdout)
        .data.problems.map((p: { detail: string }) => p.detail)
        .sort(),
    ).toEqual([`inspections.n_*: ${id}`, 'item_totals: qingshi-baogao/QS-05']);
    await server.sql('UPDATE ducha.inspections SET n_check = n_check - 1 WHERE id = $1', [id], db);
    await server.sql("UPDATE ducha.item_totals SET lacking = lacking - 1 WHERE item_id = 'QS-05'", [], db);
    // So are the deadlines it keeps (what every overdue list and count reads): an inspection's default and a problem's.
    const [problem] = await server.sql<{ id: string; due: string | null }>(
      'SELECT id, due FROM ducha.problems WHERE inspection_id = $1 ORDER BY id LIMIT 1',
      [other],
      db,
    );
    await server.sql(
      "UPDATE ducha.problems SET due = '2000-01-01' WHERE inspection_id = $1 AND id = $2",
      [other, problem!.id],
      db,
    );
    await server.sql("UPDATE ducha.inspections SET feedback_due = '2099-12-31' WHERE id = $1", [id], db);
    const late = await lead.run('hub', 'verify', '--hub', url, '--json');
    expect(late.code).toBe(1);
    const found: string[] = JSON.parse(late.stdout).data.problems.map((p: { detail: string }) => p.detail);
    expect(found).toEqual(
      expect.arrayContaining([`inspections.feedback: ${id}`, `problems.due: ${other}/${problem!.id}`]),
    );
    // The problems whose default deadline follows that inspection's are named too: nothing else is.
    expect(found.filter((d) => !d.startsWith(`problems.due: ${id}/`))).toHaveLength(2);
    await server.sql(
      'UPDATE ducha.problems SET due = $3 WHERE inspection_id = $1 AND id = $2',
      [other, problem!.id, problem!.due],
      db,
    );
    await server.sql("UPDATE ducha.inspections SET feedback_due = '2026-11-22' WHERE id = $1", [id], db);
    expect((await lead.json('hub', 'verify', '--hub', url)).problems).toEqual([]);
    // And every projection row against the laptop's reducers run over the hub's events: a problem's severity and a
    // record's note edited in the hub's tables (what every --hub output reads) are named.
    const [severity] = await server.sql<{ entity: string; event_id: string; value: string }>(
      "SELECT entity, event_id, value FROM ducha.registers WHERE entity LIKE 'problem/' || $1 || '/%/severity' ORDER BY entity LIMIT 1",
      [id],
      db,
    );
    const [record] = await server.sql<{ id: string; note: string }>(
      'SELECT id, note FROM ducha.records WHERE inspection_id = $1 AND note IS NOT NULL ORDER BY id LIMIT 1',
      [id],
      db,
    );
    const flipped = JSON.stringify(JSON.parse(severity!.value) === 'low' ? 'high' : 'low');
    await server.sql(
      'UPDATE ducha.registers SET value = $3 WHERE entity = $1 AND event_id = $2',
      [severity!.entity, severity!.event_id, flipped],
      db,
    );
    await server.sql('UPDATE ducha.records SET note = $2 WHERE id = $1', [record!.id, '改过的内容'], db);
    const edited = await lead.run('hub', 'verify', '--hub', url, '--json');
    expect(edited.code).toBe(1);
    expect(
      JSON.parse(edited.stdout)
        .data.problems.map((p: { detail: string }) => p.detail)
        .sort(),
    ).toEqual([`records: ${record!.id}`, `registers: ${severity!.entity}/${severity!.event_id}`]);
    await server.sql(
      'UPDATE ducha.registers SET value = $3 WHERE entity = $1 AND event_id = $2',
      [severity!.entity, severity!.event_id, severity!.value],
      db,
    );
    await server.sql('UPDATE ducha.records SET note = $2 WHERE id = $1', [record!.id, record!.note], db);
    expect((await lead.json('hub', 'verify', '--hub', url)).problems).toEqual([]);

    const take = (c: { entity: string; heads: Array<{ index: number; value: { date?: string } }> }) =>
      c.entity.startsWith('inspection/') ? String(c.heads.find((h) => h.value.date === '2026-11-21')!.index) : '2';
    for (const c of conflicts) await lead.ok('conflicts', 'resolve', c.id, '--take', take(c));
    await lead.ok('push', '--hub', url);
    await compareWith(lead.db);
  });

  it('every --hub list and count shows the deadline the laptop shows', async () => {
    const local = [
      ...(await lead.json('problem', 'list', id)).problems,
      ...(await lead.json('problem', 'list', other)).problems,
    ];
    const shown = (p: { id: string; deadline: string | null; deadlineSource: string; status: string }) => [
      p.id,
      p.deadline,
      p.deadlineSource,
      p.status,
    ];
    expect(local.map((p) => p.deadlineSource).sort()).toEqual([
      'default',
      'default',
      'ongoing',
      'pending',
      'set',
      'set',
    ]);
    expect(local.find((p: { description: string }) => p.description === '登记簿未按月归档')).toMatchObject({
      deadline: '2026-11-21',
      deadlineSource: 'default',
    });
    const onHub = (await lead.json('problem', 'list', '--hub', url)).problems;
    expect(onHub.map(shown).sort()).toEqual(local.map(shown).sort());
    // problems.due is that deadline.
    const due = await server.sql<{ id: string; due: string | null }>(
      'SELECT id, due FROM ducha.problems WHERE merged_into IS NULL',
      [],
      db,
    );
    expect(Object.fromEntries(due.map((r) => [r.id, r.due]))).toEqual(
      Object.fromEntries(local.map((p) => [p.id, p.deadline])),
    );

    const overdue = async (...args: string[]) => {
      const mine = [
        ...(await lead.json('problem', 'list', id, ...args)).problems,
        ...(await lead.json('problem', 'list', other, ...args)).problems,
      ];
      const hub = (await lead.json('problem', 'list', '--hub', url, ...args)).problems;
      expect(hub.map(shown).sort(), args.join(' ')).toEqual(mine.map(shown).sort());
      return hub.map((p: { deadlineSource: string }) => p.deadlineSource).sort();
    };
    expect(await overdue('--overdue')).toEqual(['default', 'default']);
    expect(await overdue('--due-within', '60')).toEqual(['set']);

    const summary = (data: Record<string, unknown>) => ({ ...data, meta: undefined });
    const hubSummary = await lead.json('summary', '--hub', url);
    expect(hubSummary.rectification.overdue).toBe(2);
    expect(summary(hubSummary)).toEqual(summary(await lead.json('summary')));

    // The ledger from the hub is the laptop's, deadlines included (every finding has its problem first).
    await lead.ok('problem', 'propose', id);
    await lead.ok('push', '--hub', url);
    const files = [join(scratch(), 'hub.csv'), join(scratch(), 'laptop.csv')];
    await lead.ok('report', id, '--kind', 'ledger', '--format', 'csv', '-o', files[0]!, '--hub', url);
    await lead.ok('report', id, '--kind', 'ledger', '--format', 'csv', '-o', files[1]!);
    const [fromHub, fromLaptop] = files.map((f) => readFileSync(f, 'utf8'));
    expect(fromHub).toContain('2026-11-22');
    expect(fromHub).toBe(fromLaptop);
  });
});
