// `ducha checklist export` then `import` gives the same checklist, for every shipped checklist (and for
// fields the export does not know by name); `ducha checklist new` writes a file that lints clean.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, RUNNERS, cleanEnv, runMain } from '../helpers/run.js';
import { checklistXlsx } from '../../src/checklist/table/export-xlsx.js';
import { importTable } from '../../src/checklist/table/import.js';
import type { Checklist } from '../../src/checklist/schema.js';

const root = mkdtempSync(join(tmpdir(), 'ducha-roundtrip-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = root;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});

const load = (file: string) => jsYaml.load(readFileSync(file, 'utf8'), { schema: jsYaml.CORE_SCHEMA });
/** What `ducha` shows of a text: its outer white space (a block scalar's final line break) is not part of it. */
const trimmed = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.trim()
    : Array.isArray(v)
      ? v.map(trimmed)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimmed(x)]))
        : v;

const shipped = readdirSync(join(ROOT, 'checklists')).filter((f) => f.endsWith('.yaml'));

describe('export → import', () => {
  it('there are shipped checklists', () => expect(shipped.length).toBeGreaterThanOrEqual(5));
  for (const file of shipped) {
    const id = file.replace(/\.yaml$/, '');
    it(`${id}: the same checklist comes back`, async () => {
      const cwd = mkdtempSync(join(root, 'rt-'));
      const env = cleanEnv();
      const exported = await runMain(['checklist', 'export', id, '-o', `${id}.xlsx`], { cwd, env });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain(`已导出清单 ${id}`);
      const imported = await runMain(['checklist', 'import', `${id}.xlsx`, '-o', `${id}.yaml`], { cwd, env });
      expect(imported.code, imported.stderr).toBe(0);
      expect(trimmed(load(join(cwd, `${id}.yaml`)))).toEqual(trimmed(load(join(ROOT, 'checklists', file))));
    });
  }

  it('fields the table has no column for by name (a source kind) come back too; ids, conditions and scopes survive', async () => {
    const checklist = {
      format: 'ducha-checklist/1',
      id: 'rt-test',
      version: '2.1.0',
      title: '往返测试',
      description: '第一行\n第二行',
      sources: [
        { id: 'tiaoli', title: '中国共产党政法工作条例', issued: '2019-01-13', articles: 39 },
        { id: 'huiyi', title: '中央政法委员会全体会议精神（2020年7月）', kind: 'meeting' },
      ],
      applies_to: ['township', 'plac'],
      sections: [
        {
          id: 'X1',
          title: '一节',
          items: [
            {
              id: 'RT-9',
              title: '甲',
              check: '是否甲？',
              basis: [
                {
                  source: 'tiaoli',
                  chapter: '第四章 党委政法委员会',
                  article: 11,
                  quote: '乡镇（街道）党组织配备政法委员',
                },
                { source: 'huiyi', quote: '不能简单以留痕多少评价工作好坏' },
              ],
              methods: { talk: '谈', visit: '访' },
              evidence: { required: ['visit', 'talk'] },
              when: { item: 'RT-1', result: ['partial', 'noncompliant'] },
              applies_to: ['township'],
            },
            {
              id: 'RT-1',
              title: '乙',
              check: '是否乙？',
              basis: [{ source: 'tiaoli' }],
              methods: { listen: '听' },
              evidence: { required: ['listen'] },
              severity: 'low',
              rectification: '改',
            },
          ],
        },
      ],
    };
    const dir = mkdtempSync(join(root, 'kind-'));
    writeFileSync(join(dir, 'rt.xlsx'), await checklistXlsx(checklist as unknown as Checklist));
    const result = await importTable({
      absolute: join(dir, 'rt.xlsx'),
      fileTitle: 'rt',
      knownSources: [],
      schemaRef: () => 'x.json',
    });
    expect(result.data).toEqual(checklist);
  });
});

describe.each(RUNNERS)('checklist new (%s)', (_name, runner) => {
  it('writes a checklist with the $schema line that lints clean, with no warning', async () => {
    const cwd = mkdtempSync(join(root, 'new-'));
    mkdirSync(join(cwd, 'schema'));
    mkdirSync(join(cwd, 'checklists'));
    writeFileSync(join(cwd, 'schema', 'checklist.schema.json'), '{}');
    const env = cleanEnv();
    const r = await runner(
      ['checklist', 'new', 'xiangzhen-zhili', '--title', '乡镇: 政法委员履职', '-o', 'checklists/xiangzhen-zhili.yaml'],
      { cwd, env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已新建 checklists/xiangzhen-zhili.yaml');
    const text = readFileSync(join(cwd, 'checklists', 'xiangzhen-zhili.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/checklist.schema.json');
    expect(load(join(cwd, 'checklists', 'xiangzhen-zhili.yaml'))).toMatchObject({
      id: 'xiangzhen-zhili',
      title: '乡镇: 政法委员履职',
      sections: [{ id: 'A', items: [{ id: 'XZ-01' }] }],
    });
    const lint = await runner(['lint', 'checklists/xiangzhen-zhili.yaml', '--max-warnings', '0'], { cwd, env });
    expect(lint.code, lint.stdout).toBe(0);
    expect(lint.stdout).toContain('没有发现问题');
    const again = await runner(['checklist', 'new', 'xiangzhen-zhili', '-o', 'checklists/xiangzhen-zhili.yaml'], {
      cwd,
      env,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在');
    const bad = await runner(['checklist', 'new', 'Bad_Id'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('清单编号 "Bad_Id" 格式不正确');
  });
});

describe('checklist export refusals', () => {
  it('an unknown id, a format other than .xlsx', async () => {
    const cwd = mkdtempSync(join(root, 'export-'));
    const env = cleanEnv();
    const unknown = await runMain(['checklist', 'export', 'qingshi-baogo', '-o', 'q.xlsx'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('是否想输入 qingshi-baogao');
    const docx = await runMain(['checklist', 'export', 'qingshi-baogao', '-o', 'q.docx'], { cwd, env });
    expect(docx.code).toBe(2);
    expect(docx.stderr).toContain('只能导出为 Excel 表格（.xlsx）');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
