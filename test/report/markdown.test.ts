// The Markdown subset of report templates.
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseInlines, plain, type Inline } from '../../src/report/markdown.js';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, numbered items, rules and fenced divs', () => {
    const blocks = parseMarkdown(
      '::: {.marking}\n内部资料\n:::\n\n# 标题\n\n某单位：\n\n正文第一行\n续行\n\n## 一、基本情况\n\n1. 第一项\n2. 第二项\n\n---\n\n::: {.right}\n督查组\n\n2026年11月27日\n:::\n',
    );
    expect(blocks.map((b) => b.kind)).toEqual([
      'div',
      'heading',
      'paragraph',
      'paragraph',
      'heading',
      'item',
      'item',
      'rule',
      'div',
    ]);
    expect(blocks[0]).toMatchObject({ kind: 'div', className: 'marking', blocks: [{ kind: 'paragraph' }] });
    expect(plain((blocks[3] as unknown as { inlines: Inline[] }).inlines)).toBe('正文第一行续行');
    expect(blocks[5]).toMatchObject({ kind: 'item', marker: '1.' });
    expect((blocks[8] as { blocks: unknown[] }).blocks).toHaveLength(2);
  });
  it('reads pipe tables with escaped pipes and line breaks', () => {
    const [table] = parseMarkdown('| 序号 | 问题 |\n|---|---|\n| 1 | a\\|b<br>c |\n| 2 |  |\n');
    expect(table).toMatchObject({ kind: 'table' });
    const t = table as { header: unknown[]; rows: Array<Array<Array<{ text: string }>>> };
    expect(t.header).toHaveLength(2);
    expect(plain(t.rows[0]![1]!)).toBe('a|b\nc');
    expect(plain(t.rows[1]![1]!)).toBe('');
  });
  it('keeps bold runs and unescapes', () => {
    expect(parseInlines('普通**加粗**\\*星号')).toEqual([
      { text: '普通' },
      { text: '加粗', bold: true },
      { text: '*星号' },
    ]);
  });
});
