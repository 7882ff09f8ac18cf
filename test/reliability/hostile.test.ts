// Hostile input: the checklist loader and linter never throw and place every problem inside the file, for
// any bytes; the CSV reader and import-records never crash; evidence file names cannot escape or smuggle
// control characters; templates cannot reach prototypes, helpers, partials or the file system. (Huge
// checklists: lint-work.test.ts counts the work, lint-memory.soak.ts measures the memory.)
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadChecklistBytes } from '../../src/checklist/load.js';
import { lintFiles } from '../../src/checklist/lint.js';
import type { Problem } from '../../src/checklist/problem.js';
import { parseCsv } from '../../src/inspect/bulk/csv.js';
import { ROOT, runBin, runMain, tempDir, type RunResult } from '../helpers/run.js';
import { SOAK, STACK, expectCleanRefusal, freshInspection, readFacts, requireBuild, type Fixture } from './support.js';
import { VALID, csvFile, csvish, lineCount, mutatedChecklist, yamlish } from './inputs.js';

const RUNS = SOAK ? 3_000 : 300;
// `npm test` tries the same inputs every run (a fixed seed); the soak a new seed each run. A failure prints
// fast-check's seed and path; DUCHA_FC_SEED=<seed> replays it.
const SEED = process.env.DUCHA_FC_SEED ? Number(process.env.DUCHA_FC_SEED) : SOAK ? undefined : 20261201;
const FC = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

beforeAll(requireBuild);

const CODES = new Set([
  'encoding',
  'yaml-syntax',
  'yaml-limits',
  'schema',
  'duplicate-id',
  'duplicate-checklist',
  'unknown-source',
  'article-range',
  'unknown-item',
  'condition-cycle',
  'evidence-method',
  'paperwork-only',
  'paper-rectification',
  'unused-source',
  'applies-to-scope',
  'unreadable',
]);

/** Every problem placed inside its file, with a known code and severity and a message. */
function expectPlaced(problems: readonly Problem[], lines: (file: string) => number): void {
  for (const p of problems) {
    const where = JSON.stringify(p);
    expect(
      Number.isInteger(p.line) && p.line >= 1 && p.line <= lines(p.file),
      `line outside 1..${lines(p.file)}: ${where}`,
    ).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1, `column < 1: ${where}`).toBe(true);
    expect(CODES.has(p.code), where).toBe(true);
    expect(['error', 'warning'], where).toContain(p.severity);
    expect(typeof p.message === 'string' && p.message.trim().length > 0, where).toBe(true);
  }
}

describe('checklist loader: never throws, every problem inside the file', () => {
  const holds = (bytes: Uint8Array) => {
    const loaded = loadChecklistBytes(bytes, 'fuzz.yaml');
    expect(loaded.file).toBe('fuzz.yaml');
    expectPlaced(loaded.problems, () => lineCount(bytes));
  };

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), holds), FC);
  });

  it('arbitrary unicode strings (UTF-8, with and without a BOM)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (text, bom) =>
        holds(Buffer.from((bom ? '\ufeff' : '') + text, 'utf8')),
      ),
      FC,
    );
  });

  it('YAML-shaped noise', () => {
    fc.assert(
      fc.property(yamlish, (text) => holds(Buffer.from(text, 'utf8'))),
      FC,
    );
  });

  it('mutated versions of valid checklists (line deletions, duplications, swaps, indentation, character changes)', () => {
    fc.assert(
      fc.property(mutatedChecklist, fc.constantFrom('\n', '\r\n'), (text, eol) =>
        holds(Buffer.from(text.replace(/\n/g, eol), 'utf8')),
      ),
      FC,
    );
  });
});

// Found by this suite: when js-yaml rejected a text that `yaml` accepts (a control character, an unknown tag
// such as `!:`), the error was placed at js-yaml's end-of-input mark, one line past the end of a file without
// a final newline; fixed in b3c939a. These inputs are always tried first.
it('a yaml-syntax problem is never placed past the last line (js-yaml end-of-input mark)', () => {
  const examples = ['\u0001', '!: ', 'a: 1\r\u0001', 'title: 标题\u0007'].map(
    (s) => [Buffer.from(s, 'utf8')] as [Uint8Array],
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
      expectPlaced(loadChecklistBytes(bytes, 'fuzz.yaml').problems, () => lineCount(bytes)),
    ),
    { ...FC, examples },
  );
});

describe('lintFiles: never throws, every problem inside its own file', () => {
  const dir = tempDir('ducha-fuzz-lint-');
  let n = 0;
  const holds = async (contents: Uint8Array[]) => {
    const files = contents.map((bytes) => {
      const absolute = join(dir, `f${n++}.yaml`);
      writeFileSync(absolute, bytes);
      return { absolute, shown: relative(dir, absolute), bytes };
    });
    const result = await lintFiles(files);
    const lines = new Map(files.map((f) => [f.shown, lineCount(f.bytes)]));
    expectPlaced(result.problems, (file) => lines.get(file) ?? 0);
    expect(result.errorCount + result.warningCount).toBe(result.problems.length);
  };
  const bytesOf = (s: string) => Buffer.from(s, 'utf8');
  const runs = { ...FC, numRuns: Math.ceil(RUNS / 3) };

  it('arbitrary bytes and unicode, alone and beside a valid checklist (cross-file duplicate ids)', async () => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ unit: 'binary', maxLength: 300 }).map(bytesOf),
      yamlish.map(bytesOf),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(content, { minLength: 1, maxLength: 3 }), fc.boolean(), (contents, withValid) =>
        holds(withValid ? [bytesOf(VALID[0]!), ...contents] : contents),
      ),
      runs,
    );
  });

  it('mutated valid checklists, beside the original (so duplicate-checklist is located in the mutant)', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedChecklist, (text) => holds([bytesOf(VALID[0]!), bytesOf(VALID[1]!), bytesOf(text)])),
      runs,
    );
  });
});

describe('CSV reader: never throws, every row and the unterminated quote inside the file', () => {
  const holds = (text: string) => {
    const { rows, unterminatedAt } = parseCsv(text);
    const lines = lineCount(text);
    let previous = 0;
    for (const row of rows) {
      expect(row.line, JSON.stringify({ text, row })).toBeGreaterThan(previous);
      expect(row.line, JSON.stringify({ text, row })).toBeLessThanOrEqual(lines);
      previous = row.line;
    }
    if (unterminatedAt !== undefined) {
      expect(unterminatedAt).toBeGreaterThanOrEqual(1);
      expect(unterminatedAt).toBeLessThanOrEqual(lines);
    }
  };
  it('arbitrary unicode strings', () =>
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), holds), FC));
  it('CSV-shaped noise (quotes, CR, LF, CRLF, commas)', () => fc.assert(fc.property(csvish, holds), FC));
});

describe('import-records on random CSV: exit 0 or 2, never a stack trace, all rows or none', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await freshInspection();
    writeFileSync(join(f.cwd, 'e.txt'), '证据');
  });

  const seen = { imported: 0, empty: 0, refused: 0 };
  const attempt = async (bytes: Buffer, skipBad: boolean, runner: typeof runMain, k: number): Promise<void> => {
    const file = join(f.cwd, `r${k}.csv`);
    writeFileSync(file, bytes);
    const before = readFacts(f.db).records.length;
    const r = await runner(['import-records', f.id, file, '--db', f.db, '--json', ...(skipBad ? ['--skip-bad'] : [])], {
      env: f.env,
      cwd: f.cwd,
    });
    const what = `${JSON.stringify(bytes.toString('utf8'))} skipBad=${skipBad}\n${r.stdout}${r.stderr}`;
    expect(r.stdout + r.stderr, what).not.toMatch(STACK);
    expect(r.stderr, what).not.toContain('内部错误');
    expect([0, 2], what).toContain(r.code);
    const doc = JSON.parse(r.stdout) as { ok: boolean; data: { imported: number } | null };
    expect(doc.ok, what).toBe(r.code === 0);
    // One transaction: a refused file writes nothing, an accepted one exactly what it reports.
    const written = readFacts(f.db).records.length - before;
    expect(written, `rows written: ${what}`).toBe(r.code === 0 ? doc.data!.imported : 0);
    seen[r.code !== 0 ? 'refused' : written > 0 ? 'imported' : 'empty']++;
  };

  it('in-process, through main()', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, fc.boolean(), (bytes, skipBad) => attempt(bytes, skipBad, runMain, k++)),
      { ...FC, numRuns: SOAK ? 1_000 : 100 },
    );
    console.info(`import-records fuzz: ${JSON.stringify(seen)}`);
    // Both paths were taken: rows written, and files refused.
    expect(seen.imported).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  }, 120_000);

  it('the spawned binary', async () => {
    let k = 10_000;
    await fc.assert(
      fc.asyncProperty(csvFile, fc.boolean(), (bytes, skipBad) => attempt(bytes, skipBad, runBin, k++)),
      { ...FC, numRuns: SOAK ? 200 : 10 },
    );
    expect((await runBin(['verify', '--db', f.db], { env: f.env, cwd: f.cwd })).code).toBe(0);
  }, 120_000);
});

/** Every file below `dir`, relative, for before/after comparisons. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('evidence file names are stored safely, and evidence get writes exactly where asked', () => {
  // Linux allows any byte but "/" and NUL in a name, up to 255 bytes.
  const NAMES: Array<[string, string]> = [
    ['C0 controls and an ANSI escape', 'a\u0001b\u001b[31mred\u0007.txt'],
    ['a line break', '第一行\n第二行.txt'],
    ['DEL', 'del\u007f.pdf'],
    ['backslashes (a Windows path as a name)', '..\\..\\Windows\\System32\\evil.txt'],
    ['a drive letter', 'C:\\Users\\王某某\\登记簿.jpg'],
    ['shell and wildcard characters', 'name:with*wild?chars"<>|.txt'],
    ['255 ASCII bytes', 'x'.repeat(251) + '.pdf'],
    ['a 200-character extension', 'n.' + 'e'.repeat(200)],
    ['60 astral characters (120 UTF-16 units)', '𠀀'.repeat(60) + '.doc'],
    ['only spaces', '   '],
    ['dots', '...'],
    ['a leading dash', '--help.txt'],
  ];
  let f: Fixture;
  let stored: Array<{ sha256: string; name: string; size: number }>;
  beforeAll(async () => {
    f = await freshInspection();
    const files = join(f.cwd, 'files', 'deep');
    mkdirSync(files, { recursive: true });
    NAMES.forEach(([, name], i) => writeFileSync(join(files, name), `证据 ${i}`));
    // Half given with "../" detours, half as absolute paths.
    const paths = NAMES.map(([, name], i) => (i % 2 ? join(files, name) : `files/deep/../../files/deep/${name}`));
    const r = await runBin(
      [
        'record',
        f.id,
        'WY-01',
        '--method',
        'check',
        '--note',
        '文件名测试',
        ...paths.flatMap((p) => ['--evidence', p]),
        '--db',
        f.db,
        '--json',
      ],
      { env: f.env, cwd: f.cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    stored = JSON.parse(r.stdout).data.evidence;
    expect(stored).toHaveLength(NAMES.length);
  });

  it('the stored name has no / or \\, no C0 control character or DEL, is not empty, "." or "..", and is at most 120 characters', () => {
    NAMES.forEach(([what], i) => {
      const name = stored[i]!.name;
      const shown = `${what}: ${JSON.stringify(name)}`;
      expect(name, shown).not.toMatch(/[/\\]/);
      // eslint-disable-next-line no-control-regex
      expect(name, shown).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(['', '.', '..'], shown).not.toContain(name);
      expect([...name].length, shown).toBeLessThanOrEqual(120);
      expect(stored[i]!.size, shown).toBe(Buffer.byteLength(`证据 ${i}`));
    });
    // Names that were safe already keep their readable part.
    expect(stored[NAMES.findIndex(([w]) => w === 'a drive letter')]!.name).toBe('登记簿.jpg');
    expect(stored[NAMES.findIndex(([w]) => w.startsWith('255'))]!.name).toMatch(/^x+\.pdf$/);
  });

  // Found by this suite: C1 controls (U+0085 NEL, U+009B the 8-bit CSI) passed through safeName; fixed in
  // b3c939a, which also drops bidirectional overrides (a name shown as "evilexe.txt" that is evil\u202etxt.exe).
  it('the stored name has no C1 control characters (U+0080–U+009F) and no bidirectional overrides', async () => {
    const names = ['c1\u0085next\u009b2Jline.txt', 'evil\u202etxt.exe', 'iso\u2066late\u2069.pdf'];
    names.forEach((name, i) => writeFileSync(join(f.cwd, name), `bidi ${i}`));
    const r = await runBin(
      [
        'record',
        f.id,
        'WY-01',
        '--method',
        'check',
        '--note',
        'C1',
        ...names.flatMap((n) => ['--evidence', n]),
        '--db',
        f.db,
        '--json',
      ],
      { env: f.env, cwd: f.cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    for (const e of JSON.parse(r.stdout).data.evidence as Array<{ name: string }>) {
      expect(e.name).not.toMatch(/\p{Cc}/u);
      expect(e.name).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(e.name.length).toBeGreaterThan(0);
    }
  });

  // A relative path with ../, an absolute path and a plain relative one through the spawned binary, the rest through main().
  it('evidence get -o writes the bytes to exactly the path asked for and nowhere else', async () => {
    const out = tempDir('ducha-out-');
    const cwd = join(out, 'work', 'here');
    mkdirSync(cwd, { recursive: true });
    const before = tree(out);
    const targets = stored.map((_, i) =>
      i % 3 === 0 ? `../got-${i}.bin` : i % 3 === 1 ? join(out, `abs-${i}.bin`) : `sub-${i}.bin`,
    );
    for (let i = 0; i < stored.length; i += 4) {
      const batch = stored
        .slice(i, i + 4)
        .map((e, j) =>
          (i + j < 3 ? runBin : runMain)(
            ['evidence', 'get', e.sha256.slice(0, 12), '-o', targets[i + j]!, '--db', f.db, '--json'],
            { env: f.env, cwd },
          ),
        );
      for (const [j, r] of (await Promise.all(batch)).entries()) {
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout).data.file).toBe(resolve(cwd, targets[i + j]!));
      }
    }
    stored.forEach((_, i) => expect(readFileSync(resolve(cwd, targets[i]!), 'utf8'), targets[i]).toBe(`证据 ${i}`));
    const added = tree(out).filter((p) => !before.includes(p));
    expect(added).toEqual(targets.map((t) => relative(out, resolve(cwd, t))).sort());
    // An existing file is not overwritten without --force.
    const again = await runBin(['evidence', 'get', stored[0]!.sha256, '-o', targets[0]!, '--db', f.db], {
      env: f.env,
      cwd,
    });
    expectCleanRefusal(again, 'evidence get onto an existing file', /已存在/);
  });
});

describe.concurrent('templates cannot reach prototypes, helpers, partials or the file system', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await freshInspection();
    for (const argv of [
      [
        'record',
        f.id,
        'WY-01',
        '--method',
        'talk',
        '--subject',
        '办公室主任',
        '--interviewee',
        '王某某',
        '--note',
        '政法委员未到岗',
      ],
      ['conclude', f.id, 'WY-01', '--result', 'noncompliant', '--note', '政法委员未到岗', '--reason', '测试'],
      ['problem', 'propose', f.id],
    ]) {
      const r = await runBin([...argv, '--db', f.db], { env: f.env, cwd: f.cwd });
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    }
  });

  const report = async (
    template: string,
    name: string,
    runner: typeof runBin = runBin,
  ): Promise<{ r: RunResult; out: string }> => {
    const dir = tempDir('ducha-tpl-');
    writeFileSync(join(dir, 'evil.md'), template);
    const out = join(dir, `${name}.md`);
    const r = await runner(
      ['report', f.id, '--kind', 'feedback', '--template', 'evil.md', '-o', out, '--db', f.db, '--date', '2026-11-27'],
      { env: f.env, cwd: dir },
    );
    return { r, out };
  };

  it('the shipped template, given as --template, renders (the refusals below are not a broken setup)', async () => {
    const { r, out } = await report(readFileSync(join(ROOT, 'templates', 'feedback.md'), 'utf8'), 'shipped');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('督查反馈意见');
  });

  // The five of the brief run as the spawned binary; the rest through main() in this process, the same code.
  const HOSTILE: Array<[string, string, 'spawned' | 'in-process']> = [
    ['constructor.constructor', '# {{inspection.unit}}\n{{constructor.constructor}}\n', 'spawned'],
    ['#with __proto__', '{{#with __proto__}}{{polluted}}{{/with}}', 'spawned'],
    ['lookup', '{{lookup this "constructor"}}', 'spawned'],
    ['a partial', '{{> partial}}', 'spawned'],
    ['a path out of the model', '{{../../../../etc/passwd}}', 'spawned'],
    [
      'a Function call through the constructor',
      '{{{constructor.constructor "return process.mainModule"}}}',
      'in-process',
    ],
    ['__proto__ as a segment', '{{inspection.__proto__.toString}}', 'in-process'],
    ['[__proto__] literal segment', '{{[__proto__]}}', 'in-process'],
    ['#each over constructor', '{{#each constructor}}{{this}}{{/each}}', 'in-process'],
    ['@root.constructor', '{{@root.constructor.name}}', 'in-process'],
    ['lookup in a subexpression', '{{#with (lookup this "constructor")}}{{name}}{{/with}}', 'in-process'],
    ['log', '{{log "x"}}', 'in-process'],
    ['a dynamic partial', '{{> (lookup . "x")}}', 'in-process'],
    ['a partial block', '{{#> layout}}x{{/layout}}', 'in-process'],
    ['an inline partial (decorator)', '{{#*inline "p"}}x{{/inline}}{{> p}}', 'in-process'],
    ['a path out of a block', '{{#each problems}}{{../../../etc/passwd}}{{/each}}', 'in-process'],
    ['__defineGetter__', '{{__defineGetter__}}', 'in-process'],
    ['hasOwnProperty on the model', '{{inspection.hasOwnProperty}}', 'in-process'],
    ['unclosed block', '{{#if inspection.unit}}no end', 'in-process'],
    // Found by issue 12: deep nesting passed the lint and then exhausted the stack or hung the parser.
    ['blocks nested 25 deep', '{{#each @root.problems}}'.repeat(25) + 'x' + '{{/each}}'.repeat(25), 'spawned'],
  ];

  for (const [what, template, how] of HOSTILE) {
    it(`${what} (${how}): exit 2, a message, no output file`, async () => {
      const { r, out } = await report(template, 'out', how === 'spawned' ? runBin : runMain);
      expectCleanRefusal(r, what);
      expect(existsSync(out), `${what}: a report was written`).toBe(false);
      expect(r.stdout + r.stderr).not.toMatch(/root:x:0:0|function Object|\[native code\]/);
    });
  }
});
