// English messages of the checklist loader and `ducha lint`.
import type { lint as zh } from '../zh/lint.js';

export const lint: Record<keyof typeof zh, string> = {
  'lint.encoding.gbk':
    'the file is not UTF-8; it looks like GBK/GB18030 (the default on Chinese Windows). Convert it to UTF-8 and try again: iconv -f GBK -t UTF-8 old > new, or "Save with encoding: UTF-8" in your editor',
  'lint.encoding.utf16':
    'the file is UTF-16 (Notepad\'s "Unicode"). Save it as UTF-8: iconv -f UTF-16 -t UTF-8 old > new',
  'lint.encoding.other': 'the file is not valid UTF-8. Save it as UTF-8 in your editor',
  'lint.yaml.syntax': 'YAML syntax error: {detail}',
  'lint.yaml.DUPLICATE_KEY': 'a key is repeated at the same level',
  'lint.yaml.BAD_INDENT': 'bad indentation; check the alignment with the line above',
  'lint.yaml.TAB_AS_INDENT': 'tabs cannot indent YAML; use spaces',
  'lint.yaml.MISSING_CHAR': 'a required character is missing (an unclosed quote or bracket?)',
  'lint.yaml.MULTILINE_IMPLICIT_KEY':
    'indentation may be wrong: this line was read as the continuation of the value above (check the indentation and colons)',
  'lint.yaml.BLOCK_AS_IMPLICIT_KEY':
    'indentation may be wrong: this line was read as part of the value above (check the indentation and colons)',
  'lint.yaml.UNEXPECTED_TOKEN': 'unexpected content',
  'lint.yaml.BAD_SCALAR_START': 'a value cannot start with this character; quote the whole value',
  'lint.yaml.MULTIPLE_DOCS': 'a file holds one checklist (one YAML document)',
  'lint.schema.empty': 'the file is empty; it should hold a checklist (format: ducha-checklist/1)',
  'lint.schema.root': 'the top level should be a checklist (a mapping starting with format: ducha-checklist/1)',
  'lint.schema.required': '{where}is missing the required field "{field}"',
  'lint.schema.unknownField': '{where}has an unknown field "{field}"{hint}',
  'lint.schema.didYouMean': '; did you mean "{name}"?',
  'lint.schema.allowed': '; allowed fields: {names}',
  'lint.schema.type': '{where}field "{field}" should be {type}',
  'lint.schema.typeQuote': '{where}field "{field}" should be text; quote it, e.g. "{value}"',
  'lint.schema.enum': '{where}field "{field}" has the invalid value "{value}"; allowed: {allowed}',
  'lint.schema.const': 'field "{field}" should be "{value}"',
  'lint.schema.pattern.checklistId':
    'checklist id "{value}" is malformed: a lower-case letter, then lower-case letters, digits and hyphens, 2 to 64 characters, e.g. qingshi-baogao',
  'lint.schema.pattern.sourceId':
    'source id "{value}" is malformed: a lower-case letter, then lower-case letters, digits and hyphens, e.g. tiaoli',
  'lint.schema.pattern.sectionId':
    'section id "{value}" is malformed: letters, digits, underscores and hyphens, e.g. A',
  'lint.schema.pattern.itemId':
    'item id "{value}" is malformed: an upper-case letter, then upper-case letters, digits and hyphens, e.g. QS-01',
  'lint.schema.pattern.semver': 'version "{value}" is malformed: a semantic version such as 1.0.0',
  'lint.schema.pattern.date': '{where}date "{value}" is malformed: YYYY-MM-DD, e.g. 2019-01-13',
  'lint.schema.pattern.text': '{where}field "{field}" must not be empty',
  'lint.schema.minItems': '{where}field "{field}" needs at least one entry',
  'lint.schema.minMethods':
    '{where}field "{field}" needs guidance for at least one method (listen, check, talk, visit)',
  'lint.schema.minimum': '{where}field "{field}" should be an integer of at least {min}',
  'lint.schema.unique': '{where}field "{field}" repeats "{value}"',
  'lint.schema.generic': '{where}field "{field}" does not match the format ({detail})',
  'lint.type.string': 'text',
  'lint.type.integer': 'an integer',
  'lint.type.number': 'a number',
  'lint.type.array': 'a list',
  'lint.type.object': 'a mapping',
  'lint.type.boolean': 'true or false',
  'lint.where.item': 'item {id} ',
  'lint.where.section': 'section {id} ',
  'lint.where.source': 'source {id} ',
  'lint.rule.duplicateId.item': 'item id "{id}" is already used on line {line}',
  'lint.rule.duplicateId.section': 'section id "{id}" is already used on line {line}',
  'lint.rule.duplicateId.source': 'source id "{id}" is already used on line {line}',
  'lint.rule.duplicateChecklist': 'checklist id "{id}" is already declared by {file}',
  'lint.rule.unknownSource':
    'basis cites the source "{source}", which is not declared under sources (declared: {known})',
  'lint.rule.articleRange': 'article {article} is outside 1–{max} of source "{source}"',
  'lint.rule.unknownItem': 'the when condition names the item "{id}", which does not exist',
  'lint.rule.conditionCycle': 'when conditions form a cycle: {cycle}',
  'lint.rule.evidenceMethod': 'evidence.required asks for "{method}" records, but methods gives no guidance for it',
  'lint.rule.paperworkOnly':
    'item {id} can be concluded from documents alone: inspections must not judge by paperwork; require a talk or visit record, or add a comment saying why documents suffice',
  'lint.rule.unusedSource': 'source "{id}" is declared but no item cites it',
  'lint.rule.appliesToScope':
    'the item applies to unit kind "{kind}", which is not in the checklist\'s applies_to: it would never be asked',
  'lint.unreadable': 'cannot read the file ({reason})',
  'lint.noPath': 'no such path: {path}',
  'lint.noPath.hint': 'check the spelling; give files, folders or globs (e.g. "checklists/**/*.yaml")',
  'lint.unreadablePath': 'cannot read {path} ({reason})',
  'lint.noMatch': 'the glob {path} matches no file',
  'lint.noMatch.hint': 'check the pattern; quote globs in the shell',
  'lint.emptyDir': 'the folder {path} holds no .yaml or .yml file',
  'lint.emptyDir.hint': 'give the folder that holds the checklist files',
  'lint.nothing': 'no checklist files found',
  'lint.badFormat': 'unknown format "{format}"; choose one of {allowed}',
  'lint.badMaxWarnings': '--max-warnings takes a whole number of at least 0, got "{value}"',
  'lint.summary.clean': '✔ {files} files checked, no problems',
  'lint.summary.problems': '✖ {total} problems ({errors} errors, {warnings} warnings) in {files} files checked',
  'lint.summary.tooManyWarnings': '{warnings} warnings exceed --max-warnings {max}',
  // checklists 1.1: rectification that a document alone would close
  'lint.rule.paperRectification':
    'the rectification of item {id} names no evidence of effect (operating records, spot-check results, confirmation in talks…): a rule, plan or list alone would close it',
};
