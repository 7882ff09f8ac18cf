// Checklist tables as offices keep them, written for the tests: an Excel workbook (title row, 「适用单位：…」,
// 序号/督查事项/督查内容/督查方法/依据/整改要求/问题等级/备注, section rows 「一、…」 merged across, a note at
// the foot) and a Word table (two-row header under a merged 检查方法, a 类别 column merged down, text split
// over runs and paragraphs as Word writes it). Citations are ones DOMAIN.md marks as verified.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zip } from '../../src/report/zip.js';

export type Row = Array<string | number | null | { formula: string; result?: string | number }>;

export interface SheetSpec {
  name: string;
  rows: Row[];
  /** Ranges such as 'A1:H1'. */
  merges?: string[];
  hidden?: boolean;
}

export async function writeWorkbook(file: string, sheets: SheetSpec[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, spec.hidden ? { state: 'hidden' } : undefined);
    spec.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== null) sheet.getCell(r + 1, c + 1).value = value as ExcelJS.CellValue;
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

export const OFFICE_HEADER: Row = ['序号', '督查事项', '督查内容', '督查方法', '依据', '整改要求', '问题等级', '备注'];

/** The rows of a realistic 督查清单 sheet (title, scope line, header, two sections, four items, a note). */
export function officeRows(): { rows: Row[]; merges: string[] } {
  const rows: Row[] = [
    ['请示报告制度贯彻落实情况督查清单', null, null, null, null, null, null, null],
    ['适用单位：县委、党委政法委、政法单位', null, null, null, null, null, null, null],
    OFFICE_HEADER,
    ['一、制度建立', null, null, null, null, null, null, null],
    [
      1,
      '请示报告事项清单',
      '是否结合实际制定请示报告事项清单，明确须请示、须报告的事项和对象？',
      '1.听取办公室负责人汇报清单制定情况；2.查阅请示报告事项清单及研究制定清单的会议纪要；3.与两名业务部门负责人个别谈话，了解清单是否在实际工作中使用。',
      '《条例》第十七条；《中国共产党重大事项请示报告条例》',
      '制定请示报告事项清单并印发执行，督查组通过个别谈话核实执行情况。',
      '中',
      null,
    ],
    [
      2,
      '干部知晓请示报告要求',
      '随机抽谈的干部能否说出本单位须请示报告的主要事项和程序？',
      '个别谈话：随机抽取三名中层干部谈话，请其说明须请示报告的事项和程序。',
      '《中国共产党政法工作条例》第六章 请示报告',
      '组织专题学习，督查组回访时抽查干部知晓情况。',
      '低',
      '可与第 1 项一并谈话',
    ],
    ['二、执行情况', null, null, null, null, null, null, null],
    [
      3,
      '重大事项事前请示',
      '近一年的重大事项是否事前请示，有无先斩后奏、边干边请示？',
      '查阅近一年重大事项请示件和批复，与党委会议记录比对；与分管负责人个别谈话，核实有无未请示先行决定的事项；走访两个下属单位，了解决策执行情况。',
      '《中国共产党重大事项请示报告条例》',
      '重大事项严格事前请示，督查组抽查请示件并谈话核实。',
      '高',
      null,
    ],
    [
      4,
      '报告如实',
      '报告的情况是否真实准确，有无瞒报、漏报？',
      '查：抽查近一年专题报告五件，与工作台账和案件数据比对。\n谈：与两名承办人员谈话，核实报告内容。',
      '《条例》第17条',
      '如实报告，督查组比对台账并回访核实。',
      '中',
      null,
    ],
    ['注：本表由督查组在督查前一周印发被督查单位。', null, null, null, null, null, null, null],
  ];
  return { rows, merges: ['A1:H1', 'A2:H2', 'A4:H4', 'A7:H7', 'A10:H10'] };
}

export async function writeOfficeWorkbook(
  file: string,
  change?: (spec: { rows: Row[]; merges: string[] }) => void,
): Promise<void> {
  const spec = officeRows();
  change?.(spec);
  await writeWorkbook(file, [{ name: '督查清单', ...spec }]);
}

// ---- Word ----

export interface WordCell {
  text?: string;
  /** Runs as Word splits them (spell-check marks, language changes); paragraphs are separated by '\n'. */
  runs?: string[];
  span?: number;
  vMerge?: 'restart' | 'continue';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text: string) =>
  `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;

function cellXml(cell: WordCell): string {
  const props = [
    `<w:tcW w:w="1200" w:type="dxa"/>`,
    cell.span ? `<w:gridSpan w:val="${cell.span}"/>` : '',
    cell.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : cell.vMerge === 'continue' ? '<w:vMerge/>' : '',
  ].join('');
  const paragraphs = (cell.runs ? [cell.runs] : (cell.text ?? '').split('\n').map((p) => [p])).map(
    (runs) =>
      `<w:p><w:pPr><w:jc w:val="left"/></w:pPr>${runs.map((r, i) => (i === 1 ? '<w:proofErr w:type="spellStart"/>' : '') + (r ? run(r) : '')).join('')}</w:p>`,
  );
  return `<w:tc><w:tcPr>${props}</w:tcPr>${paragraphs.join('')}</w:tc>`;
}

export function wordDocument(before: string[], tables: WordCell[][][]): string {
  const body = [
    ...before.map((p) => `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${run(p)}</w:p>`),
    ...tables.map(
      (rows) =>
        `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders/></w:tblPr><w:tblGrid>${'<w:gridCol w:w="1200"/>'.repeat(12)}</w:tblGrid>` +
        rows.map((cells) => `<w:tr><w:trPr><w:tblHeader/></w:trPr>${cells.map(cellXml).join('')}</w:tr>`).join('') +
        '</w:tbl><w:p/>',
    ),
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>`;
}

export function writeDocx(file: string, documentXml: string): void {
  const types = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  writeFileSync(
    file,
    zip([
      { name: '[Content_Types].xml', data: Buffer.from(types) },
      { name: '_rels/.rels', data: Buffer.from(rels) },
      { name: 'word/document.xml', data: Buffer.from(documentXml) },
    ]),
  );
}

const c = (text: string): WordCell => ({ text });
const cont: WordCell = { vMerge: 'continue' };

/** A 乡镇（街道）政法委员 checklist as a Word table. */
export function officeWordTable(): WordCell[][] {
  return [
    [
      { text: '序号', vMerge: 'restart' },
      { text: '类别', vMerge: 'restart' },
      { text: '检查项目', vMerge: 'restart' },
      { text: '检查内容', vMerge: 'restart' },
      { text: '检查方法', span: 4 },
      { text: '依据', vMerge: 'restart' },
      { text: '整改要求', vMerge: 'restart' },
    ],
    [cont, cont, cont, cont, c('听'), c('查'), c('谈'), c('访'), cont, cont],
    [
      c('1'),
      { text: '一、配备情况', vMerge: 'restart' },
      c('政法委员配备'),
      { runs: ['乡镇（街道）是否按规定配备政法委员，', '有无空缺或长期由他人兼任？'] },
      c('听取乡镇（街道）党（工）委书记介绍政法委员配备情况。'),
      c('查阅政法委员任职文件和分工文件。'),
      c('与政法委员个别谈话，了解其实际承担的工作。'),
      c(''),
      c('《中国共产党政法工作条例》第十一条：“乡镇（街道）党组织配备政法委员”'),
      c('按规定配齐政法委员，督查组回访核实到岗履职情况。'),
    ],
    [
      c('2'),
      cont,
      c('职责清单'),
      c('是否按照本省（区、市）规定明确政法委员职责，\n政法委员本人是否清楚自己的职责？'),
      c(''),
      c('查阅政法委员职责清单或分工文件。'),
      c('与政法委员和两名乡镇干部个别谈话，请其说明政法委员的主要职责。'),
      c(''),
      c('《条例》第十一条'),
      c('按照本省（区、市）规定制定职责清单，督查组谈话核实知晓情况。'),
    ],
    [
      c('3'),
      { text: '二、履职情况', vMerge: 'restart' },
      c('综治中心统筹'),
      c('政法委员是否统筹乡镇（街道）综治中心工作？'),
      c(''),
      c('查阅综治中心近三个月的工作记录。'),
      c('与综治中心工作人员座谈，了解政法委员统筹工作的情况。'),
      c('实地察看综治中心运行情况，随机走访两名来访群众。'),
      c('《中国共产党政法工作条例》第十一条'),
      c('由政法委员统筹综治中心工作，督查组实地走访核实运行情况。'),
    ],
    [
      c('4'),
      cont,
      c('述职和培训'),
      c('政法委员是否按照本省（区、市）规定向县级党委政法委述职并参加培训？'),
      c('听取县委政法委关于政法委员述职和培训安排的介绍。'),
      c('查阅近一年述职材料和培训签到记录。'),
      c('与政法委员个别谈话，了解述职和培训的实际情况。'),
      c(''),
      c('《中国共产党政法工作条例》第四章 党委政法委员会'),
      c('建立述职和培训制度，督查组抽查述职材料并谈话核实。'),
    ],
  ];
}

export function writeOfficeDocx(
  file: string,
  change?: (rows: WordCell[][]) => void,
  before = ['乡镇（街道）政法委员配备履职情况督查清单', '适用单位：乡镇（街道）党（工）委、县委、党委政法委'],
): void {
  const rows = officeWordTable();
  change?.(rows);
  writeDocx(file, wordDocument(before, [rows]));
}
