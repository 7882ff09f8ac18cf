// The run's logic through a scripted Prompter on a real database: order, conditions, required evidence,
// resume, filters, good practices.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSession, type RunFilters } from '../../src/inspect/session.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { conclusions, recordsForItem, type InspectionRow } from '../../src/store/queries.js';
import type { Store } from '../../src/store/store.js';
import { makeColour } from '../../src/util/colour.js';
import { setLang } from '../../src/i18n/index.js';
import { ScriptedPrompter, type Step } from '../helpers/scripted-prompter.js';
import { newInspection, tempStore } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

setLang('zh');
const cwd = tempDir();

async function run(store: Store, inspection: InspectionRow, steps: Step[], filters: RunFilters = {}) {
  const prompter = new ScriptedPrompter(steps);
  await runSession(
    { store, actor: '测试员', inspection, prompter, maxEvidenceMb: 10, cwd, colour: makeColour(0) },
    filters,
  );
  expect(prompter.remaining, 'unused script steps').toBe(0);
  return prompter;
}

const act = (action: string): Step => ({ select: /接下来/, answer: action });
const leave = act('leave');
const result = (r: string): Step => ({ select: /^结论$/, answer: r });

function record(store: Store, inspection: InspectionRow, item: string, method: 'listen' | 'check' | 'talk' | 'visit') {
  const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), item);
  addRecord(store, '测试员', inspection.id, ref, { method, note: `${item} ${method}` }, 10);
}
const headsOf = (store: Store, inspection: InspectionRow, item: string) =>
  conclusions(store.db, inspection.id).get(`zhengfa-weiyuan/${item}`) ?? [];

describe('ducha run (session)', () => {
  it('shows progress, then the first open item; leaving keeps everything', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    const p = await run(store, inspection, [leave]);
    expect(p.transcript[0]).toContain(inspection.title);
    expect(p.cards()).toEqual(['WY-01']);
    expect(p.transcript.join('\n')).toContain('全部已保存');
  });

  it('a conditional item appears only when its condition holds', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    record(store, inspection, 'WY-01', 'check');
    record(store, inspection, 'WY-01', 'visit');
    // Before WY-01 is concluded, the jump list has no WY-02.
    const before = await run(store, inspection, [
      act('jump'),
      { select: /跳到哪一条/, answer: 'zhengfa-weiyuan/WY-01' },
      leave,
    ]);
    expect(before.menus[1]!.map((c) => c.value)).not.toContain('zhengfa-weiyuan/WY-02');
    // Concluding WY-01 noncompliant: WY-02 (asked only if compliant or partial) still never appears.
    const no = await run(store, inspection, [
      act('conclude'),
      result('noncompliant'),
      { input: /问题表现/, answer: '未配备政法委员' },
      leave,
    ]);
    expect(no.cards()).not.toContain('WY-02');
    // Going back to WY-01 and changing it to compliant: the next card is WY-02.
    const yes = await run(store, inspection, [
      act('jump'),
      { select: /跳到哪一条/, answer: 'zhengfa-weiyuan/WY-01' },
      act('conclude'),
      result('compliant'),
      { input: /说明/, answer: '' },
      { confirm: /好经验/, answer: false },
      { input: /修改结论的理由/, answer: '补查任职文件后确认已配备' },
      leave,
    ]);
    expect(yes.cards().slice(-2)).toEqual(['WY-01', 'WY-02']);
    expect(headsOf(store, inspection, 'WY-01')).toHaveLength(1);
  });

  it('an item without its required records cannot be concluded without a reason, which is kept', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    await run(store, inspection, [act('conclude'), result('compliant'), { select: /怎么办/, answer: 'record' }, leave]);
    expect(headsOf(store, inspection, 'WY-01')).toEqual([]);
    await run(store, inspection, [
      act('conclude'),
      result('partial'),
      { select: /怎么办/, answer: 'reason' },
      { input: /理由/, answer: '任职文件在县委组织部，明日补查' },
      { input: /问题表现/, answer: '政法委员兼职过多' },
      { confirm: /好经验/, answer: false },
      leave,
    ]);
    expect(headsOf(store, inspection, 'WY-01')[0]).toMatchObject({
      result: 'partial',
      reason: '任职文件在县委组织部，明日补查',
      note: '政法委员兼职过多',
    });
  });

  it('adds a record with an evidence file; a missing file is refused at the prompt', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    const file = join(cwd, '名册.jpg');
    writeFileSync(file, 'jpeg');
    const steps: Step[] = [
      act('record'),
      { select: /方法/, answer: 'check' },
      { input: /资料名称/, answer: '政法委员名册' },
      { input: /记录内容/, answer: '名册与任职文件一致' },
      { input: /证据文件/, answer: '名册.jpg' },
      { input: /再添加/, answer: '' },
      leave,
    ];
    await run(store, inspection, steps);
    const records = recordsForItem(store.db, inspection.id, 'zhengfa-weiyuan', 'WY-01');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      method: 'check',
      subject: '政法委员名册',
      evidence: [{ name: '名册.jpg', size: 4, mime: 'image/jpeg' }],
    });
    await expect(
      run(store, inspection, [...steps.slice(0, 4), { input: /证据文件/, answer: '不存在.jpg' }]),
    ).rejects.toThrow(/找不到证据文件/);
  });

  it('resumes where the last run stopped, or at the next open item after it', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    for (const m of ['check', 'visit'] as const) record(store, inspection, 'WY-01', m);
    await run(store, inspection, [
      act('conclude'),
      result('compliant'),
      { input: /说明/, answer: '' },
      { confirm: /好经验/, answer: false },
      act('next'),
      leave,
    ]);
    const again = await run(store, inspection, [leave]);
    expect(again.cards()).toEqual(['WY-03']); // stopped at WY-03 after skipping the open WY-02
    // A cursor on a concluded item moves on to the next open one.
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-03');
    conclude(store, '测试员', inspection.id, ref, { result: 'not-applicable' });
    expect((await run(store, inspection, [leave])).cards()).toEqual(['WY-04']);
  });

  it('filters: --method lists only items with that guidance, --open skips concluded items, --section one section', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    for (const m of ['check', 'visit'] as const) record(store, inspection, 'WY-01', m);
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
    conclude(store, '测试员', inspection.id, ref, { result: 'compliant' });
    const jumpList = async (filters: RunFilters) => {
      const p = await run(
        store,
        inspection,
        [act('jump'), { select: /跳到哪一条/, answer: (c: ReadonlyArray<{ value: unknown }>) => c[0]!.value }, leave],
        filters,
      );
      return p.menus[1]!.map((c) => String(c.value).split('/')[1]);
    };
    const all = await jumpList({});
    const visit = await jumpList({ method: 'visit' });
    const snapshot = inspectionSnapshots(store, inspection.id)[0]!.checklist;
    const withVisit = snapshot.sections
      .flatMap((s) => s.items)
      .filter((i) => i.methods.visit)
      .map((i) => i.id);
    expect(visit.every((id) => withVisit.includes(id!))).toBe(true);
    expect(visit.length).toBeLessThan(all.length);
    expect(await jumpList({ open: true })).not.toContain('WY-01');
    expect(
      (await jumpList({ section: 'A' })).every((id) =>
        snapshot.sections.find((s) => s.id === 'A')!.items.some((i) => i.id === id),
      ),
    ).toBe(true);
    await expect(run(store, inspection, [], { section: 'Z' })).rejects.toThrow(/没有章节 "Z"/);
  });

  it('flags and unflags a good practice, keeping the result', async () => {
    const store = tempStore();
    const inspection = newInspection(store);
    for (const m of ['check', 'visit'] as const) record(store, inspection, 'WY-01', m);
    const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
    conclude(store, '测试员', inspection.id, ref, { result: 'compliant', note: '配备到位' });
    await run(store, inspection, [
      act('jump'),
      { select: /跳到/, answer: 'zhengfa-weiyuan/WY-01' },
      act('practice'),
      leave,
    ]);
    expect(headsOf(store, inspection, 'WY-01')[0]).toMatchObject({
      result: 'compliant',
      note: '配备到位',
      goodPractice: true,
    });
    await run(store, inspection, [
      act('jump'),
      { select: /跳到/, answer: 'zhengfa-weiyuan/WY-01' },
      act('practice'),
      leave,
    ]);
    expect(headsOf(store, inspection, 'WY-01')[0]).toMatchObject({ goodPractice: false });
  });
});
