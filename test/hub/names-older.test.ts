// A hub that took interviewee names in clear before issue 18's check (an older version), against a real
// PostgreSQL: the older version is this code with the name check (src/hub/names.ts) taken out, pushing in
// process; `ducha hub verify` (the real binary) then counts the events and records holding a name in clear as a
// warning, not as a fault of the chains; and the laptop's later events, free of clear names, push as ever.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop } from '../team/laptops.js';
import { openStore } from '../../src/store/open.js';
import { connectHub } from '../../src/hub/connect.js';
import { pushToHub } from '../../src/hub/push.js';

vi.mock('../../src/hub/names.js', () => ({
  refuseClearNames: () => undefined,
  refuseClearNamesToSend: () => undefined,
}));

let pg: TestPostgres;
let admin: string;
const NAME = '李秘密';

beforeAll(async () => {
  pg = await startPostgres();
  admin = pg.url(await pg.createDatabase('older_names'));
  await laptop('督查办').ok('hub', 'init', admin);
});

afterAll(async () => {
  cleanup();
  await pg?.stop();
});

describe('names in clear an older version let in', () => {
  it('hub verify reports them as a warning; later pushes without names go through', async () => {
    const l = laptop('王五', { spawned: true });
    const office = laptop('督查办', { spawned: true });
    await office.ok('hub', 'trust', await l.ok('team', 'key'), '--name', l.name, '--hub', admin);
    const id = await l.ok(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
      '--team',
      l.name,
      '--start',
      '2026-11-20',
    );
    const record = (await l.json('record', id, 'WY-01', '--method', 'talk', '--interviewee', NAME, '--note', '谈话'))
      .record;
    await l.ok('record', 'amend', record, '--interviewee', '王秘密', '--reason', '更正姓名');
    const store = openStore(l.db);
    const client = await connectHub(admin);
    try {
      const pushed = await pushToHub(store, client, { actor: l.name });
      expect(pushed.decisions.map((d) => d.status)).toEqual(['accepted']);
    } finally {
      await client.end();
      store.close();
    }

    const r = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(r.code, r.stdout).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.data.problems).toEqual([]);
    expect(doc.data.clearNames).toEqual({ events: 2, records: 1 });
    expect(doc.problems.map((p: { code: string; severity: string }) => [p.code, p.severity])).toEqual([
      ['hub-clear-name', 'warning'],
    ]);
    const text = await office.run('hub', 'verify', '--hub', admin);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('2 个事件（1 条记录）');
    expect(text.stderr).not.toContain(NAME);

    // The events already on the hub are not sent again, so nothing the push sends holds a name in clear.
    await l.ok('record', id, 'WY-02', '--method', 'check', '--note', '查阅台账');
    const later = await l.json('push', '--hub', admin);
    expect(later.events).toBe(1);
    expect(later.decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);
  });
});
