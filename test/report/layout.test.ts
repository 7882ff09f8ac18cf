// GB/T 9704-2012 in the .docx XML: heading styles with outline levels (navigation pane, table of contents),
// 22 lines of 28 characters, the 版头 with the 发文字号 above the title and the red separator, title lines
// chosen by ducha, the signature and date placed for the seal, charts as pictures; and Markdown that reads
// cleanly in ordinary viewers unless pandoc's flavour is asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, type ReportModel } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import { findTemplate } from '../../src/report/templates.js';
import { parseMarkdown } from '../../src/report/markdown.js';
import { renderDocx } from '../../src/report/docx.js';
import { CHAR_SPACING, LINE } from '../../src/report/docx-parts.js';
import { setLang } from '../../src/i18n/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS, realisticInspection } from '../helpers/inspection-fixture.js';
import { paragraphs, partNames, parts } from '../helpers/documents.js';

setLang('zh');
const dir = mkdtempSync(join(tmpdir(), 'ducha-layout-'));
const env = { DUCHA_DATA_DIR: join(dir, 'data') };
let store: Store;
let model: ReportModel;
beforeAll(() => {
  const made = realisticInspection(openStore(join(dir, 'r.db'), { create: true, clock: steppingClock() }));
  store = made.store;
  model = buildReportModel(store, made.inspection, { ...REPORT_OPTIONS, docNumber: '某政法督〔2026〕12号' });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const docx = async (kind: 'feedback' | 'notice' | 'ledger' | 'progress', m = model, options = {}) =>
  parts(await renderReport(kind, 'docx', m, findTemplate(kind, env), options));

describe('styles: headings the navigation pane and a table of contents find', () => {
  it('Heading 1–4 carry the GB/T fonts, 3号, and outline levels 0–3; Title carries 2号小标宋', async () => {
    const styles = (await docx('feedback'))['word/styles.xml']!;
    const style = (id: string) =>
      new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">(.*?)</w:style>`).exec(styles)?.[1] ?? '';
    [
      ['Heading1', '黑体', 0],
      ['Heading2', '楷体_GB2312', 1],
      ['Heading3', '仿宋_GB2312', 2],
      ['Heading4', '仿宋_GB2312', 3],
    ].forEach(([id, font, level]) => {
      const s = style(id as string);
      expect(s, id as string).toContain(`<w:name w:val="heading ${(level as number) + 1}"/>`);
      expect(s).toContain(`<w:outlineLvl w:val="${level}"/>`);
      expect(s).toContain(`w:eastAsia="${font}"`);
      expect(s).toContain('<w:sz w:val="32"/>');
    });
    expect(style('Title')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style('Title')).toContain('<w:sz w:val="44"/>');
    expect(style('Title')).not.toContain('outlineLvl');
  });
  it('headings 一、（一）1. use Heading 1, 2, 3; the title uses Title', async () => {
    const xml = (await docx('feedback'))['word/document.xml']!;
    const styleOf = (text: string) => {
      const at = xml.indexOf(`>${text}`);
      return /<w:pStyle w:val="(\w+)"\/>/.exec(xml.slice(xml.lastIndexOf('<w:p>', at), at))?.[1];
    };
    expect(styleOf('一、基本情况')).toBe('Heading1');
    expect(styleOf('（一）请示报告制度贯彻落实情况方面')).toBe('Heading2');
    expect(styleOf('1. 制度建立与知晓')).toBe('Heading3');
    expect(styleOf('关于某县委政法委贯彻落实')).toBe('Title');
  });
});

describe('22 lines of 28 characters in a 156 × 225 mm text block', () => {
  it('the section has a line grid of 579 twips (22 lines), body lines are exactly that, characters set 0.25 pt closer', async () => {
    const p = await docx('feedback');
    const xml = p['word/document.xml']!;
    expect(LINE).toBe(579);
    expect(LINE * 22).toBeLessThanOrEqual(16838 - 2098 - 1984);
    expect(LINE * 23).toBeGreaterThan(16838 - 2098 - 1984);
    expect(xml).toContain('<w:docGrid w:type="lines" w:linePitch="579"/>');
    expect(xml).toContain('w:line="579" w:lineRule="exact"');
    // 28 characters of 16 pt less 0.25 pt each fit 156 mm (8845 twips), 29 do not.
    expect(CHAR_SPACING).toBe(-5);
    const pitch = 320 + CHAR_SPACING;
    expect(28 * pitch).toBeLessThanOrEqual(8845);
    expect(29 * pitch).toBeGreaterThan(8845);
    const normal = /<w:style w:type="paragraph" w:default="1" w:styleId="Normal">(.*?)<\/w:style>/.exec(
      p['word/styles.xml']!,
    )![1]!;
    expect(normal).toContain('<w:spacing w:val="-5"/>');
    expect(normal).toContain('<w:sz w:val="32"/>');
    expect(normal).toContain('w:eastAsia="zh-CN"');
    expect(p['word/settings.xml']).toContain('<w:characterSpacingControl w:val="doNotCompress"/>');
  });
  it('the title, tables and page numbers stay off the body grid (snapToGrid off)', async () => {
    const xml = (await docx('ledger'))['word/document.xml']!;
    const cell = xml.slice(xml.indexOf('<w:tc>'), xml.indexOf('</w:tc>'));
    expect(cell).toContain('<w:snapToGrid w:val="0"/>');
    const footer = (await docx('feedback'))['word/footer1.xml']!;
    expect(footer).toContain('<w:snapToGrid w:val="0"/>');
  });
});

describe('版头, title, signature', () => {
  it('the marking, then the 发文字号 centred with a red separator under it, then the title two lines lower', async () => {
    const xml = (await docx('feedback'))['word/document.xml']!;
    const texts = paragraphs(xml);
    expect(texts.slice(0, 3)).toEqual([
      '内部资料 注意保存',
      '某政法督〔2026〕12号',
      '关于某县委政法委贯彻落实\n《中国共产党政法工作条例》\n情况的督查反馈意见',
    ]);
    const number = xml.slice(xml.indexOf('<w:p>', xml.indexOf('内部资料')), xml.indexOf('某政法督'));
    expect(number).toContain('<w:jc w:val="center"/>');
    expect(number).toContain('<w:bottom w:val="single" w:sz="8" w:space="5" w:color="FF0000"/>');
    const title = xml.slice(xml.indexOf('<w:p>', xml.indexOf('某政法督')), xml.indexOf('关于某县委'));
    expect(title).toContain(`w:before="${2 * LINE}"`);
  });
  it('without a 发文字号 there is no separator, and the number is never printed under the title', async () => {
    const plain = buildReportModel(
      store,
      (await import('../../src/store/queries.js')).listInspections(store.db)[0]!,
      REPORT_OPTIONS,
    );
    const xml = (await docx('notice', plain))['word/document.xml']!;
    expect(xml).not.toContain('FF0000');
    expect(paragraphs(xml)[1]).toBe('整改通知书');
  });
  it('title lines never split 《…》; a | in --title forces a break', async () => {
    const xml = (
      await docx('feedback', {
        ...model,
        meta: { ...model.meta, title: '关于某县委政法委|贯彻落实《中国共产党政法工作条例》情况的督查反馈意见' },
      })
    )['word/document.xml']!;
    const title = paragraphs(xml)[2]!.split('\n');
    expect(title[0]).toBe('关于某县委政法委');
    for (const line of title) expect((line.match(/《/g) ?? []).length).toBe((line.match(/》/g) ?? []).length);
    expect(title.every((line) => [...line].length <= 20)).toBe(true);
  });
  it('the date four characters in from the right, the signature centred over it, two blank lines above for the seal', async () => {
    const xml = (await docx('feedback'))['word/document.xml']!;
    const para = (text: string) =>
      xml.slice(xml.lastIndexOf('<w:p>', xml.indexOf(`>${text}<`)), xml.indexOf(`>${text}<`));
    const date = para('2026年11月27日');
    expect(date).toContain('<w:jc w:val="right"/>');
    expect(date).toContain('w:right="1280"');
    // 市委政法委督查组 is 8 characters, 2026年11月27日 is 7 (digits are half width): centred over the date.
    const signature = para('市委政法委督查组');
    expect(signature).toContain('w:right="1120"');
    expect(signature).toContain(`w:before="${2 * LINE}"`);
    expect(signature).toContain('<w:keepNext/>');
  });
});

describe('charts and other pictures', () => {
  it('a chart becomes an inline picture with a PNG and an SVG, its caption below', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const images = new Map([
      ['common', { png, svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: 640, height: 320 }],
    ]);
    const file = await renderDocx(parseMarkdown('# 汇总\n\n![存在问题次数最多的检查事项](chart:common)\n'), { images });
    const p = await parts(file);
    expect(await partNames(file)).toEqual(expect.arrayContaining(['word/media/chart1.png', 'word/media/chart1.svg']));
    expect(p['word/_rels/document.xml.rels']).toContain('Target="media/chart1.png"');
    expect(p['[Content_Types].xml']).toContain('<Default Extension="png" ContentType="image/png"/>');
    expect(p['[Content_Types].xml']).toContain('<Default Extension="svg" ContentType="image/svg+xml"/>');
    const xml = p['word/document.xml']!;
    expect(xml).toContain('<wp:extent cx="5616575" cy="2808288"/>');
    expect(xml).toMatch(
      /<a:blip r:embed="rIdImg1"><a:extLst><a:ext uri="\{96DAC541-7B7A-43D3-8B79-37D633B846F1\}"><asvg:svgBlip [^>]*r:embed="rIdSvg1"\/>/,
    );
    expect(paragraphs(xml)).toContain('存在问题次数最多的检查事项');
  });
  it('an image the template names that ducha did not make is refused with the charts it could place', async () => {
    await expect(
      renderDocx(parseMarkdown('![x](photo.png)\n'), {
        images: new Map([['common', { png: Buffer.alloc(0), width: 1, height: 1 }]]),
      }),
    ).rejects.toThrow(/photo\.png/);
  });
});

describe('Markdown for readers', () => {
  it('the default .md has no fenced divs, no <wbr>, no chart lines; --flavour pandoc keeps the divs', async () => {
    const plain = (await renderReport('feedback', 'md', model, findTemplate('feedback', env))).toString('utf8');
    expect(plain).not.toMatch(/:::|<wbr>|\{\.|chart:/);
    expect(plain).toContain(
      '某政法督〔2026〕12号\n\n# 关于某县委政法委贯彻落实《中国共产党政法工作条例》情况的督查反馈意见',
    );
    expect(plain.trimEnd().endsWith('市委政法委督查组\n\n2026年11月27日')).toBe(true);
    const pandoc = (
      await renderReport('feedback', 'md', model, findTemplate('feedback', env), { flavour: 'pandoc' })
    ).toString('utf8');
    expect(pandoc).toContain('::: {.signature}\n市委政法委督查组\n\n2026年11月27日\n:::');
    expect(pandoc).toContain('::: {.docnumber}');
    expect(pandoc).not.toContain('<wbr>');
  });
});
