// The team lead's journey (issue 20's "done when"): a lead and three members on separate databases, one
// conflict of each kind (conclusion, problem field, status), duplicate proposals and evidence, walked to a
// feedback and a notice. No official document while a conflict touching it is open (a draft is marked);
// no duplicate problems in the end; problems follow the resolved conclusions; record list shows each
// record's person and device.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { carry, cleanup, laptop, scratch, trustAround, type Laptop } from './laptops.js';

afterAll(cleanup);

interface Problem {
  id: string;
  description: string;
  items: Array<{ itemId: string }>;
  methods: string[];
}

const problemsOf = async (l: Laptop, id: string): Promise<Problem[]> => (await l.json('problem', 'list', id)).problems;
const onItem = (problems: Problem[], item: string) => problems.filter((p) => p.items.some((i) => i.itemId === item));

describe('the team lead, from bundles to a feedback and a notice', () => {
  it('settles conflicts, duplicates and stale problems before any official document', async () => {
    const lead = laptop('组长');
    const [zhang, li, wang] = [laptop('张三'), laptop('李四'), laptop('王五')];
    const out = scratch();
    const id = await lead.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '组长,张三,李四,王五',
      '--start',
      '2026-11-20',
    );
    // 王五 is not trusted by the lead at first.
    await trustAround(lead, [zhang, li, wang], [zhang, li]);
    for (const m of [zhang, li, wang]) await carry(lead, m, id);

    // Duplicate proposals: 张三 and 李四 both find QS-01 lacking, word for word, and each proposes.
    const photo = join(out, '登记簿.jpg');
    writeFileSync(photo, Buffer.from('jpeg 登记簿'));
    await zhang.ok(
      'record',
      id,
      'QS-01',
      '--method',
      'check',
      '--subject',
      '请示报告登记簿',
      '--note',
      '未见事项清单',
      '--evidence',
      photo,
    );
    await li.ok(
      'record',
      id,
      'QS-01',
      '--method',
      'talk',
      '--subject',
      '办公室主任',
      '--interviewee',
      '王某某',
      '--note',
      '不清楚有无清单',
    );
    await li.ok('record', id, 'QS-03', '--method', 'check', '--note', '抽查登记簿 5 件', '--actor', '赵六');
    for (const m of [zhang, li]) {
      await m.ok(
        'conclude',
        id,
        'QS-01',
        '--result',
        'noncompliant',
        '--note',
        '未制定请示报告事项清单',
        '--reason',
        '待补',
      );
      await m.ok('problem', 'propose', id);
    }
    // A conclusion conflict: 张三 says 基本符合, 王五 不符合 (visited); both propose from their own view.
    await zhang.ok('record', id, 'QS-05', '--method', 'listen', '--note', '汇报称重大事项均事前请示');
    await zhang.ok(
      'conclude',
      id,
      'QS-05',
      '--result',
      'partial',
      '--note',
      '个别事项请示不够及时',
      '--reason',
      '待补',
    );
    await zhang.ok('problem', 'propose', id);
    await wang.ok(
      'record',
      id,
      'QS-05',
      '--method',
      'visit',
      '--subject',
      '某派出所',
      '--note',
      '所长称未就重大案件请示',
    );
    await wang.ok(
      'conclude',
      id,
      'QS-05',
      '--result',
      'noncompliant',
      '--note',
      '重大事项未事前请示',
      '--reason',
      '待补',
    );
    await wang.ok('problem', 'propose', id);
    // QS-02: a problem of 张三's that both 张三 and the lead then edit and progress, each unaware of the other.
    await zhang.ok('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '未按规定报告', '--reason', '待补');
    await zhang.ok('problem', 'propose', id);

    // The lead imports 张三 and 李四; the preview already names the word-for-word duplicates.
    const zhangFile = join(out, '张三.ducha');
    await zhang.ok('export', id, '-o', zhangFile);
    await lead.ok('import', zhangFile);
    const liFile = join(out, '李四.ducha');
    await li.ok('export', '-o', liFile); // the most recent inspection by default
    const preview = await lead.ok('import', liFile, '--dry-run');
    expect(preview).toContain('预览李四的数据包');
    expect(preview).toMatch(/条目 QS-01：问题 \w+（张三）、\w+（李四） 内容相同 → ducha problem merge \w+ \w+/);
    await lead.ok('import', liFile);
    // 王五's bundle: previewed untrusted, then trusted by name.
    const wangFile = join(out, '王五.ducha');
    await wang.ok('export', id, '-o', wangFile);
    expect(await lead.ok('import', wangFile, '--dry-run')).toContain('该设备尚未信任');
    expect(await lead.ok('import', wangFile, '--dry-run', '--trust', '--name', '王五')).toContain('将信任新设备：王五');
    expect(await lead.ok('import', wangFile, '--trust', '--name', '王五')).toContain('已信任新设备：王五');

    // The problem field and status conflicts on 张三's QS-02 problem.
    const [qs02] = onItem(await problemsOf(lead, id), 'QS-02');
    await lead.ok('problem', 'edit', qs02!.id, '--deadline', '2027-01-31');
    await lead.ok('rectify', qs02!.id, '--status', 'rectifying', '--note', '组长：已部署整改');
    await zhang.ok('problem', 'edit', qs02!.id, '--deadline', '2027-02-28');
    await zhang.ok('rectify', qs02!.id, '--status', 'rectifying', '--note', '张三：单位称正在整改');
    await carry(zhang, lead, id);
    const conflicts: Array<{ id: string; kind: string; field: string; label: string }> = await lead.json(
      'conflicts',
      'list',
      id,
    );
    const byField = Object.fromEntries(conflicts.map((c) => [c.field, c]));
    expect(Object.keys(byField).sort()).toEqual(['conclusion', 'deadline', 'status']);
    expect(conflicts.find((c) => c.field === 'conclusion' && c.label === '条目 QS-01 的结论')).toBeDefined();
    const qs05 = conflicts.find((c) => c.label === '条目 QS-05 的结论')!;
    expect(byField.deadline!.label).toBe(`问题 ${qs02!.id} 的整改时限`);

    // No official document while a conflict touching it is open.
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
    expect(feedback.code).toBe(2);
    expect(feedback.stderr).toContain('督查反馈意见不能作为正式文件生成');
    expect(feedback.stderr).toContain(`冲突 ${qs05.id}：条目 QS-05 的结论`);
    expect(feedback.stderr).toContain(`ducha conflicts resolve ${qs05.id} --take 1`);
    expect(feedback.stderr).not.toContain('整改时限'); // the feedback does not print deadlines
    const notice = await lead.run('report', id, '--date', '2026-12-01', '--kind', 'notice', '-o', join(out, 'n.md'));
    expect(notice.code).toBe(2);
    expect(notice.stderr).toContain(`问题 ${qs02!.id} 的整改时限`);
    const ledger = await lead.run('report', id, '--date', '2026-12-01', '--kind', 'ledger', '-o', join(out, 'l.md'));
    expect(ledger.code).toBe(2);
    expect(ledger.stderr).toContain(`问题 ${qs02!.id} 的整改状态`);
    // A draft is written, and says so in its title (Markdown and Word).
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'feedback', '--draft', '-o', join(out, 'draft.md'));
    expect(readFileSync(join(out, 'draft.md'), 'utf8').split('\n')[0]).toMatch(/^# 关于.*督查反馈意见（征求意见稿）$/);
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'notice', '--draft', '-o', join(out, 'draft.docx'));
    const xml = await (
      await JSZip.loadAsync(readFileSync(join(out, 'draft.docx')))
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('整改通知书（征求意见稿）');

    // Resolve: the conclusion by its Chinese value, the deadline by its value, the status by number.
    await lead.ok('conflicts', 'resolve', qs05.id, '--take', '不符合');
    const qs01 = conflicts.find((c) => c.label === '条目 QS-01 的结论')!;
    await lead.ok('conflicts', 'resolve', qs01.id, '--take', '不符合'); // both heads say the same: not ambiguous
    await lead.ok('conflicts', 'resolve', byField.deadline!.id, '--take', '2027-01-31');
    await lead.ok('conflicts', 'resolve', byField.status!.id, '--take', '1');
    expect(await lead.json('conflicts', 'list', id)).toEqual([]);

    // 张三's QS-05 problem was made from the conclusion not chosen: flagged, with the merge that settles it.
    const stale = await lead.run('report', id, '--date', '2026-12-01', '--kind', 'feedback', '-o', join(out, 'f.md'));
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/问题 \w+（条目 QS-05）是按张三的结论“基本符合：个别事项请示不够及时”提出的/);
    const mergeStale = /ducha problem merge (\w+) (\w+)/.exec(stale.stderr.slice(stale.stderr.indexOf('条目 QS-05')))!;
    await lead.ok('problem', 'merge', mergeStale[1]!, mergeStale[2]!);
    // The word-for-word QS-01 pair still blocks, with its merge.
    const dup = await lead.run('report', id, '--date', '2026-12-01', '--kind', 'feedback', '-o', join(out, 'f.md'));
    expect(dup.code).toBe(2);
    const mergeDup = /条目 QS-01 有 2 个内容相同的问题[^\n]*\n\s*→ ducha problem merge (\w+) (\w+)/.exec(dup.stderr)!;
    await lead.ok('problem', 'merge', mergeDup[1]!, mergeDup[2]!);

    // Now the documents are made, official.
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'feedback', '-o', join(out, '督查反馈意见.md'));
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'notice', '-o', join(out, '整改通知书.docx'));
    await lead.ok('report', id, '--date', '2026-12-01', '--kind', 'ledger', '-o', join(out, '整改台账.md'));
    const feedbackText = readFileSync(join(out, '督查反馈意见.md'), 'utf8');
    expect(feedbackText).not.toContain('征求意见稿');
    expect(feedbackText).toContain('重大事项未事前请示');
    expect(feedbackText).not.toContain('个别事项请示不够及时');
    const ledgerText = readFileSync(join(out, '整改台账.md'), 'utf8');
    // 问题来源 names the problem's methods and only records of those methods (never 「访（听：…）」).
    for (const origin of ledgerText
      .split('\n')
      .filter((l) => /^\| \d/.test(l))
      .map((l) => l.split(' | ')[1]!)) {
      const m = /^([^（]*)（(.*)）$/.exec(origin);
      if (!m) continue;
      const named = m[1]!.split('、');
      for (const source of m[2]!.split('；')) expect(named, origin).toContain(source.split('：')[0]);
    }
    expect(ledgerText).toContain('| 听、访（听；访：某派出所） |');
    expect(ledgerText).toContain('2027-01-31');

    // No duplicate problems; every problem follows its item's resolved conclusion.
    const problems = await problemsOf(lead, id);
    const items = problems.flatMap((p) => p.items.map((i) => i.itemId)).sort();
    expect(items).toEqual(['QS-01', 'QS-02', 'QS-05']);
    const show = await lead.json('inspection', 'show', id);
    const results = Object.fromEntries(
      show.progress.items
        .filter((i: { result?: string }) => i.result)
        .map((i: { itemId: string; result: string }) => [i.itemId, i.result]),
    );
    expect(results).toMatchObject({ 'QS-01': 'noncompliant', 'QS-02': 'noncompliant', 'QS-05': 'noncompliant' });
    expect(onItem(problems, 'QS-05')[0]!.description).toBe('重大事项未事前请示');

    // record list: each record's person and device, the odd recorder marked, evidence by name and hash.
    const { records } = await lead.json('record', 'list', id);
    const seen = records
      .map((r: { itemId: string; actor: string; deviceName: string }) => `${r.itemId} ${r.actor}@${r.deviceName}`)
      .sort();
    expect(seen).toEqual([
      'QS-01 张三@张三',
      'QS-01 李四@李四',
      'QS-03 赵六@李四',
      'QS-05 张三@张三',
      'QS-05 王五@王五',
    ]);
    expect(records.find((r: { actor: string }) => r.actor === '赵六').actorDiffers).toBe(true);
    expect(records.filter((r: { actorDiffers: boolean }) => r.actorDiffers)).toHaveLength(1);
    const text = await lead.ok('record', 'list', id, '--item', 'QS-01');
    expect(text).toMatch(/记录人 张三 · 设备 张三（d[0-9a-f]+）/);
    expect(text).toMatch(/证据：登记簿\.jpg（[0-9a-f]{12}，/);
    const hash = /登记簿\.jpg（([0-9a-f]{12})/.exec(text)![1]!;
    await lead.ok('evidence', 'get', hash, '-o', join(out, 'back.jpg'));
    expect(readFileSync(join(out, 'back.jpg'), 'utf8')).toBe('jpeg 登记簿');
    expect((await lead.run('verify')).code).toBe(0);
  }, 180_000);
});
