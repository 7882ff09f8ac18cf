// The hub's projections (src/hub/project.ts, written in sets) against the laptop's (src/store/apply.ts, one
// event at a time), table by table, after the same history: a conclusion in conflict and its resolution, a
// problem field edited on two laptops, a merge, rectification steps and evidence.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { carry, cleanup, laptop, scratch, trustAround } from '../team/laptops.js';

let server: TestPostgres;
let db: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('proj');
  await laptop('督查办').ok('hub', 'init', server.url(db));
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
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : k === 'value' || k === 'json' ? JSON.parse(String(v)) : String(v)])));

async function compareWith(file: string): Promise<void> {
  const sqlite = new Database(file, { readonly: true });
  try {
    for (const [table, key] of Object.entries(TABLES)) {
      const local = normal(sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all() as Array<Record<string, unknown>>);
      const order = key.split(', ').map((k) => (k === 'position' ? k : `${k} COLLATE "C"`)).join(', ');
      const hub = normal(await server.sql(`SELECT * FROM ducha.${table} ORDER BY ${order}`, [], db));
      expect(hub, table).toEqual(local);
    }
  } finally {
    sqlite.close();
  }
}

it('after conflicts, a resolution, edits, a merge and closure steps, the hub holds the rows the laptop holds', async () => {
  const lead = laptop('组长');
  const [zhang, li] = [laptop('张三'), laptop('李四')];
  const id = await lead.ok('inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac', '--team', '组长,张三,李四', '--start', '2026-11-20');
  await trustAround(lead, [zhang, li], [zhang, li]);
  for (const m of [zhang, li]) await carry(lead, m, id);
  const photo = join(scratch(), '照片.jpg');
  writeFileSync(photo, Buffer.from('jpeg'));
  await zhang.ok('record', id, 'QS-05', '--method', 'listen', '--note', '汇报', '--evidence', photo);
  await zhang.ok('conclude', id, 'QS-05', '--result', 'partial', '--note', '不够及时', '--reason', '待补');
  await li.ok('record', id, 'QS-05', '--method', 'visit', '--subject', '某派出所', '--interviewee', '赵某某', '--note', '未请示');
  await li.ok('conclude', id, 'QS-05', '--result', 'noncompliant', '--note', '未事前请示', '--reason', '待补');
  await lead.ok('conclude', id, 'QS-01', '--result', 'noncompliant', '--note', '无清单', '--reason', '待补');
  await lead.ok('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '未报告', '--reason', '待补');
  await lead.ok('problem', 'propose', id);
  for (const m of [zhang, li]) await carry(lead, m, id);
  const [p1, p2] = (await zhang.json('problem', 'list', id)).problems;
  await zhang.ok('problem', 'edit', p1.id, '--deadline', '2027-01-31');
  await li.ok('problem', 'edit', p1.id, '--deadline', '2027-02-28');
  for (const m of [zhang, li]) await carry(m, lead, id);
  await lead.ok('problem', 'merge', p1.id, p2.id);
  await lead.ok('rectify', p1.id, '--status', 'closure-requested', '--note', '已整改', '--evidence', photo);

  await lead.ok('hub', 'trust', await lead.ok('team', 'key'), '--name', '组长', '--hub', server.url(db));
  await lead.ok('push', '--hub', server.url(db));
  await compareWith(lead.db);

  // Settling the conflicts on the laptop, then pushing: the hub follows.
  const conflicts = await lead.json('conflicts', 'list', id);
  expect(conflicts.length).toBeGreaterThan(0);
  for (const c of conflicts) await lead.ok('conflicts', 'resolve', c.id, '--take', '1');
  await lead.ok('push', '--hub', server.url(db));
  await compareWith(lead.db);
});
