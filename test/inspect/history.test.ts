// ducha inspection history: what changed, who and when, in time order — records added, amended and
// withdrawn with reasons, conclusions set, changed and withdrawn, problems created and edited,
// rectification steps, the feedback date — for the whole inspection or one item, as text and --json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import {
  amendConclusion,
  amendRecord,
  findRecord,
  withdrawConclusion,
  withdrawRecord,
} from '../../src/inspect/corrections.js';
import { inspectionHistory } from '../../src/inspect/history.js';
import { createProblems, currentProblems, editProblem, proposals } from '../../src/problems/problems.js';
import { advance } from '../../src/problems/lifecycle.js';
import { setFeedback } from '../../src/problems/feedback.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { runBin } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();

function story() {
  const store = tmp.store({ clock: steppingClock() });
  const inspection = newInspection(store, { unit: '某县委政法委', unitKind: 'plac', checklists: ['qingshi-baogao'] });
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  const item = (id: string) => resolveItem(refs, id);
  const evidence = join(tmp.dir(), '整改通知.pdf');
  writeFileSync(evidence, 'pdf');
  const r1 = addRecord(
    store,
    '张三',
    inspection.id,
    item('QS-02'),
    { method: 'listen', note: '赵建国说时间紧时合并请示', subject: '经办人员' },
    10,
  ).payload.id;
  addRecord(store, '张三', inspection.id, item('QS-02'), { method: 'check', note: '抽查 10 件' }, 10);
  addRecord(store, '张三', inspection.id, item('QS-01'), { method: 'check', note: '登记簿' }, 10);
  amendRecord(store, '李四', findRecord(store, r1), { method: 'talk', interviewee: '赵建国', reason: '误选为听' });
  conclude(store, '张三', inspection.id, item('QS-02'), { result: 'partial', note: '个别请示一文多事' });
  amendConclusion(store, '李四', inspection.id, item('QS-02'), {
    result: 'noncompliant',
    note: '3 件请示一文多事',
    reason: '复核抽查结果',
  });
  conclude(store, '张三', inspection.id, item('QS-01'), { result: 'compliant', reason: '谈话待补' });
  withdrawConclusion(store, '张三', inspection.id, item('QS-01'), '结论下早了');
  const [problem] = createProblems(
    store,
    '张三',
    inspection.id,
    proposals(store, inspection).map((p) => p.fields),
  );
  setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'report');
  editProblem(store, '张三', currentProblems(store, inspection.id)[0]!, { deadline: '2027-01-31', unit: '办公室' });
  advance(
    store,
    '王五',
    currentProblems(store, inspection.id)[0]!,
    { kind: 'request', note: '已印发', evidence: [evidence] },
    10,
  );
  const r3 = addRecord(store, '张三', inspection.id, item('QS-01'), { method: 'visit', note: '走访' }, 10).payload.id;
  withdrawRecord(store, '张三', findRecord(store, r3), '走错了单位');
  return { store, inspection, item, r1, r3, problem: problem! };
}

describe('inspection history', () => {
  it('lists every change in time order with who, when and why', () => {
    const { store, inspection, r1, r3, problem } = story();
    const entries = inspectionHistory(store, inspection.id);
    expect(entries.map((e) => e.type)).toEqual([
      'inspection.created',
      'record.added',
      'record.added',
      'record.added',
      'record.amended',
      'conclusion.set',
      'conclusion.set',
      'conclusion.set',
      'conclusion.withdrawn',
      'problem.created',
      'inspection.updated',
      'problem.updated',
      'problem.progressed',
      'record.added',
      'record.withdrawn',
    ]);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    const text = entries.map((e) => `${e.actor} ${e.item ?? ''} ${e.text}`);
    expect(text[4]).toBe(`李四 qingshi-baogao:QS-02 更正记录 ${r1}：方式 听 → 谈；谈话对象姓名已更改；理由：误选为听`);
    expect(text[6]).toBe(
      '李四 qingshi-baogao:QS-02 结论改为不符合（3 件请示一文多事），原为基本符合；理由：复核抽查结果',
    );
    expect(text[8]).toBe('张三 qingshi-baogao:QS-01 撤回结论（原为符合）；理由：结论下早了');
    expect(text[9]).toContain(`新建问题 ${problem}（QS-02）：3 件请示一文多事`);
    expect(text[10]).toContain('印发反馈时记下反馈日期 2026-11-28（整改期限 60 日）');
    expect(text[11]).toContain(`修改问题 ${problem}：整改时限 2027-01-31；责任单位 办公室`);
    expect(text[12]).toContain(`王五  问题 ${problem} 申请销号（已申请销号）：已印发（1 个文件）`);
    expect(text[14]).toBe(`张三 qingshi-baogao:QS-01 撤回记录 ${r3}（访）；理由：走错了单位`);
    expect(entries[14]).toMatchObject({ record: r3, reason: '走错了单位' });
  });

  it('one item: its records, conclusions and the problems about it, nothing else', () => {
    const { store, inspection, item, problem } = story();
    const entries = inspectionHistory(store, inspection.id, { item: item('QS-02') });
    expect(entries.every((e) => e.item === 'qingshi-baogao:QS-02' || e.problem === problem)).toBe(true);
    expect(entries.map((e) => e.type)).toEqual([
      'record.added',
      'record.added',
      'record.amended',
      'conclusion.set',
      'conclusion.set',
      'problem.created',
      'problem.updated',
      'problem.progressed',
    ]);
  });

  it('interviewee names appear only with revealIdentities', () => {
    const { store, inspection } = story();
    const hidden = JSON.stringify(inspectionHistory(store, inspection.id));
    expect(hidden).not.toContain('赵建国');
    expect(hidden).toContain('某某说时间紧时合并请示');
    const shown = JSON.stringify(inspectionHistory(store, inspection.id, { revealIdentities: true }));
    expect(shown).toContain('谈话对象 — → 赵建国');
  });
});

describe('ducha inspection history (CLI)', () => {
  it('prints the entries, --json one document, an item filter; the record ids printed are accepted by record amend', async () => {
    const env = tmp.env({ DUCHA_ACTOR: '张三' });
    const cwd = tmp.dir();
    const run = (...argv: string[]) => runBin(argv, { env, cwd });
    const id = (
      await run(
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
    await run('record', id, 'QS-02', '--method', 'listen', '--note', '合并请示');
    const history = JSON.parse((await run('inspection', 'history', id, '--json')).stdout);
    expect(history).toMatchObject({ ok: true, data: { inspection: id, item: null } });
    const record = history.data.entries.find((e: { type: string }) => e.type === 'record.added').record as string;
    expect(record).toMatch(/^[0-9a-z]{16}$/);
    const amended = await run('record', 'amend', record, '--method', 'talk', '--reason', '误选');
    expect(amended.code, amended.stderr).toBe(0);
    expect(amended.stdout).toContain(`记录 ${record}（QS-02）已更正：方式`);
    const text = await run('inspection', 'history', id, 'qs-02');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`督查 ${id} 条目 QS-02 的变更记录（2 条）`);
    expect(text.stdout).toMatch(/张三 {2}QS-02 {2}更正记录 \w+：方式 听 → 谈；理由：误选/);
    // record's own options are not shown as the subcommand's global options.
    const help = await run('record', 'amend', '--help');
    expect(help.stdout.match(/--method <method>/g)).toHaveLength(1);
    expect(help.stdout).toContain('--db <path>');
    const bad = await run('inspection', 'history', id, 'QS-99');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('没有条目 "QS-99"');
  });
});
