// The run's 更正 entry through a scripted Prompter on a real database: pick a record to amend or withdraw,
// withdraw the conclusion, each with a reason; changing a conclusion asks why.
import { describe, expect, it } from 'vitest';
import { runSession } from '../../src/inspect/session.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { conclusions, itemStats, recordsForItem, type InspectionRow } from '../../src/store/queries.js';
import { inspectionEvents } from '../../src/store/history.js';
import type { Store } from '../../src/store/store.js';
import { makeColour } from '../../src/util/colour.js';
import { setLang } from '../../src/i18n/index.js';
import { ScriptedPrompter, type Step } from '../helpers/scripted-prompter.js';
import { newInspection } from '../helpers/store.js';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();
const cwd = tmp.dir();

async function run(store: Store, inspection: InspectionRow, steps: Step[]) {
  const prompter = new ScriptedPrompter(steps);
  await runSession({ store, actor: '测试员', inspection, prompter, maxEvidenceMb: 10, cwd, colour: makeColour(0) }, {});
  expect(prompter.remaining, 'unused script steps').toBe(0);
  return prompter;
}

const act = (action: string): Step => ({ select: /接下来/, answer: action });
const leave = act('leave');

function setUp() {
  const store = tmp.store();
  const inspection = newInspection(store);
  const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
  const listen = addRecord(
    store,
    '测试员',
    inspection.id,
    ref,
    { method: 'listen', note: '政法委员谈了履职情况', subject: '某镇政法委员' },
    10,
  ).payload.id;
  const check = addRecord(
    store,
    '测试员',
    inspection.id,
    ref,
    { method: 'check', note: '名册与任职文件一致', subject: '政法委员名册' },
    10,
  ).payload.id;
  return { store, inspection, ref, listen, check };
}

describe('ducha run: 更正记录或结论', () => {
  it('amends a 听 record to 谈 with the interviewee, prefilled, and keeps the reason', async () => {
    const { store, inspection, listen } = setUp();
    const p = await run(store, inspection, [
      act('correct'),
      { select: /更正哪一项/, answer: `record:${listen}` },
      { select: /怎么更正/, answer: 'amend' },
      { select: /方法/, answer: 'talk' },
      { input: /谈话对象的职务/, answer: '某镇政法委员' },
      { input: /谈话对象姓名/, answer: '王某某' },
      { input: /记录内容/, answer: '政法委员谈了履职情况' },
      { input: /更正理由/, answer: '录入时把个别谈话选成了听取汇报' },
      leave,
    ]);
    // The menu offered the item's records by method, subject and note.
    const which = p.menus.find((m) => m.some((c) => c.value === `record:${listen}`))!;
    expect(which.map((c) => c.name)).toContain('听｜某镇政法委员｜政法委员谈了履职情况');
    expect(p.transcript.join('\n')).toContain('✔ 记录已更正');
    expect(
      recordsForItem(store.db, inspection.id, 'zhengfa-weiyuan', 'WY-01').map((r) => [r.method, r.interviewee]),
    ).toEqual([
      ['talk', '王某某'],
      ['check', null],
    ]);
    expect(itemStats(store.db, inspection.id).get('zhengfa-weiyuan/WY-01')).toMatchObject({
      listen: 0,
      talk: 1,
      check: 1,
    });
    const amended = inspectionEvents(store.db, inspection.id).find((e) => e.type === 'record.amended')!;
    expect(amended.payload).toMatchObject({
      reason: '录入时把个别谈话选成了听取汇报',
      fields: { method: 'talk', interviewee: '王某某' },
    });
  });

  it('withdraws a record with a reason; going back writes nothing; unchanged answers write nothing', async () => {
    const { store, inspection, check, listen } = setUp();
    const events = () => inspectionEvents(store.db, inspection.id).length;
    const n = events();
    await run(store, inspection, [
      act('correct'),
      { select: /更正哪一项/, answer: 'back' },
      act('correct'),
      { select: /更正哪一项/, answer: `record:${check}` },
      { select: /怎么更正/, answer: 'back' },
      leave,
    ]);
    await run(store, inspection, [
      act('correct'),
      { select: /更正哪一项/, answer: `record:${listen}` },
      { select: /怎么更正/, answer: 'amend' },
      { select: /方法/, answer: 'listen' },
      { input: /汇报人/, answer: '某镇政法委员' },
      { input: /记录内容/, answer: '政法委员谈了履职情况' },
      leave,
    ]);
    expect(events()).toBe(n);
    const p = await run(store, inspection, [
      act('correct'),
      { select: /更正哪一项/, answer: `record:${check}` },
      { select: /怎么更正/, answer: 'withdraw' },
      { input: /更正理由/, answer: '名册是另一个镇的' },
      leave,
    ]);
    expect(p.transcript.join('\n')).toContain('✔ 记录已撤回');
    expect(recordsForItem(store.db, inspection.id, 'zhengfa-weiyuan', 'WY-01').map((r) => r.method)).toEqual([
      'listen',
    ]);
    expect(itemStats(store.db, inspection.id).get('zhengfa-weiyuan/WY-01')).toMatchObject({ listen: 1, check: 0 });
    // The withdrawn record is no longer offered.
    const next = await run(store, inspection, [act('correct'), { select: /更正哪一项/, answer: 'back' }, leave]);
    expect(next.menus[1]!.map((c) => c.value)).toEqual([`record:${listen}`, 'back']);
  });

  it('withdraws the conclusion (confirmed, with a reason); a changed conclusion asks why', async () => {
    const { store, inspection, ref } = setUp();
    addRecord(store, '测试员', inspection.id, ref, { method: 'visit', note: '走访综治中心' }, 10);
    conclude(store, '测试员', inspection.id, ref, { result: 'compliant', note: '配备到位' });
    await run(store, inspection, [
      act('jump'),
      { select: /跳到/, answer: 'zhengfa-weiyuan/WY-01' },
      act('conclude'),
      { select: /^结论$/, answer: 'partial' },
      { input: /问题表现/, answer: '政法委员兼职过多' },
      { confirm: /好经验/, answer: false },
      { input: /修改结论的理由/, answer: '谈话后发现兼任五项职务' },
      leave,
    ]);
    const set = inspectionEvents(store.db, inspection.id)
      .filter((e) => e.type === 'conclusion.set')
      .at(-1)!;
    expect(set.payload).toMatchObject({ result: 'partial', changeReason: '谈话后发现兼任五项职务' });
    const declined = await run(store, inspection, [
      act('jump'),
      { select: /跳到/, answer: 'zhengfa-weiyuan/WY-01' },
      act('correct'),
      { select: /更正哪一项/, answer: 'conclusion' },
      { confirm: /撤回条目 WY-01 的结论/, answer: false },
      leave,
    ]);
    expect(
      declined.menus.find((m) => m.some((c) => c.value === 'conclusion'))!.find((c) => c.value === 'conclusion')!.name,
    ).toContain('基本符合');
    expect(conclusions(store.db, inspection.id).get('zhengfa-weiyuan/WY-01')).toHaveLength(1);
    await run(store, inspection, [
      act('jump'),
      { select: /跳到/, answer: 'zhengfa-weiyuan/WY-01' },
      act('correct'),
      { select: /更正哪一项/, answer: 'conclusion' },
      { confirm: /撤回条目 WY-01 的结论/, answer: true },
      { input: /更正理由/, answer: '待组长复核' },
      leave,
    ]);
    expect(conclusions(store.db, inspection.id).has('zhengfa-weiyuan/WY-01')).toBe(false);
    expect(inspectionEvents(store.db, inspection.id).at(-1)!.payload).toMatchObject({
      reason: '待组长复核',
      itemId: 'WY-01',
    });
  });

  it('an item with nothing recorded or concluded offers no 更正', async () => {
    const store = tmp.store();
    const inspection = newInspection(store);
    const p = await run(store, inspection, [leave]);
    expect(p.menus[0]!.map((c) => c.value)).not.toContain('correct');
  });
});
