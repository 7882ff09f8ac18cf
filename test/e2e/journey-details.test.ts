// Details an inspector meets along the way: the same words everywhere (Chinese values in corrections too),
// import-records taking the most recent inspection, a filter that matches nothing said as such, and a
// withdrawn record no longer counted as a duplicate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runMain, tempDir } from '../helpers/run.js';

async function laptop() {
  const dir = tempDir('ducha-details-');
  const env = cleanEnv({ DUCHA_ACTOR: '张三', DUCHA_NOW: '2026-11-25' });
  const run = (...argv: string[]) => runMain(argv, { env, cwd: dir });
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    expect(r.code, `ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const id = (
    await ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--start',
      '2026-11-20',
    )
  ).stdout.trim();
  return { dir, run, ok, id };
}

describe('along the way', () => {
  it('record amend and conclusion amend take the Chinese words their help lists', async () => {
    const { ok, id } = await laptop();
    const recorded = JSON.parse(
      (await ok('record', id, 'QS-01', '--method', '听', '--note', '听取汇报', '--json')).stdout,
    ).data.record as string;
    await ok('record', 'amend', recorded, '--method', '谈', '--reason', '录入时选错了方法');
    const listed = JSON.parse((await ok('record', 'list', id, '--json')).stdout).data.records as Array<{
      id: string;
      method: string;
    }>;
    expect(listed.find((r) => r.id === recorded)?.method).toBe('talk');
    await ok('conclude', id, 'QS-01', '--result', '符合', '--reason', '测试');
    await ok(
      'conclusion',
      'amend',
      id,
      'QS-01',
      '--result',
      '基本符合',
      '--note',
      '清单未及时修订',
      '--reason',
      '补充谈话后改判',
    );
    const shown = JSON.parse((await ok('inspection', 'show', id, '--json')).stdout).data.progress.results;
    expect(shown.partial).toBe(1);
  });

  it('import-records with only a file takes the most recent inspection and names it', async () => {
    const { dir, ok, id } = await laptop();
    writeFileSync(join(dir, '记录.csv'), 'item,method,note\nQS-01,查,登记簿齐全\n');
    const r = await ok('import-records', '记录.csv');
    expect(r.stderr).toContain(id);
    expect(JSON.parse((await ok('inspection', 'show', id, '--json')).stdout).data.progress.methods.check).toBe(1);
  });

  it('a filter that matches nothing says so, not that there is no problem list', async () => {
    const { ok, id } = await laptop();
    await ok('problem', 'add', id, '--item', 'QS-01', '--description', '事项清单未修订', '--deadline', '2027-03-01');
    const overdue = await ok('problem', 'list', id, '--overdue');
    expect(overdue.stdout).toContain('没有符合条件的问题');
    expect(overdue.stdout).not.toContain('还没有问题清单');
  });

  it('a withdrawn record is no longer reported as a duplicate', async () => {
    const { ok, id } = await laptop();
    await ok('record', id, 'QS-01', '--method', '查', '--note', '登记簿齐全');
    const twice = await ok('record', id, 'QS-01', '--method', '查', '--note', '登记簿齐全', '--json');
    const doc = JSON.parse(twice.stdout);
    expect(doc.problems.map((p: { code: string }) => p.code)).toContain('duplicate-record');
    await ok('record', 'withdraw', doc.data.record, '--reason', '重复录入');
    const listed = JSON.parse((await ok('record', 'list', id, '--json')).stdout).data.records as Array<{
      duplicateOf: string[];
    }>;
    expect(listed.flatMap((r) => r.duplicateOf)).toEqual([]);
    const again = JSON.parse((await ok('record', id, 'QS-01', '--method', '查', '--note', '另一条', '--json')).stdout);
    expect(again.problems).toEqual([]);
  });
});
