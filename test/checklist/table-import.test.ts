// `ducha checklist import`: a workbook and a Word table written as offices write them become checklists that
// lint clean; bad tables are refused with the sheet, row and column of the problem and no file written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, RUNNERS, cleanEnv, runMain, type Runner } from '../helpers/run.js';
import { writeOfficeDocx, writeOfficeWorkbook, writeWorkbook, type Row } from '../helpers/office-tables.js';

const root = mkdtempSync(join(tmpdir(), 'ducha-table-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = root;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});

/** A checklist repository: checklists/ and schema/ (as `ducha schema` writes it). */
function repo(): { cwd: string; run: (args: string[], runner?: Runner) => ReturnType<Runner> } {
  const cwd = mkdtempSync(join(root, 'repo-'));
  mkdirSync(join(cwd, 'checklists'));
  mkdirSync(join(cwd, 'schema'));
  writeFileSync(join(cwd, 'schema', 'checklist.schema.json'), '{}');
  const env = cleanEnv();
  return { cwd, run: (args, runner = runMain) => runner(args, { cwd, env }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the written YAML, read field by field
type Doc = Record<string, any>;
const load = (file: string) => jsYaml.load(readFileSync(file, 'utf8'), { schema: jsYaml.CORE_SCHEMA }) as Doc;
const items = (data: Doc) => (data.sections as Array<{ items: Doc[] }>).flatMap((s) => s.items);
/** Nothing written: no YAML, and no temporary file left beside it. */
const nothingWritten = (dir: string) =>
  expect(readdirSync(dir).filter((f) => /\.ya?ml$|\.partial$/.test(f))).toEqual([]);

describe.each(RUNNERS)('import office tables (%s)', (_name, runner) => {
  it('a workbook as offices write it imports to a checklist that lints clean', async () => {
    const { cwd, run } = repo();
    await writeOfficeWorkbook(join(cwd, '请示报告督查清单.xlsx'));
    const r = await run(['checklist', 'import', '请示报告督查清单.xlsx', '-o', 'checklists/qingshi-test.yaml'], runner);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入清单 qingshi-test：2 个章节、4 个条目 → checklists/qingshi-test.yaml');
    expect(r.stderr).toContain(
      '请示报告督查清单.xlsx 第 1 张表（督查清单） 第 3 行 备注 列（H3）  warning  column-ignored',
    );
    expect(r.stderr).toContain('条目编号按顺序生成（QT-01 起，共 4 个）');
    expect(r.stderr).toContain('第 10 行是表格下方的说明文字');
    const text = readFileSync(join(cwd, 'checklists', 'qingshi-test.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/checklist.schema.json');
    expect(text).toContain('title: 请示报告事项清单'); // Chinese as it is, no escapes
    const data = load(join(cwd, 'checklists', 'qingshi-test.yaml'));
    expect(data).toMatchObject({
      format: 'ducha-checklist/1',
      id: 'qingshi-test',
      version: '1.0.0',
      title: '请示报告制度贯彻落实情况督查清单',
    });
    expect(data.applies_to).toEqual([
      'county-party-committee',
      'plac',
      'court',
      'procuratorate',
      'public-security',
      'state-security',
      'justice-bureau',
    ]);
    expect(data.sources.map((s: { id: string }) => s.id)).toEqual(['tiaoli', 'qingshi-tiaoli']);
    expect(data.sections.map((s: { id: string; title: string }) => [s.id, s.title])).toEqual([
      ['A', '制度建立'],
      ['B', '执行情况'],
    ]);
    const [one, two, three, four] = items(data);
    expect(one).toMatchObject({
      id: 'QT-01',
      title: '请示报告事项清单',
      severity: 'medium',
      evidence: { required: ['check', 'talk'] },
    });
    expect(one!.basis).toEqual([{ source: 'tiaoli', article: 17 }, { source: 'qingshi-tiaoli' }]);
    expect(Object.keys(one!.methods)).toEqual(['listen', 'check', 'talk']);
    expect(two).toMatchObject({
      basis: [{ source: 'tiaoli', chapter: '第六章 请示报告' }],
      methods: { talk: '随机抽取三名中层干部谈话，请其说明须请示报告的事项和程序。' },
      severity: 'low',
    });
    expect(Object.keys(three!.methods)).toEqual(['check', 'talk', 'visit']);
    expect(four).toMatchObject({
      basis: [{ source: 'tiaoli', article: 17 }],
      methods: {
        check: '抽查近一年专题报告五件，与工作台账和案件数据比对。',
        talk: '与两名承办人员谈话，核实报告内容。',
      },
    });
    const lint = await run(['lint', 'checklists/qingshi-test.yaml', '--max-warnings', '0'], runner);
    expect(lint.code, lint.stdout).toBe(0);
    expect(lint.stdout).toContain('没有发现问题');
  });

  it('a Word table (two-row header, 类别 merged down) imports to a checklist that lints clean', async () => {
    const { cwd, run } = repo();
    writeOfficeDocx(join(cwd, '政法委员督查清单.docx'));
    const r = await run(['checklist', 'import', '政法委员督查清单.docx', '--id', 'xiangzhen-test'], runner);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入清单 xiangzhen-test：2 个章节、4 个条目 → xiangzhen-test.yaml');
    expect(r.stderr).not.toMatch(/warning|error/);
    const data = load(join(cwd, 'xiangzhen-test.yaml'));
    expect(data.title).toBe('乡镇（街道）政法委员配备履职情况督查清单');
    expect(data.applies_to).toEqual(['township', 'county-party-committee', 'plac']);
    expect(data.sections.map((s: { title: string; items: unknown[] }) => [s.title, s.items.length])).toEqual([
      ['配备情况', 2],
      ['履职情况', 2],
    ]);
    const [one, , three] = items(data);
    expect(one!.basis).toEqual([{ source: 'tiaoli', article: 11, quote: '乡镇（街道）党组织配备政法委员' }]);
    expect(one!.check).toBe('乡镇（街道）是否按规定配备政法委员，有无空缺或长期由他人兼任？');
    expect(three!.methods).toMatchObject({ visit: '实地察看综治中心运行情况，随机走访两名来访群众。' });
    expect(three!.evidence.required).toEqual(['check', 'talk', 'visit']);
    const lint = await run(['lint', 'xiangzhen-test.yaml', '--max-warnings', '0'], runner);
    expect(lint.code, lint.stdout).toBe(0);
  });

  it('bad input: the place in the table, in Chinese, exit 2, no file', async () => {
    const { cwd, run } = repo();
    await writeOfficeWorkbook(join(cwd, 'empty-question.xlsx'), ({ rows }) => (rows[5]![2] = ''));
    const r = await run(['checklist', 'import', 'empty-question.xlsx', '-o', 'checklists/x-test.yaml'], runner);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /empty-question\.xlsx 第 1 张表（督查清单） 第 6 行 督查内容 列（C6） {2}error {4}schema {2}条目 XT-02 字段 "check" 不能为空/,
    );
    expect(r.stderr).toContain('表格中有 1 个错误，没有写入任何文件');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    nothingWritten(join(cwd, 'checklists'));
  });
});

describe('bad tables', () => {
  async function importOne(
    rows: Row[] | ((spec: { rows: Row[]; merges: string[] }) => void),
    args: string[] = ['-o', 'x-test.yaml'],
    json = false,
  ) {
    const { cwd, run } = repo();
    if (typeof rows === 'function') await writeOfficeWorkbook(join(cwd, 't.xlsx'), rows);
    else await writeWorkbook(join(cwd, 't.xlsx'), [{ name: 'Sheet1', rows }]);
    const r = await run(['checklist', 'import', 't.xlsx', ...args, ...(json ? ['--json'] : [])]);
    return { ...r, cwd };
  }

  it('a sheet with no recognisable header', async () => {
    const r = await importOne([
      ['单位', '时间', '人员'],
      ['某县委政法委', '2026-11-20', '张三'],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('t.xlsx 第 1 张表（Sheet1） 第 1 行  error    no-header  前 15 行中没有可识别的表头');
    expect(r.stderr).toContain('--mapping');
    nothingWritten(r.cwd);
  });

  it('a question merged across two items is an error; a basis merged across items is used for each, with a warning', async () => {
    const merged = await importOne(({ merges }) => merges.push('C5:C6'));
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain(
      't.xlsx 第 1 张表（督查清单） 第 5 行 督查内容 列（C5）  error    merged-across-items  「督查内容」列第 5 至 6 行合并成了一个单元格',
    );
    nothingWritten(merged.cwd);
    const basis = await importOne(({ merges }) => merges.push('E5:E6'));
    expect(basis.code, basis.stderr).toBe(0);
    expect(basis.stderr).toContain(
      '第 5 行 依据 列（E5）  warning  merged-across-items  「依据」列第 5 至 6 行是合并单元格，已把同一内容用于这几个条目',
    );
    const [one, two] = items(load(join(basis.cwd, 'x-test.yaml')));
    expect(two!.basis).toEqual(one!.basis);
  });

  it('articles written as 第十二条, 12条, Art. 12 and 《条例》第12条 are article 12', async () => {
    const r = await importOne(({ rows }) => {
      rows[4]![4] = '《条例》第12条';
      rows[5]![4] = '第十二条';
      rows[7]![4] = '12条';
      rows[8]![4] = 'Art. 12';
    });
    expect(r.code, r.stderr).toBe(0);
    expect(items(load(join(r.cwd, 'x-test.yaml'))).map((i) => i.basis)).toEqual(
      Array(4).fill([{ source: 'tiaoli', article: 12 }]),
    );
  });

  it('an article with no document named, when the checklist has two, is an error at its cell', async () => {
    const r = await importOne(({ rows }) => (rows[5]![4] = '第十二条'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 6 行 依据 列（E6）  error    basis-no-source  依据「第十二条」没有写明出自哪份文件');
  });

  it('an article of the Regulation outside the verified numbers is kept as written, with a warning; past its last article, an error', async () => {
    const kept = await importOne(({ rows }) => (rows[8]![4] = '《条例》第二十条'));
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain(
      '第 9 行 依据 列（E9）  warning  article-unverified  「第二十条」：《中国共产党政法工作条例》第 20 条不在已核实可引用的条号（1、2、3、4、11、12、14、15、16、17、32、33）之内',
    );
    expect(items(load(join(kept.cwd, 'x-test.yaml')))[3]!.basis).toEqual([{ source: 'tiaoli', article: 20 }]);
    const past = await importOne(({ rows }) => (rows[8]![4] = '《条例》第五十条'));
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/第 9 行 依据 列（E9） {2}error {4}article-range/);
  });

  it('formulas: the saved result is used, with one warning per column; a formula with no saved result is an error', async () => {
    const cached = await importOne(({ rows }) =>
      [4, 5, 7, 8].forEach((r, n) => (rows[r]![0] = { formula: `ROW()-${r - n}`, result: n + 1 })),
    );
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stderr).toContain(
      '第 5 行 序号 列（A5）  warning  formula  A5–A9 共 4 个单元格是公式（如 =ROW()-4），已使用 Excel 保存时的计算结果',
    );
    const missing = await importOne(({ rows }) => (rows[4]![6] = { formula: 'IF(B5="","","中")' }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      '第 5 行 问题等级 列（G5）  error    formula  单元格是公式 =IF(B5="","","中")，但文件中没有保存计算结果',
    );
    nothingWritten(missing.cwd);
  });

  it('values a checklist cannot hold are named at their cells', async () => {
    const r = await importOne(({ rows }) => {
      rows[4]![6] = '很高';
      rows[1]![0] = '适用单位：县委、居委会';
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 2 行 A 列（A2）  error    value  「居委会」不是可识别的单位类型');
    expect(r.stderr).toContain(
      '第 5 行 问题等级 列（G5）  error    value  问题等级「很高」无法识别：请写 高、中 或 低',
    );
  });

  it('--json: one document with the place of each problem', async () => {
    const r = await importOne(({ rows }) => (rows[5]![2] = ''), ['-o', 'x-test.yaml'], true);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, ok: false, data: { file: 't.xlsx', written: null } });
    expect(doc.problems).toContainEqual(
      expect.objectContaining({
        file: 't.xlsx',
        line: 6,
        column: 3,
        code: 'schema',
        severity: 'error',
        where: '第 1 张表（督查清单） 第 6 行 督查内容 列（C6）',
        sheet: 1,
        sheetName: '督查清单',
        header: '督查内容',
      }),
    );
  });

  it('the table is on the second sheet: its place says so; a sheet of instructions is skipped with a warning', async () => {
    const { cwd, run } = repo();
    const { rows, merges } = (await import('../helpers/office-tables.js')).officeRows();
    rows[8]![2] = '';
    await writeWorkbook(join(cwd, 't.xlsx'), [
      { name: '填表说明', rows: [['请按督查清单逐项填写']] },
      { name: '督查清单', rows, merges },
    ]);
    const r = await run(['checklist', 'import', 't.xlsx', '-o', 'x-test.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('t.xlsx 第 1 张表（填表说明） 第 1 行  warning  no-header');
    expect(r.stderr).toContain('t.xlsx 第 2 张表（督查清单） 第 9 行 督查内容 列（C9）  error');
  });

  it('a mapping file names the columns the guesser cannot', async () => {
    const { cwd, run } = repo();
    const rows: Row[] = [
      ['编号', '要点', '问询', '文件依据', '怎么查', '整改'],
      [
        'ZZ-01',
        '政法委员配备',
        '是否配备政法委员？',
        '《条例》第十一条',
        '查阅任职文件；与政法委员个别谈话。',
        '配齐政法委员，督查组谈话核实。',
      ],
    ];
    await writeWorkbook(join(cwd, 't.xlsx'), [{ name: 'Sheet1', rows }]);
    const without = await run(['checklist', 'import', 't.xlsx', '-o', 'z-test.yaml']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('no-header');
    writeFileSync(
      join(cwd, 'map.yaml'),
      'columns:\n  title: 要点\n  check: C\n  basis: 文件依据\n  methods: 5\n  rectification: 整改\nchecklist:\n  applies_to: [township]\n',
    );
    const mapped = await run(['checklist', 'import', 't.xlsx', '-o', 'z-test.yaml', '--mapping', 'map.yaml']);
    expect(mapped.code, mapped.stderr).toBe(0);
    const [item] = items(load(join(cwd, 'z-test.yaml')));
    expect(item).toMatchObject({
      id: 'ZZ-01',
      title: '政法委员配备',
      check: '是否配备政法委员？',
      basis: [{ source: 'tiaoli', article: 11 }],
      methods: { check: '查阅任职文件', talk: '与政法委员个别谈话。' },
    });
    writeFileSync(join(cwd, 'bad-map.yaml'), 'columns:\n  question: C\n');
    const bad = await run(['checklist', 'import', 't.xlsx', '-o', 'y-test.yaml', '--mapping', 'bad-map.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-map.yaml:2:3: "question" 不是可映射的字段');
  });

  it('a Word table: an empty question and a question merged down over two items, placed by table, row and column', async () => {
    const { cwd, run } = repo();
    writeOfficeDocx(join(cwd, 't.docx'), (rows) => {
      rows[3]![3] = { text: '' };
      rows[4]![3] = { text: '政法委员是否统筹综治中心工作？', vMerge: 'restart' };
      rows[5]![3] = { vMerge: 'continue' };
    });
    const r = await run(['checklist', 'import', 't.docx', '--id', 'w-test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      't.docx 第 1 张表 第 4 行 检查内容 列  error    schema  条目 WT-02 字段 "check" 不能为空',
    );
    expect(r.stderr).toContain('t.docx 第 1 张表 第 5 行 检查内容 列  error    merged-across-items');
    nothingWritten(cwd);
  });

  it('a GBK CSV is read as GBK, with a warning; a UTF-16 one is refused', async () => {
    const { cwd, run } = repo();
    const gbk = await run(['checklist', 'import', join(FIXTURES, 'tables', 'gbk.csv'), '-o', 'gbk-test.yaml']);
    expect(gbk.code, gbk.stderr).toBe(0);
    expect(gbk.stderr).toContain('warning  encoding  文件是 GBK/GB18030 编码');
    expect(items(load(join(cwd, 'gbk-test.yaml')))[0]).toMatchObject({
      title: '政法委员配备',
      basis: [{ source: 'tiaoli', article: 11 }],
    });
    const utf16 = await run(['checklist', 'import', join(FIXTURES, 'tables', 'utf16.csv'), '-o', 'u-test.yaml']);
    expect(utf16.code).toBe(2);
    expect(utf16.stderr).toContain('UTF-16');
    expect(existsSync(join(cwd, 'u-test.yaml'))).toBe(false);
  });

  it('old formats, damaged files and an existing output are refused; --force replaces', async () => {
    const { cwd, run } = repo();
    writeFileSync(join(cwd, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(join(cwd, 'renamed.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(join(cwd, 'broken.docx'), 'not a zip');
    expect((await run(['checklist', 'import', 'old.xls', '--id', 'a-b'])).stderr).toContain('另存为');
    expect((await run(['checklist', 'import', 'renamed.xlsx', '--id', 'a-b'])).stderr).toContain(
      '加密的或旧版 Office 格式',
    );
    expect((await run(['checklist', 'import', 'broken.docx', '--id', 'a-b'])).stderr).toContain(
      '不是有效的 .docx 文件',
    );
    writeOfficeDocx(join(cwd, 't.docx'));
    writeFileSync(join(cwd, 'a-b.yaml'), 'mine\n');
    const refused = await run(['checklist', 'import', 't.docx', '--id', 'a-b']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('文件 a-b.yaml 已存在，未覆盖');
    expect(readFileSync(join(cwd, 'a-b.yaml'), 'utf8')).toBe('mine\n');
    expect((await run(['checklist', 'import', 't.docx', '--id', 'a-b', '--force'])).code).toBe(0);
    expect(load(join(cwd, 'a-b.yaml')).id).toBe('a-b');
    const noId = await run(['checklist', 'import', 't.docx']);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('不知道清单编号');
  });
});
