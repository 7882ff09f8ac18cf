// The home menu's steps through a scripted Prompter on real databases and files: each asks what it needs,
// runs the command's own action, prints the command line, and shows a refusal without leaving the menu.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/cli/context.js';
import type { Io } from '../../src/cli/io.js';
import type { Home } from '../../src/cli/home/shared.js';
import { problemsStep } from '../../src/cli/home/problems.js';
import { rectifyStep } from '../../src/cli/home/rectify.js';
import { compareStep, reportStep, summaryStep } from '../../src/cli/home/documents.js';
import { openStore } from '../../src/store/open.js';
import { getInspection, type InspectionRow } from '../../src/store/queries.js';
import type { Store } from '../../src/store/store.js';
import { setLang } from '../../src/i18n/index.js';
import { ScriptedPrompter, type Step } from '../helpers/scripted-prompter.js';
import { cleanEnv, runMain, tempDir } from '../helpers/run.js';

setLang('zh');
const dirs: string[] = [];
const stores: Store[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface World {
  dir: string;
  cli: (...args: string[]) => Promise<string>;
  home: (steps: Step[]) => Home & { prompter: ScriptedPrompter; out: () => string; err: () => string };
  inspection: (id: string) => InspectionRow;
}

/** A database with an inspection whose WY-01 is concluded 不符合, and a home for the steps in it. */
async function world(actor = '张三'): Promise<World> {
  const dir = tempDir('ducha-home-');
  dirs.push(dir);
  const env = cleanEnv({ DUCHA_ACTOR: actor });
  dirs.push(env.HOME!);
  const db = join(dir, 'ducha.db');
  const cli = async (...args: string[]) => {
    const r = await runMain(['--db', db, ...args], { env, cwd: dir });
    expect(r.code, `ducha ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  const store = openStore(db, { create: true });
  stores.push(store);
  return {
    dir,
    cli,
    inspection: (id) => getInspection(store.db, id)!,
    home: (steps) => {
      let out = '';
      let err = '';
      const io: Io = {
        stdout: { write: (s) => (out += String(s)) },
        stderr: { write: (s) => (err += String(s)) },
        stdin: process.stdin,
        env,
        cwd: dir,
      };
      const prompter = new ScriptedPrompter(steps);
      return {
        ctx: createContext(io, []),
        options: { db, checklists: [] },
        prompter,
        store,
        actor,
        out: () => out,
        err: () => err,
      };
    },
  };
}

async function lacking(w: World, start = '2026-11-20'): Promise<string> {
  const id = await w.cli(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某镇党委',
    '--unit-kind',
    'township',
    '--start',
    start,
  );
  await w.cli('record', id, 'WY-01', '--method', '查', '--note', '名册中无政法委员');
  await w.cli('record', id, 'WY-01', '--method', '访', '--note', '岗位空缺');
  await w.cli('conclude', id, 'WY-01', '--result', '不符合', '--note', '政法委员岗位空缺');
  return id;
}

const first = (choices: ReadonlyArray<{ value: unknown }>) => choices[0]!.value;
const problemOf = async (w: World, id: string) =>
  (JSON.parse(await w.cli('problem', 'list', id, '--json')) as { data: { problems: Array<Record<string, unknown>> } })
    .data.problems[0]!;

describe('home menu steps', () => {
  it('问题清单: propose after a preview, then edit one field — each through its command, with the command line shown', async () => {
    const w = await world();
    const id = await lacking(w);
    const propose = w.home([
      { select: /问题清单：要做什么/, answer: 'propose' },
      { confirm: /列入问题清单/, answer: true },
    ]);
    await problemsStep(propose, w.inspection(id));
    expect(propose.out()).toContain(`（命令行：ducha problem propose ${id} --dry-run）`);
    expect(propose.out()).toContain('将生成 1 个问题（预览，未写入）');
    expect(propose.out()).toContain('已由结论生成 1 个问题');
    const edit = w.home([
      { select: /问题清单：要做什么/, answer: 'edit' },
      { select: /修改哪一个问题/, answer: first },
      {
        select: /修改哪一项/,
        answer: (c: ReadonlyArray<{ value: unknown; name: string }>) => c.find((x) => x.name === '责任单位')!.value,
      },
      { input: /责任单位/, answer: '某镇党委办公室' },
    ]);
    await problemsStep(edit, w.inspection(id));
    expect(edit.out()).toMatch(new RegExp(`（命令行：ducha problem edit ${id}/\\w+ --unit 某镇党委办公室）`));
    expect(await problemOf(w, id)).toMatchObject({ description: '政法委员岗位空缺', unit: '某镇党委办公室' });
  });

  it('生成报告: the default name is free (…（2）.xlsx when taken); a refused target is shown and the menu goes on', async () => {
    const w = await world();
    const id = await lacking(w);
    await w.cli('problem', 'propose', id);
    writeFileSync(join(w.dir, '某镇党委整改台账.xlsx'), 'keep me');
    const ledger = w.home([
      { select: /生成哪一种/, answer: 'ledger' },
      { select: /格式/, answer: 'xlsx' },
      { input: /保存为/, answer: '' },
    ]);
    await reportStep(ledger, w.inspection(id));
    expect(readFileSync(join(w.dir, '某镇党委整改台账.xlsx'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(w.dir, '某镇党委整改台账（2）.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const refused = w.home([
      { select: /生成哪一种/, answer: 'feedback' },
      { select: /格式/, answer: 'docx' },
      { input: /成文日期/, answer: '' },
      { input: /发文字号/, answer: '' },
      { input: /保存为/, answer: 'no/such/folder/反馈.docx' },
    ]);
    await reportStep(refused, w.inspection(id));
    expect(refused.err()).toContain('错误：目录 no/such/folder 不存在');
    expect(existsSync(join(w.dir, 'no'))).toBe(false);
  });

  it('生成报告: a feedback asks its date (the feedback date, from which deadlines count) and its number, and carries both', async () => {
    const w = await world();
    const id = await lacking(w);
    await w.cli('problem', 'propose', id);
    const feedback = w.home([
      { select: /生成哪一种/, answer: 'feedback' },
      { select: /格式/, answer: 'md' },
      { input: /成文日期/, answer: '2026年11月27日' },
      { input: /发文字号/, answer: '某政法督〔2026〕15号' },
      { input: /保存为/, answer: '反馈意见.md' },
    ]);
    await reportStep(feedback, w.inspection(id));
    expect(feedback.out()).toContain(
      `（命令行：ducha report ${id} --kind feedback --date 2026-11-27 --doc-number 某政法督〔2026〕15号 -o 反馈意见.md）`,
    );
    const text = readFileSync(join(w.dir, '反馈意见.md'), 'utf8');
    expect(text).toContain('某政法督〔2026〕15号');
    expect(text).toContain('2026年11月27日');
    expect(JSON.parse(await w.cli('inspection', 'show', id, '--json')).data.inspection).toMatchObject({
      feedbackDate: '2026-11-27',
    });
  });

  it('整改销号: only the steps the status allows; a closure request with evidence; closing one’s own request asks why', async () => {
    const w = await world();
    const id = await lacking(w);
    await w.cli('problem', 'propose', id);
    writeFileSync(join(w.dir, '任职文件 2026.pdf'), 'pdf');
    const request = w.home([
      { select: /哪一个问题/, answer: first },
      { select: /当前状态：未整改/, answer: 'request' },
      { input: /整改完成情况/, answer: '已配备专职政法委员' },
      { input: /佐证材料/, answer: `'${join(w.dir, '任职文件 2026.pdf')}'` },
      { input: /再添加/, answer: '' },
    ]);
    await rectifyStep(request, w.inspection(id));
    expect(request.prompter.menus[1]!.map((c) => c.value)).toEqual(['progress', 'request']);
    expect(request.out()).toContain('申请销号，当前状态：已申请销号');
    const close = w.home([
      { select: /哪一个问题/, answer: first },
      { select: /当前状态：已申请销号/, answer: 'close' },
      { confirm: /确需本人销号/, answer: true },
      { input: /理由/, answer: '督查组仅一人在岗' },
      { input: /审核意见/, answer: '经核实整改到位' },
      { input: /佐证材料/, answer: '' },
    ]);
    await rectifyStep(close, w.inspection(id));
    expect(close.prompter.transcript.join('\n')).toContain('这项销号申请是 张三 本人提出的');
    expect(close.out()).toContain('--allow-self-close');
    expect((await problemOf(w, id)).status).toBe('closed');
  });

  it('回头看 and 汇总: the earlier round first, on the screen or as a document', async () => {
    const w = await world();
    const before = await lacking(w, '2026-03-01');
    await w.cli('problem', 'propose', before);
    const after = await lacking(w, '2026-11-20');
    const compare = w.home([
      { select: /与哪一次督查对比/, answer: first },
      { select: /怎样查看/, answer: 'docx' },
      { input: /保存为/, answer: '' },
    ]);
    await compareStep(compare, w.inspection(before));
    expect(compare.out()).toContain(`（命令行：ducha compare ${before} ${after} -o 某镇党委回头看对比.docx）`);
    expect(existsSync(join(w.dir, '某镇党委回头看对比.docx'))).toBe(true);
    const summary = w.home([{ select: /怎样查看/, answer: 'screen' }]);
    await summaryStep(summary);
    expect(summary.out()).toContain('（命令行：ducha summary）');
    expect(summary.out()).toMatch(/督查 2 次/);
  });
});
