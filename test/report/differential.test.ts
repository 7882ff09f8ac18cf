// What `template lint` accepts renders exactly as Handlebars renders it: ducha's interpreter
// (src/report/interpret.ts) against the real handlebars package, over a corpus of every construct of the
// accepted subset, nested, and over random templates and data of many shapes. Handlebars escapes values for
// HTML where ducha escapes them for Markdown (before rendering), so the data here holds no character that
// HTML escaping changes (& < > " ' ` =): the rest of the output must be identical. (Compiling with noEscape
// instead is no oracle: there `{{a}}{{b}}` of two numbers prints their sum.) Rendering is bounded: deep nesting is refused by the lint, and
// output and work past their caps stop with a clear error.
import Handlebars from 'handlebars';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/report/handlebars-parser.js';
import { interpret, MAX_OUTPUT } from '../../src/report/interpret.js';
import { lintTemplate, MAX_BLOCK_DEPTH } from '../../src/report/template-lint.js';
import { renderTemplate } from '../../src/report/templates.js';
import type { Shape } from '../../src/report/model-shape.js';
import { InputError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';

setLang('zh');

const SHAPE: Shape = {
  title: 'value',
  n: 'value',
  flag: 'value',
  meta: { office: 'value', date: 'value' },
  tags: ['value'],
  items: [
    { name: 'value', flag: 'value', tags: ['value'], sub: [{ x: 'value' }], meta: { office: 'value', date: 'value' } },
  ],
};

/** Data of the shape with every kind of value Handlebars treats specially: 0, '', false, null, missing, [] and equal items. */
const DATA: Record<string, unknown>[] = [
  {
    title: '标题',
    n: 0,
    flag: false,
    meta: { office: '某市委政法委', date: '' },
    tags: ['a', 'b', 'a'],
    items: [
      { name: '甲', flag: true, tags: ['x'], sub: [{ x: 1 }, { x: 0 }], meta: { office: '办' } },
      { name: '', flag: 0, tags: [], sub: [], meta: null },
      { name: null, tags: ['y', 'y'], sub: [{ x: null }] },
    ],
  },
  { title: '', n: 1, flag: true, meta: {}, tags: [], items: [] },
  { n: -1, tags: [null, 0, ''], items: [null, { name: 'only' }] },
  {
    title: 'x',
    flag: 'false',
    meta: { office: 0 },
    tags: ['t'],
    items: [
      { name: 'a', sub: [{ x: 'p' }, { x: 'q' }, { x: 'r' }], tags: ['t'] },
      { name: 'b', sub: [{ x: 's' }] },
    ],
  },
];

const handlebars = (template: string, data: unknown) => Handlebars.create().compile(template)(data);
const ducha = (template: string, data: unknown) => interpret(parse(template), data);

/** Every construct of the accepted subset, alone and nested. */
const CORPUS = [
  '{{title}}|{{n}}|{{flag}}|{{meta.office}}|{{meta.date}}|{{n}}{{n}}',
  '{{this.title}}{{./n}}{{{title}}}{{&title}}{{!comment}}{{!-- long {{comment}} --}}\\{{escaped}}',
  '{{#if title}}T{{else}}F{{/if}}{{#if n}}N{{else}}0{{/if}}{{#if flag}}Y{{/if}}{{#if tags}}L{{/if}}{{#if meta}}M{{/if}}',
  '{{#unless title}}u{{else}}U{{/unless}}{{#unless n}}zero{{/unless}}{{^if flag}}not{{/if}}{{^if flag}}n{{else}}y{{/if}}',
  '{{#with meta}}[{{office}}|{{date}}]{{else}}none{{/with}}{{#with n}}({{this}}){{/with}}',
  '{{#each tags}}<{{this}}:{{@index}}:{{@key}}:{{@first}}:{{@last}}>{{else}}empty{{/each}}',
  '{{#each items}}{{@index}}={{name}}/{{../title}}/{{@root.title}};{{/each}}',
  '{{#each items}}{{#each sub}}[{{@../index}}.{{@index}} {{x}} {{../name}} {{../../title}}]{{/each}}{{/each}}',
  '{{#each items}}{{#each ../items}}[{{@../index}}{{@index}}]{{/each}}{{/each}}',
  '{{#each items}}{{#if flag}}{{name}}{{else if name}}-{{name}}{{else}}?{{/if}}{{/each}}',
  '{{#each items}}{{#with meta}}{{office}}{{../name}}{{@index}}{{/with}}{{/each}}',
  '{{#each items}}{{#each tags}}{{#each ../tags}}{{../../name}}{{this}}{{/each}}{{/each}}{{/each}}',
  '{{#each tags}}{{#each ../tags}}{{#if @first}}({{../this}}){{/if}}{{/each}}{{/each}}',
  '{{#each items}}{{#if ../flag}}[{{this.name}}|{{name}}]{{/if}}{{#unless flag}}!{{/unless}}{{/each}}',
  '{{#with meta}}{{#with ../meta}}{{office}}[{{../office}}]{{/with}}{{/with}}',
  '{{#each items}}{{#each @root.items}}{{@../key}}{{@key}}{{/each}}{{/each}}',
  '{{#each items}}{{@../root.title}}{{/each}}{{#if title}}{{@root.n}}{{/if}}',
  '# 标题\n\n{{#each items}}\n- {{name}}\n  {{#if flag}}\n  有\n  {{/if}}\n{{/each}}\n{{~#if title~}}  {{title}}  {{~/if}}\n',
  '{{#each items}}{{#each sub}}{{#each ../tags}}{{../x}}{{../../name}}{{@../../index}}{{/each}}{{/each}}{{/each}}',
];

describe('the interpreter renders exactly as Handlebars', () => {
  it('the corpus passes the lint (each template is in the accepted subset)', () => {
    for (const template of CORPUS) expect(lintTemplate(template, SHAPE), template).toEqual([]);
  });
  CORPUS.forEach((template, i) => {
    it(`corpus ${i}: ${template.slice(0, 60).replace(/\n/g, '⏎')}`, () => {
      for (const data of DATA) expect(ducha(template, data), JSON.stringify(data)).toBe(handlebars(template, data));
    });
  });

  it('the findings of issue 12: @key, @../index, #if 0', () => {
    const data = { items: [{}, {}, {}], n: 0 };
    expect(ducha('{{#each items}}{{@key}}{{/each}}', data)).toBe('012');
    expect(ducha('{{#each items}}{{#each ../items}}[{{@../index}}]{{/each}}{{/each}}', data)).toBe(
      '[0][0][0][1][1][1][2][2][2]',
    );
    expect(ducha('{{#if n}}y{{else}}n{{/if}}', data)).toBe('n');
  });

  // Random templates over the test shape, kept when the lint accepts them, rendered with random data.
  const PATHS = [
    'title',
    'n',
    'flag',
    'meta.office',
    'meta.date',
    'name',
    'x',
    'this',
    '.',
    '../title',
    '../name',
    '../../title',
    '../flag',
    '@index',
    '@key',
    '@first',
    '@last',
    '@root.title',
    '@root.n',
    '@../index',
    '@../key',
    '@../../index',
    '@../root.title',
    'office',
  ];
  const LISTS = ['items', 'tags', 'sub', '../items', '../tags', '@root.items', '../../items', 'this'];
  const OBJECTS = ['meta', '../meta', '@root.meta', 'this', 'items', 'tags'];
  const text = fc.constantFrom('a', ' ', '\n', '-', '·');
  const template: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
    nodes: fc.array(tie('node'), { maxLength: 3 }).map((n) => n.join('')),
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.constantFrom(...PATHS).map((p) => `{{${p}}}`),
      fc
        .tuple(
          fc.constantFrom('if', 'unless'),
          fc.constantFrom(...PATHS, ...LISTS),
          tie('nodes'),
          fc.option(tie('nodes')),
          fc.boolean(),
        )
        .map(([h, p, body, alt, nl]) => {
          const gap = nl ? '\n' : '';
          return `{{#${h} ${p}}}${gap}${body}${alt === null ? '' : `{{else}}${alt}`}{{/${h}}}${gap}`;
        }),
      fc
        .tuple(fc.constantFrom(...LISTS), tie('nodes'), fc.option(tie('nodes')))
        .map(([p, body, alt]) => `{{#each ${p}}}${body}${alt === null ? '' : `{{else}}${alt}`}{{/each}}`),
      fc.tuple(fc.constantFrom(...OBJECTS), tie('nodes')).map(([p, body]) => `{{#with ${p}}}${body}{{/with}}`),
    ),
  })).nodes;
  const scalar = fc.constantFrom<unknown>(null, 0, 1, '', 'v', '值', false, true, 'false');
  const object = fc.record({ office: scalar, date: scalar }, { requiredKeys: [] });
  const data = fc.record(
    {
      title: scalar,
      n: scalar,
      flag: scalar,
      meta: fc.option(object),
      tags: fc.array(scalar, { maxLength: 3 }),
      items: fc.array(
        fc.option(
          fc.record(
            {
              name: scalar,
              flag: scalar,
              tags: fc.array(scalar, { maxLength: 2 }),
              sub: fc.array(fc.record({ x: scalar }, { requiredKeys: [] }), { maxLength: 2 }),
              meta: fc.option(object),
            },
            { requiredKeys: [] },
          ),
          { freq: 6 },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );

  it('random templates the lint accepts, with random data', () => {
    let accepted = 0;
    fc.assert(
      fc.property(template, fc.array(data, { minLength: 1, maxLength: 3 }), (t, samples) => {
        if (lintTemplate(t, SHAPE).length > 0) return;
        accepted++;
        for (const sample of samples) {
          const d = JSON.parse(JSON.stringify(sample)) as unknown; // plain objects, as a report model is
          expect(ducha(t, d), `${JSON.stringify(t)}\n${JSON.stringify(d)}`).toBe(handlebars(t, d));
        }
      }),
      // A fixed seed: the same 600 templates every run, so that the count below cannot fall short by chance.
      { numRuns: 600, seed: 20261201 },
    );
    expect(accepted).toBeGreaterThan(150); // the property is not vacuous
  });
});

describe('what Handlebars would render differently is refused by the lint', () => {
  for (const [what, template] of [
    ['block parameters', '{{#each items as |name|}}{{name}}{{/each}}'],
    ['a hash argument', '{{#if n includeZero=true}}y{{/if}}'],
    ['@../index with only one #each', '{{#each items}}{{@../index}}{{/each}}'],
    ['@index outside #each', '{{@index}}'],
    ['a built-in helper named alone', '{{log}}'],
  ]) {
    it(what!, () =>
      expect(lintTemplate(template!, { ...(SHAPE as object), log: 'value' } as Shape).length).toBeGreaterThan(0),
    );
  }
});

describe('rendering is bounded', () => {
  const model = { problems: [{ description: 'a' }, { description: 'b' }, { description: 'c' }] };
  const source = (file: string, text: string) => ({ name: 'feedback', file, origin: 'option' as const, text });
  const nested = (n: number) => '{{#each @root.problems}}'.repeat(n) + 'x' + '{{/each}}'.repeat(n);

  it('fifteen nested loops over the same list pass the lint, then stop with a clear error (not a RangeError)', () => {
    expect(lintTemplate(nested(15))).toEqual([]);
    let error: unknown;
    try {
      renderTemplate(source('deep.md', nested(15)), model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/模板展开超过 10,000,000 步/);
  });

  it(`blocks nested deeper than ${MAX_BLOCK_DEPTH} are refused by the lint before Handlebars' parser sees them`, () => {
    for (const n of [MAX_BLOCK_DEPTH + 1, 10_000]) {
      const problems = lintTemplate(nested(n));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ line: 1, column: 24 * MAX_BLOCK_DEPTH + 1 });
      expect(problems[0]!.message).toContain(`${MAX_BLOCK_DEPTH} 层`);
    }
    const chain = '{{#if a}}' + '{{else if a}}'.repeat(MAX_BLOCK_DEPTH) + '{{/if}}';
    expect(lintTemplate(chain, { a: 'value' })[0]!.message).toContain('嵌套');
    expect(lintTemplate(nested(MAX_BLOCK_DEPTH))).toEqual([]);
  });

  it(`output past ${MAX_OUTPUT.toLocaleString('en')} characters stops with a clear error`, () => {
    const many = { problems: Array.from({ length: 200 }, (_, i) => ({ description: String(i) })) };
    expect(() =>
      renderTemplate(source('big.md', `{{#each problems}}${'很长的一段文字。'.repeat(6_000)}{{/each}}`), many),
    ).toThrow(/报告超过 8,000,000 个字符/);
  });
});
