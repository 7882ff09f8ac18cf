// import-records takes evidence only from the records file's folder: absolute paths, `..` escapes and links
// pointing out are refused with line and column unless --allow-outside-evidence; it says how many files and
// megabytes it will store before storing them; a one-character interviewee is refused at its cell.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runMain, RUNNERS, type Runner } from '../helpers/run.js';
import { importRecords } from '../../src/inspect/bulk/import-records.js';
import { allItems, inspectionSnapshots } from '../../src/inspect/items.js';
import { newInspection, tempStore } from '../helpers/store.js';

// Every temporary folder of this file (the helpers' too) lives under one root, removed at the end.
const root = mkdtempSync(join(tmpdir(), 'ducha-evidence-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = root;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});

/** A laptop with one inspection, and a colleague's folder of records and evidence inside a working folder. */
async function setup(runner: Runner = runMain) {
  const cwd = mkdtempSync(join(root, 'laptop-'));
  const env = cleanEnv({ DUCHA_ACTOR: '张三' });
  const db = join(cwd, 'ducha.db');
  const run = (args: string[]) => runner(['--db', db, ...args], { env, cwd });
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
  const folder = join(cwd, 'colleague');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, '名册.jpg'), 'jpeg');
  writeFileSync(join(folder, 'sub', '纪要.pdf'), Buffer.alloc(1.5 * 1024 * 1024, 1));
  writeFileSync(join(cwd, 'outside.txt'), 'not for the bundle');
  symlinkSync('/etc/passwd', join(folder, 'link.jpg'));
  const counts = async () => JSON.parse((await run(['inspection', 'show', id, '--json'])).stdout).data.progress.methods;
  return { cwd, folder, id, run, counts };
}

const HEADER = 'item,method,note,subject,interviewee,evidence';

describe('import-records evidence paths', () => {
  for (const [name, runner] of RUNNERS) {
    it(`refuses absolute paths, .. escapes and links pointing out, with line and column; nothing is stored (${name})`, async () => {
      const { folder, id, run, counts } = await setup(runner);
      const rows = [
        HEADER,
        'WY-01,查,名册齐全,名册,,名册.jpg',
        'WY-01,查,甲,,,../../../../etc/shadow',
        'WY-01,查,乙,,,/etc/passwd',
        'WY-01,查,丙,,,/root/.bash_history',
        'WY-01,查,丁,,,link.jpg',
        'WY-01,查,戊,,,"名册.jpg; ../outside.txt"',
        'WY-01,查,己,,,sub/../sub/纪要.pdf',
      ];
      writeFileSync(join(folder, 'records.csv'), rows.join('\n') + '\n');
      const r = await run(['import-records', id, 'colleague/records.csv']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /colleague\/records\.csv:3:13 .*\.\.\/\.\.\/\.\.\/\.\.\/etc\/shadow 不在记录文件所在的文件夹/,
      );
      expect(r.stderr).toMatch(/records\.csv:4:13 .*\/etc\/passwd 不在/);
      expect(r.stderr).toMatch(/records\.csv:5:13 .*\/root\/\.bash_history 不在/);
      expect(r.stderr).toMatch(/records\.csv:6:13 .*link\.jpg 不在/);
      expect(r.stderr).toMatch(/records\.csv:7:22 .*\.\.\/outside\.txt 不在/);
      expect(r.stderr).toContain('--allow-outside-evidence');
      expect(r.stderr).not.toMatch(/records\.csv:(2|8)/);
      expect(await counts()).toEqual({ listen: 0, check: 0, talk: 0, visit: 0 });

      const skip = await run(['import-records', id, 'colleague/records.csv', '--skip-bad', '--json']);
      expect(skip.code, skip.stderr).toBe(0);
      const doc = JSON.parse(skip.stdout);
      expect(doc.data).toMatchObject({ imported: 2, skipped: 5 });
      expect(doc.problems.map((p: { line: number; column: number }) => [p.line, p.column])).toEqual([
        [3, 13],
        [4, 13],
        [5, 13],
        [6, 13],
        [7, 22],
      ]);
      // Said before storing, on stderr in --json mode: the two good rows name two files, 1.5 MB in all.
      expect(skip.stderr).toContain('将存入 2 个证据文件，共 1.5 MB');
      expect(await counts()).toMatchObject({ check: 2 });
    });
  }

  it('--allow-outside-evidence takes them, and says what it will store on stdout', async () => {
    const { cwd, folder, id, run } = await setup();
    writeFileSync(
      join(folder, 'records.csv'),
      [
        HEADER,
        'WY-01,查,甲,,,../outside.txt',
        `WY-01,查,乙,,,${join(cwd, 'outside.txt')}`,
        'WY-01,查,丙,,,link.jpg',
      ].join('\n') + '\n',
    );
    const r = await run(['import-records', id, join(folder, 'records.csv'), '--allow-outside-evidence']);
    expect(r.code, r.stderr).toBe(0);
    // outside.txt named twice is one file; the link is /etc/passwd.
    expect(r.stdout).toMatch(/将存入 2 个证据文件，共 0\.0 MB[\s\S]*已导入 3 条记录/);
  });

  it('YAML: the column of the path inside an evidence list; the next entry keeps its line', async () => {
    const { folder, id, run } = await setup();
    writeFileSync(
      join(folder, 'r.yaml'),
      'records:\n  - item: WY-01\n    method: check\n    note: 好\n    evidence:\n      - 名册.jpg\n      - /etc/passwd\n  - item: WY-01\n    method: smell\n    note: 汇报\n',
    );
    const r = await run(['import-records', id, 'colleague/r.yaml', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems.map((p: { line: number; column: number }) => [p.line, p.column])).toEqual([
      [7, 9],
      [8, 1],
    ]);
  });

  it('announces the evidence before anything is written', () => {
    const store = tempStore();
    const inspection = newInspection(store);
    const folder = mkdtempSync(join(root, 'records-'));
    writeFileSync(join(folder, 'a.jpg'), 'a');
    writeFileSync(join(folder, 'r.csv'), `${HEADER}\nWY-01,查,甲,,,a.jpg\n`);
    const seen: Array<[number, number, number]> = [];
    const count = () =>
      (
        store.db.prepare('SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM blobs) AS n').get() as {
          n: number;
        }
      ).n;
    const before = count();
    importRecords(
      store,
      '张三',
      inspection.id,
      allItems(inspectionSnapshots(store, inspection.id)),
      join(folder, 'r.csv'),
      {
        skipBad: false,
        maxEvidenceMb: 10,
        onEvidence: (files, bytes) => seen.push([files, bytes, count()]),
      },
    );
    expect(seen).toEqual([[1, 1, before]]);
    expect(count()).toBe(before + 2);
    store.close();
  });
});

describe('import-records interviewee names', () => {
  it('refuses a one-character name at its cell', async () => {
    const { folder, id, run } = await setup();
    writeFileSync(
      join(folder, 'r.csv'),
      [HEADER, 'WY-01,谈,谈话,村民,的,', 'WY-01,谈,谈话,"干部",王  强,'].join('\n') + '\n',
    );
    const r = await run(['import-records', id, 'colleague/r.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\.csv:2:15 .*谈话对象姓名「的」只有一个字/);
    expect(r.stderr).not.toContain('r.csv:3');
  });
});
