// English messages of checklist authoring: `ducha checklist import`, `export` and `new`.
import type { authoring as zh } from '../zh/authoring.js';

export const authoring: Record<keyof typeof zh, string> = {
  'cli.checklist.import.description':
    'convert a checklist kept as an Excel table (.xlsx), a Word table (.docx) or a CSV file into a ducha checklist (YAML), and check it',
  'cli.checklist.import.file': 'the table file (.xlsx, .docx or .csv)',
  'cli.checklist.import.output': 'the YAML file to write (default: ID.yaml in the current folder)',
  'cli.checklist.import.mapping': 'a column mapping file (YAML) naming the columns whose headers are not recognised',
  'cli.checklist.import.id': 'the checklist id (e.g. qingshi-baogao); wins over an id written in the table',
  'cli.checklist.export.description': 'export a checklist as an Excel workbook, to edit in Excel and import again',
  'cli.checklist.export.output': 'the .xlsx file to write',
  'cli.checklist.new.description':
    'create a checklist file: the $schema line, one section and one item; it passes ducha lint as it is',
  'cli.checklist.new.id': 'the id of the new checklist (lower-case letters, digits and hyphens, e.g. my-checklist)',
  'cli.checklist.new.output': 'the file to write (default: ID.yaml in the current folder)',
  'cli.checklist.new.title': 'the checklist title',

  'table.ref.sheet': 'table {n}',
  'table.ref.sheetNamed': 'table {n} ({name})',
  'table.ref.row': 'row {n}',
  'table.ref.column': 'column {name}',
  'table.ref.columnAt': 'column {name} ({cell})',
  'table.ref.join': ', ',
  'table.noteLabel': 'note: ',

  'table.unsupported':
    'cannot import a {ext} file: use an Excel workbook (.xlsx), a Word document (.docx) or CSV (.csv)',
  'table.oldFormat':
    '{ext} is an old Office / WPS format and cannot be imported: "Save as" .xlsx or .docx in Excel, Word or WPS first',
  'table.notFile': 'not a regular file',
  'table.tooLarge': 'the file is larger than {mb} MB, which no checklist table is',
  'table.unreadable': 'cannot read the file ({reason})',
  'table.damaged':
    'the file is not a valid {ext} file (damaged, or only renamed): open it in Office / WPS and save it again',
  'table.encryptedOrOld':
    'the file is encrypted or in the old Office format, not {ext}: remove the password, or "Save as" {ext}, then import',
  'table.csv.gbk':
    'the file is GBK/GB18030 encoded (what Excel and WPS save CSV as on Chinese Windows) and was read as such; check the imported text',
  'table.csv.utf16':
    'the CSV file is UTF-16 ("Unicode text") and cannot be imported: save it as "CSV UTF-8" in Excel, or import the .xlsx',
  'table.csv.encoding': 'the CSV file is neither UTF-8 nor GBK: save it as "CSV UTF-8" in Excel, or import the .xlsx',
  'table.hiddenSheet': 'the hidden sheet "{name}" was not imported',

  'table.noHeader':
    'no header recognised in the first {rows} rows: a header needs a 检查内容 (or 督查内容, 检查问题, 内容) column and one more recognised column (e.g. 检查项目, 依据, 检查方法, 整改要求); name other headers with a --mapping file',
  'table.noTable': 'the file holds no table',
  'table.noItems': 'there are no items below the header',
  'table.noId':
    'no checklist id: the table does not give 清单编号. Name the output file with -o ID.yaml, or give --id (e.g. --id qingshi-baogao)',
  'table.appliesAll':
    'the table does not say which units it applies to (适用单位); imported as applying to every unit kind. Add a line 「适用单位：县委、党委政法委」 above the table or fill in the 清单信息 sheet',
  'table.missing.basis':
    'there is no 依据 column: every item needs its basis (e.g. 《中国共产党政法工作条例》第十二条)',
  'table.missing.methods':
    'there is no 检查方法 column and no 听/查/谈/访 columns: every item needs guidance for at least one method',
  'table.column.unknown':
    '"{name}" is not a recognised column and was not imported (name its field under columns in a --mapping file)',
  'table.column.ignored':
    'column "{name}" is filled in or scored during an inspection; a ducha checklist has no such field, so it was not imported',
  'table.column.duplicate':
    'column "{name}" holds the same kind of content as column "{other}"; only "{other}" was imported',
  'table.merge.columns':
    'column "{name}" is merged with the columns to its right in this row; the text counts for "{name}" only',
  'table.merge.itemsError':
    'column "{name}" is one merged cell over rows {from} to {to}, but each item needs its own {name}: split the cell and fill in each row',
  'table.merge.itemsCopied':
    'column "{name}" is one merged cell over rows {from} to {to}; the same text was used for each of those items — check it',
  'table.formula.noResult':
    'the cell holds the formula {formula} but the file has no saved result: open and save it in Excel, or replace the formula by its value',
  'table.formula.cached':
    '{count} cell(s) in {cells} hold formulas (e.g. {formula}); the results Excel saved were used, the formulas themselves are not imported',
  'table.basis.leftover':
    'the basis text "{text}" is neither a document title, a chapter nor an article and was not imported; put paragraphs and points of an article in the question',
  'table.basis.noSource':
    'the basis "{text}" does not say which document it is from: write it as 《中国共产党政法工作条例》第十二条',
  'table.basis.unverified':
    '"{text}": article {n} of 《{title}》 is not among the verified article numbers ({citable}); imported as written (article {n}). Check it against the text; if it cannot be verified, cite the chapter only (e.g. 第六章 请示报告)',
  'table.methods.unplaced':
    'cannot tell whether "{text}" in the methods is 听, 查, 谈 or 访: start it with 「听：」「查：」「谈：」 or 「访：」',
  'table.value.methods': '"{words}" is not a method: write 听, 查, 谈 or 访 (separated by 、, e.g. 查、谈)',
  'table.value.severity': 'severity "{text}" not recognised: write 高, 中 or 低',
  'table.value.when': 'condition "{text}" not recognised: write it as 「QS-05：不符合、基本符合」 (item id: results)',
  'table.value.kinds':
    '"{words}" is not a recognised unit kind: write 省委, 市委, 县委, 党委政法委, 法院, 检察院, 公安机关, 国家安全机关, 司法行政机关, 乡镇(街道)党(工)委, or 政法单位',

  'table.note.ids':
    'the table has no 条目编号 column; item ids were numbered in order (from {first}, {count} items). An id once used must never mean another item: before editing the table again, export it with ducha checklist export and keep its 条目编号 column',
  'table.note.titles':
    'the table has no 检查项目 column; item titles were taken from the first clause of each question — check them',
  'table.note.version': 'the table gives no version; imported as 1.0.0',
  'table.note.title': 'the table gives no title; imported with the file name "{title}"',
  'table.note.oneSection':
    'the table has no section column or section heading rows; every item is in one section "{title}"',
  'table.note.appliesFromItems':
    "the table does not give the checklist's unit kinds; took the union of the items' unit kinds",
  'table.note.sourceKnown':
    "《{title}》 in the basis was imported as the built-in checklists' source {id} (with its date and article count)",
  'table.note.sourceNew':
    '《{title}》 in the basis is not a known document; added as source {id}. Rename it or give its article count in the 清单信息 sheet',
  'table.note.footnote': 'row {row} is a note below the table and was not imported',

  'table.import.done':
    'imported checklist {id}: {sections} sections, {items} items → {file} ({bytes} bytes, {warnings} warnings)',
  'table.import.failed': 'the table has {errors} error(s); no file was written',
  'table.import.failed.hint': 'correct the table at the sheets, rows and columns listed above, then import again',
  'table.export.done':
    'exported checklist {id} ({items} items) → {file} ({bytes} bytes); edit it in Excel and import it with ducha checklist import',
  'table.export.xlsxOnly': 'a checklist can only be exported as an Excel workbook (.xlsx), not {file}',
  'table.new.done':
    'created {file}: replace everything marked 「请修改」 with the real content, then run ducha lint {file}',
  'table.new.badId': 'the checklist id "{id}" is not valid',
  'table.new.badId.hint':
    'start with a lower-case letter; use lower-case letters, digits and hyphens, 2 to 64 characters, e.g. xiangzhen-zhili',

  'table.mapping.unreadable': 'cannot read the mapping file {file} ({reason})',
  'table.mapping.hint': 'the mapping file is described in docs/checklist-tools.md, under "ducha checklist import"',
  'table.mapping.notMap': 'the mapping file must be a mapping (sheet, header_row, columns, checklist, sources, prefix)',
  'table.mapping.unknownKey': 'unknown key "{key}" in the mapping file; allowed: {allowed}',
  'table.mapping.sheet': 'sheet must be the number of the table (from 1) or its name',
  'table.mapping.headerRow': 'header_row must be an integer of at least 1 (the row of the header)',
  'table.mapping.columns':
    'columns must be a mapping from field names ({fields}) to a header, column letters or a column number',
  'table.mapping.unknownField': '"{field}" is not a field that can be mapped; fields: {fields}',
  'table.mapping.column':
    'columns.{field} must be a header of the table, column letters (e.g. F) or a column number (from 1)',
  'table.mapping.text': 'checklist.{key} must be text',
  'table.mapping.sources': 'sources must be a list, each with at least id and title',
  'table.mapping.prefix': 'prefix must be upper-case letters and digits starting with a letter, e.g. QS',

  'scaffold.comment.intro':
    'A new checklist: replace everything marked 「请修改」 with the real content, then run ducha lint {file}. The format is described in docs/checklists.md',
  'scaffold.comment.sources':
    'Cite only verified article numbers; when a number is not verified, give the chapter (chapter: 第六章 请示报告) and no article',
  'scaffold.comment.appliesTo':
    'Unit kinds: provincial-party-committee, municipal-party-committee, county-party-committee, plac, court, procuratorate, public-security, state-security, justice-bureau, township',
  'scaffold.comment.item':
    'An item id once used is never given to another item; delete a retired item and do not reuse its id',
  'scaffold.comment.evidence':
    'Methods that need a record before concluding: never conclude from documents (check) alone; a talk or a visit confirms',
};
