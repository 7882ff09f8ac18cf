// The problem list: proposals from lacking conclusions, hand-added problems, edits as events, merges, and
// the CLI around them.
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import {
  checkFields,
  currentProblems,
  editProblem,
  findProblem,
  mergeProblems,
  proposals,
} from '../../src/problems/problems.js';
import { setLang } from '../../src/i18n/index.js';
import { realisticInspection } from '../helpers/inspection-fixture.js';
import { cleanEnv, runBin, tempDir } from '../helpers/run.js';

setLang('zh');

describe('problem list (domain)', () => {
  it('proposes one problem per item concluded partial or noncompliant, with the checklist defaults, once', () => {
    const { store, inspection } = realisticInspection();
    const problems = currentProblems(store, inspection.id);
    expect(problems.map((p) => p.items[0]!.itemId).sort()).toEqual(['QS-02', 'QS-05']);
    const qs05 = problems.find((p) => p.items[0]!.itemId === 'QS-05')!;
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'QS-05');
    expect(qs05).toMatchObject({
      severity: ref.item.severity,
      rectification: ref.item.rectification!.trim(),
      type: 'deadline',
      methods: ['check', 'talk'],
    });
    expect(qs05.description).toContain('个别重大事项未事前请示');
    expect(proposals(store, inspection)).toEqual([]); // already covered
  });

  it('an edit is one event superseding what its author saw; an edit that changes nothing is refused', () => {
    const { store, inspection } = realisticInspection();
    const before = store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    const problem = currentProblems(store, inspection.id).find((p) => p.items[0]!.itemId === 'QS-05')!;
    const refs = allItems(inspectionSnapshots(store, inspection.id));
    editProblem(
      store,
      '李四',
      problem,
      checkFields({ severity: 'high', type: 'immediate', addItems: ['QS-06'] }, refs, resolveItem),
    );
    const after = findProblem(store, inspection.id, problem.id);
    expect(after).toMatchObject({ severity: 'high', type: 'immediate', conflicts: [] });
    expect(after.items.map((i) => i.itemId)).toEqual(['QS-05', 'QS-06']);
    expect((store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(before.n + 1);
    expect(() => editProblem(store, '李四', after, checkFields({ severity: 'high' }, refs, resolveItem))).toThrow(
      /没有需要修改的内容/,
    );
    expect(() => checkFields({ type: 'asap' }, refs, resolveItem)).toThrow(/整改类型 的值 "asap" 无效/);
    expect(() => checkFields({ deadline: '2027-02-30x' }, refs, resolveItem)).toThrow(/日期/);
  });

  it('merging folds items and methods into the first and hides the others', () => {
    const { store, inspection } = realisticInspection();
    const [a, b] = currentProblems(store, inspection.id);
    const merged = mergeProblems(store, '张三', [a!, b!]);
    expect(merged.items).toHaveLength(2);
    const now = currentProblems(store, inspection.id);
    expect(now.map((p) => p.id)).toEqual([a!.id]);
    expect(findProblem(store, inspection.id, b!.id, true).mergedInto).toBe(a!.id);
  });
});

describe('ducha problem (CLI)', () => {
  it('propose, list, add, edit, merge, show with --json', async () => {
    const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
    const cwd = tempDir();
    const run = async (...argv: string[]) => {
      const r = await runBin(argv, { env, cwd });
      return { ...r, json: r.stdout.startsWith('{') ? JSON.parse(r.stdout) : undefined };
    };
    const id = (
      await run(
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
        '--start',
        '2026-11-20', // before the fixed deadline edited in below, whatever the day the test runs
      )
    ).stdout.trim();
    await run('record', id, 'WY-01', '--method', 'visit', '--note', '未见政法委员');
    await run(
      'conclude',
      id,
      'WY-01',
      '--result',
      'noncompliant',
      '--note',
      '政法委员空缺半年',
      '--reason',
      '任职文件待查',
    );
    const dry = await run('problem', 'propose', id, '--dry-run', '--json');
    expect(dry.json.data.problems).toEqual([
      { id: null, item: 'WY-01', description: '政法委员空缺半年', severity: 'high' },
    ]);
    expect((await run('problem', 'list', id, '--json')).json.data.problems).toEqual([]);
    const proposed = await run('problem', 'propose', id, '--json');
    const p1 = proposed.json.data.problems[0].id as string;
    const added = await run(
      'problem',
      'add',
      id,
      '--description',
      '综治中心未由政法委员统筹',
      '--item',
      'WY-09',
      '--method',
      'visit',
      '--type',
      'ongoing',
      '--measures',
      '制定政法委员统筹综治中心工作的制度',
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const p2 = added.json.data.id as string;
    expect(added.json.data).toMatchObject({
      measures: '制定政法委员统筹综治中心工作的制度', // given at add, kept (it was once dropped)
      type: 'ongoing',
      methods: ['visit'],
      items: [{ checklistId: 'zhengfa-weiyuan', itemId: 'WY-09' }],
    });
    const edited = await run(
      'problem',
      'edit',
      p1.slice(0, 4),
      '--unit',
      '县委政法委',
      '--deadline',
      '2027-01-31',
      '--json',
    );
    expect(edited.json.data).toMatchObject({ unit: '县委政法委', deadline: '2027-01-31' });
    expect((await run('problem', 'edit', p1, '--severity', 'urgent')).stderr).toContain('未知的严重程度 "urgent"');
    expect((await run('problem', 'add', id, '--item', 'WY-01')).stderr).toContain('缺少问题表现');
    const merged = await run('problem', 'merge', p1, p2, '--json');
    expect(merged.json.data.items.map((i: { itemId: string }) => i.itemId)).toEqual(['WY-01', 'WY-09']);
    expect((await run('problem', 'list', id, '--json')).json.data.problems).toHaveLength(1);
    const shown = await run('problem', 'show', p2);
    expect(shown.stdout).toContain(`已并入问题 ${p1}`);
  });
});
