// Before any report: items concluded 基本符合 / 不符合 must be covered by a problem (or one it was merged
// into), no problem may concern an item now concluded 符合, no deadline may fall before the feedback date;
// unconcluded items, no issuing office and an assumed feedback date are warnings. In a terminal the missing
// problems are offered (asking for a description where the conclusion has none); conclude refuses
// 基本符合 / 不符合 without a description.
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { amendConclusion } from '../../src/inspect/corrections.js';
import { createProblems, currentProblems, editProblem, mergeProblems, proposals } from '../../src/problems/problems.js';
import { offerProposals } from '../../src/problems/propose-flow.js';
import { checkReadiness, type ReadinessOptions } from '../../src/report/readiness.js';
import { conclusionEntity } from '../../src/store/events.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { setLang } from '../../src/i18n/index.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { RUNNERS, runMain } from '../helpers/run.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();

const OPTIONS: ReadinessOptions = {
  feedback: { date: '2026-11-28', rectifyDays: 60, recorded: false },
  recordsFeedback: true,
  officeSet: true,
};

function world() {
  const store = tmp.store({ clock: steppingClock() });
  const inspection = newInspection(store, {
    unit: '某县委政法委',
    unitKind: 'plac',
    checklists: ['qingshi-baogao'],
    start: '2026-11-20',
  });
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  const item = (id: string) => resolveItem(refs, id);
  for (const id of ['QS-02', 'QS-05'])
    for (const m of ['check', 'talk'] as const)
      addRecord(store, '张三', inspection.id, item(id), { method: m, note: `${id} ${m}` }, 10);
  conclude(store, '张三', inspection.id, item('QS-02'), { result: 'noncompliant', note: '3 件请示一文多事' });
  conclude(store, '张三', inspection.id, item('QS-05'), { result: 'partial', note: '先办后报' });
  return { store, inspection, item };
}

const codes = (store: Store, inspection: InspectionRow, options: Partial<ReadinessOptions> = {}) =>
  checkReadiness(store, inspection, { ...OPTIONS, ...options }).issues.map((i) => `${i.severity}:${i.code}`);

describe('checkReadiness', () => {
  it('an item concluded 不符合 / 基本符合 without a problem is an error naming it and the command', () => {
    const { store, inspection } = world();
    const ready = checkReadiness(store, inspection, OPTIONS);
    const uncovered = ready.issues.find((i) => i.code === 'report-uncovered')!;
    expect(uncovered).toMatchObject({ severity: 'error' });
    expect(uncovered.message).toContain('QS-02（不符合）、QS-05（基本符合）');
    expect(uncovered.hint).toContain(`ducha problem propose ${inspection.id}`);
    expect(ready.uncovered.map((p) => p.ref.item.id)).toEqual(['QS-02', 'QS-05']);
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    expect(codes(store, inspection).filter((c) => c.startsWith('error'))).toEqual([]);
  });

  it('an item covered by a problem that was merged into another still counts as covered', () => {
    const { store, inspection, item } = world();
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    const [a, b] = currentProblems(store, inspection.id);
    const merged = mergeProblems(store, '张三', [a!, b!]);
    const target = currentProblems(store, inspection.id).find((p) => p.id === merged.id)!;
    editProblem(store, '张三', target, { remove: [{ checklistId: 'qingshi-baogao', itemId: item('QS-05').item.id }] });
    expect(currentProblems(store, inspection.id)).toHaveLength(1);
    expect(codes(store, inspection)).not.toContain('error:report-uncovered');
    expect(proposals(store, inspection)).toEqual([]);
  });

  it('a problem about an item now concluded 符合 is an error, with the ways out', () => {
    const { store, inspection, item } = world();
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    amendConclusion(store, '李四', inspection.id, item('QS-05'), {
      result: 'compliant',
      note: '',
      reason: '复核后认定符合',
    });
    const ready = checkReadiness(store, inspection, OPTIONS);
    const issue = ready.issues.find((i) => i.code === 'report-problem-contradicts')!;
    const problem = currentProblems(store, inspection.id).find((p) => p.items[0]!.itemId === 'QS-05')!;
    expect(issue.message).toBe(`问题 ${problem.id} 涉及的条目 QS-05（符合）的结论与问题清单矛盾`);
    expect(issue.hint).toContain(`ducha problem edit ${problem.id} --remove-item QS-05`);
  });

  it('a deadline before the (assumed or recorded) feedback date is an error', () => {
    const { store, inspection } = world();
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    editProblem(store, '张三', currentProblems(store, inspection.id)[0]!, { deadline: '2026-11-25' });
    const issue = checkReadiness(store, inspection, OPTIONS).issues.find(
      (i) => i.code === 'report-deadline-before-feedback',
    )!;
    expect(issue.message).toContain('（2026-11-25）的整改时限早于本文件日期 2026-11-28');
    expect(
      codes(store, inspection, { feedback: { date: '2026-11-24', rectifyDays: 60, recorded: false } }),
    ).not.toContain('error:report-deadline-before-feedback');
    const ledger = checkReadiness(store, inspection, { ...OPTIONS, recordsFeedback: false }).issues.find(
      (i) => i.code === 'report-deadline-before-feedback',
    )!;
    expect(ledger.message).toContain('尚未确定反馈日期，本文件按此日期推算整改时限');
    const recorded = checkReadiness(store, inspection, {
      ...OPTIONS,
      feedback: { ...OPTIONS.feedback, recorded: true },
    }).issues.find((i) => i.code === 'report-deadline-before-feedback')!;
    expect(recorded.message).toContain('的整改时限早于反馈日期 2026-11-28');
  });

  it('warnings: unconcluded items, no office, an assumed feedback date (not when this report records it)', () => {
    const { store, inspection } = world();
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    expect(codes(store, inspection, { officeSet: false, recordsFeedback: false })).toEqual([
      'warning:report-unconcluded',
      'warning:report-office-unset',
      'warning:report-feedback-assumed',
    ]);
    expect(codes(store, inspection)).toEqual(['warning:report-unconcluded']);
    expect(
      codes(store, inspection, {
        feedback: { date: '2026-11-28', rectifyDays: 60, recorded: true },
        recordsFeedback: false,
      }),
    ).toEqual(['warning:report-unconcluded']);
    // A feedback written again on another day than the recorded feedback date says so.
    const recorded = { feedback: { date: '2026-11-28', rectifyDays: 60, recorded: true }, recordsFeedback: false };
    expect(codes(store, inspection, { ...recorded, feedbackDocumentDate: '2026-11-28' })).toEqual([
      'warning:report-unconcluded',
    ]);
    const differs = checkReadiness(store, inspection, {
      ...OPTIONS,
      ...recorded,
      feedbackDocumentDate: '2026-12-05',
    }).issues.at(-1)!;
    expect(differs).toMatchObject({ code: 'report-feedback-date-differs', severity: 'warning' });
    expect(differs.message).toBe(
      '本反馈意见的日期 2026-12-05 与已记下的反馈日期 2026-11-28 不同：整改时限仍按 2026-11-28 推算',
    );
  });
});

describe('a conclusion needs its description', () => {
  it('conclude refuses 基本符合 / 不符合 without a note, and a good practice on 不符合', () => {
    const { store, inspection, item } = world();
    expect(() => conclude(store, '张三', inspection.id, item('QS-02'), { result: 'partial', note: '  ' })).toThrow(
      '条目 QS-02 的结论为基本符合，须写明问题表现',
    );
    expect(() =>
      conclude(store, '张三', inspection.id, item('QS-02'), { result: 'noncompliant', note: 'x', goodPractice: true }),
    ).toThrow(/不能同时作为好经验/);
  });

  it('a conclusion made without one (by an older ducha) is never proposed under the item title', async () => {
    const { store, inspection, item } = world();
    const ref = item('QS-05');
    // As an older ducha wrote it: 基本符合 with no note.
    store.write(() =>
      store.append('张三', 'conclusion.set', {
        inspectionId: inspection.id,
        checklistId: ref.checklist.id,
        itemId: ref.item.id,
        result: 'partial',
        goodPractice: false,
        checklistSha: ref.sha256,
        supersedes: store.db
          .prepare('SELECT event_id FROM registers WHERE entity = ?')
          .all(conclusionEntity(inspection.id, ref.checklist.id, ref.item.id))
          .map((r) => (r as { event_id: string }).event_id),
      }),
    );
    const proposed = proposals(store, inspection);
    expect(proposed.map((p) => [p.ref.item.id, p.needsDescription, p.fields.description])).toEqual([
      ['QS-02', false, '3 件请示一文多事'],
      ['QS-05', true, ''],
    ]);
    expect(() => createProblems(store, '张三', inspection.id, [proposed[1]!.fields])).toThrow(/缺少问题表现/);
    // ducha problem propose makes the one with a description and names the other, with what to do.
    const file = store.file;
    const r = await runMain(['--db', file, 'problem', 'propose', inspection.id, '--json'], {
      env: tmp.env({ DUCHA_ACTOR: '张三' }),
    });
    const out = JSON.parse(r.stdout);
    expect(out.data.problems.map((p: { item: string; description: string }) => `${p.item}:${p.description}`)).toEqual([
      'QS-02:3 件请示一文多事',
    ]);
    expect(out.data.lacking).toEqual(['QS-05']);
    expect(out.problems[0]).toMatchObject({ code: 'no-description', severity: 'warning' });
    expect(out.problems[0].message).toContain('不会用条目标题代替');
    expect(out.problems[0].hint).toContain(`ducha conclusion amend ${inspection.id} QS-05 --note`);
    expect(currentProblems(store, inspection.id).map((p) => p.description)).toEqual(['3 件请示一文多事']);
  });
});

describe('offering the missing problems (terminal)', () => {
  it('declined: nothing written; accepted: made, asking for the description the conclusion lacks', async () => {
    const { store, inspection } = world();
    const uncovered = checkReadiness(store, inspection, OPTIONS).uncovered;
    const no = new ScriptedPrompter([{ confirm: /现在由结论生成这 2 个问题/, answer: false }]);
    expect(await offerProposals(no, store, () => '张三', inspection, uncovered)).toEqual([]);
    expect(currentProblems(store, inspection.id)).toEqual([]);
    expect(no.transcript.join('\n')).toContain('QS-02  请示报告关系（不符合）：3 件请示一文多事');
    const patched = uncovered.map((p, i) =>
      i === 1 ? { ...p, needsDescription: true, fields: { ...p.fields, description: '' } } : p,
    );
    const yes = new ScriptedPrompter([
      { confirm: /现在由结论生成/, answer: true },
      { input: /QS-05 .* 的问题表现/, answer: '重大事项先办后报' },
    ]);
    const ids = await offerProposals(yes, store, () => '张三', inspection, patched);
    expect(ids).toHaveLength(2);
    expect(currentProblems(store, inspection.id).map((p) => p.description)).toEqual([
      '3 件请示一文多事',
      '重大事项先办后报',
    ]);
    expect(checkReadiness(store, inspection, OPTIONS).uncovered).toEqual([]);
  });
});

for (const [name, runner] of RUNNERS) {
  describe(`ducha report refuses what would contradict the record (${name})`, () => {
    it('exit 2 naming the items and the command, nothing written; --json carries the codes; warnings go with a written report', async () => {
      const env = tmp.env({ DUCHA_ACTOR: '张三' });
      const cwd = tmp.dir();
      const run = (...argv: string[]) => runner(argv, { env, cwd });
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
      await run('record', id, 'QS-02', '--method', 'check', '--note', '抽查 10 件');
      await run('record', id, 'QS-02', '--method', 'talk', '--note', '合并请示');
      const noNote = await run('conclude', id, 'QS-02', '--result', 'noncompliant');
      expect(noNote.code).toBe(2);
      expect(noNote.stderr).toContain('须写明问题表现');
      expect(noNote.stderr).toContain('提示：用 --note');
      expect((await run('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '3 件请示一文多事')).code).toBe(
        0,
      );
      const refused = await run('report', id, '--kind', 'feedback', '-o', '反馈.md', '--date', '2026-11-28');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('条目 QS-02（不符合）已作出基本符合或不符合的结论，问题清单中却没有对应问题');
      expect(refused.stderr).toContain(`ducha problem propose ${id}`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(cwd, '反馈.md'))).toBe(false);
      const json = JSON.parse((await run('report', id, '--kind', 'ledger', '-o', '台账.csv', '--json')).stdout);
      expect(json.ok).toBe(false);
      expect(json.problems.map((p: { code: string; severity: string }) => `${p.severity}:${p.code}`)).toContain(
        'error:report-uncovered',
      );
      expect((await run('problem', 'propose', id)).code).toBe(0);
      const written = JSON.parse(
        (await run('report', id, '--kind', 'ledger', '-o', '台账.csv', '--date', '2026-11-27', '--json')).stdout,
      );
      expect(written.ok).toBe(true);
      expect(written.data).toMatchObject({ feedbackDate: '2026-11-27', feedbackDateRecorded: false });
      expect(written.problems.map((p: { code: string; severity: string }) => `${p.severity}:${p.code}`)).toEqual([
        'warning:report-unconcluded',
        'warning:report-office-unset',
        'warning:report-feedback-assumed',
      ]);
      const text = await run(
        'report',
        id,
        '--kind',
        'notice',
        '-o',
        '通知.md',
        '--date',
        '2026-11-28',
        '--office',
        '县委政法委督查组',
      );
      expect(text.code).toBe(0);
      expect(text.stderr).toContain('警告：尚有 12 个条目未作结论');
      expect(text.stderr).not.toContain('未设置发文单位');
      expect(text.stderr).toContain('已记下反馈日期 2026-11-28');
    });
  });
}
