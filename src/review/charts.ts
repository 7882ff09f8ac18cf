// The summary's charts, for a commission that would rather look than read: the items most often found
// lacking, and the closure rate (销号率) by unit kind and by region. Apache ECharts draws each as SVG on the
// server (no canvas, no browser); resvg turns the SVG into the PNG that every Word version, WPS and Excel
// show. The PNG's Chinese needs a Chinese font on this machine; without one the labels would be blank, so
// ducha says so (the .docx still carries the SVG, which Word 2016 and later draw with the reader's fonts).
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { t } from '../i18n/index.js';
import type { DocxImage } from '../report/docx-image.js';
import type { SummaryModel } from './summary.js';

echarts.use([BarChart, GridComponent, SVGRenderer]);

export interface Chart extends DocxImage {
  svg: string;
  /** Its caption, for a workbook (a document takes it from the template). */
  title: string;
}

export interface ChartSet {
  images: Map<string, Chart>;
  warnings: string[];
}

/** Fonts named in the SVG, first found wins; no double quotes (they would end ECharts' style attribute). */
export const CHART_FONTS =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";
const WIDTH = 640;
/** Bars shown at most: a chart of fifty regions reads as a table would. */
export const MAX_BARS = 15;

interface Bar {
  name: string;
  value: number;
  label: string;
}

function barChart(
  bars: readonly Bar[],
  options: { color: string; max?: number; unit?: string },
): { svg: string; width: number; height: number } {
  const height = Math.max(160, 50 + 34 * bars.length);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONTS, fontSize: 13, color: '#000000' },
    grid: { left: 12, right: 96, top: 12, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'value',
      max: options.max,
      minInterval: 1,
      axisLabel: { color: '#333333', formatter: options.unit ? `{value}${options.unit}` : '{value}' },
      splitLine: { lineStyle: { color: '#dddddd' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.name),
      axisLabel: { color: '#000000', width: 230, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: bars.map((b) => b.value),
        barMaxWidth: 20,
        itemStyle: { color: options.color },
        label: {
          show: true,
          position: 'right',
          color: '#000000',
          formatter: (p: { dataIndex: number }) => bars[p.dataIndex]?.label ?? '',
        },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return { svg, width: WIDTH, height };
}

function closureBars(groups: SummaryModel['byKind']): Bar[] {
  return groups
    .filter((g) => g.problems > 0)
    .sort((a, b) => b.problems - a.problems || a.name.localeCompare(b.name))
    .slice(0, MAX_BARS)
    .map((g) => ({
      name: g.name,
      value: Math.round((g.closed / g.problems) * 1000) / 10,
      label: `${g.closureRate}（${g.closed}/${g.problems}）`,
    }));
}

/** The SVG of each chart the model calls for (see SummaryModel.charts). */
export function chartSvgs(
  model: SummaryModel,
): Map<string, { svg: string; width: number; height: number; title: string }> {
  const out = new Map<string, { svg: string; width: number; height: number; title: string }>();
  if (model.charts.common) {
    const bars = model.common
      .slice()
      .sort((a, b) => b.lacking - a.lacking || a.rank - b.rank)
      .slice(0, MAX_BARS)
      .map((c) => ({ name: c.title || c.item, value: c.lacking, label: `${c.lacking}/${c.checked}` }));
    out.set('common', { ...barChart(bars, { color: '#8b1a1a' }), title: t('chart.common') });
  }
  if (model.charts.closure) {
    out.set('kind', {
      ...barChart(closureBars(model.byKind), { color: '#1f4e79', max: 100, unit: '%' }),
      title: t('chart.kind'),
    });
    out.set('region', {
      ...barChart(closureBars(model.byRegion), { color: '#1f4e79', max: 100, unit: '%' }),
      title: t('chart.region'),
    });
  }
  return out;
}

export async function summaryCharts(model: SummaryModel): Promise<ChartSet> {
  const svgs = chartSvgs(model);
  const images = new Map<string, Chart>();
  const warnings: string[] = [];
  if (svgs.size === 0) return { images, warnings };
  const resvg = await import('@resvg/resvg-js');
  const Resvg = (resvg.default ?? resvg).Resvg;
  const render = (svg: string, zoom: number) =>
    new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, font: { loadSystemFonts: true } }).render().asPng();
  // One character in the chart's fonts: if nothing is drawn, this machine has no Chinese font.
  const probe = render(
    `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><text x="2" y="20" font-size="20" font-family="${CHART_FONTS}">政</text></svg>`,
    1,
  );
  if (!(await hasInk(probe))) warnings.push(t('chart.noFont'));
  for (const [name, chart] of svgs) images.set(name, { ...chart, png: render(chart.svg, 2) });
  return { images, warnings };
}

/**
 * Whether a PNG on a transparent background has any visible pixel, read with node:zlib. Filtering (PNG's
 * per-line prediction) is invertible and maps all-zero pixels to all-zero bytes, so an image is empty
 * exactly when every byte but the lines' filter-type bytes is zero.
 */
export async function hasInk(png: Buffer): Promise<boolean> {
  const { inflateSync } = await import('node:zlib');
  const width = png.readUInt32BE(16);
  const bitDepth = png[24]!;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[png[25]!] ?? 4;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = Math.ceil((width * channels * bitDepth) / 8) + 1;
  for (let i = 0; i < raw.length; i++) if (i % stride !== 0 && raw[i] !== 0) return true;
  return false;
}
