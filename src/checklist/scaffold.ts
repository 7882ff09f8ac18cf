// `ducha checklist new ID`: the text of a new checklist file — the `$schema` line, one source, one section and
// one item that lints clean — with comments saying what to change. Its one citation is one the shipped
// checklists use: 《条例》第十二条, 「加强对政法工作的督查」 (DOMAIN §2).
import { t } from '../i18n/index.js';
import { prefixOf } from './table/build.js';

/** A YAML scalar: plain when that reads back the same, double-quoted (JSON) otherwise. */
function scalar(text: string): string {
  const plain = /^[^\s#:'"[\]{},&*!|>%@`?-]/.test(text) && !/: |\s#|[\n\r]/.test(text) && !/\s$/.test(text);
  return plain ? text : JSON.stringify(text);
}

export function scaffoldChecklist(id: string, title: string | undefined, schemaRef: string, file: string): string {
  const item = `${prefixOf(id)}-01`;
  return [
    `# yaml-language-server: $schema=${schemaRef}`,
    `# ${t('scaffold.comment.intro', { file })}`,
    'format: ducha-checklist/1',
    `id: ${id}`,
    'version: 0.1.0',
    `title: ${scalar(title ?? '新检查清单（请修改标题）')}`,
    'description: 说明本清单督查什么、依据哪些规定（请修改）。',
    'sources:',
    `  # ${t('scaffold.comment.sources')}`,
    '  - id: tiaoli',
    '    title: 中国共产党政法工作条例',
    '    issued: 2019-01-13',
    '    articles: 39',
    `# ${t('scaffold.comment.appliesTo')}`,
    'applies_to:',
    '  - plac',
    'sections:',
    '  - id: A',
    '    title: 督查工作机制（请修改）',
    '    items:',
    `      # ${t('scaffold.comment.item')}`,
    `      - id: ${item}`,
    '        title: 政法工作督查机制',
    '        check: 是否建立政法工作督查机制，对本地区政法单位贯彻落实党中央决策部署情况开展督查，并跟踪督查发现问题的整改？',
    '        basis:',
    '          - source: tiaoli',
    '            article: 12',
    '            quote: 加强对政法工作的督查',
    '        methods:',
    '          listen: 听取党委政法委负责人关于督查工作开展情况的汇报。',
    '          check: 查阅近一年的督查工作方案、督查通报和整改台账，抽查两件督查发现问题的整改材料。',
    '          talk: 与两名政法单位负责人个别谈话，了解督查指出的问题是否真正整改到位。',
    `        # ${t('scaffold.comment.evidence')}`,
    '        evidence:',
    '          required: [check, talk]',
    '        severity: medium',
    '        rectification: 建立健全政法工作督查机制，明确督查事项、程序和整改跟踪要求；督查组通过个别谈话和抽查整改台账核实整改成效。',
    '',
  ].join('\n');
}
