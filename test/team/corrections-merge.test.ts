// Corrections travel in bundles: amended and withdrawn records, withdrawn conclusions and the feedback date
// import on another laptop (the import accepts their event types) and give the same state there; two
// laptops amending the same field of a record, or one withdrawing a conclusion another changed, is a
// conflict kept and resolvable like any other.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBin, type RunResult } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();

interface Laptop {
  name: string;
  run: (...argv: string[]) => Promise<RunResult>;
  ok: (...argv: string[]) => Promise<string>;
}

function laptop(name: string): Laptop {
  const env = tmp.env({ DUCHA_ACTOR: name });
  mkdirSync(env.DUCHA_DATA_DIR!, { recursive: true });
  const dir = tmp.dir();
  const run = (...argv: string[]) => runBin(argv, { env, cwd: dir });
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    expect(r.code, `${name}: ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  return { name, run, ok };
}

async function send(from: Laptop, to: Laptop, id: string): Promise<{ newByType: Record<string, number> }> {
  const file = join(tmp.dir(), `${from.name}.ducha`);
  await from.ok('export', id, '-o', file);
  return JSON.parse(await to.ok('import', file, '--json')).data;
}

const json = async (l: Laptop, ...argv: string[]) => JSON.parse(await l.ok(...argv, '--json')).data;

describe('corrections in team work', () => {
  it('travel in bundles, converge, verify; concurrent corrections are conflicts, resolved like any other', async () => {
    const a = laptop('张三');
    const b = laptop('李四');
    const id = await a.ok(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
      '--start',
      '2026-11-20',
    );
    const [ka, kb] = [await a.ok('team', 'key'), await b.ok('team', 'key')];
    await a.ok('team', 'trust', kb, '--name', '李四');
    await b.ok('team', 'trust', ka, '--name', '张三');
    const r1 = (
      await json(a, 'record', id, 'WY-01', '--method', 'listen', '--note', '政法委员谈履职', '--subject', '政法委员')
    ).record as string;
    const r2 = (await json(a, 'record', id, 'WY-01', '--method', 'check', '--note', '名册')).record as string;
    await a.ok('record', 'amend', r1, '--method', 'talk', '--reason', '误选');
    await a.ok('record', 'withdraw', r2, '--reason', '重复');
    await a.ok('conclude', id, 'WY-10', '--result', 'not-applicable');
    await a.ok('conclusion', 'withdraw', id, 'WY-10', '--reason', '不应判为不适用');
    await a.ok('inspection', 'set', id, '--feedback-date', '2026-11-28');
    const imported = await send(a, b, id);
    expect(imported.newByType).toMatchObject({
      'record.amended': 1,
      'record.withdrawn': 1,
      'conclusion.withdrawn': 1,
      'inspection.updated': 1,
    });
    // The dry run names the new kinds of change in words.
    const preview = join(tmp.dir(), 'preview.ducha');
    await a.ok('export', id, '-o', preview);
    const c = laptop('王五');
    await c.ok('team', 'trust', ka, '--name', '张三');
    const dry = await c.ok('import', preview, '--dry-run');
    for (const words of ['更正记录', '撤回记录', '撤回结论', '反馈日期']) expect(dry).toContain(words);
    const showA = await json(a, 'inspection', 'show', id);
    const showB = await json(b, 'inspection', 'show', id);
    expect(showB.progress.methods).toEqual({ listen: 0, check: 0, talk: 1, visit: 0 });
    expect(showB.progress).toEqual(showA.progress);
    expect(showB.inspection.feedbackDate).toBe('2026-11-28');
    const historyB = await json(b, 'inspection', 'history', id);
    expect(historyB.entries.map((e: { type: string }) => e.type)).toContain('record.withdrawn');

    // Concurrent: both amend the note of the same record; A withdraws WY-09's conclusion while B changes it.
    await a.ok('conclude', id, 'WY-09', '--result', 'compliant', '--reason', '待补');
    await send(a, b, id);
    await a.ok('record', 'amend', r1.slice(0, 12), '--note', '政法委员谈了履职情况（张三）', '--reason', '补全');
    await b.ok('record', 'amend', r1.slice(0, 12), '--note', '政法委员谈了履职情况（李四）', '--reason', '补全');
    await a.ok('conclusion', 'withdraw', id, 'WY-09', '--reason', '待复核');
    await b.ok(
      'conclusion',
      'amend',
      id,
      'WY-09',
      '--result',
      'partial',
      '--note',
      '兼职过多',
      '--reason',
      '谈话后认定',
    );
    await send(b, a, id);
    const conflicts = await json(a, 'conflicts', 'list', id);
    const subjects = conflicts.map((c: { kind: string; subject: string }) => `${c.kind}:${c.subject}`).sort();
    expect(subjects).toEqual([`conclusion:zhengfa-weiyuan:WY-09`, `record:${r1}.note`]);
    const listed = await a.ok('conflicts', 'list', id);
    expect(listed).toContain('已撤回');
    expect(listed).toContain('记录');
    const show = await json(a, 'inspection', 'show', id);
    expect(show.progress.conflicts).toBe(1);
    const recordConflict = conflicts.find((c: { kind: string }) => c.kind === 'record');
    await a.ok('conflicts', 'resolve', recordConflict.id, '--take', '2');
    const conclusionConflict = conflicts.find((c: { kind: string }) => c.kind === 'conclusion');
    await a.ok('conflicts', 'resolve', conclusionConflict.id, '--take', 'withdrawn');
    expect(await json(a, 'conflicts', 'list', id)).toEqual([]);
    expect((await json(a, 'inspection', 'show', id)).progress.open.map((o: { itemId: string }) => o.itemId)).toContain(
      'WY-09',
    );
    await send(a, b, id);
    expect(await json(b, 'conflicts', 'list', id)).toEqual([]);
    expect((await json(b, 'inspection', 'show', id)).progress).toEqual(
      (await json(a, 'inspection', 'show', id)).progress,
    );
    expect((await a.run('verify')).code).toBe(0);
    expect((await b.run('verify')).code).toBe(0);
  });
});
