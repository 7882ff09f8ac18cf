// Names the part of a checklist a path points into ("条目 QS-03", "章节 A", "来源 tiaoli"), for messages.
import { t } from '../i18n/index.js';
import type { NodePath } from './problem.js';

type Loose = Record<string, unknown> | undefined;

function idOf(value: unknown): string {
  const id = (value as Loose)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '?';
}

/** "条目 QS-03 " for a path inside an item; "" at the top level. */
export function where(data: unknown, path: NodePath): string {
  const root = data as Loose;
  if (path[0] === 'sources' && typeof path[1] === 'number') {
    return t('lint.where.source', { id: idOf((root?.sources as unknown[] | undefined)?.[path[1]]) });
  }
  if (path[0] === 'sections' && typeof path[1] === 'number') {
    const section = (root?.sections as unknown[] | undefined)?.[path[1]] as Loose;
    if (path[2] === 'items' && typeof path[3] === 'number') {
      return t('lint.where.item', { id: idOf((section?.items as unknown[] | undefined)?.[path[3]]) });
    }
    return t('lint.where.section', { id: idOf(section) });
  }
  return '';
}

/** The last named field of a path: `basis[0].article` → "article". */
export function fieldOf(path: NodePath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}
