// Human words for checklist values: unit kinds, methods, results, severities, and a basis as cited text.
import { t, type MessageKey } from '../i18n/index.js';
import type { Basis, Checklist, Source } from './schema.js';

export const kindName = (kind: string) => label('kind', kind);
export const methodName = (method: string) => label('method', method);
export const resultName = (result: string) => label('result', result);
export const severityName = (severity: string) => label('severity', severity);

function label(group: string, value: string): string {
  const key = `${group}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

/** 《中国共产党政法工作条例》第17条 / 《…》第六章 请示报告, with the quote if any. */
export function basisText(basis: Basis, checklist: Pick<Checklist, 'sources'>, withQuote = true): string {
  const source = checklist.sources.find((s) => s.id === basis.source);
  const title = source ? sourceTitle(source) : basis.source;
  const where = basis.article !== undefined ? t('basis.article', { n: basis.article }) : (basis.chapter ?? '');
  const quote = withQuote && basis.quote ? t('basis.quote', { quote: basis.quote }) : '';
  return `${title}${where}${quote}`;
}

/**
 * A source as cited: a document in 《》; the spirit of a meeting and a province's own rule as written, since
 * neither is a document title until a province puts its own (with its 《》) in place of the placeholder.
 */
export function sourceTitle(source: Pick<Source, 'title' | 'kind'>): string {
  const title = source.title.trim();
  return (source.kind ?? 'document') === 'document' ? `《${title}》` : title;
}
