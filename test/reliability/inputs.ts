// Hostile and huge inputs for the reliability tests: fast-check arbitraries for YAML-ish text, mutated
// checklists and CSV files, and writers of very large checklists.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES, ROOT } from '../helpers/run.js';

/** Lines as an editor counts them: CRLF, LF or a lone CR ends a line. Bytes are read as latin1, so 0x0A/0x0D stay themselves. */
export function lineCount(bytes: Uint8Array | string): number {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
  return text.split(/\r\n|\r|\n/).length;
}

// Pieces of YAML syntax and of the checklist format, so random text reaches the parser's and the rules' corners.
export const YAML_TOKENS = [
  ': ',
  ':',
  ' ',
  '  ',
  '    ',
  '- ',
  '-',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '"',
  "'",
  '# ',
  '&a ',
  '*a',
  '!',
  '!!str ',
  '!!binary ',
  '|',
  '>-',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '? ',
  '@',
  '`',
  '<<: ',
  '~',
  'null',
  '1e309',
  '0x1F',
  '2019-01-13',
  '中文',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\u0000',
  'format',
  'ducha-checklist/1',
  'id',
  'version',
  '1.0.0',
  'title',
  'sources',
  'sections',
  'items',
  'check',
  'basis',
  'source',
  'article',
  'methods',
  'listen',
  'talk',
  'visit',
  'evidence',
  'required',
  'when',
  'item',
  'result',
  'applies_to',
  'QS-01',
  'QS-02',
  'A',
  'tiaoli',
  '999',
  '-1',
];
export const yamlish = fc.string({ unit: fc.constantFrom(...YAML_TOKENS), maxLength: 120 });

export const VALID = [
  join(FIXTURES, 'checklists', 'valid', 'full.yaml'),
  join(ROOT, 'checklists', 'zhengfa-weiyuan.yaml'),
].map((f) => readFileSync(f, 'utf8'));

/** A valid checklist with a few lines deleted, duplicated, swapped, re-indented or with characters changed. */
export const mutatedChecklist = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(
      fc.tuple(
        fc.constantFrom('delete', 'duplicate', 'swap', 'indent', 'char', 'insert'),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...YAML_TOKENS, 'x', '9', ' ', ':'),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([text, edits]) => {
    const lines = text.split('\n');
    for (const [kind, a, b, token] of edits) {
      const i = a % lines.length;
      const j = b % lines.length;
      const line = lines[i]!;
      if (kind === 'delete' && lines.length > 1) lines.splice(i, 1);
      else if (kind === 'duplicate') lines.splice(i, 0, line);
      else if (kind === 'swap') [lines[i], lines[j]] = [lines[j]!, line];
      else if (kind === 'indent') lines[i] = b % 2 ? '  ' + line : line.replace(/^ {1,2}/, '');
      else if (kind === 'char')
        lines[i] = line.slice(0, b % (line.length + 1)) + token + line.slice((b % (line.length + 1)) + 1);
      else lines.splice(i, 0, lines[j]!.replace(/^\s*/, ' '.repeat(b % 9)));
    }
    return lines.join('\n');
  });

const CSV_TOKENS = [
  ',',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  ' ',
  'a',
  '中',
  'WY-01',
  'wy-01',
  'WY-77',
  'zhengfa-weiyuan:WY-09',
  '访',
  'visit',
  'check',
  '谈',
  'smell',
  '王某某',
  '；',
  ';',
  '\t',
  '\ufeff',
  '\u0000',
  '=cmd|',
  'e.txt',
  '../e.txt',
  '.',
  '/',
  'missing.pdf',
];
export const csvish = fc.string({ unit: fc.constantFrom(...CSV_TOKENS), maxLength: 200 });

// Files that are mostly well-formed, with hostile cells: what a colleague's spreadsheet might really hold.
const HEADERS = [
  'item,method,note,subject,interviewee,evidence',
  '条目,方法,记录,对象,谈话对象,证据',
  'item,method,note',
  'ITEM , Method,NOTE',
  '"item","method","note"',
  'item,note',
  '',
];
const hostileCell = fc.oneof(
  fc.constantFrom('WY-77', 'smell', '', ' ', '../e.txt', '/', '.', 'missing.pdf', '王某某', "=cmd|' /C calc'!A0"),
  fc.string({ unit: 'binary', maxLength: 30 }),
  csvish,
);
const mostly = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileCell });
const row = fc.tuple(
  mostly(fc.constantFrom('WY-01', 'wy-01', 'zhengfa-weiyuan:WY-09', 'WY-11')),
  mostly(fc.constantFrom('访', 'visit', 'check', '谈', 'listen', '查')),
  mostly(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })),
  hostileCell,
  hostileCell,
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('e.txt', '../e.txt', '/', '.', 'missing.pdf', 'e.txt;e.txt', 'sub/../e.txt'),
    },
  ),
);
const quoted = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
export const csvFile = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...HEADERS), fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
      .map(([h, rows, eol]) => Buffer.from([h, ...rows.map((r) => r.map(quoted).join(','))].join(eol) + eol, 'utf8')),
  },
  { weight: 1, arbitrary: csvish.map((s) => Buffer.from('item,method,note\n' + s, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)) },
);

// A checklist head (sources and all) and a single section whose items `body` writes.
const HEAD = readFileSync(join(FIXTURES, 'checklists', 'valid', 'full.yaml'), 'utf8').split('sections:')[0]!;

export function bigChecklist(file: string, body: (write: (s: string) => void) => void): string {
  const parts: string[] = [HEAD, 'sections:\n  - id: A\n    title: 大\n    items:\n'];
  body((s) => parts.push(s));
  writeFileSync(file, parts.join(''));
  return file;
}
export const goodItem = (i: number) =>
  `      - id: QS-${String(i).padStart(6, '0')}\n        title: 条目 ${i}\n        check: 是否制定请示报告事项清单并严格执行？第 ${i} 项\n        basis:\n          - source: tiaoli\n            article: ${(i % 39) + 1}\n        methods:\n          check: 查阅请示报告登记簿和事项清单\n          talk: 与政法委办公室负责人个别谈话\n        evidence:\n          required: [check, talk]\n`;
export const badItem = (i: number) =>
  `      - id: qs_${i}\n        title: 条目 ${i}\n        chek: 拼错的字段 ${i}\n        basis:\n          - source: nosuch\n            article: 999\n        methods:\n          smell: 闻\n        evidence:\n          required: [check]\n`;
