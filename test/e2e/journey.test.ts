// The journey through a real terminal (node-pty, with a terminal emulator reading the screen): on 80 × 24
// the question stays on the screen with nine records, Esc leaves 添加记录, inquirer speaks Chinese, and
// the home menu goes on from recording to the problem list, the report, export and import.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KEY, killAll, spawnTerminal, terminalEnv } from '../helpers/pty.js';
import { runBin, tempDir } from '../helpers/run.js';

const dirs: string[] = [];
afterEach(async () => {
  await killAll();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A private home, data directory and working folder, and non-interactive ducha in it. */
function workspace(actor = '测试员') {
  const dir = tempDir('ducha-journey-pty-');
  dirs.push(dir);
  const env = terminalEnv(dir, { DUCHA_ACTOR: actor });
  const cli = async (...argv: string[]) => {
    const r = await runBin(argv, { env, cwd: dir });
    expect(r.code, `ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  return { dir, env, cli };
}

const QUESTION = '检查：本地本单位须事前请示和须报告的重大事项范围是否明确';

describe('ducha run on an ordinary 80 × 24 terminal', () => {
  it('with nine records the question and its basis stay on the screen; all records on demand; Esc back', async () => {
    const w = workspace();
    const id = await w.cli(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
    );
    for (let i = 1; i <= 9; i++)
      await w.cli(
        'record',
        id,
        'QS-01',
        '--method',
        'check',
        '--subject',
        `登记簿${i}`,
        '--note',
        `第 ${i} 次查阅：登记 12 件，抽查 5 件均一文一事，另有若干说明`,
      );
    const term = spawnTerminal(['run', id], w.env, { cols: 80, rows: 24, cwd: w.dir });
    await term.choices('接下来？');
    const screen = await term.screen();
    expect(screen.join('\n')).toContain(QUESTION);
    expect(screen.some((row) => row.startsWith('依据：《中国共产党政法工作条例》'))).toBe(true);
    expect(screen.some((row) => row.startsWith('QS-01  须请示报告的事项范围明确'))).toBe(true);
    expect(screen.join('\n')).toMatch(/另有 \d 条较早的记录（共 9 条/);
    expect(screen.join('\n')).toContain('登记簿9');

    await term.choose('接下来？', '查看全部记录（9 条）');
    const listed = await term.choices('全部记录');
    expect(listed.filter((l) => /^. \d\. 查｜登记簿/.test(l))).toHaveLength(9);
    term.send(KEY.escape);
    await term.choices('接下来？');
    expect((await term.screen()).join('\n')).toContain(QUESTION);

    // Esc from 添加记录 half-way: back to the item, nothing saved.
    await term.choose('接下来？', '添加记录');
    await term.waitFor('（按 Esc 返回本条，不保存）');
    await term.choose('方法', '谈');
    await term.type('谈话对象的职务或身份', '办公室主任');
    await term.waitFor('? 谈话对象姓名');
    term.send(KEY.escape);
    await term.waitFor('已返回，未保存');
    await term.choose('接下来？', '离开');
    await term.waitFor('接下来：');
    expect((await term.exit).exitCode).toBe(0);
    expect(term.output).toContain(`ducha report ${id} --kind feedback -o 某县委政法委督查反馈意见.docx`);
    const shown = JSON.parse(await w.cli('inspection', 'show', id, '--json')) as {
      data: { progress: { methods: Record<string, number> } };
    };
    expect(shown.data.progress.methods).toEqual({ listen: 0, check: 9, talk: 0, visit: 0 });
  });
});

describe('inquirer in Chinese', () => {
  it('the wizard’s key hints and its "choose at least one" are Chinese; Ctrl+C at a question exits 130', async () => {
    const w = workspace();
    const term = spawnTerminal(['inspection', 'new'], w.env, { cwd: w.dir });
    await term.type('被督查单位名称', '某镇党委');
    await term.choose('单位类型', '乡镇(街道)党(工)委');
    await term.type('地区（可空）', '');
    await term.waitFor('? 使用哪些检查清单？');
    await term.waitFor('空格 选择');
    term.send('a'); // every checklist starts checked: "a" unchecks them all
    await term.waitFor('◯');
    term.enter();
    await term.waitFor('请至少选择一项（空格键选中）');
    term.send('a');
    await term.waitFor('◉');
    term.enter();
    await term.waitFor('✔ 使用哪些检查清单？');
    // Ctrl+C only once the next question is on the screen: between two questions the terminal is not in raw
    // mode, so Ctrl+C is a SIGINT that ends the process by signal (node-pty: exit code 0, signal 2) — the
    // race that once failed this test under load.
    await term.waitFor('? 督查组成员（逗号分隔）');
    term.ctrlC();
    expect((await term.exit).exitCode).toBe(130);
    expect(term.output).not.toMatch(/space|select|At least one|You must/);
  });
});

describe('the home menu from recording to reporting', () => {
  it('offers the journey’s steps, lists the problems, writes the feedback (never over a file), exports; another laptop imports', async () => {
    const w = workspace('张三');
    const id = await w.cli(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某镇党委',
      '--unit-kind',
      'township',
    );
    await w.cli('record', id, 'WY-01', '--method', 'check', '--note', '名册中无政法委员');
    await w.cli('record', id, 'WY-01', '--method', 'visit', '--note', '岗位空缺');
    await w.cli('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员岗位空缺');

    const term = spawnTerminal([], w.env, { cols: 100, rows: 40, cwd: w.dir });
    await term.waitFor(`当前督查：某镇党委贯彻落实《中国共产党政法工作条例》情况督查（${id}）`);
    await term.waitFor('1 个基本符合、不符合的条目尚未列入问题清单');
    const menu = await term.choices('ducha 督查 — 要做什么？');
    for (const entry of [
      '问题清单（1 个条目待列入）',
      '生成报告',
      '整改销号',
      '回头看',
      '汇总',
      '导出数据包',
      '导入数据包',
      '继续逐条记录',
    ]) {
      expect(
        menu.some((line) => line.slice(2).startsWith(entry)),
        entry,
      ).toBe(true);
    }
    expect(menu.find((line) => line.includes('整改销号'))).toMatch(/^- .*（还没有问题清单）/);

    // 问题清单: preview, then list.
    await term.choose('ducha 督查 — 要做什么？', '问题清单');
    await term.choose('问题清单：要做什么？', '由结论生成问题');
    await term.waitFor('将生成 1 个问题（预览，未写入）');
    await term.confirm('把这 1 个问题列入问题清单？', true);
    await term.waitFor('已由结论生成 1 个问题');

    // 生成报告: a default name from the unit; written through the guarded writer.
    await term.choose('ducha 督查 — 要做什么？', '生成报告');
    await term.choose('生成哪一种？', '督查反馈意见');
    await term.choose('格式', 'Word');
    // Its date (today by default: the feedback date) and number (none set here).
    await term.waitFor('? 成文日期');
    term.enter();
    await term.waitFor('? 发文字号');
    term.enter();
    await term.waitFor('? 保存为（当前文件夹中的文件名） (某镇党委督查反馈意见.docx)');
    term.enter();
    await term.waitFor('已生成督查反馈意见：某镇党委督查反馈意见.docx（1 个问题');
    const written = readFileSync(join(w.dir, '某镇党委督查反馈意见.docx'));
    expect(written.subarray(0, 2).toString()).toBe('PK');

    // Again: the default is a free name, and an existing file is refused at the prompt; Esc goes back.
    await term.choose('ducha 督查 — 要做什么？', '生成报告');
    await term.choose('生成哪一种？', '督查反馈意见');
    await term.choose('格式', 'Word');
    await term.waitFor('? 成文日期');
    term.enter();
    await term.waitFor('? 发文字号');
    term.enter();
    await term.waitFor('某镇党委督查反馈意见（2）.docx');
    term.send('某镇党委督查反馈意见.docx' + KEY.enter);
    await term.waitFor('已有文件 某镇党委督查反馈意见.docx，不会覆盖它；请换一个名字');
    term.send(KEY.escape);
    await term.choices('ducha 督查 — 要做什么？');
    expect(readFileSync(join(w.dir, '某镇党委督查反馈意见.docx')).equals(written)).toBe(true);
    expect(readdirSync(w.dir).filter((f) => f.endsWith('.docx'))).toEqual(['某镇党委督查反馈意见.docx']);

    // 导出 for the team lead.
    await term.choose('ducha 督查 — 要做什么？', '导出数据包');
    const bundle = (await term.waitFor(/\? 保存为（当前文件夹中的文件名） \((张三-\d{4}-\d{2}-\d{2}\.ducha)\)/))
      .groups[1]!;
    term.enter();
    await term.waitFor(`已导出到 ${bundle}`);
    await term.choose('ducha 督查 — 要做什么？', '退出');
    expect((await term.exit).exitCode).toBe(0);
    const problems = JSON.parse(await w.cli('problem', 'list', id, '--json')) as {
      data: { problems: Array<{ description: string }> };
    };
    expect(problems.data.problems.map((p) => p.description)).toEqual(['政法委员岗位空缺']);

    // The lead's laptop: import through the menu, trusting the device after checking its fingerprint.
    const lead = workspace('李四');
    const lt = spawnTerminal([], lead.env, { cols: 100, rows: 40, cwd: w.dir });
    await lt.choose('ducha 督查 — 要做什么？', '导入数据包');
    await lt.waitFor('? 数据包文件');
    lt.enter();
    await lt.waitFor('此项不能为空');
    lt.send(`'${join(w.dir, bundle)}'` + KEY.enter);
    await lt.waitFor('预览');
    await lt.waitFor('导入前必须信任发出数据包的设备');
    await lt.confirm('已核对指纹无误，信任该设备？', true);
    await lt.type('该设备使用人的姓名', '张三');
    await lt.confirm('导入这个数据包？', true);
    await lt.waitFor('已导入张三的数据包');
    await lt.waitFor(`当前督查：某镇党委贯彻落实《中国共产党政法工作条例》情况督查（${id}）`);
    await lt.choose('ducha 督查 — 要做什么？', '退出');
    expect((await lt.exit).exitCode).toBe(0);
    expect(existsSync(join(lead.dir, 'data', 'ducha.db'))).toBe(true);
    const leadProblems = JSON.parse(await lead.cli('problem', 'list', id, '--json')) as {
      data: { problems: unknown[] };
    };
    expect(leadProblems.data.problems).toHaveLength(1);
  });
});
