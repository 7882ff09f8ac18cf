// Every enum flag accepts the Chinese word its help lists (and the English value); one parser answers a
// bad value with every allowed value and its word. `record` and `conclude` may leave out the inspection.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  METHOD,
  PROBLEM_STATUS,
  PROBLEM_TYPE,
  RECTIFY_STATUS,
  RESULT,
  SEVERITY,
  UNIT_KIND,
  parseEnum,
  reportKindSpec,
} from '../../src/cli/enums.js';
import { setLang } from '../../src/i18n/index.js';
import { RUNNERS, cleanEnv, tempDir } from '../helpers/run.js';

setLang('zh');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('parseEnum', () => {
  it.each([
    [METHOD, '查', 'check'],
    [METHOD, '听取汇报', 'listen'],
    [METHOD, 'talk', 'talk'],
    [METHOD, ' 访 ', 'visit'],
    [RESULT, '不符合', 'noncompliant'],
    [RESULT, '基本符合', 'partial'],
    [RESULT, 'not-applicable', 'not-applicable'],
    [SEVERITY, '高', 'high'],
    [SEVERITY, 'LOW', 'low'],
    [UNIT_KIND, '党委政法委', 'plac'],
    [UNIT_KIND, '乡镇（街道）党（工）委', 'township'],
    [UNIT_KIND, '乡镇(街道)党(工)委', 'township'],
    [UNIT_KIND, '公安局', 'public-security'],
    [PROBLEM_TYPE, '立行立改', 'immediate'],
    [PROBLEM_TYPE, '限期整改', 'deadline'],
    [PROBLEM_TYPE, '持续整改', 'ongoing'],
    [PROBLEM_STATUS, '整改中', 'rectifying'],
    [PROBLEM_STATUS, '已销号', 'closed'],
    [RECTIFY_STATUS, '申请销号', 'closure-requested'],
    [RECTIFY_STATUS, '重新打开', 'reopened'],
    [reportKindSpec(['feedback', 'notice', 'ledger']), '整改台账', 'ledger'],
  ] as const)('%#: %s', (spec, input, value) => {
    expect(parseEnum(spec as never, input)).toBe(value);
  });

  it('a bad value names the field and lists every value with its word, with a suggestion when close', () => {
    expect(() => parseEnum(METHOD, '吃')).toThrow('未知的方法 "吃"');
    // Caught outside the try, so that a value accepted by mistake fails here instead of skipping the check.
    let error: unknown;
    try {
      parseEnum(SEVERITY, 'hihg');
    } catch (caught) {
      error = caught;
    }
    expect((error as { hint?: string } | undefined)?.hint).toBe('是否想输入 high？ 可选：high 高、medium 中、low 低');
  });
});

describe.each(RUNNERS)('Chinese enum values on the command line (%s)', (_name, run) => {
  it('record, conclude, problem, rectify, report, summary and inspection new accept the words their help lists', async () => {
    const dir = tempDir('ducha-enums-');
    dirs.push(dir);
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    dirs.push(env.HOME!);
    const ducha = async (...args: string[]) => {
      const r = await run(['--db', join(dir, 'ducha.db'), ...args], { env, cwd: dir });
      expect(r.code, `ducha ${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r.stdout.trim();
    };
    const id = await ducha(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某镇党委',
      '--unit-kind',
      '乡镇（街道）党（工）委',
    );
    // The inspection may be left out: the most recent one is used, as `ducha run` does.
    await ducha('record', 'WY-01', '--method', '查', '--note', '名册齐全');
    await ducha('record', id, 'WY-01', '--method', '访', '--note', '走访村委会');
    await ducha('conclude', 'WY-01', '--result', '不符合', '--note', '政法委员未到岗');
    const shown = JSON.parse(await ducha('inspection', 'show', id, '--json')) as {
      data: { progress: { methods: Record<string, number>; results: Record<string, number> } };
    };
    expect(shown.data.progress.methods).toMatchObject({ check: 1, visit: 1 });
    expect(shown.data.progress.results.noncompliant).toBe(1);
    const added = JSON.parse(
      await ducha(
        'problem',
        'add',
        id,
        '--description',
        '未到岗',
        '--severity',
        '高',
        '--type',
        '立行立改',
        '--method',
        '谈',
        '--json',
      ),
    ) as {
      data: { id: string; severity: string; type: string; methods: string[] };
    };
    // The problem covers WY-01 (a report is refused while a finding has no problem).
    await ducha('problem', 'edit', added.data.id, '--item', 'WY-01');
    expect(added.data).toMatchObject({ severity: 'high', type: 'immediate', methods: ['talk'] });
    writeFileSync(join(dir, '通知.pdf'), 'pdf');
    await ducha('rectify', added.data.id, '--status', '整改中', '--note', '已派人到岗');
    const listed = JSON.parse(await ducha('problem', 'list', id, '--status', '整改中', '--json')) as {
      data: { problems: Array<{ id: string }> };
    };
    expect(listed.data.problems.map((p) => p.id)).toEqual([added.data.id]);
    await ducha('report', id, '--kind', '整改台账', '-o', join(dir, '台账.csv'));
    const summary = JSON.parse(await ducha('summary', '--unit-kind', '乡镇', '--json')) as {
      data: { coverage: { inspections: number } };
    };
    expect(summary.data.coverage.inspections).toBe(1);
  });

  it('record without an item, or with a bad value, is a usage error that says what to write', async () => {
    const dir = tempDir('ducha-enums-');
    dirs.push(dir);
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    dirs.push(env.HOME!);
    const db = ['--db', join(dir, 'ducha.db')];
    const made = await run(
      [...db, 'inspection', 'new', '--checklist', 'zhengfa-weiyuan', '--unit', '某镇党委', '--unit-kind', 'township'],
      { env, cwd: dir },
    );
    const id = made.stdout.trim();
    const noItem = await run([...db, 'record', id, '--method', '查', '--note', 'x'], { env, cwd: dir });
    expect(noItem.code).toBe(2);
    expect(noItem.stderr).toContain('缺少参数 item');
    expect(noItem.stderr).toContain('ducha record QS-01 --method 查');
    const bad = await run([...db, 'record', 'WY-01', '--method', '吃', '--note', 'x'], { env, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('未知的方法 "吃"');
    expect(bad.stderr).toContain('可选：listen 听、check 查、talk 谈、visit 访');
  });
});
