// One feedback date, one deadline: the feedback date is recorded once (or set by hand), every default
// deadline derives from it, a deadline before it is refused, and lists, counts, the summary and the
// report model all show the same date for a problem.
import { describe, expect, it } from 'vitest';
import { closingDate, deadlineOf } from '../../src/problems/deadlines.js';
import { setFeedback } from '../../src/problems/feedback.js';
import {
  createProblems,
  currentProblems,
  editProblem,
  findProblem,
  type Problem,
} from '../../src/problems/problems.js';
import { problemCounts } from '../../src/problems/counts.js';
import { buildReportModel } from '../../src/report/model.js';
import { buildSummary } from '../../src/review/summary.js';
import { getInspection } from '../../src/store/queries.js';
import { verifyStore } from '../../src/store/verify.js';
import type { ProblemFields } from '../../src/store/events.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS } from '../helpers/inspection-fixture.js';
import { runBin } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();

const fields = (description: string, extra: Partial<ProblemFields> = {}): ProblemFields => ({
  description,
  items: [],
  methods: [],
  severity: 'medium',
  rectification: '整改',
  type: 'deadline',
  ...extra,
});

function world() {
  const store = tmp.store({ clock: steppingClock() });
  const inspection = newInspection(store, { start: '2026-11-20' });
  const [own, plain, ongoing] = createProblems(store, '张三', inspection.id, [
    fields('自定时限', { deadline: '2027-03-31' }),
    fields('默认时限'),
    fields('持续整改', { type: 'ongoing' }),
  ]);
  const get = (id: string) => findProblem(store, inspection.id, id);
  return { store, inspection, own: own!, plain: plain!, ongoing: ongoing!, get };
}

describe('deadlineOf and closingDate', () => {
  const p = (deadline: string | undefined, type: Problem['type'] = 'deadline') => ({ deadline, type });
  const feedback = { date: '2026-11-28', rectifyDays: 60 };
  it('own, default from the feedback date, pending without one, none for 持续整改', () => {
    expect(deadlineOf(p('2027-03-31'), feedback)).toEqual({ date: '2027-03-31', source: 'set' });
    expect(deadlineOf(p(undefined), feedback)).toEqual({ date: '2027-01-27', source: 'default' });
    expect(deadlineOf(p(undefined), undefined)).toEqual({ source: 'pending' });
    expect(deadlineOf(p(undefined, 'ongoing'), feedback)).toEqual({ source: 'ongoing' });
  });
  it('立行立改 without its own deadline is due on the feedback date (put right while the team is there)', () => {
    expect(deadlineOf(p(undefined, 'immediate'), feedback)).toEqual({ date: '2026-11-28', source: 'default' });
    expect(deadlineOf(p('2026-12-05', 'immediate'), feedback)).toEqual({ date: '2026-12-05', source: 'set' });
    expect(deadlineOf(p(undefined, 'immediate'), undefined)).toEqual({ source: 'pending' });
  });
  it("the closing report date is never before a problem's own deadline", () => {
    expect(closingDate([p(undefined), p('2027-01-10')], feedback)).toBe('2027-01-27');
    expect(closingDate([p(undefined), p('2027-03-31'), p('2027-02-15')], feedback)).toBe('2027-03-31');
  });
});

describe('the feedback date', () => {
  it("is one event; refused when later than a problem's own deadline (naming it) or unchanged; verify replays it", () => {
    const { store, inspection, own } = world();
    expect(() =>
      setFeedback(store, '张三', inspection.id, { date: '2027-04-01', rectifyDays: 60 }, 'explicit'),
    ).toThrow(`问题 ${own}（2027-03-31）的整改时限早于反馈日期 2027-04-01`);
    expect(getInspection(store.db, inspection.id)!.feedbackDate).toBeNull();
    setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'report');
    expect(getInspection(store.db, inspection.id)).toMatchObject({ feedbackDate: '2026-11-28', rectifyDays: 60 });
    expect(() =>
      setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'explicit'),
    ).toThrow(/无需修改/);
    setFeedback(store, '李四', inspection.id, { date: '2026-11-30', rectifyDays: 90 }, 'explicit');
    expect(getInspection(store.db, inspection.id)).toMatchObject({ feedbackDate: '2026-11-30', rectifyDays: 90 });
    expect(store.db.prepare("SELECT count(*) AS n FROM registers WHERE entity LIKE 'inspection/%'").get()).toEqual({
      n: 1,
    });
    expect(verifyStore(store).ok).toBe(true);
  });

  it('a deadline before the feedback date is refused at add and edit; before there is one, a deadline before the start', () => {
    const { store, inspection, plain, get } = world();
    expect(() => editProblem(store, '张三', get(plain), { deadline: '2026-11-19' })).toThrow(
      '整改时限 2026-11-19 早于督查开始日期 2026-11-20',
    );
    editProblem(store, '张三', get(plain), { deadline: '2026-11-25' }); // no feedback date yet: allowed
    expect(() =>
      setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'explicit'),
    ).toThrow(`问题 ${plain}（2026-11-25）`);
    editProblem(store, '张三', get(plain), { deadline: '2026-12-15' });
    setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'explicit');
    expect(() => editProblem(store, '张三', get(plain), { deadline: '2026-11-27' })).toThrow(
      '整改时限 2026-11-27 早于反馈日期 2026-11-28',
    );
    expect(() => createProblems(store, '张三', inspection.id, [fields('新问题', { deadline: '2026-11-01' })])).toThrow(
      /早于反馈日期/,
    );
    expect(get(plain).deadline).toBe('2026-12-15');
  });
});

describe('one deadline everywhere', () => {
  it('report model, counts and summary agree on the default deadline and on overdue', () => {
    const { store, inspection, own, plain, ongoing } = world();
    setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'report');
    const row = getInspection(store.db, inspection.id)!;
    const feedback = { date: row.feedbackDate!, rectifyDays: row.rectifyDays! };
    // A report dated later still takes its deadlines from the feedback date.
    const model = buildReportModel(store, row, {
      ...REPORT_OPTIONS,
      date: '2026-12-20',
      feedbackDate: feedback.date,
      rectifyDays: feedback.rectifyDays,
    });
    const byId = new Map(model.problems.map((p) => [p.id, p]));
    expect(byId.get(own)!.deadline).toBe('2027-03-31');
    expect(byId.get(plain)!.deadline).toBe('2027-01-27');
    expect(byId.get(plain)!.deadlineText).toBe('2027年1月27日');
    expect(byId.get(ongoing)!.deadline).toBe('');
    expect(model.meta.rectifyDeadlineText).toBe('2027年3月31日');
    // On 2027-02-01 the default deadline has passed, the own one has not.
    const problems = currentProblems(store, inspection.id);
    expect(problemCounts(problems, '2027-02-01', feedback).overdue).toBe(1);
    expect(problemCounts(problems, '2027-02-01').overdue).toBe(0); // without the feedback date: not due yet
    const summary = buildSummary(
      store,
      { ids: [inspection.id] },
      { office: '督查组', date: '2027-02-01', today: '2027-02-01' },
    );
    expect(summary.rectification.overdue).toBe(1);
    const later = buildSummary(
      store,
      { ids: [inspection.id] },
      { office: '督查组', date: '2027-04-01', today: '2027-04-01' },
    );
    expect(later.rectification.overdue).toBe(2); // never the 持续整改 one
    const overdueModel = buildReportModel(store, row, {
      ...REPORT_OPTIONS,
      date: '2027-02-01',
      feedbackDate: feedback.date,
    });
    expect(overdueModel.problems.filter((p) => p.overdue).map((p) => p.id)).toEqual([plain]);
  });

  it('a 立行立改 problem is overdue the day after the feedback date in the model, the counts and the summary', () => {
    const { store, inspection } = world();
    const [now] = createProblems(store, '张三', inspection.id, [fields('立行立改', { type: 'immediate' })]);
    setFeedback(store, '张三', inspection.id, { date: '2026-11-28', rectifyDays: 60 }, 'report');
    const row = getInspection(store.db, inspection.id)!;
    const feedback = { date: row.feedbackDate!, rectifyDays: row.rectifyDays! };
    const model = buildReportModel(store, row, { ...REPORT_OPTIONS, date: '2026-11-29', feedbackDate: feedback.date });
    expect(model.problems.find((p) => p.id === now)).toMatchObject({ deadline: '2026-11-28', overdue: true });
    expect(problemCounts(currentProblems(store, inspection.id), '2026-11-28', feedback).overdue).toBe(0);
    expect(problemCounts(currentProblems(store, inspection.id), '2026-11-29', feedback).overdue).toBe(1);
    expect(
      buildSummary(store, { ids: [inspection.id] }, { office: '督查组', date: '2026-11-28', today: '2026-11-28' })
        .rectification.overdue,
    ).toBe(0);
    expect(
      buildSummary(store, { ids: [inspection.id] }, { office: '督查组', date: '2026-11-29', today: '2026-11-29' })
        .rectification.overdue,
    ).toBe(1);
  });
});

describe('ducha problem list / show / inspection set (CLI)', () => {
  it('shows the same deadline in the table and --json, pending before the feedback date, (默认) after', async () => {
    const env = tmp.env({ DUCHA_ACTOR: '张三' });
    const cwd = tmp.dir();
    const run = (...argv: string[]) => runBin(argv, { env, cwd });
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
        '2026-11-20',
      )
    ).stdout.trim();
    const add = async (...extra: string[]) =>
      JSON.parse((await run('problem', 'add', id, '--description', '问题', ...extra, '--json')).stdout).data;
    const plain = await add();
    expect(plain).toMatchObject({ deadline: null, deadlineSource: 'pending' });
    const own = await add('--deadline', '2027-03-31');
    expect(own).toMatchObject({ deadline: '2027-03-31', deadlineSource: 'set' });
    expect((await run('problem', 'list', id)).stdout).toContain('反馈后60日');
    const now = await add('--type', '立行立改');
    expect((await run('problem', 'list', id)).stdout).toMatch(new RegExp(`${now.id}.*反馈时`));
    const refused = await run('inspection', 'set', id, '--feedback-date', '2027-04-01');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`问题 ${own.id}（2027-03-31）的整改时限早于反馈日期 2027-04-01`);
    expect((await run('inspection', 'set', id, '--feedback-date', '2026-11-28', '--rectify-days', 'x')).code).toBe(2);
    const set = await run('inspection', 'set', id, '--feedback-date', '2026-11-28', '--json');
    expect(JSON.parse(set.stdout).data).toMatchObject({ feedbackDate: '2026-11-28', rectifyDays: 60, previous: null });
    const list = JSON.parse((await run('problem', 'list', id, '--json')).stdout).data;
    expect(list.feedbackDate).toBe('2026-11-28');
    expect(Object.fromEntries(list.problems.map((p: { id: string; deadline: string }) => [p.id, p.deadline]))).toEqual({
      [plain.id]: '2027-01-27',
      [own.id]: '2027-03-31',
      [now.id]: '2026-11-28',
    });
    expect((await run('problem', 'list', id)).stdout).toContain('2027-01-27（默认）');
    expect(JSON.parse((await run('problem', 'show', plain.id, '--json')).stdout).data).toMatchObject({
      deadline: '2027-01-27',
      deadlineSource: 'default',
    });
    expect((await run('problem', 'show', plain.id)).stdout).toContain('整改时限：2027-01-27（默认）');
    const early = await run('problem', 'edit', plain.id, '--deadline', '2026-11-25');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('整改时限 2026-11-25 早于反馈日期 2026-11-28');
    expect((await run('inspection', 'show', id)).stdout).toContain('反馈日期：2026-11-28');
  });
});
