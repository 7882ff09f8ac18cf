// The columns of a checklist table: each field of `ducha-checklist/1` an office table may hold, with the
// header names offices write for it. These words are a file format (like YAML keys), not interface text, so
// they live here rather than in the message catalogue; the exported table always uses the first name.

export const FIELDS = [
  'seq',
  'section_id',
  'section',
  'id',
  'title',
  'check',
  'basis',
  'methods',
  'methods.listen',
  'methods.check',
  'methods.talk',
  'methods.visit',
  'evidence.required',
  'severity',
  'rectification',
  'when',
  'applies_to',
  'ignore',
] as const;

export type Field = (typeof FIELDS)[number];

/** Header names per field, most specific first; matched after normalising (see normaliseHeader). */
export const HEADER_NAMES: Record<Field, readonly string[]> = {
  seq: ['序号', '编号', '序', 'no', 'seq'],
  section_id: ['章节编号', '部分编号', 'sectionid'],
  section: [
    '章节',
    '章节名称',
    '检查类别',
    '类别',
    '分类',
    '项目类别',
    '一级指标',
    '检查板块',
    '板块',
    '部分',
    '方面',
    '大项',
    '检查领域',
    '领域',
    '督查重点',
    'section',
  ],
  id: ['条目编号', '项目编号', '检查项编号', '条目id', 'itemid', 'id'],
  title: [
    '检查项目',
    '检查项',
    '项目',
    '条目',
    '条目名称',
    '检查事项',
    '督查事项',
    '事项',
    '二级指标',
    '检查要点',
    '要点',
    '名称',
    '标题',
    'title',
  ],
  check: [
    '检查内容',
    '督查内容',
    '检查问题',
    '核查内容',
    '具体内容',
    '考核内容',
    '检查要求',
    '督查要求',
    '三级指标',
    '内容',
    '检查标准',
    'check',
    'question',
  ],
  basis: [
    '依据',
    '检查依据',
    '政策依据',
    '文件依据',
    '制度依据',
    '法规依据',
    '依据条款',
    '依据文件',
    '相关依据',
    '条款',
    'basis',
  ],
  methods: [
    '检查方法',
    '检查方式',
    '督查方法',
    '督查方式',
    '核查方法',
    '核查方式',
    '工作方法',
    '方法',
    '方式',
    'methods',
  ],
  'methods.listen': ['听取汇报', '听', '听取', '听汇报', 'listen'],
  'methods.check': ['查阅资料', '查', '查阅', '查资料', '调阅资料', 'methods.check'],
  'methods.talk': ['个别谈话', '谈', '谈话', '座谈', 'talk'],
  'methods.visit': ['走访察看', '访', '走访', '实地走访', '实地察看', 'visit'],
  'evidence.required': ['须有记录', '须有记录的方法', '必须记录', '必查方法', 'required', 'evidence.required'],
  severity: ['问题等级', '等级', '严重程度', '问题严重程度', '风险等级', '重要程度', 'severity'],
  rectification: ['整改要求', '整改建议', '整改意见', '整改措施', '整改方向', 'rectification'],
  when: ['前置条件', '检查条件', '触发条件', '条件', 'when'],
  applies_to: ['适用单位', '适用对象', '适用范围', '适用', 'applies_to', 'appliesto'],
  // Columns for filling in during an inspection or for scoring: known, and deliberately not imported.
  ignore: [
    '评分标准',
    '分值',
    '分数',
    '得分',
    '扣分',
    '扣分标准',
    '检查结果',
    '检查情况',
    '存在问题',
    '完成情况',
    '结论',
    '备注',
    'score',
    'notes',
  ],
};

/** How the exported table names each column (the import recognises these first). */
export const EXPORT_HEADERS: ReadonlyArray<[Field, string]> = [
  ['seq', '序号'],
  ['section_id', '章节编号'],
  ['section', '章节'],
  ['id', '条目编号'],
  ['title', '检查项目'],
  ['check', '检查内容'],
  ['basis', '依据'],
  ['methods.listen', '听取汇报（听）'],
  ['methods.check', '查阅资料（查）'],
  ['methods.talk', '个别谈话（谈）'],
  ['methods.visit', '走访察看（访）'],
  ['evidence.required', '须有记录'],
  ['severity', '问题等级'],
  ['rectification', '整改要求'],
  ['when', '前置条件'],
  ['applies_to', '适用单位'],
];

/** Keys of the sheet 清单信息 (the checklist's own fields) and of its table of sources. */
export const INFO_SHEET = '清单信息';
export const ITEMS_SHEET = '检查清单';
export const INFO_KEYS: Record<'id' | 'version' | 'title' | 'description' | 'applies_to', readonly string[]> = {
  id: ['清单编号', 'id'],
  version: ['版本', '版本号', 'version'],
  title: ['标题', '清单名称', '清单标题', 'title'],
  description: ['说明', '清单说明', 'description'],
  applies_to: ['适用单位', '适用对象', '适用范围', 'applies_to'],
};
export const SOURCE_HEADERS: Record<'id' | 'title' | 'issued' | 'articles', readonly string[]> = {
  id: ['来源编号', 'id'],
  title: ['文件名称', '来源名称', '名称', 'title'],
  issued: ['发布日期', '印发日期', '施行日期', 'issued'],
  articles: ['条文数', '条数', '条文总数', 'articles'],
};

/** Spaces, line breaks and a bracketed gloss removed, full-width letters folded, lower case: 「检查\n内容（必填）」→「检查内容」. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/[:*]$/, '')
    .toLowerCase();
}

/** The field a header names, by exact name. */
export function fieldOfHeader(text: string): Field | undefined {
  const name = normaliseHeader(text);
  if (!name) return undefined;
  for (const field of FIELDS) if (HEADER_NAMES[field].includes(name)) return field;
  return undefined;
}

/** A key of the info sheet or the preamble (「适用单位：…」). */
export function infoKeyOf(text: string): keyof typeof INFO_KEYS | undefined {
  const name = normaliseHeader(text);
  for (const key of Object.keys(INFO_KEYS) as Array<keyof typeof INFO_KEYS>)
    if (INFO_KEYS[key].includes(name)) return key;
  return undefined;
}
