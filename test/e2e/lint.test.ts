// `ducha lint` end to end: one table of cases, run in-process through main() and as the spawned binary.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, FIXTURES, RUNNERS, cleanEnv, tempDir } from '../helpers/run.js';

const F = (p: string) => join('test', 'fixtures', 'checklists', p);

interface Case {
  name: string;
  argv: string[];
  code: number;
  check?: (out: { stdout: string; stderr: string }) => void;
}

const json = (stdout: string) =>
  JSON.parse(stdout) as {
    schemaVersion: number;
    ok: boolean;
    data: { files: Array<{ file: string }> };
    problems: Array<{ code: string; file: string; line: number; column: number }>;
  };

const cases: Case[] = [
  {
    name: 'clean files exit 0',
    argv: ['lint', F('valid')],
    code: 0,
    check: ({ stdout }) => expect(stdout).toContain('没有发现问题'),
  },
  {
    name: 'a folder with one broken and two good files lints all three, exit 1',
    argv: ['lint', F('mixed'), '--format', 'json'],
    code: 1,
    check: ({ stdout }) => {
      const doc = json(stdout);
      expect(doc.data.files.map((f) => f.file)).toEqual([
        F('mixed/broken.yaml'),
        F('mixed/good-1.yaml'),
        F('mixed/good-2.yaml'),
      ]);
      expect(doc.problems.map((p) => p.code)).toEqual(['yaml-syntax']);
    },
  },
  {
    name: 'stylish prints file:line:col',
    argv: ['lint', F('invalid/duplicate-id.yaml')],
    code: 1,
    check: ({ stdout }) =>
      expect(stdout).toMatch(/duplicate-id\.yaml:23:13 {2}error {4}duplicate-id {2}条目编号 "WY-01" 已在第 13 行使用/),
  },
  {
    name: 'json envelope, ok false',
    argv: ['lint', F('invalid/article-range.yaml'), '--format', 'json'],
    code: 1,
    check: ({ stdout, stderr }) => {
      const doc = json(stdout);
      expect(doc.schemaVersion).toBe(1);
      expect(doc.ok).toBe(false);
      expect(doc.problems[0]).toMatchObject({ code: 'article-range', line: 19, column: 22, severity: 'error' });
      expect(stderr).toBe('');
    },
  },
  {
    name: '--json is the json format',
    argv: ['lint', F('valid'), '--json'],
    code: 0,
    check: ({ stdout }) => expect(json(stdout).ok).toBe(true),
  },
  {
    name: 'github workflow commands',
    argv: ['lint', F('invalid/unknown-item.yaml'), '--format', 'github'],
    code: 1,
    check: ({ stdout }) =>
      expect(stdout).toContain(`::error file=${F('invalid/unknown-item.yaml')},line=32,col=22,title=unknown-item::`),
  },
  {
    name: 'junit',
    argv: ['lint', F('invalid/unused-source.yaml'), F('valid/full.yaml'), '--format', 'junit'],
    code: 0,
    check: ({ stdout }) => {
      expect(stdout).toContain('<testsuites name="ducha lint" tests="2" failures="1" errors="0">');
      expect(stdout).toContain('<failure type="warning"');
    },
  },
  { name: 'warnings only exit 0', argv: ['lint', F('invalid/paperwork-only.yaml')], code: 0 },
  {
    name: '--max-warnings 0 turns a warning into exit 1',
    argv: ['lint', F('invalid/paperwork-only.yaml'), '--max-warnings', '0'],
    code: 1,
  },
  {
    name: '--max-warnings 1 allows one',
    argv: ['lint', F('invalid/paperwork-only.yaml'), '--max-warnings', '1'],
    code: 0,
  },
  {
    name: 'a GBK file: encoding error saying how to convert',
    argv: ['lint', F('invalid/encoding-gbk.yaml')],
    code: 1,
    check: ({ stdout }) =>
      expect(stdout).toMatch(/encoding-gbk\.yaml:4:8 {2}error {4}encoding {2}.*GBK.*iconv -f GBK -t UTF-8/),
  },
  { name: 'a BOM + CRLF file is clean', argv: ['lint', F('valid/bom-crlf.yaml')], code: 0 },
  {
    name: 'a glob',
    argv: ['lint', 'test/fixtures/checklists/valid/*.yaml', '--json'],
    code: 0,
    check: ({ stdout }) => expect(json(stdout).data.files).toHaveLength(4),
  },
  {
    name: 'a path that does not exist: exit 2, message and hint, no stack',
    argv: ['lint', 'no/such/dir'],
    code: 2,
    check: ({ stdout, stderr }) => {
      expect(stdout).toBe('');
      expect(stderr).toContain('错误：路径不存在：no/such/dir');
      expect(stderr).toContain('提示：');
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  },
  {
    name: 'a missing path with --format json still prints one document',
    argv: ['lint', 'nope.yaml', '--format', 'json'],
    code: 2,
    check: ({ stdout }) =>
      expect(json(stdout)).toMatchObject({ ok: false, problems: [{ code: 'input', severity: 'error' }] }),
  },
  {
    name: 'an unknown format is a usage error',
    argv: ['lint', F('valid'), '--format', 'xml'],
    code: 2,
    check: ({ stderr }) => expect(stderr).toContain('stylish, json, github, junit'),
  },
  { name: 'a bad --max-warnings is a usage error', argv: ['lint', F('valid'), '--max-warnings', 'many'], code: 2 },
  {
    name: 'English on request',
    argv: ['--lang', 'en', 'lint', 'nope.yaml'],
    code: 2,
    check: ({ stderr }) => expect(stderr).toContain('error: no such path: nope.yaml'),
  },
  {
    name: 'no path: the built-in checklists',
    argv: ['lint', '--json'],
    code: 0,
    check: ({ stdout }) => expect(json(stdout).data.files.length).toBeGreaterThanOrEqual(5),
  },
];

for (const [runnerName, run] of RUNNERS) {
  describe(`lint (${runnerName})`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const result = await run(c.argv);
        expect(result.code, result.stderr + result.stdout).toBe(c.code);
        c.check?.(result);
      });
    }
  });
}

describe('lint edge cases (spawned)', () => {
  const run = RUNNERS[1]![1];
  it('DUCHA_LANG=en switches the language', async () => {
    const r = await run(['lint', 'nope.yaml'], { env: cleanEnv({ DUCHA_LANG: 'en' }) });
    expect(r.stderr).toContain('no such path');
  });
  // Root reads a file whatever its mode, so this case can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)(
    'an unreadable file in a folder: the others are still linted, exit 2',
    async () => {
      const dir = tempDir();
      copyFileSync(join(FIXTURES, 'checklists/valid/minimal.yaml'), join(dir, 'a.yaml'));
      writeFileSync(join(dir, 'b.yaml'), 'x');
      chmodSync(join(dir, 'b.yaml'), 0);
      const r = await run(['lint', dir, '--json']);
      expect(r.code).toBe(2);
      expect(json(r.stdout).problems[0]!.code).toBe('unreadable');
    },
  );
  it('the user checklist folder is linted when no path is given', async () => {
    const env = cleanEnv();
    mkdirSync(join(env.DUCHA_DATA_DIR!, 'checklists'), { recursive: true });
    copyFileSync(
      join(FIXTURES, 'checklists/invalid/unknown-item.yaml'),
      join(env.DUCHA_DATA_DIR!, 'checklists', 'mine.yaml'),
    );
    const r = await run(['lint', '--json'], { env });
    expect(r.code).toBe(1);
    expect(json(r.stdout).problems.some((p) => p.code === 'unknown-item' && p.file.endsWith('mine.yaml'))).toBe(true);
  });
  it('a large run (worker threads) reports exactly what the in-process run reports', async () => {
    const dir = tempDir();
    const base = readFileSync(join(FIXTURES, 'checklists/valid/minimal.yaml'), 'utf8');
    for (let i = 0; i < 80; i++)
      writeFileSync(join(dir, `c${String(i).padStart(2, '0')}.yaml`), base.replace('fixture-minimal', `gen-${i}`));
    writeFileSync(join(dir, 'c90.yaml'), base.replace('fixture-minimal', 'gen-3')); // duplicate id, across workers
    copyFileSync(join(FIXTURES, 'checklists/invalid/unknown-item.yaml'), join(dir, 'c91.yaml'));
    const spawned = await run(['lint', dir, '--json'], { cwd: dir });
    const inProcess = await RUNNERS[0]![1](['lint', dir, '--json'], { cwd: dir });
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toBe(inProcess.stdout);
    expect(json(spawned.stdout).problems.map((p) => `${p.file}:${p.code}`)).toEqual([
      'c90.yaml:duplicate-checklist',
      'c91.yaml:unknown-item',
    ]);
  });
  it('NO_COLOR and FORCE_COLOR are honoured', async () => {
    const coloured = await run(['lint', F('invalid/duplicate-id.yaml')], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await run(['lint', F('invalid/duplicate-id.yaml')], {
      env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }),
    });
    expect(plain.stdout).not.toContain('\u001b[');
  });
  it('a reader that stops early (`ducha lint | head -1`) ends the run quietly, without a stack trace', async () => {
    const dir = tempDir();
    const base = readFileSync(join(FIXTURES, 'checklists/invalid/unknown-item.yaml'), 'utf8');
    const file = join(dir, 'many.yaml');
    writeFileSync(file, base);
    const items = base.slice(base.indexOf('    items:\n') + '    items:\n'.length);
    const head = base.slice(0, base.indexOf('    items:\n') + '    items:\n'.length);
    // The same broken items many times over: over a megabyte of problems to print.
    writeFileSync(
      file,
      head + Array.from({ length: 3000 }, (_, i) => items.replace(/id: (\S+)/g, `id: $1${i}`)).join(''),
    );
    const child = spawn(process.execPath, [BIN, 'lint', file], {
      cwd: dir,
      env: cleanEnv() as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toContain('many.yaml:');
    expect(stderr).not.toMatch(/EPIPE|at .*\(|node:/);
    expect([0, 1]).toContain(code);
  });
});
