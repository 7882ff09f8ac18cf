// The argument fuzz: every command of the real commander program (walked, not listed by hand), with random
// and hostile values for its options and arguments — huge and negative numbers, empty strings, control
// characters, unicode, impossible dates, paths to folders, pipes, devices, the database itself and its -wal,
// `--` tricks, unknown options — run in-process without a terminal. Whatever comes in, the exit code is 0, 1, 2
// or 130, stderr carries no stack trace, and with --json stdout is exactly one JSON document.
//
// Safety of the machine: every path it can produce lies inside its temporary folder (the working folder is
// two levels down, so "../.." stays inside), the data folder and HOME are temporary, and plain text values
// hold no absolute path. FIFOs and /dev/zero are given to every input too — --db, outputs, --evidence, and the
// input files of lint, import, team trust, import-records, upgrade and --template — all of which refuse them
// (DUCHA_FUZZ_DEVICES=0 leaves them out of the inputs, to tell a device problem from another).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir, type RunResult } from '../helpers/run.js';
import { createContext, wantsJson } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/program.js';
import { loadLang } from '../../src/i18n/index.js';
import { SOAK } from './support.js';

const RUNS = Number(process.env.DUCHA_FUZZ_RUNS ?? (SOAK ? 3000 : 400));
const SEED = Number(process.env.DUCHA_FC_SEED ?? 20261120);
const DEVICES_AS_INPUT = process.env.DUCHA_FUZZ_DEVICES !== '0';
const STACK = /\n\s+at .+[:(]\d+/;

const root = tempDir('ducha-fuzz-');
const cwd = join(root, 'w', 'x');
mkdirSync(join(cwd, 'sub'), { recursive: true });
mkdirSync(join(cwd, 'dir'));
const env: Record<string, string | undefined> = {
  PATH: process.env.PATH,
  HOME: join(root, 'home'),
  DUCHA_DATA_DIR: join(root, 'data'),
  LANG: 'C.UTF-8',
  DUCHA_ACTOR: '测试员',
};
const homeDir = env.HOME!;
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function special(kind: 'fifo' | 'char', name: string): string[] {
  try {
    if (kind === 'fifo') execFileSync('mkfifo', [join(cwd, name)]);
    else execFileSync('mknod', [join(cwd, name), 'c', '1', '5'], { stdio: 'ignore' }); // the zero device's numbers
    return [name];
  } catch {
    return [];
  }
}
const FIFO = special('fifo', 'pipe');
const DEVICE = special('char', 'zero');

interface Fixture {
  inspection: string;
  other: string;
  problem: string;
  evidence: string;
  conflict: string;
}
let fx: Fixture;

/** Values that make sense for an option or argument, by its name; every value is also given hostile ones. */
const GOOD: Record<string, () => string[]> = {
  inspection: () => [fx.inspection, fx.other, fx.inspection.slice(0, 4)],
  problem: () => [fx.problem, `${fx.inspection}/${fx.problem}`],
  hash: () => [fx.evidence.slice(0, 8), fx.evidence],
  conflict: () => [fx.conflict],
  item: () => ['QS-01', 'QS-02', 'QS-03', 'qingshi-baogao:QS-01', 'A'],
  method: () => ['listen', 'check', 'talk', 'visit', '谈'],
  result: () => ['compliant', 'partial', 'noncompliant', 'not-applicable'],
  kind: () => ['feedback', 'notice', 'ledger', 'compare', 'summary'],
  format: () => ['md', 'docx', 'xlsx', 'csv', 'json', 'github', 'junit', 'stylish'],
  status: () => ['rectifying', 'closure-requested', 'returned', 'reopened', 'open', 'closed'],
  severity: () => ['high', 'medium', 'low'],
  type: () => ['deadline', 'immediate', 'ongoing'],
  'unit-kind': () => ['plac', 'township', 'court'],
  lang: () => ['zh', 'en'],
  checklist: () => ['qingshi-baogao', 'zhengfa-weiyuan'],
  'checklist-file': () => ['checklist.yaml', 'bad.yaml'],
  take: () => ['1', '2', 'partial', 'noncompliant'],
  'max-warnings': () => ['0', '3'],
  'due-within': () => ['7d', '2w', '30', '3650'],
  date: () => ['2026-11-20', '2026年12月1日', '2027/1/31', '2099-12-31'],
  key: () => ['name', 'report.office', 'report.planDays', 'report.rectifyDays', 'evidence.maxMB'],
  value: () => ['张三', '15', '60', '200', '某市委政法委督查组'],
  input: () => ['records.csv', 'records.yaml', 'checklist.yaml', 'bundle.ducha', 'key.txt', 'template.md', 'photo.jpg'],
  folder: () => ['checklists-here', 'dir'],
  output: () => ['out.md', 'out.docx', 'out.xlsx', 'out.csv', 'out.ducha', 'copy.db', 'sub/out.md'],
  db: () => ['ducha.db'],
  text: () => ['张三', '某县委政法委', '已整改', '请示报告登记簿'],
};
GOOD.start = GOOD.date!;
GOOD.deadline = GOOD.date!;
GOOD.since = GOOD.date!;
GOOD['remove-item'] = GOOD.item!;
GOOD.section = () => ['A', 'B'];
GOOD.evidence = () => ['photo.jpg', 'records.csv'];
GOOD.template = () => ['template.md'];
GOOD.checklists = GOOD.folder!;

const HOSTILE = [
  '',
  ' ',
  '-',
  '--',
  '-h',
  '--json',
  '--unknown',
  '\u001b[31m红\u001b[0m',
  '\u001b]8;;http://x\u0007链接\u001b]8;;\u0007',
  'a\rb\bc\u0007',
  '\u202eevil',
  '\u0085\u009b2J',
  '督查',
  '𠀀😀',
  'x'.repeat(5000),
  '0',
  '-1',
  '99999999999999999999',
  '99999999999999999999d',
  '1e308',
  'NaN',
  '3.5',
  '0x10',
  '2026-02-30',
  '0000-01-01',
  '2026-13-01',
  '../x',
  '../../y',
  'con',
  '%0A::error::x',
  '\n::error file=a::forged',
  '=HYPERLINK("http://x","y")',
  '{{constructor}}',
  '__proto__',
  'abcdef',
];
/** Paths, for options and arguments that name files: all inside the temporary folder, or refused devices. */
const BAD_PATHS: Record<string, () => string[]> = {
  input: () => [
    'bad.csv',
    'bad.yaml',
    'broken.ducha',
    'empty',
    'dir',
    'sub',
    'nonexistent',
    'no/such/dir/x',
    'ducha.db',
    'ducha.db-wal',
    '/proc/self/status',
    'x'.repeat(300),
    'x\u001b[31m.yaml',
    '-',
    '',
    ...(DEVICES_AS_INPUT ? [...FIFO, ...DEVICE, '/dev/zero'] : []),
  ],
  evidence: () => [...BAD_PATHS.input!(), ...FIFO, ...DEVICE, '/dev/zero'],
  output: () => [
    'nosuch/out.md',
    'ducha.db',
    'ducha.db-wal',
    'ducha.db-shm',
    'ducha.db-journal',
    'dir',
    'sub',
    'existing.md',
    'x'.repeat(300),
    'x\u001b[31m.md',
    '',
    '.',
    ...FIFO,
    ...DEVICE,
  ],
  db: () => ['missing.db', 'no/such/x.db', 'dir', 'empty.db', 'notdb.txt', '', ...FIFO, ...DEVICE, '/dev/zero'],
  folder: () => ['sub', 'nonexistent', 'empty', ''],
};
BAD_PATHS.template = BAD_PATHS.input;
BAD_PATHS['checklist-file'] = BAD_PATHS.input;
BAD_PATHS.checklists = BAD_PATHS.folder;

/** The pool for a name: mostly good values (so that runs reach the commands' work), else hostile ones. */
function values(name: string): fc.Arbitrary<string> {
  const good = (GOOD[name] ?? GOOD.text!)();
  const paths = BAD_PATHS[name]?.() ?? [];
  // Plain-text values never hold an absolute path; path-like names get only the paths above.
  const bad = paths.length ? paths : HOSTILE;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...good) },
    { weight: 2, arbitrary: fc.constantFrom(...bad) },
  );
}

/** Names of options whose value is a path, or is chosen from a list (the rest get text). */
const OPTION_NAME: Record<string, string> = {
  'feedback-date': 'date',
  output: 'output',
  db: 'db',
  evidence: 'evidence',
  template: 'template',
  checklists: 'checklists',
  'unit-kind': 'unit-kind',
};
const ARGUMENT_NAME: Record<string, string> = {
  inspection: 'inspection',
  inspections: 'inspection',
  old: 'inspection',
  new: 'inspection',
  problem: 'problem',
  problems: 'problem',
  hash: 'hash',
  id: 'conflict',
  item: 'item',
  file: 'input',
  files: 'input',
  paths: 'input',
  key: 'key',
  value: 'value',
};

interface Shape {
  path: string[];
  options: Array<{ flag: string; name: string; takesValue: boolean; mandatory: boolean }>;
  args: Array<{ name: string; required: boolean; variadic: boolean }>;
}

/** Every leaf command of the real program, with the options and arguments it declares. */
function shapes(program: Command): Shape[] {
  const out: Shape[] = [];
  const walk = (cmd: Command, path: string[]) => {
    const subs = cmd.commands.filter((c) => c.name() !== 'help');
    if (path.length > 0 && (subs.length === 0 || cmd.registeredArguments.length > 0)) {
      out.push({
        path,
        options: cmd.options
          .filter((o) => o.long && o.long !== '--help' && o.long !== '--version')
          .map((o) => optionShape(o, path)),
        args: cmd.registeredArguments.map((a) => ({
          name: path[0] === 'backup' ? 'output' : (ARGUMENT_NAME[a.name()] ?? a.name()),
          required: a.required,
          variadic: a.variadic,
        })),
      });
    }
    for (const sub of subs) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

function optionShape(o: Command['options'][number], path: string[]): Shape['options'][number] {
  const long = o.long!.replace(/^--/, '');
  const name = long === 'checklist' && path[1] === 'upgrade' ? 'checklist-file' : (OPTION_NAME[long] ?? long);
  return { flag: o.long!, name, takesValue: o.required || o.optional, mandatory: o.mandatory };
}

let SHAPES: Shape[] = [];
let GLOBALS: Shape['options'] = [];

function argvFor(shape: Shape): fc.Arbitrary<string[]> {
  const option = (o: Shape['options'][number]) =>
    o.takesValue
      ? fc.oneof(
          { weight: 4, arbitrary: values(o.name).map((v) => [o.flag, v]) },
          { weight: 1, arbitrary: values(o.name).map((v) => [`${o.flag}=${v}`]) },
        )
      : fc.constant([o.flag]);
  const args = fc.tuple(
    ...shape.args.map((a) =>
      a.variadic
        ? fc.array(values(a.name), { minLength: a.required ? 1 : 0, maxLength: 3 })
        : a.required
          ? fc.oneof(
              { weight: 12, arbitrary: values(a.name).map((v) => [v]) },
              { weight: 1, arbitrary: fc.constant([] as string[]) },
            )
          : fc.option(
              values(a.name).map((v) => [v]),
              { nil: [] as string[] },
            ),
    ),
  );
  const mandatory = shape.options.filter((o) => o.mandatory);
  const optional = [...shape.options.filter((o) => !o.mandatory), ...GLOBALS];
  const opts = fc
    .tuple(
      fc.subarray(optional, { maxLength: Math.min(4, optional.length) }),
      fc.subarray(mandatory, { minLength: mandatory.length, maxLength: mandatory.length }),
      fc.nat(20),
    )
    .map(([some, needed, drop]) => (drop === 0 ? [...some, ...needed.slice(1)] : [...some, ...needed]))
    .chain((chosen) => fc.tuple(...chosen.map(option)));
  const extra = fc.oneof(
    { weight: 5, arbitrary: fc.constant([] as string[]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.constantFrom('--json', '--lang', 'en', '--', '-x', '--nope', '--db', '--actor', '', '-', '--json=1', '-h'),
        { minLength: 1, maxLength: 2 },
      ),
    },
  );
  return fc.tuple(args, opts, extra, fc.boolean(), fc.nat(9)).chain(([a, o, e, jsonFirst, order]) => {
    const words = [...a, ...o];
    // Options before or after the arguments, as people type them.
    const rest = (order % 2 ? words : [...o, ...a]).flat();
    const argv = [...shape.path, ...(jsonFirst ? ['--json'] : []), ...rest, ...e];
    // Most runs use the fixture database, so that commands get past opening it.
    return fc.constant(order < 8 && !argv.includes('--db') ? ['--db', 'ducha.db', ...argv] : argv);
  });
}

/** DUCHA_FUZZ_STATS=1 prints how the runs ended, per command (to see the fuzz reaches the commands' work). */
const stats = new Map<string, number>();
afterAll(() => {
  if (process.env.DUCHA_FUZZ_STATS)
    console.log(
      [...stats.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join('\n'),
    );
});

function check(argv: string[], r: RunResult): void {
  const words = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '--db');
  const command =
    SHAPES.map((sh) => sh.path.join(' '))
      .filter((p) => words.join(' ').startsWith(p))
      .sort((a, b) => b.length - a.length)[0] ?? '?';
  const key = `${command} → ${r.code}`;
  stats.set(key, (stats.get(key) ?? 0) + 1);
  const what = `ducha ${JSON.stringify(argv).slice(0, 400)}\nexit ${r.code}\nstdout: ${r.stdout.slice(0, 300)}\nstderr: ${r.stderr.slice(0, 600)}`;
  expect([0, 1, 2, 130], what).toContain(r.code);
  expect(r.stderr, what).not.toMatch(STACK);
  expect(r.stderr, what).not.toMatch(/内部错误|internal error/i);
  // A command that opens the database read-only must not try to write it.
  expect(r.stderr, what).not.toMatch(/readonly database/);
  const help =
    argv.some((a, i) => ['-h', '--help', '-V', '--version'].includes(a) && !argv.slice(0, i).includes('--')) ||
    argv.includes('help');
  if (wantsJson(argv) && !help) {
    let doc: { schemaVersion?: number } | undefined;
    expect(() => (doc = JSON.parse(r.stdout)), `${what}\n--json: stdout is not one JSON document`).not.toThrow();
    // lint --format json and schema print documents of their own; every other is the envelope.
    if (argv[0] !== 'schema' && !argv.includes('schema')) expect(doc?.schemaVersion, what).toBe(1);
  }
}

const run = (argv: string[]) => runMain(argv, { env, cwd });

beforeAll(async () => {
  await loadLang('zh');
  const program = buildProgram(
    createContext({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env, cwd }, []),
  );
  SHAPES = shapes(program);
  GLOBALS = program.options
    .filter((o) => o.long && !['--help', '--version'].includes(o.long))
    .map((o) => optionShape(o, []));

  // The fixture: two inspections, records with evidence, a problem, a conflict from a second laptop.
  const ok = async (argv: string[], e = env) => {
    const r = await runMain(argv, { env: e, cwd });
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  writeFileSync(join(cwd, 'photo.jpg'), 'jpeg bytes');
  const inspection = await ok([
    '--db',
    'ducha.db',
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
  ]);
  const other = await ok([
    '--db',
    'ducha.db',
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
    '--start',
    '2027-05-20',
  ]);
  const recorded = JSON.parse(
    await ok([
      '--db',
      'ducha.db',
      'record',
      inspection,
      'QS-01',
      '--method',
      'check',
      '--note',
      '登记簿',
      '--evidence',
      'photo.jpg',
      '--json',
    ]),
  );
  // A second laptop concludes an item otherwise, unaware of this one's conclusion: a conflict on import.
  const second = { ...env, DUCHA_ACTOR: '李四' };
  await ok(['--db', 'ducha.db', 'export', inspection, '-o', 'seed.ducha']);
  await ok([
    '--db',
    'ducha.db',
    'conclude',
    inspection,
    'QS-02',
    '--result',
    'noncompliant',
    '--note',
    '一文多事',
    '--reason',
    '测试',
  ]);
  const problem = JSON.parse(
    await ok([
      '--db',
      'ducha.db',
      'problem',
      'add',
      inspection,
      '--item',
      'QS-02',
      '--description',
      '一文多事',
      '--json',
    ]),
  ).data.id as string;
  await ok(['--db', 'laptop2.db', 'import', 'seed.ducha', '--trust'], second);
  await ok(
    [
      '--db',
      'laptop2.db',
      'conclude',
      inspection,
      'QS-02',
      '--result',
      'partial',
      '--note',
      '基本符合',
      '--reason',
      '测试',
    ],
    second,
  );
  await ok(['--db', 'laptop2.db', 'export', inspection, '-o', 'bundle.ducha'], second);
  await ok(['--db', 'ducha.db', 'import', 'bundle.ducha', '--trust']);
  const conflict = (
    JSON.parse(await ok(['--db', 'ducha.db', 'conflicts', 'list', '--json'])).data as Array<{ id: string }>
  )[0]!.id;
  writeFileSync(join(cwd, 'key.txt'), await ok(['--db', 'laptop2.db', 'team', 'key'], second));
  fx = { inspection, other, problem, evidence: recorded.data.evidence[0].sha256, conflict };

  writeFileSync(join(cwd, 'records.csv'), 'item,method,note\nQS-01,check,抽查\nQS-03,talk,谈话\n');
  writeFileSync(join(cwd, 'bad.csv'), 'item,method,note\nNOPE,fly,\n"unterminated\n');
  writeFileSync(join(cwd, 'records.yaml'), '- {item: QS-01, method: visit, note: 走访}\n');
  copyFileSync(join(ROOT, 'checklists', 'qingshi-baogao.yaml'), join(cwd, 'checklist.yaml'));
  writeFileSync(join(cwd, 'bad.yaml'), 'format: ducha-checklist/1\nid: [unclosed\n');
  writeFileSync(join(cwd, 'broken.ducha'), readFileSync(join(cwd, 'bundle.ducha')).subarray(0, 300));
  writeFileSync(join(cwd, 'template.md'), '# {{inspection.title}}\n{{#each problems}}- {{description}}\n{{/each}}');
  writeFileSync(join(cwd, 'empty'), '');
  writeFileSync(join(cwd, 'empty.db'), '');
  writeFileSync(join(cwd, 'notdb.txt'), '这不是数据库');
  writeFileSync(join(cwd, 'existing.md'), '已有的文件');
  mkdirSync(join(cwd, 'checklists-here'));
  copyFileSync(join(ROOT, 'checklists', 'zhengfa-weiyuan.yaml'), join(cwd, 'checklists-here', 'zw.yaml'));
}, 120_000);

describe('every command, random and hostile arguments', () => {
  it('the program has the commands this test knows how to feed', () => {
    const names = SHAPES.map((s) => s.path.join(' '));
    for (const expected of [
      'inspection new',
      'record',
      'report',
      'import',
      'lint',
      'backup',
      'evidence get',
      'config set',
    ])
      expect(names).toContain(expected);
    // A new option or argument gets plain text values unless it is named above: say so when one appears.
    const notPaths = new Set(['--allow-outside-evidence', '--feedback-date']); // they only look like paths
    const unknownPaths = SHAPES.flatMap((s) =>
      s.options
        .filter((o) => /out|file|path|dir|db/.test(o.flag) && !BAD_PATHS[o.name] && !notPaths.has(o.flag))
        .map((o) => `${s.path.join(' ')} ${o.flag}`),
    );
    expect(
      unknownPaths,
      'options that look like paths but would get plain-text values: name them in OPTION_NAME',
    ).toEqual([]);
  });

  it(`${RUNS} runs (seed ${SEED}): exit 0, 1, 2 or 130; no stack trace; --json is one document`, async () => {
    const arbitrary = fc.constantFrom(...SHAPES).chain(argvFor);
    await fc.assert(
      fc.asyncProperty(arbitrary, async (argv) => {
        check(argv, await run(argv));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 240_000);

  it('every command once with no arguments at all, and with --json', async () => {
    for (const shape of SHAPES) {
      for (const argv of [[...shape.path], [...shape.path, '--json'], ['--db', 'ducha.db', ...shape.path, '--json']])
        check(argv, await run(argv));
    }
  }, 120_000);

  it('the fixture database is still whole', async () => {
    const r = await run(['--db', 'ducha.db', 'verify']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(homeDir.startsWith(root)).toBe(true);
  });
});
