// YAML that nests too deep or whose aliases expand too far is refused by both parsers with one located
// `yaml-limits` problem, whatever the style of nesting; measuring costs one visit per distinct node; a
// checklist sharing parts through a few aliases stays clean. (The commands: test/e2e/hostile-yaml.test.ts.)
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/checklist/parse.js';
import { expansionLimit, mayHaveAnchors, MAX_ALIAS_NODES, MAX_DEPTH } from '../../src/util/yaml-limits.js';
import { loadChecklistBytes } from '../../src/checklist/load.js';
import { setLang } from '../../src/i18n/index.js';
import { DEEP, HEAD, MINIMAL, laughs } from '../helpers/hostile-yaml.js';

setLang('zh');

describe('the parsers are held to the limits', () => {
  for (const [shape, text] of Object.entries(DEEP)) {
    it(`5,000 nested ${shape} collections: one yaml-limits problem inside the file`, () => {
      const parsed = parseYaml(text);
      expect('error' in parsed && parsed.code).toBe('yaml-limits');
      if (!('error' in parsed)) return;
      expect(parsed.error.line).toBeGreaterThanOrEqual(9);
      expect(parsed.error.line).toBeLessThanOrEqual(text.split('\n').length);
      expect(parsed.error.message).toContain(`${MAX_DEPTH} 层`);
    });
  }

  it('10^7 nodes from 600 bytes of aliases: refused at the alias that crosses the budget', () => {
    const text = laughs(7);
    expect(text.length).toBeLessThan(1200);
    const parsed = parseYaml(text);
    expect(parsed).toMatchObject({ code: 'yaml-limits', error: { line: 13, column: 45 } });
  });

  it('above 4 MB (not parsed again with positions) the problem is placed at the first alias', () => {
    const padded = laughs(7).replace('x0:', `description: ${'x'.repeat(4 * 1024 * 1024)}\nx0:`);
    expect(parseYaml(padded)).toMatchObject({ code: 'yaml-limits', error: { line: 11, column: 10 } });
  });

  it('an alias inside the node it names (a cycle), in a map or a sequence', () => {
    for (const text of [
      `${HEAD}sections: &s\n  - id: A\n    title: 循环\n    items: *s\n`,
      `${HEAD}x: &m {self: *m}\nsections: []\n`,
    ]) {
      const parsed = parseYaml(text);
      expect('error' in parsed && parsed.code, text).toBe('yaml-limits');
      expect('error' in parsed && parsed.error.message).toMatch(/循环引用/);
    }
  });

  it('depth reached through aliases counts as depth', () => {
    const lines = ['d0: &d0 [x]', ...Array.from({ length: MAX_DEPTH + 5 }, (_, i) => `d${i + 1}: &d${i + 1} [*d${i}]`)];
    const parsed = parseYaml(`${HEAD}${lines.join('\n')}\nsections: []\n`);
    expect(parsed).toMatchObject({ code: 'yaml-limits' });
    expect('error' in parsed && parsed.error.line).toBeGreaterThan(MAX_DEPTH);
  });

  it('measuring costs one visit per distinct node: 10^300 expanded nodes are counted without expanding them', () => {
    let node: unknown = ['x'];
    for (let i = 0; i < 300; i++) node = Array(10).fill(node);
    expect(expansionLimit({ a: node })).toBe('depth'); // 300 levels deep as well
    let wide: unknown = ['x'];
    for (let i = 0; i < 40; i++) wide = [wide, wide];
    expect(expansionLimit({ a: wide })).toBe('aliases');
  });

  it('the data of a text without anchors is not measured (no alias can resolve); every anchor form is seen', () => {
    for (const text of ['a: &x 1', '- &x [1]', 'k: [&a 1]', '{&a b: 1}', '&a\n', '{"a":&x [1], "b":*x}', 'a:\n\t&x 1'])
      expect(mayHaveAnchors(text), text).toBe(true);
    for (const text of ['a: A&B', 'title: 请示&报告', 'x: 1']) expect(mayHaveAnchors(text), text).toBe(false);
    expect(parseYaml('{"a":&x [[[1]]], "b":[*x, *x]}\n')).toEqual({ data: { a: [[[1]]], b: [[[[1]]], [[[1]]]] } });
  });

  it('a checklist that shares a few parts through aliases is still clean', () => {
    const text =
      MINIMAL.replace('        basis:\n', '        basis: &b\n').replace(
        '        methods:\n',
        '        methods: &m\n',
      ) +
      '      - id: WY-02\n        title: 到岗\n        check: 是否到岗？\n        basis: *b\n        methods: *m\n        evidence:\n          required: [visit]\n';
    const loaded = loadChecklistBytes(Buffer.from(text), 'shared.yaml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.checklist!.sections[0]!.items[1]!.methods.visit).toBe('到乡镇综治中心实地察看');
    expect(expansionLimit({ a: Array(MAX_ALIAS_NODES / 10).fill({ b: 1 }) })).toBeUndefined();
  });
});
