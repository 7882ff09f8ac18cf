// The lead's choices in a real terminal: `conflicts resolve` without --take offers the values, then what to
// do with the problem made from the value not chosen; `report` with open conflicts offers to settle them
// and then writes the official document; `import` offers to merge word-for-word duplicate problems.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, spawnTerminal, terminalEnv } from '../helpers/pty.js';
import { carry, cleanup, laptop, scratch, trustAround, type Laptop } from './laptops.js';

afterEach(killAll);
afterAll(cleanup);

/** Lead and member conclude WY-01 differently and each proposes a problem; the lead has imported both. */
async function disagreement(sameConclusion = false) {
  const lead = laptop('组长');
  const member = laptop('李四');
  const id = await lead.ok(
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
  );
  await trustAround(lead, [member], [member]);
  await carry(lead, member, id);
  await lead.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员空缺', '--reason', 'x');
  await member.ok(
    'conclude',
    id,
    'WY-01',
    '--result',
    'noncompliant',
    '--note',
    sameConclusion ? '政法委员空缺' : '政法委员兼职过多',
    '--reason',
    'x',
  );
  await lead.ok('problem', 'propose', id);
  await member.ok('problem', 'propose', id);
  return { lead, member, id };
}

const terminal = (l: Laptop, ...args: string[]) => spawnTerminal(args, terminalEnv(l.home, { DUCHA_ACTOR: l.name }));

describe('the lead in a terminal', () => {
  it('conflicts resolve: choose a value, then merge the problem made from the other one', async () => {
    const { lead, member, id } = await disagreement();
    await carry(member, lead, id);
    const [conflict] = await lead.json('conflicts', 'list');
    const problems = (await lead.json('problem', 'list', id)).problems as Array<{ id: string; description: string }>;
    const mine = problems.find((p) => p.description === '政法委员空缺')!;
    const theirs = problems.find((p) => p.description === '政法委员兼职过多')!;
    const term = terminal(lead, 'conflicts', 'resolve', conflict.id);
    await term.choose(`${conflict.id} 条目 WY-01 的结论：采纳哪一个？`, '1. 不符合：政法委员空缺');
    await term.waitFor(`冲突 ${conflict.id} 已处理，取值：不符合：政法委员空缺`);
    await term.choose(
      `问题 ${theirs.id}（政法委员兼职过多）是按未被采纳的结论提出的，如何处理？`,
      `并入问题 ${mine.id}`,
    );
    expect((await term.exit).exitCode).toBe(0);
    const after = (await lead.json('problem', 'list', id)).problems;
    expect(after.map((p: { id: string }) => p.id)).toEqual([mine.id]);
  });

  it('conflicts resolve without an id walks every open conflict; without a terminal it asks for one', async () => {
    const { lead, member, id } = await disagreement();
    await carry(member, lead, id);
    const [conflict] = await lead.json('conflicts', 'list');
    const plain = await lead.run('conflicts', 'resolve');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('请给出要处理的冲突编号');
    const term = terminal(lead, 'conflicts', 'resolve');
    await term.choose(`${conflict.id} 条目 WY-01 的结论：采纳哪一个？`, '暂不处理');
    await term.waitFor(`冲突 ${conflict.id} 暂未处理`);
    expect((await term.exit).exitCode).toBe(0);
    expect(await lead.json('conflicts', 'list')).toHaveLength(1);
  });

  it('report: offers to settle the open conflict, then writes the official document', async () => {
    const { lead, member, id } = await disagreement();
    await carry(member, lead, id);
    const [conflict] = await lead.json('conflicts', 'list');
    const mine = (await lead.json('problem', 'list', id)).problems.find(
      (p: { description: string }) => p.description === '政法委员空缺',
    );
    const out = join(scratch(), '督查反馈意见.md');
    const term = terminal(lead, 'report', id, '--kind', 'feedback', '-o', out);
    await term.waitFor('条目 WY-01 的结论');
    await term.confirm('有 1 项尚未处理，现在逐项处理吗？', true);
    await term.choose(`${conflict.id} 条目 WY-01 的结论：采纳哪一个？`, '2. 不符合：政法委员兼职过多');
    await term.choose(`问题 ${mine.id}（政法委员空缺）是按未被采纳的结论提出的，如何处理？`, '按采纳的结论改写');
    // Rewritten, the two problems now say the same: merging them is offered too.
    await term.confirm('合并条目 WY-01 的问题', true);
    expect((await term.exit).exitCode).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('征求意见稿');
    expect(text.match(/政法委员兼职过多/g)).toHaveLength(1);
  });

  it('report: declining leaves the data as it was and writes nothing', async () => {
    const { lead, member, id } = await disagreement();
    await carry(member, lead, id);
    const out = join(scratch(), 'f.md');
    const term = terminal(lead, 'report', id, '--kind', 'feedback', '-o', out);
    await term.confirm('有 1 项尚未处理，现在逐项处理吗？', false);
    await term.waitFor('不能作为正式文件生成');
    expect((await term.exit).exitCode).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(await lead.json('conflicts', 'list')).toHaveLength(1);
  });

  it('import: word-for-word duplicate problems are offered for merging', async () => {
    const { lead, member, id } = await disagreement(true);
    const file = join(scratch(), '李四.ducha');
    await member.ok('export', id, '-o', file);
    const term = terminal(lead, 'import', file);
    await term.waitFor('内容相同 → ducha problem merge');
    await term.confirm('合并条目 WY-01 的问题', true);
    await term.waitFor('已合并：');
    expect((await term.exit).exitCode).toBe(0);
    expect((await lead.json('problem', 'list', id)).problems).toHaveLength(1);
  });
});
