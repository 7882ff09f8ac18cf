// The run's item card and menus through a scripted Prompter on a real database: the question stays in view
// on 80 × 24, records on demand, Esc back, 听查谈访 in one order, the counter explained, 跳到 with results,
// the good-practice entry, talk counts, and evidence paths as terminals paste them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSession } from '../../src/inspect/session.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { createInspection } from '../../src/inspect/inspections.js';
import { loadRegistry } from '../../src/checklist/registry.js';
import { recordsForItem, type InspectionRow } from '../../src/store/queries.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import type { ScreenSize } from '../../src/inspect/prompter.js';
import { makeColour } from '../../src/util/colour.js';
import { setLang } from '../../src/i18n/index.js';
import { rowsOfText } from '../../src/util/width.js';
import { ScriptedPrompter, type Step } from '../helpers/scripted-prompter.js';
import { FIXTURES, tempDir } from '../helpers/run.js';

setLang('zh');
const dirs: string[] = [];
const stores: Store[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = tempDir('ducha-journey-');
  dirs.push(dir);
  return dir;
}

/** A plac inspection of the journey fixture checklist on a fresh database. */
function world(): { store: Store; inspection: InspectionRow; cwd: string } {
  const cwd = scratch();
  const store = openStore(join(cwd, 'ducha.db'), { create: true });
  stores.push(store);
  const registry = loadRegistry([{ dir: join(FIXTURES, 'journey'), origin: 'option' }], cwd);
  const inspection = createInspection(
    store,
    '测试员',
    { unit: '某县委政法委', unitKind: 'plac', team: ['张三'], checklists: ['journey'], start: '2026-11-20' },
    registry,
  );
  return { store, inspection, cwd };
}

async function run(w: ReturnType<typeof world>, steps: Step[], screen?: ScreenSize) {
  const prompter = new ScriptedPrompter(steps, screen);
  await runSession(
    {
      store: w.store,
      actor: '测试员',
      inspection: w.inspection,
      prompter,
      maxEvidenceMb: 10,
      cwd: w.cwd,
      colour: makeColour(0),
    },
    {},
  );
  expect(prompter.remaining, 'unused script steps').toBe(0);
  return prompter;
}

const act = (action: string): Step => ({ select: /接下来/, answer: action });
const leave = act('leave');
const ref = (w: ReturnType<typeof world>, item: string) =>
  resolveItem(allItems(inspectionSnapshots(w.store, w.inspection.id)), item);
const record = (
  w: ReturnType<typeof world>,
  item: string,
  method: 'listen' | 'check' | 'talk' | 'visit',
  note = `${item} ${method}`,
) => addRecord(w.store, '测试员', w.inspection.id, ref(w, item), { method, note }, 10);
const cardsOf = (p: ScriptedPrompter) => p.transcript.filter((t) => /^\[\d+\/\d+\]/m.test(t));

describe('the item card on an ordinary terminal', () => {
  it('with nine records on 80 × 24, the question and its basis stay on the screen above the menu', async () => {
    const w = world();
    for (let i = 1; i <= 9; i++)
      record(
        w,
        'JR-01',
        'check',
        `第 ${i} 次查阅：登记 12 件，抽查 5 件均一文一事，另有若干说明文字以便把这一行撑得比终端还宽`,
      );
    const p = await run(w, [leave], { rows: 24, columns: 80 });
    const card = cardsOf(p)[0]!;
    const menu = p.menus[0]!;
    // What the screen holds: the card, then the prompt line, its choices, a blank line and the key help.
    expect(rowsOfText(card, 80) + menu.length + 3).toBeLessThanOrEqual(24);
    expect(card).toContain(
      '检查：是否结合本地本单位实际制定请示报告事项清单，明确须请示事项、须报告事项以及请示报告的对象和时限，并经集体研究确定、适时更新？',
    );
    expect(card).toContain('依据：《中国共产党政法工作条例》第17条');
    expect(card).toContain('依据：《中国共产党政法工作条例》第18条');
    expect(card).toContain('第 9 次查阅');
    expect(card).not.toContain('第 1 次查阅');
    expect(card).toMatch(/另有 \d 条较早的记录（共 9 条/);
    expect(menu.map((c) => c.value)).toContain('records');
  });

  it('without a terminal size (or with room enough) every record is listed and there is no records entry', async () => {
    const w = world();
    for (let i = 1; i <= 9; i++) record(w, 'JR-01', 'check', `第 ${i} 次查阅`);
    const p = await run(w, [leave]);
    expect(cardsOf(p)[0]).toContain('第 1 次查阅');
    expect(p.menus[0]!.map((c) => c.value)).not.toContain('records');
    const tall = await run(w, [leave], { rows: 60, columns: 120 });
    expect(cardsOf(tall)[0]).toContain('第 1 次查阅');
  });

  it('all records on demand: each can be read whole; 返回 or Esc goes back to the item', async () => {
    const w = world();
    for (let i = 1; i <= 9; i++) record(w, 'JR-01', 'check', `第 ${i} 次查阅：${'很长的记录内容'.repeat(8)}`);
    const p = await run(
      w,
      [
        act('records'),
        { select: /全部记录/, answer: 0 },
        { select: /全部记录/, answer: -1 },
        act('records'),
        { escape: /全部记录/ },
        leave,
      ],
      { rows: 24, columns: 80 },
    );
    expect(p.menus[1]!).toHaveLength(10);
    expect(p.transcript.join('\n')).toContain(`1. 查`);
    expect(p.transcript.join('\n')).toContain(`第 1 次查阅：${'很长的记录内容'.repeat(8)}`);
    expect(cardsOf(p)).toHaveLength(3);
  });
});

describe('recording in the run', () => {
  it('Esc at any prompt of 添加记录 returns to the item and saves nothing', async () => {
    const w = world();
    const p = await run(w, [
      act('record'),
      { escape: /方法/ },
      act('record'),
      { select: /方法/, answer: 'talk' },
      { input: /谈话对象的职务/, answer: '办公室主任' },
      { escape: /谈话对象姓名/ },
      act('record'),
      { select: /方法/, answer: 'check' },
      { input: /资料名称/, answer: '清单' },
      { input: /记录内容/, answer: '清单齐全' },
      { escape: /证据文件/ },
      leave,
    ]);
    expect(recordsForItem(w.store.db, w.inspection.id, 'journey', 'JR-01')).toEqual([]);
    expect(p.transcript.filter((t) => t.includes('已返回，未保存'))).toHaveLength(3);
    expect(cardsOf(p)).toHaveLength(4);
  });

  it('Esc at the conclusion and at 跳到 returns to the item too', async () => {
    const w = world();
    const p = await run(w, [act('conclude'), { escape: /^结论$/ }, act('jump'), { escape: /跳到/ }, leave]);
    expect(cardsOf(p).every((c) => c.includes('JR-01  '))).toBe(true);
    expect(cardsOf(p)).toHaveLength(3);
  });

  it('the method menu is always 听查谈访, whatever guidance the item has', async () => {
    const w = world();
    record(w, 'JR-01', 'check');
    record(w, 'JR-01', 'talk');
    record(w, 'JR-01', 'talk');
    conclude(w.store, '测试员', w.inspection.id, ref(w, 'JR-01'), { result: 'compliant' });
    const method = { select: /方法/, answer: 'visit' } as const;
    const p = await run(w, [
      act('jump'),
      { select: /跳到/, answer: 'journey/JR-01' },
      act('record'),
      { escape: /方法/ },
      act('jump'),
      { select: /跳到/, answer: 'journey/JR-02' },
      act('record'),
      method,
      { input: /走访地点/, answer: '' },
      { input: /记录内容/, answer: '走访派出所' },
      { input: /证据文件/, answer: '' },
      leave,
    ]);
    const methodMenus = p.menus.filter((m) => m.some((c) => c.value === 'listen'));
    expect(methodMenus).toHaveLength(2);
    for (const m of methodMenus) expect(m.map((c) => c.value)).toEqual(['listen', 'check', 'talk', 'visit']);
    // JR-02 has no 听 or 查 guidance: they are listed anyway, in their place, and say so.
    expect(methodMenus[1]![0]!.description).toBe('本条没有此方法的指引');
  });

  it('evidence dropped onto the terminal: backslash-escaped spaces, quotes, file:// URLs, several at once', async () => {
    const w = world();
    const folder = join(w.cwd, 'My Photos');
    mkdirSync(folder);
    for (const name of ['a b.jpg', 'c.pdf', '登记 簿.png']) writeFileSync(join(folder, name), name);
    const escaped = `${w.cwd}/My\\ Photos/a\\ b.jpg`;
    const quoted = `'${join(folder, 'c.pdf')}'`;
    const url = pathToFileURL(join(folder, '登记 簿.png')).href;
    await run(w, [
      act('record'),
      { select: /方法/, answer: 'check' },
      { input: /资料名称/, answer: '' },
      { input: /记录内容/, answer: '照片三张' },
      { input: /证据文件/, answer: escaped },
      { input: /再添加/, answer: `${quoted} ${url}` },
      { input: /再添加/, answer: '' },
      leave,
    ]);
    const [saved] = recordsForItem(w.store.db, w.inspection.id, 'journey', 'JR-01');
    expect(saved!.evidence.map((e) => e.name)).toEqual(['a b.jpg', 'c.pdf', '登记 簿.png']);
  });

  it('an unquoted path with spaces that names no file is refused as a whole, with a hint', async () => {
    const w = world();
    await expect(
      run(w, [
        act('record'),
        { select: /方法/, answer: 'check' },
        { input: /资料名称/, answer: '' },
        { input: /记录内容/, answer: 'x' },
        { input: /证据文件/, answer: 'My Photos/none.jpg' },
      ]),
    ).rejects.toThrow(/找不到证据文件 My Photos\/none\.jpg（路径含空格时/);
  });
});

describe('where the run stands', () => {
  it('the counter explains itself when a conclusion brings a conditional item ([1/2] → [2/3])', async () => {
    const w = world();
    record(w, 'JR-01', 'check');
    record(w, 'JR-01', 'talk');
    record(w, 'JR-01', 'talk');
    const p = await run(w, [
      act('conclude'),
      { select: /^结论$/, answer: 'compliant' },
      { input: /说明/, answer: '' },
      { confirm: /好经验/, answer: false },
      leave,
    ]);
    expect(p.transcript).toContain('因条目 JR-01 的结论，新增 1 个需要检查的条目（JR-02），现共 3 条');
    expect(cardsOf(p).map((c) => /^\[(\d+\/\d+)\]/.exec(c)?.[1] ?? /\n\[(\d+\/\d+)\]/.exec(c)?.[1])).toEqual([
      '1/2',
      '2/3',
    ]);
  });

  it('跳到 shows each item’s result: 符合 and 基本符合 are told apart', async () => {
    const w = world();
    for (const m of ['check', 'talk', 'talk'] as const) record(w, 'JR-01', m);
    conclude(w.store, '测试员', w.inspection.id, ref(w, 'JR-01'), {
      result: 'partial',
      note: '清单未更新',
      goodPractice: true,
    });
    record(w, 'JR-03', 'check');
    record(w, 'JR-03', 'visit');
    conclude(w.store, '测试员', w.inspection.id, ref(w, 'JR-03'), { result: 'compliant' });
    const p = await run(w, [act('jump'), { select: /跳到/, answer: 'journey/JR-02' }, leave]);
    const names = p.menus[1]!.map((c) => c.name);
    expect(names[0]).toMatch(/^基本符合 +JR-01 请示报告事项清单 ★$/);
    expect(names[1]).toMatch(/^未检查 +JR-02 /);
    expect(names[2]).toMatch(/^符合 +JR-03 /);
  });

  it('the good-practice entry is always in the menu, usable once the item is concluded 符合 or 基本符合', async () => {
    const w = world();
    for (const m of ['check', 'talk', 'talk'] as const) record(w, 'JR-01', m);
    const practice = (p: ScriptedPrompter, i = 0) => p.menus[i]!.find((c) => c.value === 'practice')!;
    expect(practice(await run(w, [leave])).disabled).toBe('（先作出符合或基本符合的结论）');
    conclude(w.store, '测试员', w.inspection.id, ref(w, 'JR-01'), { result: 'noncompliant', note: '没有清单' });
    expect(practice(await run(w, [act('jump'), { select: /跳到/, answer: 'journey/JR-01' }, leave]), 2).disabled).toBe(
      '（结论为不符合的条目不作为好经验）',
    );
    conclude(w.store, '测试员', w.inspection.id, ref(w, 'JR-01'), { result: 'partial', note: '清单未更新' });
    const p = await run(w, [act('jump'), { select: /跳到/, answer: 'journey/JR-01' }, act('practice'), leave]);
    expect(practice(p, 2).disabled).toBe(false);
    expect(p.transcript).toContain('✔ 条目 JR-01 已标记为好经验、好做法');
  });

  it('guidance asking for two talks: one talk record shows 1/2 and keeps the ✱; two tick it', async () => {
    const w = world();
    record(w, 'JR-01', 'check');
    record(w, 'JR-01', 'talk');
    const one = cardsOf(await run(w, [leave]))[0]!;
    expect(one).toMatch(/✱ 谈 与两名业务部门负责人谈话.*（记录 1\/2）/);
    expect(one).toMatch(/✔ 查 .*（1 条记录）/);
    const concluding = await run(w, [act('conclude'), { escape: /^结论$/ }, leave]);
    expect(concluding.transcript).toContain('指引要求的记录还不全：谈 1/2（仍可作出结论）');
    record(w, 'JR-01', 'talk');
    const two = cardsOf(await run(w, [leave]))[0]!;
    expect(two).toMatch(/✔ 谈 与两名业务部门负责人谈话.*（记录 2\/2）/);
  });
});
