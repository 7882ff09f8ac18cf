// A document made from the hub in a real terminal, with a conflict open or a finding without its problem:
// ducha never offers to settle or propose (it would go into the copy in memory and be lost; the hub stores
// only what devices sign) — it refuses, and says to do it on a laptop and push. Against a real PostgreSQL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { killAll, spawnTerminal, terminalEnv } from '../helpers/pty.js';
import { carry, cleanup, laptop, scratch, trustAround } from '../team/laptops.js';

let server: TestPostgres;
let db: string;
let url: string;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('term');
  url = server.url(db);
  await laptop('督查办').ok('hub', 'init', url);
});

afterEach(killAll);

afterAll(async () => {
  cleanup();
  await server?.stop();
});

it('report --hub with an open conflict, then a finding without its problem, offers nothing, writes nothing and says to do it on a laptop', async () => {
  const lead = laptop('组长');
  const member = laptop('李四');
  const id = await lead.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
  );
  await trustAround(lead, [member], [member]);
  await carry(lead, member, id);
  await lead.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员空缺', '--reason', 'x');
  await member.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员兼职过多', '--reason', 'x');
  await carry(member, lead, id);
  await lead.ok('problem', 'propose', id);
  expect(await lead.json('conflicts', 'list')).toHaveLength(1);
  await lead.ok('hub', 'trust', await lead.ok('team', 'key'), '--name', '组长', '--hub', url);
  // The member's events travel with the lead's push, covered by the member's signed heads: the hub trusts both.
  await lead.ok('hub', 'trust', await member.ok('team', 'key'), '--name', '李四', '--hub', url);
  await lead.ok('push', '--hub', url);
  const events = async () =>
    Number((await server.sql<{ n: string }>('SELECT count(*) AS n FROM ducha.events', [], db))[0]!.n);
  const before = await events();

  const out = join(scratch(), '督查反馈意见.md');
  const term = spawnTerminal(
    ['report', id, '--kind', 'feedback', '-o', out, '--hub', url],
    terminalEnv(lead.home, { DUCHA_ACTOR: lead.name }),
  );
  const shown = await term.waitFor(/现在逐项处理吗|只读副本/, 30_000);
  expect(shown.groups[0]).toBe('只读副本');
  expect((await term.exit).exitCode).toBe(2);
  expect(term.output).toContain('条目 WY-01 的结论');
  expect(term.output).toContain('ducha push');
  expect(existsSync(out)).toBe(false);
  expect(await events()).toBe(before);
  // Settled on the laptop and pushed, the conclusion chosen has no problem yet: that is not offered either.
  const [conflict] = await lead.json('conflicts', 'list');
  await lead.ok('conflicts', 'resolve', conflict.id, '--take', '1');
  await lead.ok('push', '--hub', url);
  const again = spawnTerminal(
    ['report', id, '--kind', 'feedback', '-o', out, '--hub', url],
    terminalEnv(lead.home, { DUCHA_ACTOR: lead.name }),
  );
  const said = await again.waitFor(/现在由结论生成|只读副本/, 30_000);
  expect(said.groups[0]).toBe('只读副本');
  expect((await again.exit).exitCode).toBe(2);
  expect(again.output).toContain('ducha problem propose');
  expect(existsSync(out)).toBe(false);
  expect(await events()).toBe(before + 1);
  // Proposed on the laptop and pushed, the same report from the hub is written.
  await lead.ok('problem', 'propose', id);
  await lead.ok('push', '--hub', url);
  await lead.ok('report', id, '--kind', 'feedback', '-o', out, '--hub', url);
  expect(existsSync(out)).toBe(true);
}, 60_000);
