// The journey from records to documents through the spawned CLI, asserting that the documents agree with
// the record: no report while a finding has no problem, corrections counted as corrected, one feedback
// date, and one deadline per problem everywhere (notice, ledger md and csv, feedback, problem list --json);
// in a real terminal the report offers to make the missing problems.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run.js';
import { killAll, spawnTerminal, terminalEnv } from '../helpers/pty.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();

const cn = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** RFC 4180 rows (quoted fields, doubled quotes), for the ledger's .csv. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  return rows;
}

function workspace() {
  const env = tmp.env({ DUCHA_ACTOR: '张三' });
  const cwd = tmp.dir();
  const run = (...argv: string[]) => runBin(argv, { env, cwd });
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    expect(r.code, `ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const data = async (...argv: string[]) => JSON.parse((await ok(...argv, '--json')).stdout).data;
  const read = (file: string) => readFileSync(join(cwd, file), 'utf8');
  return { env, cwd, run, ok, data, read };
}

describe('documents agree with the record (spawned CLI)', () => {
  it('records → corrections → conclusions → problems → feedback date → documents, one deadline per problem everywhere', async () => {
    const w = workspace();
    const id = (
      await w.ok(
        'inspection',
        'new',
        '--checklist',
        'qingshi-baogao',
        '--unit',
        '某县委政法委',
        '--unit-kind',
        'plac',
        '--team',
        '张三,李四',
        '--start',
        '2026-11-20',
      )
    ).stdout.trim();
    const record = async (item: string, method: string, note: string, ...extra: string[]) =>
      (await w.data('record', id, item, '--method', method, '--note', note, ...extra)).record as string;
    writeFileSync(join(w.cwd, '印发通知.pdf'), 'pdf');

    await record('QS-01', 'check', '事项清单已印发', '--subject', '请示报告事项清单');
    await record('QS-01', 'talk', '熟悉清单', '--subject', '办公室主任', '--interviewee', '王某某');
    await w.ok('conclude', id, 'QS-01', '--result', 'compliant', '--note', '建立了请示报告事项清单');
    // A 谈 mis-keyed as 听, corrected by a prefix of its id.
    const misKeyed = await record('QS-02', 'listen', '赵建国说时间紧时合并请示', '--subject', '经办人员');
    await record('QS-02', 'check', '抽查请示 10 件，3 件一文多事', '--subject', '2026 年请示文件');
    await w.ok(
      'record',
      'amend',
      misKeyed.slice(0, 12),
      '--method',
      'talk',
      '--interviewee',
      '赵建国',
      '--reason',
      '录入时把个别谈话选成了听取汇报',
    );
    const bare = await w.run('conclude', id, 'QS-02', '--result', 'noncompliant');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('条目 QS-02 的结论为不符合，须写明问题表现');
    await w.ok('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '3 件请示一文多事');
    await record('QS-05', 'check', '一项重大事项未见事前请示', '--subject', '党委会议纪要');
    await record('QS-05', 'talk', '承认先办后报', '--subject', '分管副书记');
    const duplicate = await record('QS-05', 'check', '同一份纪要又录了一次', '--subject', '重复录入的纪要');
    await w.ok('record', 'withdraw', duplicate, '--reason', '重复录入');
    await w.ok('conclude', id, 'QS-05', '--result', 'partial', '--note', '重大事项先办后报');
    await record('QS-06', 'check', '紧急事项处置记录', '--subject', '值班记录');
    await record('QS-06', 'talk', '事后未报告', '--subject', '值班员');
    await w.ok('conclude', id, 'QS-06', '--result', 'noncompliant', '--note', '紧急事项处置后未及时报告');

    // No document while findings have no problem: exit 2, the items and the command named, nothing written.
    const refused = await w.run('report', id, '--kind', 'feedback', '-o', '反馈意见.md', '--date', '2026-11-28');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('QS-02（不符合）、QS-05（基本符合）、QS-06（不符合）');
    expect(refused.stderr).toContain(`ducha problem propose ${id}`);
    expect(existsSync(join(w.cwd, '反馈意见.md'))).toBe(false);
    await w.ok('problem', 'propose', id);
    const problems = (await w.data('problem', 'list', id)).problems as Array<{
      id: string;
      items: Array<{ itemId: string }>;
      description: string;
    }>;
    const byItem = Object.fromEntries(problems.map((p) => [p.items[0]!.itemId, p]));
    expect(byItem['QS-02']!.description).toBe('3 件请示一文多事');
    await w.ok('problem', 'edit', byItem['QS-02']!.id, '--deadline', '2027-03-31');
    await w.ok('problem', 'edit', byItem['QS-06']!.id, '--type', 'ongoing');
    expect((await w.run('problem', 'edit', byItem['QS-05']!.id, '--deadline', '2026-11-19')).stderr).toContain(
      '早于督查开始日期 2026-11-20',
    );

    // A ledger before the feedback: its deadlines rest on its own date, and it says so.
    const early = await w.ok('report', id, '--kind', 'ledger', '-o', '台账-初稿.md', '--date', '2026-11-27');
    expect(early.stderr).toContain('尚未确定反馈日期：本文件中的整改时限按 2026-11-27 起 60 日推算');
    expect(w.read('台账-初稿.md')).toContain('| 2027-01-26 |');
    expect((await w.data('problem', 'list', id)).feedbackDate).toBeNull();

    // The feedback is issued on 2026-11-28: that is the feedback date, from then on.
    const issued = await w.ok(
      'report',
      id,
      '--kind',
      'feedback',
      '-o',
      '反馈意见.md',
      '--date',
      '2026-11-28',
      '--office',
      '县委政法委督查组',
    );
    expect(issued.stderr).toContain('已记下反馈日期 2026-11-28');
    await w.ok(
      'report',
      id,
      '--kind',
      'notice',
      '-o',
      '整改通知书.md',
      '--date',
      '2026-11-30',
      '--office',
      '县委政法委督查组',
    );
    await w.ok(
      'report',
      id,
      '--kind',
      'ledger',
      '-o',
      '整改台账.md',
      '--date',
      '2026-12-01',
      '--office',
      '县委政法委督查组',
    );
    await w.ok(
      'report',
      id,
      '--kind',
      'ledger',
      '-o',
      '整改台账.csv',
      '--date',
      '2026-12-01',
      '--office',
      '县委政法委督查组',
    );

    const list = await w.data('problem', 'list', id);
    expect(list.feedbackDate).toBe('2026-11-28');
    const deadline = Object.fromEntries(
      (list.problems as Array<{ items: Array<{ itemId: string }>; deadline: string | null }>).map((p) => [
        p.items[0]!.itemId,
        p.deadline,
      ]),
    );
    expect(deadline).toEqual({ 'QS-02': '2027-03-31', 'QS-05': '2027-01-27', 'QS-06': null });
    const descriptionOf = (item: string) => byItem[item]!.description;

    // Notice: each problem's line carries its deadline and no other's; the closing date is not before any.
    const notice = w.read('整改通知书.md');
    for (const [item, due] of Object.entries(deadline)) {
      const line = notice.split('\n').find((l) => l.includes(descriptionOf(item)))!;
      expect(line, item).toBeDefined();
      if (due) expect(line).toContain(cn(due));
      for (const [other, d] of Object.entries(deadline))
        if (other !== item && d && d !== due) expect(line).not.toContain(cn(d));
    }
    expect(notice).toContain(`请于${cn('2027-03-31')}前`);
    // Ledger (md and csv): the 整改时限 column, per problem.
    const mdLines = w
      .read('整改台账.md')
      .split('\n')
      .map((l) => l.split('|').map((c) => c.trim()));
    const mdHeader = mdLines.find((cells) => cells.includes('整改时限'))!;
    const mdDue = mdHeader.indexOf('整改时限');
    const mdOrigin = mdHeader.indexOf('问题来源');
    const mdRows = mdLines.filter((cells) => /^\d+$/.test(cells[1] ?? ''));
    const csv = parseCsv(w.read('整改台账.csv').replace(/^\ufeff/, ''));
    const col = csv[0]!.indexOf('整改时限');
    const described = csv[0]!.indexOf('问题表现');
    for (const [item, due] of Object.entries(deadline)) {
      const md = mdRows.find((r) => r.includes(descriptionOf(item)))!;
      expect(md[mdDue], `ledger.md ${item}`).toBe(due ?? '');
      expect(csv.find((r) => r[described] === descriptionOf(item))![col], `ledger.csv ${item}`).toBe(due ?? '');
    }
    // Feedback: its findings and its counts are the record's.
    const feedback = w.read('反馈意见.md');
    const show = await w.data('inspection', 'show', id);
    const results = show.progress.results as Record<string, number>;
    expect(feedback).toContain(
      `符合${results.compliant}项、基本符合${results.partial}项、不符合${results.noncompliant}项`,
    );
    expect(results).toMatchObject({ compliant: 1, partial: 1, noncompliant: 2 });
    for (const item of ['QS-02', 'QS-05', 'QS-06']) expect(feedback).toContain(descriptionOf(item));
    expect(feedback).not.toContain('未发现需要反馈的问题');
    expect(feedback).toContain(`请于${cn('2027-03-31')}前`);
    // Corrections counted as corrected: 谈 4 (QS-01, QS-02 amended, QS-05, QS-06), 查 4 (the duplicate withdrawn), 听 0.
    expect(show.progress.methods).toEqual({ listen: 0, check: 4, talk: 4, visit: 0 });
    expect(feedback).toContain('听取汇报0次、查阅资料4份、个别谈话4人次、走访0处');
    const ledger = w.read('整改台账.md');
    expect(ledger).not.toContain('重复录入的纪要');
    expect(mdRows.find((r) => r.includes(descriptionOf('QS-02')))![mdOrigin]).toContain('谈：经办人员');
    for (const doc of [feedback, notice, ledger, w.read('整改台账.csv')])
      for (const name of ['赵建国', '王某某']) expect(doc).not.toContain(name);

    // The feedback date and the deadlines hold each other in place.
    const later = await w.run('inspection', 'set', id, '--feedback-date', '2027-04-01');
    expect(later.code).toBe(2);
    expect(later.stderr).toContain(`问题 ${byItem['QS-02']!.id}（2027-03-31）的整改时限早于反馈日期 2027-04-01`);
    expect((await w.run('problem', 'edit', byItem['QS-05']!.id, '--deadline', '2026-11-27')).stderr).toContain(
      '早于反馈日期 2026-11-28',
    );
    // A closure request needs its evidence at once.
    const request = await w.run('rectify', byItem['QS-02']!.id, '--status', 'closure-requested', '--note', '已印发');
    expect(request.code).toBe(2);
    expect(request.stderr).toContain('申请销号须附佐证材料');
    expect(request.stderr).toContain('--evidence');
    await w.ok(
      'rectify',
      byItem['QS-02']!.id,
      '--status',
      'closure-requested',
      '--note',
      '已印发',
      '--evidence',
      '印发通知.pdf',
    );
    await w.ok(
      'close',
      byItem['QS-02']!.id,
      '--actor',
      '李四',
      '--note',
      '同意销号',
      '--allow-self-close',
      '--reason',
      '单机演示',
    );

    // A problem whose item is later concluded 符合 stops the next document.
    await w.ok(
      'conclusion',
      'amend',
      id,
      'QS-06',
      '--result',
      'compliant',
      '--note',
      '',
      '--reason',
      '复核后认定已报告',
    );
    const contradiction = await w.run(
      'report',
      id,
      '--kind',
      'notice',
      '-o',
      '整改通知书-2.md',
      '--date',
      '2026-12-02',
    );
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toContain(`问题 ${byItem['QS-06']!.id} 涉及的条目 QS-06（符合）的结论与问题清单矛盾`);

    const history = (await w.data('inspection', 'history', id)).entries as Array<{
      type: string;
      reason: string | null;
    }>;
    expect(history.filter((e) => e.reason).map((e) => `${e.type}:${e.reason}`)).toEqual([
      'record.amended:录入时把个别谈话选成了听取汇报',
      'record.withdrawn:重复录入',
      'problem.progressed:单机演示', // the recorded four-eyes override: one laptop closes its own request
      'conclusion.set:复核后认定已报告',
    ]);
    expect((await w.run('verify')).code).toBe(0);
  });
});

describe('in a terminal, ducha report offers the missing problems', () => {
  afterEach(async () => {
    await killAll();
  });

  it('declined: exit 2 and nothing written; accepted: the problems are made and the feedback lists them', async () => {
    const home = tmp.dir('ducha-pty-');
    const env = terminalEnv(home);
    const cli = async (...argv: string[]) => {
      const r = await runBin(argv, { env, cwd: home });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const id = await cli(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--start',
      '2026-11-20',
    );
    await cli('record', id, 'QS-02', '--method', 'check', '--note', '抽查');
    await cli('record', id, 'QS-02', '--method', 'talk', '--note', '谈话');
    await cli('conclude', id, 'QS-02', '--result', 'noncompliant', '--note', '3 件请示一文多事');
    const file = join(home, '反馈意见.md');

    const no = spawnTerminal(['report', id, '--kind', 'feedback', '-o', file, '--date', '2026-11-28'], env);
    await no.waitFor('QS-02  请示报告关系（不符合）：3 件请示一文多事');
    await no.confirm('现在由结论生成这 1 个问题？', false);
    await no.waitFor('未生成报告');
    expect((await no.exit).exitCode).toBe(2);
    expect(existsSync(file)).toBe(false);

    const yes = spawnTerminal(['report', id, '--kind', 'feedback', '-o', file, '--date', '2026-11-28'], env);
    await yes.confirm('现在由结论生成这 1 个问题？', true);
    await yes.waitFor('已生成 1 个问题');
    await yes.waitFor('已生成督查反馈意见');
    expect((await yes.exit).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('3 件请示一文多事');
    expect(JSON.parse(await cli('problem', 'list', id, '--json')).data.problems).toHaveLength(1);
  });
});
