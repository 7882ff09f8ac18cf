// import-records (CSV and YAML, all or nothing), inspection upgrade, and two processes writing at once.
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cleanEnv, runBin, tempDir } from '../helpers/run.js';

async function setup() {
  const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
  const cwd = tempDir();
  const run = (argv: string[]) => runBin(argv, { env, cwd });
  const id = (
    await run([
      'inspection',
      'new',
      '--checklist',
      'zhengfa-weiyuan',
      '--unit',
      '某乡镇党委',
      '--unit-kind',
      'township',
    ])
  ).stdout.trim();
  const methods = async () =>
    JSON.parse((await run(['inspection', 'show', id, '--json'])).stdout).data.progress.methods;
  return { env, cwd, id, run, methods };
}

describe('import-records', () => {
  it('imports a CSV with a BOM, CRLF, quoted commas and newlines, Chinese method names and evidence paths', async () => {
    const { cwd, id, run, methods } = await setup();
    writeFileSync(join(cwd, '名册.jpg'), 'jpeg');
    const csv =
      '\ufeffitem,method,note,subject,interviewee,evidence\r\n' +
      'WY-01,访,"政法委员在岗，综治中心运转正常",综治中心,,\r\n' +
      'WY-01,check,"名册与任职文件一致, 无空缺",政法委员名册,,名册.jpg\r\n' +
      'zhengfa-weiyuan:WY-09,谈,"第一行\n第二行",乡镇党委书记,王某某,\r\n';
    writeFileSync(join(cwd, 'records.csv'), csv);
    const r = await run(['import-records', id, 'records.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).data).toMatchObject({ imported: 3, skipped: 0 });
    expect(await methods()).toEqual({ listen: 0, check: 1, talk: 1, visit: 1 });
  });

  it('adds to the counts of items that already had records, keeps the rows in order around an evidence row, and verifies', async () => {
    const { cwd, id, run, methods } = await setup();
    expect((await run(['record', id, 'WY-01', '--method', 'check', '--note', '此前查阅'])).code).toBe(0);
    writeFileSync(join(cwd, '台账.pdf'), 'pdf');
    const rows = Array.from({ length: 150 }, (_, i) =>
      i === 70 ? 'WY-01,check,附台账,,,台账.pdf' : `WY-01,${['listen', 'visit'][i % 2]},第 ${i} 条,,`,
    );
    writeFileSync(join(cwd, 'r.csv'), ['item,method,note,subject,interviewee,evidence', ...rows].join('\n') + '\n');
    const r = await run(['import-records', id, 'r.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(await methods()).toEqual({ listen: 74, check: 2, talk: 0, visit: 75 });
    const list = JSON.parse((await run(['record', 'list', id, '--item', 'WY-01', '--json'])).stdout).data;
    const notes = (list.records as Array<{ note: string }>).map((x) => x.note);
    // The record made before, then the import's rows in file order, the evidence row in its place.
    expect(notes).toEqual(['此前查阅', ...rows.map((_, i) => (i === 70 ? '附台账' : `第 ${i} 条`))]);
    const verify = await run(['verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('checks each row that names a refused interviewee, however often the name repeats (names are checked once per import only when accepted)', async () => {
    const { cwd, id, run } = await setup();
    const csv = [
      'item,method,note,interviewee',
      'WY-01,谈,a,书记',
      'WY-01,谈,b,王某某',
      'WY-01,谈,c,书记',
      'WY-01,谈,d,王某某',
    ];
    writeFileSync(join(cwd, 'n.csv'), csv.join('\n') + '\n');
    const r = await run(['import-records', id, 'n.csv', '--skip-bad', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.data).toMatchObject({ imported: 2, skipped: 2 });
    expect(doc.problems.map((p: { line: number; column: number }) => [p.line, p.column])).toEqual([
      [2, 11],
      [4, 11],
    ]);
  });

  it('reports every bad row with its line and writes nothing; --skip-bad imports the rest', async () => {
    const { cwd, id, run, methods } = await setup();
    const csv =
      [
        'item,method,note',
        'WY-01,visit,好',
        'WY-77,visit,没有这个条目',
        'WY-01,listen,"跨两行的',
        '记录"',
        'WY-01,smell,方法不对',
        'WY-01,check,',
      ].join('\n') + '\n';
    writeFileSync(join(cwd, 'r.csv'), csv);
    const r = await run(['import-records', id, 'r.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\.csv:3 .*没有条目 "WY-77"/);
    expect(r.stderr).toMatch(/r\.csv:6 .*未知的方法 "smell"/);
    expect(r.stderr).toMatch(/r\.csv:7 .*记录内容不能为空/);
    expect(r.stderr).toContain('3 行有错误，没有导入任何记录');
    expect(await methods()).toEqual({ listen: 0, check: 0, talk: 0, visit: 0 });
    const skip = await run(['import-records', id, 'r.csv', '--skip-bad', '--json']);
    expect(skip.code).toBe(0);
    const doc = JSON.parse(skip.stdout);
    expect(doc.data).toMatchObject({ imported: 2, skipped: 3 });
    expect(doc.problems.map((p: { line: number }) => p.line)).toEqual([3, 6, 7]);
    expect(await methods()).toEqual({ listen: 1, check: 0, talk: 0, visit: 1 });
  });

  it('reads a CSV saved by Excel on Chinese Windows (GBK) and says so', async () => {
    const { cwd, id, run, methods } = await setup();
    // "WY-01,访,在岗" with 访 and 在岗 in GBK
    const gbk = Buffer.concat([
      Buffer.from('item,method,note\nWY-01,'),
      Buffer.from([0xb7, 0xc3]),
      Buffer.from(','),
      Buffer.from([0xd4, 0xda, 0xb8, 0xda]),
      Buffer.from('\n'),
    ]);
    writeFileSync(join(cwd, 'gbk.csv'), gbk);
    const r = await run(['import-records', id, 'gbk.csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('GBK');
    expect(await methods()).toMatchObject({ visit: 1 });
  });

  it('imports a YAML list', async () => {
    const { cwd, id, run, methods } = await setup();
    writeFileSync(
      join(cwd, 'r.yaml'),
      'records:\n  - item: WY-01\n    method: listen\n    note: 听取汇报\n  - item: WY-01\n    method: talk\n    note: 谈话\n    interviewee: 王某某\n',
    );
    expect((await run(['import-records', id, 'r.yaml'])).code).toBe(0);
    expect(await methods()).toMatchObject({ listen: 1, talk: 1 });
  });
});

describe('inspection upgrade', () => {
  it('keeps results of unchanged items and flags changed ones for re-check', async () => {
    const { cwd, id, run } = await setup();
    for (const m of ['check', 'visit']) await run(['record', id, 'WY-01', '--method', m, '--note', 'x']);
    await run(['conclude', id, 'WY-01', '--result', 'compliant']);
    const original = readFileSync(join(ROOT, 'checklists', 'zhengfa-weiyuan.yaml'), 'utf8');
    const changed = original
      .replace('version: 1.1.0', 'version: 1.1.1')
      .replace(/(- id: WY-01\n\s+title: [^\n]+\n\s+check: )/, '$1（修订）');
    expect(changed).toContain('（修订）');
    expect(changed).toContain('version: 1.1.1');
    writeFileSync(join(cwd, 'v11.yaml'), changed);
    const r = await run(['inspection', 'upgrade', id, '--checklist', 'v11.yaml', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).data).toMatchObject({ from: '1.1.0', to: '1.1.1', recheck: ['WY-01'] });
    const show = JSON.parse((await run(['inspection', 'show', id, '--json'])).stdout).data.progress;
    expect(show.rechecks).toBe(1);
    expect(show.open.find((o: { itemId: string }) => o.itemId === 'WY-01').status).toBe('recheck');
    // Concluding again against the new version clears the flag.
    await run(['conclude', id, 'WY-01', '--result', 'compliant']);
    expect(JSON.parse((await run(['inspection', 'show', id, '--json'])).stdout).data.progress.rechecks).toBe(0);
    // The same file again is refused; an invalid file is refused with its position.
    expect((await run(['inspection', 'upgrade', id, '--checklist', 'v11.yaml'])).code).toBe(2);
    copyFileSync(join(FIXTURES, 'checklists/invalid/unknown-item.yaml'), join(cwd, 'bad.yaml'));
    const bad = await run(['inspection', 'upgrade', id, '--checklist', 'bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:32:22: when 条件引用的条目 "WY-09" 不存在/);
  });
});

describe('concurrency', () => {
  it('two processes recording 200 records each into one database end with 400 records and a valid chain', async () => {
    const { env, id, run, methods } = await setup();
    const db = join(env.DUCHA_DATA_DIR!, 'ducha.db');
    const loop = (tag: string) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [join(FIXTURES, 'scripts', 'record-loop.mjs'), db, id, '200', tag], {
          env: env as NodeJS.ProcessEnv,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('close', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([loop('甲'), loop('乙')])).toEqual([0, 0]);
    expect((await methods()).visit).toBe(400);
    const verify = await run(['verify', '--json']);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout).data.events).toBe(401);
  });
});
