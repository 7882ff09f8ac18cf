// A draft (征求意见稿): a document made while its data is not settled says so in its title, in every format
// — applied to what the template produced, so no template, shipped or the user's, can leave it out.
import { t } from '../i18n/index.js';

/** The title (the first level-1 heading) ends with （征求意见稿）; without a title the mark opens the text. */
export function markDraft(markdown: string): string {
  const mark = t('draft.mark');
  const lines = markdown.split('\n');
  const title = lines.findIndex((l) => /^#\s+\S/.test(l));
  if (title === -1) return `${mark}\n\n${markdown}`;
  lines[title] = lines[title]!.replace(/\s*#*\s*$/, '') + mark;
  return lines.join('\n');
}

/** The same mark after a spreadsheet's title. */
export const draftTitle = (title: string) => title + t('draft.mark');
