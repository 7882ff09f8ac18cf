// `ducha run` and the home menu through a real pseudo-terminal: answers survive kill -9, Ctrl+C exits
// 130 cleanly, conditional items appear only when their condition holds, and no TTY means exit 2.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, spawnTerminal, terminalEnv, type Terminal } from '../helpers/pty.js';
import { runBin, tempDir } from '../helpers/run.js';

interface Show {
  progress: {
    total: number;
    concluded: number;
    results: Record<'compliant' | 'partial' | 'noncompliant' | 'not-applicable', number>;
    methods: Record<'listen' | 'check' | 'talk' | 'visit', number>;
    open: Array<{ itemId: string }>;
  };
}

/** A private home with its data directory and a helper to run non-interactive ducha commands in it. */
function workspace(extra: Record<string, string | undefined> = {}) {
  const env = terminalEnv(tempDir('ducha-pty-'), extra);
  const cli = async (...argv: string[]) => {
    const r = await runBin(argv, { env });
    expect(r.code, `ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  return {
    env,
    cli,
    newInspection: (checklist: string, unit: string, kind: string) =>
      cli('inspection', 'new', '--checklist', checklist, '--unit', unit, '--unit-kind', kind),
    record: (id: string, item: string, ...methods: string[]) =>
      Promise.all(methods.map((m) => cli('record', id, item, '--method', m, '--note', `${item} ${m} 预先记录`))),
    show: async (id: string) => (JSON.parse(await cli('inspection', 'show', id, '--json')) as { data: Show }).data,
    run: (...args: string[]) => spawnTerminal(['run', ...args], env),
  };
}

const CARD = /\[(\d+)\/(\d+)\] [^\n]*\n([A-Z]+-\d+) {2}/;

/** Wait for the next item card; its position, total and item id. */
async function nextCard(term: Terminal): Promise<{ position: number; total: number; item: string }> {
  const m = await term.waitFor(CARD);
  return { position: Number(m.groups[1]), total: Number(m.groups[2]), item: m.groups[3]! };
}

/** Conclude the current item through the menus; `note` is needed for 基本符合 / 不符合. */
async function conclude(term: Terminal, item: string, result: '符合' | '基本符合' | '不符合', note = '') {
  await term.choose('接下来？', '作出结论');
  await term.choose('结论', result);
  if (result === '符合') {
    await term.type('说明（可空）', note);
  } else {
    await term.type('问题表现（必填）', note);
  }
  if (result !== '不符合') await term.confirm('是否作为好经验、好做法？', false);
  await term.waitFor(`✔ 条目 ${item} 结论：${result}，已保存`);
}

afterEach(async () => {
  await killAll();
});

describe('ducha run in a terminal', () => {
  it('resumes after kill -9 at the item it stopped at, with every answer kept', async () => {
    const w = workspace();
    const id = await w.newInspection('juece-bushu', '某县委', 'county-party-committee');
    await w.record(id, 'JC-01', 'check', 'talk');
    await w.record(id, 'JC-02', 'check', 'talk');
    await w.record(id, 'JC-03', 'check', 'visit');

    const first = w.run(id);
    expect(await nextCard(first)).toEqual({ position: 1, total: 9, item: 'JC-01' });
    await conclude(first, 'JC-01', '符合');
    expect(await nextCard(first)).toMatchObject({ position: 2, item: 'JC-02' });
    await conclude(first, 'JC-02', '基本符合', '议定事项跟踪不够');
    expect(await nextCard(first)).toMatchObject({ position: 3, item: 'JC-03' });
    await conclude(first, 'JC-03', '不符合', '任务没有分解到人');
    expect(await nextCard(first)).toMatchObject({ position: 4, item: 'JC-04' });
    await first.waitFor('? 接下来？');
    first.kill('SIGKILL');
    expect((await first.exit).signal).toBe(9);

    const after = await w.show(id);
    expect(after.progress.concluded).toBe(3);
    expect(after.progress.results).toEqual({ compliant: 1, partial: 1, noncompliant: 1, 'not-applicable': 0 });
    expect(after.progress.open.map((o) => o.itemId)).toEqual(['JC-04', 'JC-10', 'JC-11', 'JC-12', 'JC-14', 'JC-15']);

    // The second run starts at the item the killed one was showing; then move on one and leave.
    const second = w.run(id);
    const resumed = await nextCard(second);
    expect(resumed).toEqual({ position: 4, total: 9, item: 'JC-04' });
    expect(second.output.match(/\[\d+\/\d+\]/g)).toEqual(['[4/9]']);
    await second.choose('接下来？', '下一条');
    expect(await nextCard(second)).toMatchObject({ position: 5, item: 'JC-10' });
    await second.choose('接下来？', '离开');
    await second.waitFor('全部已保存');
    expect((await second.exit).exitCode).toBe(0);

    // JC-10 is not the first open item (JC-04 is), so starting there shows the stored cursor is used.
    const third = w.run(id);
    expect(await nextCard(third)).toMatchObject({ position: 5, item: 'JC-10' });
    await third.choose('接下来？', '离开');
    expect((await third.exit).exitCode).toBe(0);

    expect((await w.show(id)).progress.concluded).toBe(3);
    const verify = await runBin(['verify'], { env: w.env });
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });

  it('Ctrl+C exits 130 with the cancellation message and keeps the record made before it', async () => {
    const w = workspace();
    const id = await w.newInspection('juece-bushu', '某县委', 'county-party-committee');
    const term = w.run(id);
    expect(await nextCard(term)).toMatchObject({ item: 'JC-01' });

    await term.choose('接下来？', '添加记录');
    await term.choose('方法', '查');
    await term.type('资料名称（可空）', '常委会会议纪要');
    await term.type('记录内容', '纪要中有具体措施');
    await term.type('证据文件路径（可空，回车跳过）', '');
    await term.waitFor('✔ 已保存「查」记录');

    // Half-way through a conclusion: nothing of it may be stored.
    await term.choose('接下来？', '作出结论');
    await term.waitFor('? 结论');
    term.ctrlC();
    await term.waitFor('已取消。已保存的内容不受影响。');
    const exit = await term.exit;
    expect(exit.exitCode).toBe(130);
    expect(term.output).not.toMatch(/^\s+at /m);
    expect(term.output).not.toMatch(/Error|ExitPromptError/);

    const after = await w.show(id);
    expect(after.progress.methods).toEqual({ listen: 0, check: 1, talk: 0, visit: 0 });
    expect(after.progress.concluded).toBe(0);
  });

  it('a conditional item is asked only once its condition holds', async () => {
    const w = workspace();
    const id = await w.newInspection('zhengfa-weiyuan', '某乡镇党委', 'township');
    const term = w.run(id);
    expect(await nextCard(term)).toEqual({ position: 1, total: 5, item: 'WY-01' });

    await term.choose('接下来？', '跳到');
    const listed = (await term.choices('跳到哪一条？')).map((line) => /WY-\d+/.exec(line)?.[0]);
    expect(listed).toEqual(['WY-01', 'WY-09', 'WY-10', 'WY-11', 'WY-12']);
    await term.chooseWhere('跳到哪一条？', (choice) => /^未检查 +WY-01 /.test(choice));
    expect(await nextCard(term)).toMatchObject({ position: 1, total: 5, item: 'WY-01' });

    // No records yet: conclude with a stated reason.
    await term.choose('接下来？', '作出结论');
    await term.choose('结论', '符合');
    await term.waitFor('条目 WY-01 要求先有查、访记录才能作出结论');
    await term.choose('怎么办？', '说明理由后作出结论');
    await term.type('理由（会被保留）', '已在乡镇当面核实');
    await term.type('说明（可空）', '');
    await term.confirm('是否作为好经验、好做法？', false);
    await term.waitFor('✔ 条目 WY-01 结论：符合，已保存');
    // The counter explains itself: [1/5] becomes [2/12] because WY-01's conclusion brings seven items.
    await term.waitFor(
      '因条目 WY-01 的结论，新增 8 个需要检查的条目（WY-02、WY-03、WY-04、WY-05、WY-06、WY-07…），现共 13 条',
    );

    const next = await nextCard(term);
    expect(next).toMatchObject({ position: 2, item: 'WY-02' });
    expect(next.total).toBe(13);
    await term.choose('接下来？', '离开');
    expect((await term.exit).exitCode).toBe(0);
    expect((await w.show(id)).progress.open.map((o) => o.itemId)).toContain('WY-02');
  });

  it('a conditional item never appears when its condition fails', async () => {
    const w = workspace();
    const id = await w.newInspection('zhengfa-weiyuan', '某乡镇党委', 'township');
    await w.record(id, 'WY-01', 'check', 'visit');
    const term = w.run(id);
    expect(await nextCard(term)).toEqual({ position: 1, total: 5, item: 'WY-01' });
    await conclude(term, 'WY-01', '不符合', '政法委员岗位空缺');

    expect(await nextCard(term)).toEqual({ position: 2, total: 5, item: 'WY-09' });
    await term.choose('接下来？', '跳到');
    expect((await term.choices('跳到哪一条？')).map((line) => /WY-\d+/.exec(line)?.[0])).toEqual([
      'WY-01',
      'WY-09',
      'WY-10',
      'WY-11',
      'WY-12',
    ]);
    // 跳到 tells 不符合 from the others at a glance.
    const listed = await term.choices('跳到哪一条？');
    expect(listed[0]).toMatch(/^. 不符合 +WY-01 /);
    expect(listed[1]).toMatch(/^. 未检查 +WY-09 /);
    await term.chooseWhere('跳到哪一条？', (choice) => /WY-12 /.test(choice));
    expect(await nextCard(term)).toMatchObject({ position: 5, item: 'WY-12' });
    await term.choose('接下来？', '完成');
    await term.waitFor('已是最后一条。');
    await term.confirm('还有未完成的条目，回到第一个未完成条目？', false);
    await term.waitFor('全部已保存');
    expect((await term.exit).exitCode).toBe(0);

    expect(term.output).not.toMatch(/WY-0[2-8]/);
    const shown = await w.show(id);
    expect(shown.progress.total).toBe(5);
    expect(shown.progress.open.map((o) => o.itemId)).toEqual(['WY-09', 'WY-10', 'WY-11', 'WY-12']);
  });
});

describe('ducha run on an unprotected laptop that has a hub', () => {
  it('warns, as record does, when the run wrote an interviewee name in clear; not when it wrote none', async () => {
    // The hub only named, never reached: the warning depends on its being configured (DUCHA_HUB), not on a server.
    const w = workspace({ DUCHA_HUB: 'postgres://hub.invalid/ducha' });
    const id = await w.newInspection('juece-bushu', '某县委', 'county-party-committee');
    const talk = async (term: Terminal, name: string) => {
      await term.choose('接下来？', '添加记录');
      await term.choose('方法', '谈');
      await term.type('谈话对象的职务或身份', '县委办干部');
      await term.type('谈话对象姓名', name);
      await term.type('记录内容', '反映请示报告登记不及时');
      await term.type('证据文件路径（可空，回车跳过）', '');
      await term.waitFor('✔ 已保存「谈」记录');
    };
    const quiet = w.run(id);
    await nextCard(quiet);
    await talk(quiet, '');
    await quiet.choose('接下来？', '离开');
    expect((await quiet.exit).exitCode).toBe(0);
    expect(quiet.output).not.toContain('ducha protect');

    const named = w.run(id);
    await nextCard(named);
    await talk(named, '李秘密');
    await talk(named, '王某某');
    await named.choose('接下来？', '离开');
    expect((await named.exit).exitCode).toBe(0);
    expect(named.output).toContain('2 个被谈话人姓名以明文保存');
    expect(named.output).toContain('应先运行 ducha protect');
    expect(named.output).not.toContain('李秘密的');
  });
});

describe('ducha with no arguments in a terminal', () => {
  it('asks for the name when none is known, shows the home menu, and 退出 exits 0', async () => {
    const w = workspace({ DUCHA_ACTOR: undefined });
    const term = spawnTerminal([], w.env);
    await term.type('您的姓名', '张三');
    await term.choose('ducha 督查 — 要做什么？', '退出');
    expect((await term.exit).exitCode).toBe(0);
    expect(await w.cli('config', 'get', 'name')).toBe('张三');
  });
});

describe('ducha run without a terminal', () => {
  it('exits 2 and points to ducha record', async () => {
    const w = workspace();
    const id = await w.newInspection('juece-bushu', '某县委', 'county-party-committee');
    const r = await runBin(['run', id], { env: w.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ducha run 需要在终端中交互运行');
    expect(r.stderr).toContain('ducha record');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
