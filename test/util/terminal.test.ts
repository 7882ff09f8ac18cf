// The terminal sanitiser: data cannot recolour, hide, move, retitle, hyperlink or reorder what ducha prints,
// while ducha's own colours still reach the terminal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, jsonForTerminal, oneLine, stripMarks, styleMark, toTerminal } from '../../src/util/terminal.js';
import { makeColour } from '../../src/util/colour.js';
import { displayWidth, table } from '../../src/util/table.js';
import { sanitisedPrompter } from '../../src/inspect/safe-prompter.js';
import type { Prompter } from '../../src/inspect/prompter.js';

const ESC = '\u001b';
/** Anything a terminal acts on: C0 but tab and newline, DEL, C1, bidirectional controls. */
// eslint-disable-next-line no-control-regex -- the control characters a terminal acts on
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('clean', () => {
  it('shows control characters instead of obeying them', () => {
    expect(clean(`a${ESC}[31mred${ESC}[0m`)).toBe('a␛[31mred␛[0m');
    expect(clean(`${ESC}[2J${ESC}[H`)).toBe('␛[2J␛[H');
    expect(clean('bell\u0007 nul\u0000 del\u007f')).toBe('bell␇ nul␀ del␡');
    expect(clean('c1 \u009b31m \u0085')).toBe('c1 [U+009B]31m [U+0085]');
  });

  it('removes OSC sequences (hyperlinks keep their text, window titles vanish), carriage returns and backspaces', () => {
    expect(clean(`${ESC}]8;;https://evil.example${ESC}\\点击这里${ESC}]8;;${ESC}\\`)).toBe('点击这里');
    expect(clean(`${ESC}]8;;https://evil.example\u0007x${ESC}]8;;\u0007`)).toBe('x');
    expect(clean(`${ESC}]0;新标题\u0007正文`)).toBe('正文');
    expect(clean('整改完成\r未整改')).toBe('整改完成未整改');
    expect(clean('合格\b\b\b\b不合格')).toBe('合格不合格');
    expect(clean('第一行\r\n第二行')).toBe('第一行\n第二行');
  });

  it('shows bidirectional controls, so a name cannot be displayed reversed', () => {
    expect(clean('evil\u202etxt.exe')).toBe('evil[U+202E]txt.exe');
    expect(clean('\u2066a\u2069\u200f')).toBe('[U+2066]a[U+2069][U+200F]');
  });

  it('keeps ordinary text, tabs and newlines', () => {
    const text = '某县委政法委\t2026年11月20日\n“先办后报”（第十七条）😀';
    expect(clean(text)).toBe(text);
  });

  it('property: the result holds nothing a terminal acts on, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const once = clean(text);
        expect(once).not.toMatch(ACTIVE);
        expect(clean(once)).toBe(once);
        expect(oneLine(text)).not.toContain('\n');
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});

describe('toTerminal and our own colours', () => {
  const c = makeColour(1);

  it('our colours become escape sequences; the same sequences typed into data are shown', () => {
    const note = `${ESC}[8m隐藏的字${ESC}[0m`;
    const out = toTerminal(`${c.red('错误')}：${note}`);
    expect(out).toBe(`${ESC}[31m错误${ESC}[39m：␛[8m隐藏的字␛[0m`);
  });

  it('nested styles reopen after an inner close, as chalk does', () => {
    expect(toTerminal(c.red(`a${c.yellow('b')}c`))).toBe(`${ESC}[31ma${ESC}[33mb${ESC}[39m${ESC}[31mc${ESC}[39m`);
  });

  it('level 0 adds nothing; a style mark is invisible to width and removed by stripMarks', () => {
    expect(makeColour(0).red('x')).toBe('x');
    expect(displayWidth(c.bold('督查'))).toBe(4);
    expect(stripMarks(c.bold('督查'))).toBe('督查');
    expect(styleMark(31)).not.toMatch(ACTIVE);
  });

  it('property: whatever data is wrapped in colour, every escape in the result is one of ours', () => {
    const ours = new RegExp(`${ESC}\\[(31|33|32|36|2|1|4|39|22|24)m`, 'g');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 5 }), (parts) => {
        const out = toTerminal(parts.map((p, i) => (i % 2 ? c.red(p) : c.bold(p))).join('\n'));
        expect(out.replace(ours, '')).not.toMatch(ACTIVE);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('no line can pose as a CI workflow command (::error, ##[error]) — data newlines included', () => {
    const out = toTerminal('描述\n::error file=a.yaml::伪造\n  ##[warning]伪造\n::');
    expect(out.split('\n').filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    expect(out).toContain('\\::error file=a.yaml::伪造');
  });
});

describe('the places data is laid out', () => {
  it('a table cell is one line: a newline or escape in data cannot break the columns', () => {
    const text = table(
      ['编号', '单位'],
      [
        ['a1', `某单位\n::error::x${ESC}[2J`],
        ['b2', '乙'],
      ],
    );
    expect(text.split('\n')).toHaveLength(3);
    expect(text).not.toMatch(ACTIVE);
    expect(text).toContain('某单位⏎::error::x␛[2J');
  });

  it('JSON keeps the data exactly and carries no raw C1, bidirectional or line-separator character', () => {
    const data = { note: `a\u202eb\u009bc\u2028d${ESC}e\u007f` };
    const json = jsonForTerminal(JSON.stringify(data));
    expect(json).not.toMatch(ACTIVE);
    expect(json).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(data);
  });

  it('the prompter hands the prompt library cleaned questions, choices, defaults and printed text', async () => {
    const seen: string[] = [];
    const inner: Prompter = {
      select: async (message, choices) => {
        seen.push(
          message,
          ...choices.flatMap((ch) => [
            ch.name,
            ch.description ?? '',
            typeof ch.disabled === 'string' ? ch.disabled : '',
          ]),
        );
        return choices[0]!.value;
      },
      checkbox: async (message, choices) => (seen.push(message, ...choices.map((ch) => ch.name)), []),
      input: async (message, options) => (
        seen.push(message, options?.default ?? '', String(options?.validate?.('x'))),
        options?.default ?? ''
      ),
      confirm: async (message) => (seen.push(message), true),
      print: (text) => void seen.push(text),
      escapable: (flow) => flow(),
      screen: () => undefined,
    };
    const p = sanitisedPrompter(inner);
    const evil = `标题${ESC}]8;;http://x${ESC}\\链接${ESC}]8;;${ESC}\\${ESC}[2J\r\u202e`;
    expect(await p.select(evil, [{ value: 1, name: evil, description: evil, disabled: evil }])).toBe(1);
    await p.checkbox(evil, [{ value: 1, name: evil }]);
    expect(await p.input(evil, { default: evil, validate: () => evil })).toBe('标题链接␛[2J[U+202E]');
    await p.confirm(evil);
    p.print(evil);
    for (const text of seen) expect(text).not.toMatch(ACTIVE);
    expect(seen).toContain('标题链接␛[2J[U+202E]');
  });
});
