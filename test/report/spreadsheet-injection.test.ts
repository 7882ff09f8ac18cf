// Spreadsheet injection: a note, a name or a unit that begins like a formula (=HYPERLINK(…), +cmd|…, @SUM,
// -2+3, a leading tab or CR) is text in every spreadsheet ducha writes — quoted in the ledger's CSV as OWASP
// advises, a string cell (never a formula) in the ledger's and the summary's .xlsx.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runMain, tempDir } from '../helpers/run.js';
import { neutraliseFormula } from '../../src/report/ledger.js';

const FORMULAS = [
  '=HYPERLINK("http://x","click")',
  "+cmd|' /C calc'!A0",
  '@SUM(1)',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  '=1+1',
];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A minimal RFC 4180 reader (quoted fields with "" and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('formulas in data', () => {
  let dir: string;
  let run: (argv: string[]) => ReturnType<typeof runMain>;
  beforeAll(async () => {
    dir = tempDir('ducha-formula-');
    const env = cleanEnv({ DUCHA_ACTOR: '张三' });
    dirs.push(dir, env.HOME!);
    run = (argv) => runMain(['--db', join(dir, 'ducha.db'), ...argv], { env, cwd: dir });
    const made = await run([
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      FORMULAS[0]!,
      '--unit-kind',
      'plac',
      '--region',
      FORMULAS[2]!,
      '--start',
      '2026-11-20', // before the problem's fixed deadline, whatever the day the test runs
      '--json',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const id = JSON.parse(made.stdout).data.id as string;
    const [description, unit, leader, person, measures, rectification, deadlineNote] = FORMULAS;
    const added = await run([
      'problem',
      'add',
      id,
      '--item',
      'QS-01',
      '--description',
      description!,
      '--unit',
      unit!,
      '--leader',
      leader!,
      '--person',
      person!,
      '--measures',
      measures!,
      '--rectification',
      rectification!,
      '--deadline',
      '2027-01-31',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const problem = JSON.parse(added.stdout).data.id as string;
    expect((await run(['rectify', problem, '--status', 'rectifying', '--note', deadlineNote!])).code).toBe(0);
    for (const [format, file] of [
      ['csv', 'ledger.csv'],
      ['xlsx', 'ledger.xlsx'],
    ]) {
      const r = await run([
        'report',
        id,
        '--date',
        '2026-12-01',
        '--kind',
        'ledger',
        '--format',
        format!,
        '-o',
        file!,
        '--reveal-identities',
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await run(['summary', '--format', 'xlsx', '-o', 'summary.xlsx'])).code).toBe(0);
  });

  it('neutraliseFormula: a leading quote for =, +, -, @, tab, CR and LF; anything else unchanged', () => {
    for (const f of FORMULAS) expect(neutraliseFormula(f)).toBe(`'${f}`);
    expect(neutraliseFormula('\n=1')).toBe("'\n=1");
    for (const plain of ['整改', '2027-01-31', '1', ' =1+1', '＝1+1', '']) expect(neutraliseFormula(plain)).toBe(plain);
  });

  it('the ledger CSV: every such cell starts with a single quote; no cell starts like a formula', () => {
    const rows = parseCsv(readFileSync(join(dir, 'ledger.csv'), 'utf8').replace(/^\ufeff/, ''));
    const cells = rows.slice(1).flat();
    // (Leading tabs and CRs are trimmed where values enter; neutraliseFormula covers them above.)
    for (const f of [...FORMULAS.slice(0, 4), '=1+1']) expect(cells, JSON.stringify(f)).toContain(`'${f}`);
    for (const cell of cells) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r\n]/);
  });

  async function cellsOf(file: string): Promise<ExcelJS.Cell[]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, file));
    const cells: ExcelJS.Cell[] = [];
    // The cells of a merged range other than its first only point at it.
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => void (cell.type !== ExcelJS.ValueType.Merge && cells.push(cell)))),
    );
    return cells;
  }

  for (const file of ['ledger.xlsx', 'summary.xlsx']) {
    it(`${file}: the values are string cells, never formulas, and read back unchanged`, async () => {
      const cells = await cellsOf(file);
      expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula !== undefined)).toEqual([]);
      const risky = cells.filter((c) => typeof c.value === 'string' && /^[=+\-@\t\r]/.test(c.value));
      expect(risky.length).toBeGreaterThanOrEqual(file === 'ledger.xlsx' ? 5 : 2);
      for (const c of risky) expect(c.type, `${c.address} ${JSON.stringify(c.value)}`).toBe(ExcelJS.ValueType.String);
      const values = cells.map((c) => c.value);
      expect(values).toContain(FORMULAS[0]);
      expect(values).toContain(FORMULAS[2]);
    });
  }
});
