// Chinese messages of checklist authoring: `ducha checklist import`, `export` and `new`.
export const authoring = {
  'cli.checklist.import.description':
    '把 Excel 表格（.xlsx）、Word 表格（.docx）或 CSV 形式的检查清单转换为 ducha 清单（YAML），并检查其中的问题',
  'cli.checklist.import.file': '表格文件（.xlsx、.docx 或 .csv）',
  'cli.checklist.import.output': '写入的 YAML 文件（缺省：当前目录下的 清单编号.yaml）',
  'cli.checklist.import.mapping': '列名映射文件（YAML），说明表头认不出的列各是什么',
  'cli.checklist.import.id': '清单编号（如 qingshi-baogao），优先于表格中写的编号',
  'cli.checklist.export.description': '把一份检查清单导出为 Excel 表格，便于在 Excel 中修改后再导入',
  'cli.checklist.export.output': '写入的 .xlsx 文件',
  'cli.checklist.new.description': '新建一份检查清单文件：含 $schema 行、一个章节和一个条目，可直接通过 ducha lint',
  'cli.checklist.new.id': '新清单的编号（小写字母、数字和连字符，如 my-checklist）',
  'cli.checklist.new.output': '写入的文件（缺省：当前目录下的 编号.yaml）',
  'cli.checklist.new.title': '清单标题',

  'table.ref.sheet': '第 {n} 张表',
  'table.ref.sheetNamed': '第 {n} 张表（{name}）',
  'table.ref.row': '第 {n} 行',
  'table.ref.column': '{name} 列',
  'table.ref.columnAt': '{name} 列（{cell}）',
  'table.ref.join': ' ',
  'table.noteLabel': '说明：',

  'table.unsupported': '不能导入 {ext} 文件：请使用 Excel 表格（.xlsx）、Word 文档（.docx）或 CSV（.csv）',
  'table.oldFormat':
    '{ext} 是旧版 Office / WPS 格式，不能直接导入：请在 Excel、Word 或 WPS 中“另存为” .xlsx 或 .docx 后再导入',
  'table.notFile': '不是一个普通文件',
  'table.tooLarge': '文件超过 {mb} MB，不像是一份检查清单表格',
  'table.unreadable': '无法读取文件（{reason}）',
  'table.damaged': '文件不是有效的 {ext} 文件（可能已损坏或只是改了扩展名）：请在 Office / WPS 中打开后重新保存',
  'table.encryptedOrOld': '文件是加密的或旧版 Office 格式，不是 {ext}：请去掉密码保护，或“另存为” {ext} 后再导入',
  'table.csv.gbk':
    '文件是 GBK/GB18030 编码（中文 Windows 上 Excel、WPS 保存 CSV 的默认编码），已按 GBK 读取；请核对导入的文字是否正确',
  'table.csv.utf16':
    'CSV 文件是 UTF-16 编码（“Unicode 文本”），不能导入：请在 Excel 中另存为“CSV UTF-8”或直接导入 .xlsx',
  'table.csv.encoding': 'CSV 文件既不是 UTF-8 也不是 GBK 编码：请在 Excel 中另存为“CSV UTF-8”或直接导入 .xlsx',
  'table.hiddenSheet': '隐藏的工作表「{name}」未导入',

  'table.noHeader':
    '前 {rows} 行中没有可识别的表头：表头中至少要有「检查内容」（或 督查内容、检查问题、内容）一列和另一列可识别的列（如 检查项目、依据、检查方法、整改要求）；表头名称不同时，请用 --mapping 文件指明各列',
  'table.noTable': '文件中没有表格',
  'table.noItems': '表头下面没有任何条目',
  'table.noId':
    '不知道清单编号：表格中没有写「清单编号」。请用 -o 清单编号.yaml 指定输出文件，或用 --id 指定编号（如 --id qingshi-baogao）',
  'table.appliesAll':
    '表格没有写明「适用单位」，已按全部单位类型导入；请在表格上方加一行「适用单位：县委、党委政法委」或在「清单信息」表中填写',
  'table.missing.basis': '没有「依据」列：每个条目都要写明依据（如 《中国共产党政法工作条例》第十二条）',
  'table.missing.methods': '没有「检查方法」列，也没有 听、查、谈、访 各列：每个条目至少要有一种方法的指引',
  'table.column.unknown':
    '「{name}」不是可识别的列名，这一列没有导入（可在 --mapping 文件的 columns 中指明它是哪个字段）',
  'table.column.ignored': '「{name}」列是督查时填写或打分用的，ducha 清单中没有对应字段，没有导入',
  'table.column.duplicate': '「{name}」列与「{other}」列是同一类内容，只导入了「{other}」列',
  'table.merge.columns': '本行「{name}」列与右边的列合并了单元格，内容只计入「{name}」列',
  'table.merge.itemsError':
    '「{name}」列第 {from} 至 {to} 行合并成了一个单元格，但每个条目的{name}必须各自填写：请拆分单元格，逐行填写',
  'table.merge.itemsCopied': '「{name}」列第 {from} 至 {to} 行是合并单元格，已把同一内容用于这几个条目；请核对',
  'table.formula.noResult':
    '单元格是公式 {formula}，但文件中没有保存计算结果：请在 Excel 中打开并保存，或把公式换成数值',
  'table.formula.cached':
    '{cells} 共 {count} 个单元格是公式（如 {formula}），已使用 Excel 保存时的计算结果；公式本身不会导入',
  'table.basis.leftover': '依据中「{text}」不是文件名、章或条，没有导入；条以下的款、项请写在检查内容中',
  'table.basis.noSource': '依据「{text}」没有写明出自哪份文件：请写成《中国共产党政法工作条例》第十二条 这样的形式',
  'table.basis.unverified':
    '「{text}」：《{title}》第 {n} 条不在已核实可引用的条号（{citable}）之内；已按表格原样导入为第 {n} 条，请核对条文原文，无法核实时改为只写章（如 第六章 请示报告）',
  'table.methods.unplaced':
    '检查方法中「{text}」看不出属于听、查、谈、访哪一种：请在前面写明「听：」「查：」「谈：」或「访：」',
  'table.value.methods': '「{words}」不是检查方法：请写 听、查、谈、访（可用顿号分隔，如 查、谈）',
  'table.value.severity': '问题等级「{text}」无法识别：请写 高、中 或 低',
  'table.value.when': '前置条件「{text}」无法识别：请写成「QS-05：不符合、基本符合」（条目编号：结论）',
  'table.value.kinds':
    '「{words}」不是可识别的单位类型：可写 省委、市委、县委、党委政法委、法院、检察院、公安机关、国家安全机关、司法行政机关、乡镇(街道)党(工)委，或 政法单位',

  'table.note.ids':
    '表格没有「条目编号」列，条目编号按顺序生成（{first} 起，共 {count} 个）。编号一经使用不能改作他用：以后修改表格请先 ducha checklist export 导出，保留其中的「条目编号」列',
  'table.note.titles': '表格没有「检查项目」列，条目标题取自检查内容的第一句，请核对',
  'table.note.version': '表格没有写版本号，按 1.0.0 导入',
  'table.note.title': '表格没有写标题，按文件名「{title}」导入',
  'table.note.oneSection': '表格没有章节列或章节标题行，全部条目归入一个章节「{title}」',
  'table.note.appliesFromItems': '表格没有写清单的适用单位，取各条目适用单位的合集',
  'table.note.sourceKnown': '依据中的《{title}》按内置清单的来源 {id} 导入（含发布日期、条文数）',
  'table.note.sourceNew': '依据中的《{title}》不是已知文件，已新增来源 {id}；可在「清单信息」表中改编号、补充条文数',
  'table.note.footnote': '第 {row} 行是表格下方的说明文字，没有导入',

  'table.import.done': '已导入清单 {id}：{sections} 个章节、{items} 个条目 → {file}（{bytes} 字节，{warnings} 个提醒）',
  'table.import.failed': '表格中有 {errors} 个错误，没有写入任何文件',
  'table.import.failed.hint': '按上面列出的表、行、列改正表格后重新导入',
  'table.export.done':
    '已导出清单 {id}（{items} 个条目）→ {file}（{bytes} 字节）；在 Excel 中修改后可用 ducha checklist import 导入',
  'table.export.xlsxOnly': '只能导出为 Excel 表格（.xlsx），而不是 {file}',
  'table.new.done': '已新建 {file}：把其中标有「请修改」的内容换成实际内容，然后运行 ducha lint {file}',
  'table.new.badId': '清单编号 "{id}" 格式不正确',
  'table.new.badId.hint': '以小写字母开头，由小写字母、数字和连字符组成，2 至 64 个字符，如 xiangzhen-zhili',

  'table.mapping.unreadable': '无法读取映射文件 {file}（{reason}）',
  'table.mapping.hint': '映射文件的写法见 docs/checklist-tools.md「ducha checklist import」一节',
  'table.mapping.notMap': '映射文件应为键值映射（sheet、header_row、columns、checklist、sources、prefix）',
  'table.mapping.unknownKey': '映射文件中有未知的键 "{key}"，可用的键：{allowed}',
  'table.mapping.sheet': 'sheet 应为表的序号（从 1 起）或表名',
  'table.mapping.headerRow': 'header_row 应为不小于 1 的整数（表头所在的行）',
  'table.mapping.columns': 'columns 应为键值映射，键为字段名（{fields}），值为列名、列字母或列序号',
  'table.mapping.unknownField': '"{field}" 不是可映射的字段，可用的字段：{fields}',
  'table.mapping.column': 'columns.{field} 应为表头中的列名、列字母（如 F）或列序号（从 1 起）',
  'table.mapping.text': 'checklist.{key} 应为文本',
  'table.mapping.sources': 'sources 应为列表，每项至少有 id 和 title',
  'table.mapping.prefix': 'prefix 应为大写字母开头、由大写字母和数字组成的编号前缀，如 QS',

  'scaffold.comment.intro':
    '新检查清单：把标有「请修改」的内容换成实际内容，然后运行 ducha lint {file} 检查。格式说明见 docs/checklists.md',
  'scaffold.comment.sources': '只引用核实过的条号；条号未经核实时只写章（chapter: 第六章 请示报告），不写 article',
  'scaffold.comment.appliesTo':
    '适用单位类型：provincial-party-committee、municipal-party-committee、county-party-committee、plac、court、procuratorate、public-security、state-security、justice-bureau、township',
  'scaffold.comment.item': '条目编号一经使用不能改作他用；停用的条目删除即可，编号不再分配',
  'scaffold.comment.evidence':
    '结论前须有记录的方法：不能只凭查阅资料（check）下结论，要有谈话（talk）或走访（visit）印证',
};
