// Messages a team lead understands: imports name the trusted person and the inspection; the lead's own
// device has a name; trusting a known key under a new name says so; a dry run says 将信任 and previews an
// untrusted bundle; conflicts are named in Chinese, resolved by a Chinese value, refused when a value is
// ambiguous, with a readable hint; field names in Chinese everywhere; the team flow in `ducha help team`;
// export defaults to the most recent inspection; who did what: record list, evidence list, team history,
// conflicts list --all.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carry, cleanup, laptop, scratch, trustAround, type Laptop } from './laptops.js';

/** A closure request needs its evidence. */
function evidenceFile(): string {
  const file = join(scratch(), '整改佐证.pdf');
  writeFileSync(file, 'pdf bytes');
  return file;
}

afterAll(cleanup);

/** A lead and a member who both conclude WY-01, differently, and both edit one problem's deadline. */
async function twoLaptops() {
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
    '--start',
    '2026-11-20',
  );
  await trustAround(lead, [member], [member]);
  await carry(lead, member, id);
  return { lead, member, id };
}

describe('imports in a lead’s words', () => {
  let lead: Laptop, member: Laptop, id: string, file: string;
  beforeAll(async () => {
    lead = laptop('组长');
    member = laptop('李四');
    id = await member.ok(
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
    );
    await member.ok('record', id, 'WY-01', '--method', 'visit', '--note', '在岗');
    file = join(scratch(), '李四.ducha');
    await member.ok('export', '-o', file); // no id: the most recent inspection
  });

  it('an untrusted bundle can be previewed; the preview says what a real import needs', async () => {
    const text = await lead.ok('import', file, '--dry-run');
    expect(text).toMatch(/^预览李四（设备 d[0-9a-f]+ 尚未信任）的数据包（督查 \w+「某乡镇党委.*」）\n/);
    expect(text).toContain(`ducha team trust ${file} --name 李四`);
    expect(text).toMatch(/新建督查\s+1/);
    const refused = await lead.run('import', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('可先加 --dry-run 预览');
  });

  it('--dry-run --trust says 将信任, the import 已信任; both name the person and the inspection, not only the device', async () => {
    const dry = await lead.ok('import', file, '--dry-run', '--trust', '--name', '李四');
    expect(dry).toContain('将信任新设备：李四');
    expect(dry).not.toContain('已信任');
    const done = await lead.ok('import', file, '--trust', '--name', '李四');
    expect(done).toMatch(new RegExp(`^已导入李四的数据包（督查 ${id}「`));
    expect(done).toContain('已信任新设备：李四');
    const again = await lead.ok('import', file, '--trust', '--name', '李四四');
    expect(again).toContain('该设备已以“李四”的名称信任，--name 李四四 未改变名称');
  });

  it('the lead’s own device has a name in team list; trusting a known key under a new name says so', async () => {
    const list = await lead.ok('team', 'list');
    expect(list).toMatch(/d[0-9a-f]+\s+组长（本设备）/);
    const key = await member.ok('team', 'key');
    expect(await lead.ok('team', 'trust', key, '--name', '李四（组员）')).toContain(
      '原以“李四”的名称信任，现改称“李四（组员）”',
    );
    expect(await lead.ok('team', 'trust', key, '--name', '李四（组员）')).toContain('未作改动');
  });

  it('team history: which bundle, from whom, when, what it brought; receipts are local', async () => {
    const text = await lead.ok('team', 'history');
    expect(text).toMatch(/李四（组员）的数据包 李四\.ducha：李四于 .* 导出，组长导入/);
    expect(text).toContain('带来：新建督查 1、听查谈访记录 1');
    expect(text).toContain('不属于签名的历史');
    const [entry] = await lead.json('team', 'history');
    expect(entry).toMatchObject({
      file: '李四.ducha',
      exporter: '李四',
      importedBy: '组长',
      newByType: { 'inspection.created': 1, 'record.added': 1 },
    });
  });
});

describe('conflicts in words', () => {
  it('labels and values in Chinese; a Chinese value resolves; an ambiguous one is refused; the hint is readable', async () => {
    const { lead, member, id } = await twoLaptops();
    await lead.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员空缺', '--reason', 'x');
    await member.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员兼职过多', '--reason', 'x');
    await carry(member, lead, id);
    const list = await lead.ok('conflicts', 'list');
    expect(list).toContain('条目 WY-01 的结论');
    expect(list).toMatch(/1\. 不符合：政法委员空缺（组长，/);
    const [conflict] = await lead.json('conflicts', 'list');
    const ambiguous = await lead.run('conflicts', 'resolve', conflict.id, '--take', '不符合');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('“不符合”同时对应冲突');
    expect(ambiguous.stderr).toMatch(/2\. 不符合：政法委员兼职过多（李四，/);
    expect(ambiguous.stderr).not.toMatch(/checklistSha|\{"/);
    const none = await lead.run('conflicts', 'resolve', conflict.id, '--take', '符合');
    expect(none.code).toBe(2);
    expect(none.stderr).not.toMatch(/checklistSha|\{"/);
    const noTake = await lead.run('conflicts', 'resolve', conflict.id);
    expect(noTake.code).toBe(2);
    expect(noTake.stderr).toContain('请用 --take 选定冲突');
    expect(await lead.ok('conflicts', 'resolve', conflict.id, '--take', '不符合：政法委员兼职过多')).toContain(
      '已处理，取值：不符合：政法委员兼职过多',
    );

    // A value that is the same on both devices is not ambiguous; a Chinese status resolves a status conflict.
    await carry(lead, member, id);
    await lead.ok('problem', 'add', id, '--item', 'WY-01', '--description', '政法委员兼职过多');
    const [problem] = (await lead.json('problem', 'list', id)).problems;
    await carry(lead, member, id);
    await lead.ok('rectify', problem.id, '--status', 'rectifying', '--note', '甲');
    await member.ok(
      'rectify',
      problem.id,
      '--status',
      'closure-requested',
      '--note',
      '乙',
      '--evidence',
      evidenceFile(),
    );
    await carry(member, lead, id);
    const [status] = await lead.json('conflicts', 'list');
    expect(status.label).toBe(`问题 ${problem.id} 的整改状态`);
    expect(await lead.ok('conflicts', 'resolve', status.id, '--take', '已申请销号')).toContain('取值：已申请销号');

    // conflicts list --all: the resolved ones, the values, who resolved them and what was taken.
    const all = await lead.ok('conflicts', 'list', '--all');
    expect(all).toContain('已处理的冲突：');
    expect(all).toMatch(
      /条目 WY-01 的结论[^\n]*\n\s+1\. 不符合：政法委员空缺（组长，[^）]*）\n\s+2\. 不符合：政法委员兼职过多（李四，[^）]*）（采纳）\n\s+组长 于 .* 处理，采纳：不符合：政法委员兼职过多/,
    );
    expect(all).toContain(`问题 ${problem.id} 的整改状态`);
    const json = await lead.json('conflicts', 'list', '--all');
    expect(
      json.filter((c: { state: string }) => c.state === 'resolved').map((c: { resolvedBy: string }) => c.resolvedBy),
    ).toEqual(['组长', '组长']);
  });

  it('field names in Chinese: problem edit, conflict labels, the ledger’s 备注; a deadline conflict is not called a conclusion', async () => {
    const { lead, member, id } = await twoLaptops();
    await lead.ok('problem', 'add', id, '--item', 'WY-01', '--description', '政法委员空缺');
    const [problem] = (await lead.json('problem', 'list', id)).problems;
    await carry(lead, member, id);
    expect(await lead.ok('problem', 'edit', problem.id, '--unit', '党政办', '--deadline', '2027-01-31')).toBe(
      `问题 ${problem.id} 已修改：责任单位、整改时限`,
    );
    await member.ok('problem', 'edit', problem.id, '--deadline', '2027-02-28');
    await carry(member, lead, id);
    expect(await lead.ok('conflicts', 'list')).toContain(`问题 ${problem.id} 的整改时限`);
    expect(await lead.ok('problem', 'show', problem.id)).toContain('存在冲突：整改时限');
    // The feedback does not print deadlines: made, with a note naming the conflict for what it is.
    const out = scratch();
    const feedback = await lead.run(
      'report',
      id,
      '--date',
      '2026-12-01',
      '--kind',
      'feedback',
      '-o',
      join(out, 'f.md'),
    );
    expect(feedback.code).toBe(0);
    expect(feedback.stderr).toContain(`另有 1 个冲突不影响本文件：问题 ${problem.id} 的整改时限`);
    // (Other warnings — items not concluded yet — may name 结论; the conflict's own lines must not.)
    expect(
      feedback.stderr
        .split('\n')
        .filter((l) => l.includes('冲突') || l.includes(problem.id))
        .join('\n'),
    ).not.toContain('结论');
    // The ledger prints them: refused; as a draft its 备注 says 整改时限存在冲突.
    expect(
      (await lead.run('report', id, '--date', '2026-12-01', '--kind', 'ledger', '-o', join(out, 'l.md'))).code,
    ).toBe(2);
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'ledger', '--draft', '-o', join(out, 'l.md'));
    const ledger = readFileSync(join(out, 'l.md'), 'utf8');
    expect(ledger).toContain('整改时限存在冲突，待核实');
    expect(ledger).not.toMatch(/deadline|unit/);
  });
});

describe('duplicate problems at propose', () => {
  it('a member proposing is told only the lead proposes; the lead’s propose names duplicates with the merge', async () => {
    const { lead, member, id } = await twoLaptops();
    for (const l of [lead, member])
      await l.ok('conclude', id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员空缺', '--reason', 'x');
    const proposed = await member.run('problem', 'propose', id);
    expect(proposed.code).toBe(0);
    expect(proposed.stderr).toContain('本督查由 组长 的设备创建。问题清单应只由组长提出');
    expect((await lead.run('problem', 'propose', id)).stderr).not.toContain('只由组长提出');
    await carry(member, lead, id);
    await lead.ok('conflicts', 'resolve', (await lead.json('conflicts', 'list'))[0].id, '--take', '1');
    const again = await lead.run('problem', 'propose', id);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /本督查有针对同一条目的多个问题：\n\s+条目 WY-01：问题 \w+（李四）、\w+（组长） 内容相同 → ducha problem merge \w+ \w+/,
    );
  });
});

describe('the team flow and export', () => {
  it('ducha help team explains the flow in Chinese: members trust the lead, only the lead proposes problems', async () => {
    const me = laptop('张三');
    const help = await me.ok('help', 'team');
    expect(help).toContain('组长与组员的工作流程');
    expect(help).toContain('组员也要用同样方法信任组长和其他组员的设备');
    expect(help).toContain('问题清单只由组长提出');
  });

  it('export without an id takes the most recent inspection and names it', async () => {
    const me = laptop('张三');
    await me.ok('inspection', 'new', '--checklist', 'zhengfa-weiyuan', '--unit', '甲乡党委', '--unit-kind', 'township');
    const latest = await me.ok(
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '乙乡党委',
      '--unit-kind',
      'township',
    );
    const file = join(scratch(), 'x.ducha');
    const text = await me.ok('export', '-o', file);
    expect(text).toContain(`督查 ${latest}「乙乡党委`);
    const bundle = readFileSync(file).toString('latin1');
    expect(bundle).toContain(`"id":"${latest}"`);
  });
});

describe('who did what', () => {
  it('record list and evidence list: recorder, device, evidence names and hashes; duplicates and odd recorders marked', async () => {
    const { lead, member, id } = await twoLaptops();
    const dir = scratch();
    writeFileSync(join(dir, '名册.pdf'), '名册');
    await member.ok(
      'record',
      id,
      'WY-01',
      '--method',
      'check',
      '--note',
      '名册齐全',
      '--evidence',
      join(dir, '名册.pdf'),
    );
    const twice = await member.run(
      'record',
      id,
      'WY-01',
      '--method',
      'check',
      '--note',
      '名册齐全',
      '--evidence',
      join(dir, '名册.pdf'),
    );
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/证据 名册\.pdf {2}[0-9a-f]{12}/);
    expect(twice.stderr).toMatch(/注意：这条记录与 \w+（李四） 完全相同/);
    await member.ok('record', id, 'WY-01', '--method', 'talk', '--note', '谈话', '--actor', '王五');
    await lead.ok('record', id, 'WY-02', '--method', 'listen', '--note', '汇报');
    await carry(member, lead, id);

    const text = await lead.ok('record', 'list', id);
    expect(text).toMatch(/WY-01 查 {2}.* {2}记录人 李四 · 设备 李四（d[0-9a-f]+）/);
    expect(text).toMatch(/WY-02 听 {2}.* {2}记录人 组长 · 设备 组长（本设备）/);
    expect(text).toMatch(/证据：名册\.pdf（[0-9a-f]{12}，6 B）/);
    expect(text).toMatch(/⚠ 与记录 \w+ 完全相同（可能重复录入）/);
    expect(text).toContain('⚠ 记录人“王五”与设备名“李四”不同');
    expect((await lead.json('record', 'list', id, '--by', '李四')).records).toHaveLength(3);
    expect((await lead.json('record', 'list', id, '--item', 'WY-02')).records).toHaveLength(1);

    const evidence = await lead.ok('evidence', 'list', id);
    expect(evidence).toMatch(/[0-9a-f]{12}\s+名册\.pdf\s+6 B\s+记录 \w+（WY-01 查）\s+李四/);
    const [first] = (await lead.json('evidence', 'list', id)).evidence;
    expect(first).toMatchObject({ name: '名册.pdf', citations: 2, actor: '李四' });

    // Reports count the record twice: they say so.
    const r = await lead.run('report', id, '--date', '2026-12-01', '--kind', 'feedback', '-o', join(dir, 'f.md'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/条目 WY-01 有 2 条完全相同的“查”记录/);
  });
});
