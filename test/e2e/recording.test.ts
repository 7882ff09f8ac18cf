// inspection new/list/show, record, conclude, evidence get and config, end to end: each case runs both
// in-process and as the spawned binary, on a fresh database.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, tempDir, type Runner } from '../helpers/run.js';

const NEW = [
  'inspection',
  'new',
  '--checklist',
  'zhengfa-weiyuan',
  '--unit',
  '某乡镇党委',
  '--unit-kind',
  'township',
  '--team',
  '张三，李四',
  '--start',
  '2026-11-20',
];

async function setup(run: Runner, extraEnv: Record<string, string> = {}) {
  const env = cleanEnv({ DUCHA_ACTOR: '测试员', ...extraEnv });
  const cwd = tempDir();
  const created = await run(NEW, { env, cwd });
  expect(created.code, created.stderr).toBe(0);
  const id = created.stdout.trim();
  expect(id).toMatch(/^[0-9a-z]{6}$/);
  return { env, cwd, id, run: (argv: string[]) => run(argv, { env, cwd }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the --json document, read field by field
const json = (stdout: string) => JSON.parse(stdout) as { ok: boolean; data: any; problems: any[] };

for (const [name, runner] of RUNNERS) {
  describe(`recording (${name})`, () => {
    it('new prints the id; list and show report it with progress per checklist, section and method', async () => {
      const { id, run } = await setup(runner);
      const list = json((await run(['inspection', 'list', '--json'])).stdout);
      expect(list.data[0]).toMatchObject({
        id,
        unit: '某乡镇党委',
        unitKind: 'township',
        team: ['张三', '李四'],
        start: '2026-11-20',
        concluded: 0,
      });
      await run(['record', id, 'WY-01', '--method', 'visit', '--subject', '综治中心', '--note', '政法委员在岗']);
      const show = json((await run(['inspection', 'show', id.slice(0, 4), '--json'])).stdout);
      expect(show.data.inspection.id).toBe(id);
      expect(show.data.progress.methods).toEqual({ listen: 0, check: 0, talk: 0, visit: 1 });
      expect(show.data.progress.checklists[0].sections[0]).toMatchObject({ id: 'A', methods: { visit: 1 } });
      expect(show.data.progress.open[0]).toMatchObject({ itemId: 'WY-01', missing: ['check'] });
      const text = (await run(['inspection', 'show', id])).stdout;
      expect(text).toContain('未完成的条目');
      expect(text).toContain('WY-01  政法委员配备到位  缺少：查');
    });

    it('conclude refuses a missing required record, and accepts a reason that is kept', async () => {
      const { id, run } = await setup(runner);
      const refused = await run(['conclude', id, 'WY-01', '--result', 'compliant']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('条目 WY-01 要求先有查、访记录才能作出结论');
      expect(refused.stderr).toContain('--reason');
      const ok = await run([
        'conclude',
        id,
        'wy-01',
        '--result',
        'partial',
        '--note',
        '兼职过多',
        '--reason',
        '文件在组织部',
        '--json',
      ]);
      expect(json(ok.stdout).data).toMatchObject({ item: 'WY-01', result: 'partial', reason: '文件在组织部' });
      const show = json((await run(['inspection', 'show', id, '--json'])).stdout);
      expect(show.data.progress).toMatchObject({ concluded: 1, results: { partial: 1 } });
    });

    it('bad input: unknown method, item, inspection, result — exit 2 with a hint, nothing written', async () => {
      const { id, run } = await setup(runner);
      const cases: Array<[string[], RegExp]> = [
        [['record', id, 'WY-01', '--method', 'listenn', '--note', 'x'], /未知的方法 "listenn"/],
        [['record', id, 'WY-99', '--method', 'listen', '--note', 'x'], /没有条目 "WY-99"/],
        [['record', 'zzzzzz', 'WY-01', '--method', 'listen', '--note', 'x'], /没有编号为 "zzzzzz" 的督查/],
        [['record', id, 'WY-01', '--method', 'listen', '--note', '  '], /记录内容不能为空/],
        [['conclude', id, 'WY-01', '--result', 'good'], /未知的结论 "good"/],
        [['record', id, 'WY-01', '--method', 'check', '--note', 'x', '--evidence', 'missing.pdf'], /找不到证据文件/],
      ];
      for (const [argv, pattern] of cases) {
        const r = await run(argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.stderr).toMatch(pattern);
        expect(r.stderr).toContain('提示：');
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(json((await run(['inspection', 'show', id, '--json'])).stdout).data.progress.methods).toEqual({
        listen: 0,
        check: 0,
        talk: 0,
        visit: 0,
      });
    });

    it('evidence is stored once, content-addressed, and comes back byte for byte', async () => {
      const { id, cwd, run } = await setup(runner);
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('名册照片')]);
      writeFileSync(join(cwd, '名册.jpg'), bytes);
      const first = json(
        (await run(['record', id, 'WY-01', '--method', 'check', '--note', '名册', '--evidence', '名册.jpg', '--json']))
          .stdout,
      );
      const second = json(
        (await run(['record', id, 'WY-01', '--method', 'visit', '--note', '再看', '--evidence', '名册.jpg', '--json']))
          .stdout,
      );
      const sha = first.data.evidence[0].sha256 as string;
      expect(second.data.evidence[0].sha256).toBe(sha);
      expect(first.data.evidence[0]).toMatchObject({ name: '名册.jpg', size: bytes.length, mime: 'image/jpeg' });
      expect((await run(['evidence', 'get', sha.slice(0, 8), '-o', 'out.jpg'])).code).toBe(0);
      expect(readFileSync(join(cwd, 'out.jpg'))).toEqual(bytes);
      const again = await run(['evidence', 'get', sha.slice(0, 8), '-o', 'out.jpg']);
      expect(again.code).toBe(2);
      expect((await run(['evidence', 'get', sha, '-o', 'out.jpg', '--force'])).code).toBe(0);
    });

    it('an evidence file over the configured limit is refused clearly', async () => {
      const { id, cwd, run } = await setup(runner);
      expect((await run(['config', 'set', 'evidence.maxMB', '0.001'])).code).toBe(0);
      writeFileSync(join(cwd, 'big.pdf'), Buffer.alloc(4096));
      const r = await run(['record', id, 'WY-01', '--method', 'check', '--note', 'x', '--evidence', 'big.pdf']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/证据文件 .*big\.pdf 过大/);
      expect(r.stderr).toContain('evidence.maxMB');
    });
  });
}

describe('inspection new and the actor', () => {
  const run = RUNNERS[1]![1];
  it('without a terminal, missing flags are named', async () => {
    const r = await run(['inspection', 'new', '--unit', 'x'], { env: cleanEnv({ DUCHA_ACTOR: 'a' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('缺少选项：--unit-kind --checklist');
  });
  it('a wrong unit kind lists the kinds; a checklist not for that kind says which it is for', async () => {
    const bad = await run(
      ['inspection', 'new', '--unit', 'x', '--unit-kind', 'county', '--checklist', 'zhengfa-weiyuan'],
      { env: cleanEnv({ DUCHA_ACTOR: 'a' }) },
    );
    expect(bad.stderr).toContain('未知的单位类型 "county"');
    expect(bad.stderr).toContain('county-party-committee 县委');
    const court = await run(
      ['inspection', 'new', '--unit', '某县法院', '--unit-kind', 'court', '--checklist', 'zhengfa-weiyuan'],
      { env: cleanEnv({ DUCHA_ACTOR: 'a' }) },
    );
    expect(court.code).toBe(2);
    expect(court.stderr).toContain('清单 "zhengfa-weiyuan" 不适用于法院');
  });
  it('writing needs to know who: config set name, or --actor, or DUCHA_ACTOR', async () => {
    const env = cleanEnv();
    const none = await run(NEW, { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ducha config set name');
    expect((await run(['config', 'set', 'name', '王五'], { env })).code).toBe(0);
    const id = (await run(NEW, { env })).stdout.trim();
    const list = JSON.parse((await run(['inspection', 'list', '--json'], { env })).stdout);
    expect(list.data[0]).toMatchObject({ id, createdBy: '王五' });
    const other = await run([...NEW, '--actor', '赵六', '--json'], { env });
    expect(JSON.parse(other.stdout).data.createdBy).toBe('赵六');
    expect((await run(['config', 'get', 'name'], { env })).stdout.trim()).toBe('王五');
  });
});
