// The run's menus: what can be done on an item (one entry per action, so a new action is one more line),
// the 跳到 list with each item's result, the records browsed on demand, and why the item count changed.
import { t } from '../i18n/index.js';
import { methodName, resultName } from '../checklist/describe.js';
import type { ConclusionHead, RecordRow } from '../store/queries.js';
import { displayWidth, pad, truncate } from '../util/width.js';
import type { Choice, Prompter } from './prompter.js';
import type { ItemRef } from './items.js';
import { itemStatus, type ProgressInput } from './progress.js';

export type Action = 'record' | 'conclude' | 'practice' | 'records' | 'correct' | 'next' | 'back' | 'jump' | 'leave';

export interface MenuState {
  index: number;
  total: number;
  /** The item's single conclusion (none while unconcluded or in conflict). */
  head: ConclusionHead | undefined;
  conflict: boolean;
  /** Records the card left out; the records entry appears when there are some. */
  hidden: number;
  records: number;
  /** Something to correct (a record, or a conclusion): 更正记录或结论 is offered. */
  correctable: boolean;
}

export function menu(s: MenuState): Array<Choice<Action>> {
  const items: Array<Choice<Action>> = [
    { value: 'record', name: t('run.menu.record') },
    { value: 'conclude', name: s.head || s.conflict ? t('run.menu.reconclude') : t('run.menu.conclude') },
    practiceEntry(s.head),
  ];
  if (s.hidden > 0) items.push({ value: 'records', name: t('run.menu.records', { n: s.records }) });
  // 更正 (amend or withdraw a record, withdraw the conclusion) goes after the item's own actions.
  if (s.correctable) items.push({ value: 'correct', name: t('run.menu.correct') });
  items.push({ value: 'next', name: s.index < s.total - 1 ? t('run.menu.next') : t('run.menu.finish') });
  if (s.index > 0) items.push({ value: 'back', name: t('run.menu.back') });
  items.push({ value: 'jump', name: t('run.menu.jump') }, { value: 'leave', name: t('run.menu.leave') });
  return items;
}

/** Always offered (the README promises it in the menu); usable once the item is concluded 符合 or 基本符合. */
function practiceEntry(head: ConclusionHead | undefined): Choice<Action> {
  if (head?.goodPractice) return { value: 'practice', name: t('run.menu.practiceOff') };
  const usable = head && (head.result === 'compliant' || head.result === 'partial');
  const why = !head ? t('run.practice.needConclusion') : t('run.practice.notFor', { result: resultName(head.result) });
  return { value: 'practice', name: t('run.menu.practiceOn'), disabled: usable ? false : why };
}

/** 跳到……: every item with where it stands — 符合 and 基本符合 told apart. */
export function jumpChoices(
  list: readonly ItemRef[],
  p: Pick<ProgressInput, 'conclusions' | 'rechecks'>,
): Array<Choice<string>> {
  const ids = list.map((r) => r.item.id);
  const unique = (id: string) => ids.indexOf(id) === ids.lastIndexOf(id);
  const width = Math.max(
    ...['compliant', 'partial', 'noncompliant', 'not-applicable', 'none'].map((r) => displayWidth(resultName(r))),
  );
  return list.map((r) => {
    const { status, head } = itemStatus(r, p);
    const label =
      status === 'conflict' || status === 'recheck'
        ? t(`show.status.${status}`)
        : head
          ? resultName(head.result)
          : resultName('none');
    const star = head?.goodPractice ? ' ★' : '';
    return {
      value: r.key,
      name: `${pad(label, width)}  ${unique(r.item.id) ? r.item.id : `${r.checklist.id}:${r.item.id}`} ${r.item.title}${star}`,
    };
  });
}

/** "因条目 WY-01 的结论，新增 7 个条目……" when a conclusion changed which conditional items are asked. */
export function listChange(
  before: readonly ItemRef[],
  after: readonly ItemRef[],
  cause: ItemRef,
  stillAsked: (r: ItemRef) => boolean,
): string | undefined {
  const had = new Set(before.map((r) => r.key));
  const has = new Set(after.map((r) => r.key));
  const names = (refs: ItemRef[]) =>
    refs
      .slice(0, 6)
      .map((r) => r.item.id)
      .join('、') + (refs.length > 6 ? '…' : '');
  const added = after.filter((r) => !had.has(r.key) && r.item.when);
  const gone = before.filter((r) => !has.has(r.key) && r.item.when && !stillAsked(r));
  const lines: string[] = [];
  if (added.length)
    lines.push(
      t('run.itemsAppeared', { item: cause.item.id, n: added.length, items: names(added), total: after.length }),
    );
  if (gone.length)
    lines.push(t('run.itemsGone', { item: cause.item.id, n: gone.length, items: names(gone), total: after.length }));
  return lines.length ? lines.join('\n') : undefined;
}

/** Every record of the item, one per row; choosing one prints it whole. Esc or 返回 goes back to the item. */
export async function browseRecords(prompter: Prompter, records: readonly RecordRow[]): Promise<void> {
  const screen = prompter.screen();
  const rows = screen?.rows ?? 24;
  const fit = (s: string) => (screen ? truncate(s, screen.columns - 3) : s);
  await prompter.escapable(async () => {
    let at = records.length - 1;
    for (;;) {
      const choices: Array<Choice<number>> = records.map((r, i) => ({
        value: i,
        name: fit(
          `${i + 1}. ${methodName(r.method)}｜${r.subject ? r.subject + '｜' : ''}${r.note.replace(/\s+/g, ' ')}`,
        ),
      }));
      choices.push({ value: -1, name: t('run.records.back') });
      at = await prompter.select(t('run.records.title', { n: records.length }), choices, {
        default: at,
        pageSize: Math.max(5, Math.min(15, rows - 6)),
      });
      if (at === -1) return;
      prompter.print(recordText(records[at]!, at));
    }
  });
}

function recordText(r: RecordRow, i: number): string {
  const lines = [`${i + 1}. ${methodName(r.method)}  ${r.at.slice(0, 16).replace('T', ' ')}  ${r.actor}`];
  if (r.subject) lines.push(`   ${t('run.records.subject')}${r.subject}`);
  if (r.interviewee) lines.push(`   ${t('run.records.interviewee')}${r.interviewee}`);
  lines.push(`   ${r.note}`);
  for (const e of r.evidence) lines.push(`   ${t('run.records.file', { name: e.name, sha: e.sha256.slice(0, 8) })}`);
  return lines.join('\n');
}
