// Renders a report model to the requested format: Markdown through the template, Word from that Markdown,
// and for the ledger also .xlsx and .csv straight from the model.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ReportKind, ReportModel } from './model.js';
import { renderTemplate, type TemplateSource } from './templates.js';

export type ReportFormat = 'md' | 'docx' | 'xlsx' | 'csv';
export const FORMATS_BY_KIND: Record<ReportKind, readonly ReportFormat[]> = {
  feedback: ['md', 'docx'],
  notice: ['md', 'docx'],
  ledger: ['md', 'docx', 'xlsx', 'csv'],
};

export function checkFormat(kind: string, format: string): { kind: ReportKind; format: ReportFormat } {
  if (!Object.hasOwn(FORMATS_BY_KIND, kind)) throw new InputError(t('report.badKind', { kind }), { hint: Object.keys(FORMATS_BY_KIND).join(', ') });
  const allowed = FORMATS_BY_KIND[kind as ReportKind];
  if (!allowed.includes(format as ReportFormat)) throw new InputError(t('report.badFormat', { kind, format, allowed: allowed.join(', ') }));
  return { kind: kind as ReportKind, format: format as ReportFormat };
}

/** `draft`: the data is not settled; the document is marked 征求意见稿 (a CSV has no title to carry it: refused). */
export async function renderReport(kind: ReportKind, format: ReportFormat, model: ReportModel, template: TemplateSource, options: { draft?: boolean } = {}): Promise<Buffer> {
  if (format === 'csv') {
    if (options.draft) throw new InputError(t('draft.csv'), { hint: t('draft.csv.hint') });
    return (await import('./ledger.js')).ledgerCsv(model);
  }
  if (format === 'xlsx') return (await import('./ledger.js')).ledgerXlsx(model, { draft: options.draft });
  return renderDocument(template, model, format, { landscape: kind === 'ledger', draft: options.draft });
}

/** Any model through its template: Markdown, or Word made from that Markdown. */
export async function renderDocument(template: TemplateSource, model: object, format: 'md' | 'docx', options: { landscape?: boolean; draft?: boolean } = {}): Promise<Buffer> {
  let markdown = renderTemplate(template, model);
  if (options.draft) markdown = (await import('./draft.js')).markDraft(markdown);
  if (format === 'md') return Buffer.from(markdown, 'utf8');
  const { parseMarkdown } = await import('./markdown.js');
  const { renderDocx } = await import('./docx.js');
  return renderDocx(parseMarkdown(markdown), options);
}
