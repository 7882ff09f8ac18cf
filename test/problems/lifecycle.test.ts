// Rectification to closure: every allowed and refused transition, closure evidence, self-closure refused
// and overridden (and recorded), reopening with a reason, deadlines and overdue problems. Four eyes hold
// between device keys (issue 16): every closure here is on the device the request was made on, so it takes
// the recorded override; a closure from another device is in test/team/integrity.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advance, isOverdue, steps, type StepInput } from '../../src/problems/lifecycle.js';
import { currentProblems, editProblem, findProblem, type Problem } from '../../src/problems/problems.js';
import type { ProblemStatus, StepKind } from '../../src/store/events.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { buildReportModel } from '../../src/report/model.js';
import { setLang } from '../../src/i18n/index.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { cleanEnv, runBin, tempDir } from '../helpers/run.js';

setLang('zh');
const evidence = join(tempDir(), '整改佐证.pdf');
writeFileSync(evidence, '%PDF 整改佐证');

const KINDS: StepKind[] = ['progress', 'request', 'return', 'close', 'reopen'];
const ALLOWED: Record<ProblemStatus, Partial<Record<StepKind, ProblemStatus>>> = {
  open: { progress: 'rectifying', request: 'closure-requested' },
  rectifying: { progress: 'rectifying', request: 'closure-requested' },
  'closure-requested': { return: 'returned', close: 'closed' },
  returned: { progress: 'rectifying', request: 'closure-requested' },
  closed: { reopen: 'rectifying' },
};
/** How to reach each status from open, with a different actor for the closer. */
const PATH: Record<ProblemStatus, Array<[StepKind, string]>> = {
  open: [],
  rectifying: [['progress', '张三']],
  'closure-requested': [['request', '张三']],
  returned: [
    ['request', '张三'],
    ['return', '李四'],
  ],
  closed: [
    ['request', '张三'],
    ['close', '李四'],
  ],
};

const ONE_DEVICE = '测试中只有一台设备';

function input(kind: StepKind): StepInput {
  const reason = kind === 'reopen' ? '回头看发现问题反弹' : kind === 'close' ? ONE_DEVICE : undefined;
  return {
    kind,
    note: `${kind} 说明`,
    reason,
    evidence: kind === 'request' ? [evidence] : [],
    allowSelfClose: kind === 'close' || undefined,
  };
}

function fresh(): { store: Store; inspection: InspectionRow; problem: () => Problem } {
  const { store, inspection } = realisticInspection();
  const id = currentProblems(store, inspection.id)[0]!.id;
  return { store, inspection, problem: () => findProblem(store, inspection.id, id) };
}

describe('lifecycle transitions', () => {
  for (const [from, path] of Object.entries(PATH) as Array<[ProblemStatus, Array<[StepKind, string]>]>) {
    for (const kind of KINDS) {
      const to = ALLOWED[from][kind];
      it(`${from} --${kind}--> ${to ?? 'refused'}`, () => {
        const { store, problem } = fresh();
        for (const [k, actor] of path) advance(store, actor, problem(), input(k), 10);
        expect(problem().status).toBe(from);
        const before = steps(store, problem()).length;
        const actor = kind === 'close' ? '李四' : '王五';
        if (to) {
          advance(store, actor, problem(), input(kind), 10);
          expect(problem().status).toBe(to);
          expect(steps(store, problem())).toHaveLength(before + 1);
        } else {
          expect(() => advance(store, actor, problem(), input(kind), 10)).toThrow(/当前为「.+」，不能/);
          expect(steps(store, problem())).toHaveLength(before);
        }
      });
    }
  }

  it('a refusal names the allowed steps', () => {
    const { store, problem } = fresh();
    try {
      advance(store, '李四', problem(), input('close'), 10);
      expect.unreachable();
    } catch (error) {
      expect((error as { hint: string }).hint).toBe(
        '当前可以：报告整改进展（--status rectifying）、申请销号（--status closure-requested）',
      );
    }
  });

  it('asking for closure needs evidence at once: refused without it, nothing written', () => {
    const { store, problem } = fresh();
    expect(() => advance(store, '张三', problem(), { kind: 'request', note: '已整改' }, 10)).toThrow(
      /申请销号须附佐证材料/,
    );
    expect(problem().status).toBe('open');
    expect(steps(store, problem())).toHaveLength(0);
    advance(store, '张三', problem(), { kind: 'request', note: '已整改', evidence: [evidence] }, 10);
    expect(problem().status).toBe('closure-requested');
  });

  it('closing a request made without evidence (by an older ducha) needs evidence at the closure', () => {
    const { store, problem } = fresh();
    const p = problem();
    store.write(() =>
      store.append('张三', 'problem.progressed', {
        problemId: p.id,
        inspectionId: p.inspectionId,
        kind: 'request',
        status: 'closure-requested',
        note: '已整改',
        evidence: [],
        supersedes: [],
      }),
    );
    expect(() =>
      advance(store, '李四', problem(), { kind: 'close', allowSelfClose: true, reason: ONE_DEVICE }, 10),
    ).toThrow(/没有佐证材料，不能销号/);
    advance(
      store,
      '李四',
      problem(),
      { kind: 'close', evidence: [evidence], note: '核实整改到位', allowSelfClose: true, reason: ONE_DEVICE },
      10,
    );
    expect(problem().status).toBe('closed');
  });

  it('the device the request was made on cannot close, whatever the actor; --allow-self-close with a reason can, and it is recorded', () => {
    const { store, problem } = fresh();
    advance(store, '张三', problem(), input('request'), 10);
    for (const actor of ['张三', '李四'])
      expect(() => advance(store, actor, problem(), { kind: 'close' }, 10)).toThrow(
        /销号申请是在本设备（d[0-9a-f]{12}）上提出的/,
      );
    expect(() => advance(store, '李四', problem(), { kind: 'close', allowSelfClose: true }, 10)).toThrow(/在本设备/);
    advance(store, '李四', problem(), { kind: 'close', allowSelfClose: true, reason: '督查组仅一人在岗' }, 10);
    const last = steps(store, problem()).at(-1)!;
    expect(last).toMatchObject({ kind: 'close', selfClose: true, reason: '督查组仅一人在岗', actor: '李四' });
  });

  it('asking for closure and returning need a note; reopening needs a reason', () => {
    const { store, problem } = fresh();
    expect(() => advance(store, '张三', problem(), { kind: 'request', evidence: [evidence] }, 10)).toThrow(/--note/);
    advance(store, '张三', problem(), input('request'), 10);
    expect(() => advance(store, '李四', problem(), { kind: 'return' }, 10)).toThrow(/审核意见/);
    advance(store, '李四', problem(), input('close'), 10);
    expect(() => advance(store, '王五', problem(), { kind: 'reopen' }, 10)).toThrow(/需说明理由/);
  });
});

describe('deadlines', () => {
  it('overdue: a passed deadline, not closed; the ledger shows progress, request date, opinion, status', () => {
    const { store, inspection, problem } = fresh();
    editProblem(store, '张三', problem(), { deadline: '2026-12-01' });
    expect(isOverdue(problem(), problem().status, '2026-12-02')).toBe(true);
    expect(isOverdue(problem(), problem().status, '2026-12-01')).toBe(false);
    advance(store, '张三', problem(), { kind: 'progress', note: '已修订制度' }, 10);
    advance(store, '张三', problem(), input('request'), 10);
    advance(store, '李四', problem(), { kind: 'return', note: '佐证不足，请补充执行情况' }, 10);
    const model = buildReportModel(store, inspection, { ...REPORT_OPTIONS, date: '2026-12-05' });
    const row = model.problems.find((p) => p.id === problem().id)!;
    expect(row).toMatchObject({
      progress: 'request 说明',
      reviewOpinion: '佐证不足，请补充执行情况',
      closureStatus: '已退回',
      overdue: true,
      evidence: '整改佐证.pdf',
    });
    expect(row.closureRequested).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.remarks).toContain('逾期未销号');
    expect(model.rectification.overdue).toBeGreaterThanOrEqual(1);
  });
});

describe('ducha rectify / close / problem list (CLI)', () => {
  it('runs the lifecycle end to end with --overdue and --due-within filters', async () => {
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    const cwd = tempDir();
    writeFileSync(join(cwd, '佐证.pdf'), 'pdf');
    const run = async (...argv: string[]) => runBin(argv, { env, cwd });
    const day = (offset: number) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
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
        day(-30),
      )
    ).stdout.trim();
    const add = async (description: string, deadline: string) =>
      JSON.parse(
        (await run('problem', 'add', id, '--description', description, '--deadline', deadline, '--json')).stdout,
      ).data.id as string;
    const late = await add('政法委员空缺', day(-3));
    const soon = await add('职责清单未印发', day(3));
    await add('培训未开展', day(30));
    const list = async (...args: string[]) =>
      JSON.parse((await run('problem', 'list', id, ...args, '--json')).stdout).data.problems.map(
        (p: { id: string }) => p.id,
      );
    expect(await list('--overdue')).toEqual([late]);
    expect(await list('--due-within', '7d')).toEqual([soon]);
    expect((await run('problem', 'list', id, '--due-within', 'soon')).code).toBe(2);
    const show = JSON.parse((await run('inspection', 'show', id, '--json')).stdout).data.problems;
    expect(show).toMatchObject({ total: 3, overdue: 1, closed: 0 });
    expect((await run('rectify', late, '--status', 'done')).stderr).toContain('未知的整改状态 "done"');
    expect(
      (await run('rectify', late, '--status', 'closure-requested', '--note', '已配备', '--evidence', '佐证.pdf')).code,
    ).toBe(0);
    const self = await run('close', late);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('--allow-self-close');
    const otherName = await run('close', late, '--actor', '李四', '--note', '同意销号');
    expect(otherName.code).toBe(2); // another name on the same device is no second pair of eyes
    expect(otherName.stderr).toContain('在本设备');
    expect(
      (
        await run(
          'close',
          late,
          '--actor',
          '李四',
          '--note',
          '同意销号',
          '--allow-self-close',
          '--reason',
          '组长在外，电话核实',
        )
      ).code,
    ).toBe(0);
    expect(await list('--overdue')).toEqual([]);
    expect(await list('--status', 'closed')).toEqual([late]);
    const detail = JSON.parse((await run('problem', 'show', late, '--json')).stdout).data;
    expect(detail.steps.map((s: { kind: string; actor: string }) => `${s.kind}:${s.actor}`)).toEqual([
      'request:张三',
      'close:李四',
    ]);
  });
});
