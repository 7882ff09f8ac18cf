// 回头看: two rounds at one unit where one problem is resolved, one persists, one recurs and one is new —
// each lands in its group, in JSON and in Markdown.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { conclude } from '../../src/inspect/recording.js';
import { createProblems, currentProblems, proposals } from '../../src/problems/problems.js';
import { advance } from '../../src/problems/lifecycle.js';
import { newInspection, tempStore } from '../helpers/store.js';
import { cleanEnv, runBin, tempDir } from '../helpers/run.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';

function round(
  store: Store,
  start: string,
  results: Record<string, 'compliant' | 'partial' | 'noncompliant'>,
): InspectionRow {
  const inspection = newInspection(store, {
    unit: '某县委政法委',
    unitKind: 'plac',
    checklists: ['qingshi-baogao'],
    start,
  });
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  for (const [item, result] of Object.entries(results)) {
    conclude(store, '张三', inspection.id, resolveItem(refs, item), {
      result,
      note: `${start} ${item} ${result}`,
      reason: '测试用',
    });
  }
  createProblems(
    store,
    '张三',
    inspection.id,
    proposals(store, inspection).map((p) => p.fields),
  );
  return inspection;
}

describe('ducha compare', () => {
  it('resolved, persisting, recurred, new (and not re-checked), in JSON and Markdown', async () => {
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    const db = join(env.DUCHA_DATA_DIR!, 'ducha.db');
    const store = tempStore();
    const old = round(store, '2026-06-01', {
      'QS-02': 'noncompliant',
      'QS-05': 'partial',
      'QS-08': 'partial',
      'QS-10': 'noncompliant',
    });
    const byItem = (i: InspectionRow, item: string) =>
      currentProblems(store, i.id).find((p) => p.items[0]!.itemId === item)!;
    const evidence = join(tempDir(), 'e.pdf');
    writeFileSync(evidence, 'x');
    advance(store, '张三', byItem(old, 'QS-05'), { kind: 'request', note: '已整改', evidence: [evidence] }, 10);
    advance(
      store,
      '李四',
      byItem(old, 'QS-05'),
      { kind: 'close', note: '同意销号', allowSelfClose: true, reason: '测试中只有一台设备' },
      10,
    );
    const now = round(store, '2026-12-01', {
      'QS-02': 'noncompliant',
      'QS-05': 'noncompliant',
      'QS-08': 'compliant',
      'QS-09': 'noncompliant',
    });
    const closedId = byItem(old, 'QS-05').id;
    store.close(); // the last connection closing folds the WAL into the file
    // Use the database through the CLI, as a team lead would.
    mkdirSync(env.DUCHA_DATA_DIR!, { recursive: true });
    copyFileSync(store.file, db);

    const r = await runBin(['compare', old.id, now.id, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout).data;
    const items = (group: { list: Array<{ items: string }> }) => group.list.map((x) => x.items);
    expect(items(data.problems.resolved)).toEqual(['QS-08']);
    expect(items(data.problems.persisting)).toEqual(['QS-02']);
    expect(items(data.problems.recurred)).toEqual(['QS-05']);
    expect(items(data.problems.new)).toEqual(['QS-09']);
    expect(items(data.problems.notRechecked)).toEqual(['QS-10']);
    expect(data.problems.recurred.list[0]).toMatchObject({ oldStatus: '已销号', oldId: closedId });
    const ids = (group: { list: Array<{ item: string }> }) => group.list.map((x) => x.item);
    expect(ids(data.items.improved)).toEqual(['QS-08']);
    expect(ids(data.items.regressed)).toEqual(['QS-05']);
    expect(ids(data.items.unchanged)).toEqual(['QS-02']);
    expect(ids(data.items.newlyChecked)).toEqual(['QS-09']);
    expect(ids(data.items.notRechecked)).toEqual(['QS-10']);

    const md = await runBin(['compare', old.id, now.id, '-o', 'compare.md', '--date', '2026-12-05'], {
      env,
      cwd: env.HOME,
    });
    expect(md.code, md.stderr).toBe(0);
    const text = readFileSync(join(env.HOME!, 'compare.md'), 'utf8');
    const section = (heading: string) => text.split(heading)[1]!.split('###')[0]!;
    expect(section('（一）问题反弹')).toMatch(/2026-12-01 QS-05 noncompliant。涉及事项：[^。]+。前次状态：已销号。/);
    // No internal ids: the rounds by their dates, items by their titles.
    expect(text).not.toContain(old.id);
    expect(text).not.toContain(now.id);
    expect(text).toContain('前次督查自2026年6月1日起，本次督查自2026年12月1日起');
    expect(section('（二）仍然存在的问题')).toContain('QS-02');
    expect(section('（三）新发现的问题')).toContain('QS-09');
    expect(section('（四）已解决的问题')).toContain('QS-08');
    expect(section('（五）本次未复查的问题')).toContain('QS-10');
    expect(text).toContain('2026年12月5日');
  });

  it('refuses two different units, the same inspection, or the rounds in the wrong order', async () => {
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    const run = (...argv: string[]) => runBin(argv, { env });
    const make = async (unit: string, start: string) =>
      (
        await run(
          'inspection',
          'new',
          '--checklist',
          'qingshi-baogao',
          '--unit',
          unit,
          '--unit-kind',
          'plac',
          '--start',
          start,
        )
      ).stdout.trim();
    const a = await make('甲县委政法委', '2026-01-01');
    const b = await make('乙县委政法委', '2026-06-01');
    const c = await make('甲县委政法委', '2026-06-01');
    expect((await run('compare', a, b)).stderr).toContain('被督查单位不同');
    expect((await run('compare', a, b, '--allow-other-unit')).code).toBe(0);
    expect((await run('compare', a, a)).code).toBe(2);
    const order = await run('compare', c, a);
    expect(order.stderr).toContain(`改为 ducha compare ${a} ${c}`);
  });
});
