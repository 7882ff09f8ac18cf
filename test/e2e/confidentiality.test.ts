// No interviewee name leaves in a shared output unless asked: every report kind and format, compare and
// summary (terminal, --json, md, docx, xlsx), over names recorded in any inspection of the database and
// written spaced, hyphenated, full-width or percent-encoded; the designated 责任领导 and 责任人 kept; a stored
// one-character name skipped with a warning; such names refused when recording.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORDINARY,
  LEADER,
  PERSON,
  SECRET_NAMES,
  confidentialWorld,
  nameCounts,
  squash,
  type ConfidentialWorld,
} from '../helpers/confidential-fixture.js';
import { cleanEnv, runBin, runMain, type RunResult } from '../helpers/run.js';
import { runSession } from '../../src/inspect/session.js';
import { makeColour } from '../../src/util/colour.js';
import { recordsForItem } from '../../src/store/queries.js';
import { openStore } from '../../src/store/open.js';
import { ScriptedPrompter } from '../helpers/scripted-prompter.js';

// Every temporary folder of this file (the fixture's too) lives under one root, removed at the end.
const root = mkdtempSync(join(tmpdir(), 'ducha-confidential-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = root;
let world: ConfidentialWorld;
let db: string;
let env: Record<string, string | undefined>;
const none = Object.fromEntries(SECRET_NAMES.map((n) => [n, 0]));

beforeAll(() => {
  world = confidentialWorld();
  db = world.store.file;
  world.store.close();
  env = cleanEnv({ DUCHA_ACTOR: '张三' });
});
afterAll(() => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  rmSync(root, { recursive: true, force: true });
});

const ducha = (args: string[], runner = runMain): Promise<RunResult> =>
  runner(['--db', db, ...args], { env, cwd: root });
let n = 0;
const fresh = (ext: string) => join(root, `out-${++n}.${ext}`);

/** All text of a .docx: every XML part, tags removed. */
async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => f.name.endsWith('.xml'))
      .map((f) => f.async('string')),
  );
  return parts.join('\n').replace(/<[^>]+>/g, '');
}

/** Every cell of every sheet of a workbook. */
async function xlsxText(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
  return cells.join('\n');
}

/** Write the output to a file of the format and read its text back. */
async function written(args: string[], format: string): Promise<string> {
  const file = fresh(format);
  const r = await ducha([...args, '-o', file]);
  expect(r.code, r.stderr).toBe(0);
  if (format === 'docx') return docxText(file);
  if (format === 'xlsx') return xlsxText(file);
  return readFileSync(file, 'utf8');
}

describe('compare', () => {
  const args = () => ['compare', world.first.id, world.second.id];
  it('terminal and --json name no interviewee (spawned and in-process)', async () => {
    for (const runner of [runMain, runBin]) {
      const text = await ducha(args(), runner);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('某某');
      expect(nameCounts(text.stdout + text.stderr)).toEqual(none);
      const json = await ducha([...args(), '--json'], runner);
      expect(JSON.parse(json.stdout).ok).toBe(true);
      expect(nameCounts(json.stdout)).toEqual(none);
    }
  });
  for (const format of ['md', 'docx']) {
    it(`${format} names no interviewee`, async () => {
      const text = await written(args(), format);
      expect(text).toContain('据某某反映');
      expect(nameCounts(text)).toEqual(none);
    });
  }
  it('--reveal-identities shows them', async () => {
    const json = await ducha([...args(), '--reveal-identities', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).data.meta.revealIdentities).toBe(true);
    expect(json.stdout).toContain('据赵-建-国反映');
  });
});

describe('summary', () => {
  it('terminal and --json name no interviewee; the good practice of one unit names one of another', async () => {
    const text = await ducha(['summary']);
    expect(text.code, text.stderr).toBe(0);
    expect(nameCounts(text.stdout + text.stderr)).toEqual(none);
    const json = await ducha(['summary', '--json']);
    const data = JSON.parse(json.stdout).data;
    expect(data.goodPractices.map((g: { note: string }) => g.note)).toContain('经与某某谈话了解，事项清单执行到位');
    expect(nameCounts(json.stdout)).toEqual(none);
  });
  for (const format of ['md', 'docx', 'xlsx']) {
    it(`${format} names no interviewee`, async () => {
      const text = await written(['summary'], format);
      expect(nameCounts(text)).toEqual(none);
    });
  }
  it('--reveal-identities shows them', async () => {
    const json = await ducha(['summary', '--reveal-identities', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toContain('经与孙 保 密谈话了解');
  });
});

describe('report', () => {
  const formats: Array<[string, string]> = [
    ['feedback', 'md'],
    ['feedback', 'docx'],
    ['notice', 'md'],
    ['notice', 'docx'],
    ['ledger', 'md'],
    ['ledger', 'docx'],
    ['ledger', 'xlsx'],
    ['ledger', 'csv'],
  ];
  for (const [kind, format] of formats) {
    it(`${kind}.${format}: names of every inspection hidden in every spelling; ${ORDINARY} kept`, async () => {
      const text = await written(['report', world.second.id, '--kind', kind, '--format', format], format);
      // The ledger names the 责任领导 and 责任人 once each, in their own columns; nothing else names anyone.
      expect(nameCounts(text)).toEqual(kind === 'ledger' ? { ...none, [LEADER]: 1, [PERSON]: 1 } : none);
      expect(squash(text)).toContain(ORDINARY);
    });
  }
  it(`a one-character interviewee changes no word: ${ORDINARY} stays`, async () => {
    const text = await written(['report', world.second.id, '--kind', 'notice', '--format', 'md'], 'md');
    expect(text).toContain(`某某称先办后报，${ORDINARY}请示 2 件`);
  });
  it('the ledger keeps the designated fields in their cells', async () => {
    const file = fresh('xlsx');
    expect((await ducha(['report', world.second.id, '--kind', 'ledger', '-o', file])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(2).values as unknown[]).map(String);
    const row = [3, 4, 5]
      .map((r) => sheet.getRow(r))
      .find((r) => String(r.getCell(header.indexOf('问题表现')).value).includes('一文多事'))!;
    expect(row.getCell(header.indexOf('责任领导')).value).toBe(LEADER);
    expect(row.getCell(header.indexOf('责任人')).value).toBe(PERSON);
    expect(row.getCell(header.indexOf('整改措施')).value).toBe('由某某牵头修订请示报告流程');
    expect(row.getCell(header.indexOf('整改进展')).value).toBe('已整改，某某签字确认');
    expect(row.getCell(header.indexOf('审核意见')).value).toBe('退回：某某的说明不充分');
  });
  it('warns about the stored one-character name, without naming it, on stderr and in --json', async () => {
    const text = await ducha(['report', world.second.id, '--kind', 'feedback', '-o', fresh('md')]);
    expect(text.stderr).toContain(`督查 ${world.second.id} 条目 QS-01`);
    expect(text.stderr).toContain('无法在文中可靠遮盖');
    const json = await ducha(['report', world.second.id, '--kind', 'feedback', '-o', fresh('md'), '--json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.problems.filter((p: { code: string }) => p.code === 'redaction-skipped')).toEqual([
      expect.objectContaining({ code: 'redaction-skipped', severity: 'warning' }),
    ]);
  });
  it('--reveal-identities shows the names as written', async () => {
    const text = await written(
      ['report', world.second.id, '--kind', 'ledger', '--format', 'md', '--reveal-identities'],
      'md',
    );
    expect(text).toContain('据赵-建-国反映');
    expect(text).toContain('谈：经办人员（赵建国）');
  });
});

describe('recording refuses names that cannot be redacted', () => {
  it('record: one character, or a role word; a full name with spaces is fine', async () => {
    const base = ['record', world.second.id, 'QS-03', '--method', 'talk', '--note', '谈话'];
    const one = await ducha([...base, '--interviewee', '的']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('只有一个字');
    expect(one.stderr).toContain('--subject');
    const role = await ducha([...base, '--interviewee', '主任', '--json']);
    expect(role.code).toBe(2);
    expect(JSON.parse(role.stdout).problems[0].message).toContain('是职务或称谓');
    expect((await ducha([...base, '--interviewee', '钱 多 多'])).code).toBe(0);
    const store = openStore(db);
    try {
      expect(recordsForItem(store.db, world.second.id, 'qingshi-baogao', 'QS-03').map((r) => r.interviewee)).toEqual([
        '钱 多 多',
      ]);
    } finally {
      store.close();
    }
  });
  it('the run asks again, saying why', async () => {
    const store = openStore(db);
    try {
      const prompter = new ScriptedPrompter([
        { select: /接下来/, answer: 'record' },
        { select: /方法/, answer: 'talk' },
        { input: /职务或身份/, answer: '村民' },
        { input: /谈话对象姓名/, answer: '李' },
      ]);
      const session = runSession(
        {
          store,
          actor: '张三',
          inspection: world.second,
          prompter,
          maxEvidenceMb: 10,
          cwd: root,
          colour: makeColour(0),
        },
        {},
      );
      await expect(session).rejects.toThrow(/rejected: 谈话对象姓名「李」只有一个字/);
    } finally {
      store.close();
    }
  });
});
