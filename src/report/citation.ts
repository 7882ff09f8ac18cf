// A basis cited as official documents cite it: 《中国共产党政法工作条例》第十七条 — article numbers in
// Chinese numerals — or, once a document has said 「（以下简称《条例》）」, 《条例》第十七条.
import { getLang, t } from '../i18n/index.js';
import type { Basis, Checklist } from '../checklist/schema.js';
import { chineseNumber } from '../util/numbers.js';

/** The Regulation a document abbreviates to 《条例》 after its first mention. */
export const REGULATION = '中国共产党政法工作条例';

export function citation(basis: Basis, checklist: Pick<Checklist, 'sources'>, abbreviate = false): string {
  const source = checklist.sources.find((s) => s.id === basis.source);
  const name = source?.title.replace(/^《(.*)》$/, '$1');
  const title = name === undefined ? basis.source : abbreviate && name === REGULATION ? '《条例》' : `《${name}》`;
  const where =
    basis.article !== undefined
      ? t('docs.article', { n: getLang() === 'zh' ? chineseNumber(basis.article) : basis.article })
      : (basis.chapter ?? '');
  return `${title}${where}`;
}
