// The documents an imported table may cite without declaring them: those the built-in checklists declare
// (with their ids and article counts), the short names offices use for them, and the article numbers of
// the Regulation that have been verified (DOMAIN §2) — any other number is kept as written and flagged.
import { builtinChecklistsDir } from '../../paths.js';
import { loadRegistry } from '../registry.js';
import type { Source } from '../schema.js';

export const REGULATION = '中国共产党政法工作条例';

/** Article numbers of the Regulation checked against its published text (DOMAIN §2, 「Citable article numbers」). */
export const CITABLE_ARTICLES: Readonly<Record<string, readonly number[]>> = {
  [REGULATION]: [1, 2, 3, 4, 11, 12, 14, 15, 16, 17, 32, 33],
};

/** Short titles written in 《》 for a document (《条例》 is the Regulation in every ducha document). */
const ALIASES: Record<string, string> = {
  条例: REGULATION,
  政法工作条例: REGULATION,
  党的政法工作条例: REGULATION,
  中共政法工作条例: REGULATION,
  请示报告条例: '中国共产党重大事项请示报告条例',
  重大事项请示报告条例: '中国共产党重大事项请示报告条例',
};

export function canonicalTitle(title: string): string {
  const plain = title.replace(/\s+/g, '');
  return ALIASES[plain] ?? plain;
}

/** Sources declared by the built-in checklists, one per title (the first declaration wins). */
export function builtinSources(cwd: string): Source[] {
  const registry = loadRegistry([{ dir: builtinChecklistsDir(), origin: 'builtin' }], cwd);
  const byTitle = new Map<string, Source>();
  for (const entry of registry.entries.values()) {
    for (const source of entry.checklist.sources) if (!byTitle.has(source.title)) byTitle.set(source.title, source);
  }
  return [...byTitle.values()];
}
