// The summary's charts: drawn by ECharts as SVG (labels escaped, no internal ids) and turned into PNG by
// resvg; embedded in the summary's .docx (PNG with the SVG for Word 2016+) and .xlsx (a 图表 sheet); absent
// when there is nothing to chart; and never loaded at start-up.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartSvgs, hasInk, summaryCharts } from '../../src/review/charts.js';
import type { SummaryModel } from '../../src/review/summary.js';
import { setLang } from '../../src/i18n/index.js';
import { openStore } from '../../src/store/open.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { realisticInspection } from '../helpers/inspection-fixture.js';
import { partNames, parts } from '../helpers/documents.js';
import { ROOT, runMain } from '../helpers/run.js';

setLang('zh');
const dir = mkdtempSync(join(tmpdir(), 'ducha-charts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const breakdown = (name: string, problems: number, closed: number) => ({
  name,
  inspections: 1,
  checked: 4,
  lacking: 2,
  share: '50%',
  problems,
  closed,
  closureRate: `${Math.round((closed / problems) * 100)}%`,
});
const MODEL = {
  common: [
    {
      rank: 1,
      checklist: '请示报告',
      item: 'QS-02',
      title: '请示<报告>关系 & "一文一事"',
      lacking: 3,
      checked: 4,
      share: '75%',
    },
    { rank: 2, checklist: '请示报告', item: 'QS-05', title: '重大事项事前请示', lacking: 2, checked: 2, share: '100%' },
  ],
  byKind: [breakdown('党委政法委', 8, 2), breakdown('法院', 2, 1)],
  byRegion: [breakdown('某省某市某县', 10, 3)],
  charts: { common: true, closure: true },
} as unknown as SummaryModel;

describe('charts', () => {
  it('SVG of the most common problems and of closure rates by unit kind and region, labels escaped, no item codes', () => {
    const svgs = chartSvgs(MODEL);
    expect([...svgs.keys()]).toEqual(['common', 'kind', 'region']);
    const common = svgs.get('common')!.svg;
    expect(common.startsWith('<svg')).toBe(true);
    expect(common).toContain('请示&lt;报告&gt;关系 &amp; &quot;一文一事&quot;');
    expect(common).toContain('3/4');
    expect(common).not.toContain('QS-02');
    expect(svgs.get('kind')!.svg).toContain('25%（2/8）');
    expect(svgs.get('region')!.svg).toContain('某省某市某县');
    expect(chartSvgs({ ...MODEL, charts: { common: false, closure: false } }).size).toBe(0);
  });
  it('PNG twice the SVG size, through resvg; a blank PNG is told from one with ink', async () => {
    const { images, warnings } = await summaryCharts(MODEL);
    const png = images.get('common')!.png;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(2 * images.get('common')!.width);
    expect(await hasInk(png)).toBe(true);
    // Without a Chinese font the PNG's labels would be blank: ducha says so instead of staying silent.
    expect(warnings.every((w) => w.includes('中文字体'))).toBe(true);
    const { Resvg } = (await import('@resvg/resvg-js')).default;
    const blank = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"></svg>').render().asPng();
    const dot = new Resvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect x="3" y="3" width="1" height="1"/></svg>',
    )
      .render()
      .asPng();
    expect(await hasInk(blank)).toBe(false);
    expect(await hasInk(dot)).toBe(true);
  });
});

describe('ducha summary with charts', () => {
  const data = join(dir, 'data');
  const env = { PATH: process.env.PATH, HOME: dir, DUCHA_DATA_DIR: data, LANG: 'C.UTF-8' };
  beforeAll(() => {
    mkdirSync(data, { recursive: true });
    const { store } = realisticInspection(openStore(join(data, 'ducha.db'), { create: true, clock: steppingClock() }));
    store.close();
  });
  it('the .docx carries three charts as pictures (PNG + SVG) with their captions', async () => {
    const r = await runMain(['summary', '-o', join(dir, 's.docx')], { env, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const file = readFileSync(join(dir, 's.docx'));
    const names = await partNames(file);
    for (const n of [1, 2, 3])
      expect(names).toEqual(expect.arrayContaining([`word/media/chart${n}.png`, `word/media/chart${n}.svg`]));
    const xml = (await parts(file))['word/document.xml']!;
    expect(xml.match(/<w:drawing>/g)).toHaveLength(3);
    for (const caption of ['存在问题次数最多的检查事项', '各类单位整改销号率', '各地区整改销号率'])
      expect(xml).toContain(`>${caption}<`);
  });
  it('the .xlsx opens on a 图表 sheet holding the three charts', async () => {
    expect((await runMain(['summary', '-o', join(dir, 's.xlsx')], { env, cwd: dir })).code).toBe(0);
    const file = readFileSync(join(dir, 's.xlsx'));
    const names = await partNames(file);
    expect(names.filter((n) => /^xl\/media\/.*\.png$/.test(n))).toHaveLength(3);
    const p = await parts(file);
    expect(/<sheets><sheet [^>]*name="([^"]+)"/.exec(p['xl/workbook.xml']!)![1]).toBe('图表');
    expect(p['xl/drawings/drawing1.xml']!.match(/<xdr:pic>/g)).toHaveLength(3);
  });
  it('nothing to chart, no chart: a summary without findings has no pictures', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const store = openStore(join(empty, 'ducha.db'), { create: true });
    newInspection(store);
    store.close();
    expect(
      (await runMain(['summary', '-o', join(dir, 'e.docx')], { env: { ...env, DUCHA_DATA_DIR: empty }, cwd: dir }))
        .code,
    ).toBe(0);
    expect((await partNames(readFileSync(join(dir, 'e.docx')))).some((n) => n.includes('media'))).toBe(false);
  });
});

describe('start-up', () => {
  it('the start-up bundle imports neither ECharts nor resvg: only summary to .docx/.xlsx loads them', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toContain('@resvg/resvg-js');
      expect(code, file).not.toMatch(/echarts|zrender/i);
      for (const m of code.matchAll(/^import\s*(?:[^;]*?from\s*)?"(\.[^"]+)"/gm)) visit(join(dirname(file), m[1]!));
    };
    const main = join(ROOT, 'dist', 'main.js');
    expect(existsSync(main)).toBe(true);
    visit(main);
    // And what every command but --version loads: the dispatcher, which main.js imports when it runs.
    const dispatch = /import\("(\.\/chunks\/dispatch-[^"]+\.js)"\)/.exec(readFileSync(main, 'utf8'))?.[1];
    expect(dispatch).toBeDefined();
    visit(join(ROOT, 'dist', dispatch!));
    expect([...seen].some((f) => readFileSync(f, 'utf8').includes('// src/cli/dispatch.ts'))).toBe(true);
  });
});
