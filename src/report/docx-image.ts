// A chart in a .docx: an inline picture the width of the text block. The PNG is what every reader shows
// (Word 2007+, WPS, LibreOffice); the SVG rides along in Word's own extension (svgBlip), which Word 2016 and
// later prefer — sharp in print, its text set in the reader's fonts.
import { t } from '../i18n/index.js';
import { InputError } from '../errors.js';
import type { Media } from './docx-parts.js';

export interface DocxImage {
  png: Buffer;
  svg?: string;
  /** Pixels of the drawing at 1×: only the aspect ratio matters here. */
  width: number;
  height: number;
}

export class UnknownImageError extends InputError {
  constructor(target: string, known: readonly string[]) {
    super(t('docs.unknownImage', { target }), {
      hint: known.length
        ? t('docs.unknownImage.hint', { names: known.map((k) => `chart:${k}`).join('、') })
        : undefined,
    });
  }
}

const EMU_PER_TWIP = 635;
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function imageXml(image: DocxImage, alt: string, width: number, media: Media[]): string {
  const n = media.filter((m) => m.target.endsWith('.png')).length + 1;
  const png = { id: `rIdImg${n}`, target: `media/chart${n}.png`, data: image.png };
  media.push(png);
  let svgExt = '';
  if (image.svg) {
    const svg = { id: `rIdSvg${n}`, target: `media/chart${n}.svg`, data: Buffer.from(image.svg, 'utf8') };
    media.push(svg);
    svgExt = `<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="${svg.id}"/></a:ext></a:extLst>`;
  }
  const cx = width * EMU_PER_TWIP;
  const cy = Math.round((cx * image.height) / image.width);
  const name = attr(alt || `chart${n}`);
  return (
    `<w:p><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>` +
    `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:docPr id="${n}" name="${name}" descr="${name}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
    `<pic:nvPicPr><pic:cNvPr id="${n}" name="chart${n}.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${png.id}">${svgExt}</a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}
