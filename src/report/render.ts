// Renders a report model to the requested format: Markdown through the template, Word from that Markdown,
// and for the ledger also .xlsx and .csv straight from the model.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ReportKind, ReportModel } from './model.js';
import { renderTemplate, type TemplateSource } from './templates.js';
import type { Flavour } from './md-flavour.js';
import type { DocxImage } from './docx-image.js';
import type { Paper } from './docx-parts.js';

export type ReportFormat = 'md' | 'docx' | 'xlsx' | 'csv';
export const FORMATS_BY_KIND: Record<ReportKind, readonly ReportFormat[]> = {
  feedback: ['md', 'docx'],
  notice: ['md', 'docx'],
  ledger: ['md', 'docx', 'xlsx', 'csv'],
  progress: ['md', 'docx'],
};

export function checkFormat(kind: string, format: string): { kind: ReportKind; format: ReportFormat } {
  if (!Object.hasOwn(FORMATS_BY_KIND, kind))
    throw new InputError(t('report.badKind', { kind }), { hint: Object.keys(FORMATS_BY_KIND).join(', ') });
  const allowed = FORMATS_BY_KIND[kind as ReportKind];
  if (!allowed.includes(format as ReportFormat))
    throw new InputError(t('report.badFormat', { kind, format, allowed: allowed.join(', ') }));
  return { kind: kind as ReportKind, format: format as ReportFormat };
}

export interface RenderOptions {
  /** Paper of the ledger (A3 landscape unless A4 is asked for); other documents are A4 portrait. */
  paper?: Paper;
  /** Markdown for readers (plain) or for pandoc. */
  flavour?: Flavour;
  /** The progress circular's 制定完善制度 N 项, as the team counted it. */
  systems?: number;
  /** The data is not settled: the document is marked 征求意见稿 (a CSV has no title to carry it: refused). */
  draft?: boolean;
}

export async function renderReport(
  kind: ReportKind,
  format: ReportFormat,
  model: ReportModel,
  template: TemplateSource,
  options: RenderOptions = {},
): Promise<Buffer> {
  const paper = options.paper ?? 'a3';
  if (format === 'csv') {
    if (options.draft) throw new InputError(t('draft.csv'), { hint: t('draft.csv.hint') });
    return (await import('./ledger.js')).ledgerCsv(model);
  }
  if (format === 'xlsx') return (await import('./ledger-xlsx.js')).ledgerXlsx(model, { paper, draft: options.draft });
  const data =
    kind === 'progress' ? (await import('./progress.js')).progressModel(model, { systems: options.systems }) : model;
  return renderDocument(
    template,
    data,
    format,
    kind === 'ledger'
      ? { landscape: true, paper, flavour: options.flavour, draft: options.draft }
      : { flavour: options.flavour, draft: options.draft },
  );
}

export interface DocumentOptions {
  landscape?: boolean;
  paper?: Paper;
  flavour?: Flavour;
  images?: ReadonlyMap<string, DocxImage>;
  draft?: boolean;
}

/** Any model through its template: Markdown for readers, or Word made from the template's own Markdown. */
export async function renderDocument(
  template: TemplateSource,
  model: object,
  format: 'md' | 'docx',
  options: DocumentOptions = {},
): Promise<Buffer> {
  let markdown = renderTemplate(template, model);
  if (options.draft) markdown = (await import('./draft.js')).markDraft(markdown);
  if (format === 'md')
    return Buffer.from((await import('./md-flavour.js')).forReaders(markdown, options.flavour), 'utf8');
  const { parseMarkdown } = await import('./markdown.js');
  const { renderDocx } = await import('./docx.js');
  return renderDocx(parseMarkdown(markdown), {
    landscape: options.landscape,
    paper: options.paper,
    images: options.images,
  });
}
