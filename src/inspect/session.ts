// ducha run as a state machine over the Prompter: walks the items that are asked (filtered by section,
// method, or open only), commits each answer as it is given, and remembers where it stopped.
import type { Colour } from '../cli/colour.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Method } from '../checklist/schema.js';
import { conclusions, getRunCursor, itemStats, recordsForItem, setRunCursor, type InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { inspectionHeader, openItemsText, progressTable } from '../cli/format/progress.js';
import { itemCard } from './card.js';
import { activeItems, allItems, inspectionSnapshots, type ItemRef } from './items.js';
import { itemStatus, progress } from './progress.js';
import { progressInput } from './status.js';
import { addRecordFlow, concludeFlow, toggleGoodPractice, type ActionDeps } from './actions.js';
import { correctionFlow } from './corrections-flow.js';

export interface RunFilters {
  section?: string;
  method?: Method;
  open?: boolean;
}

export interface RunDeps extends Omit<ActionDeps, 'inspectionId'> {
  inspection: InspectionRow;
  colour: Colour;
}

type Action = 'record' | 'conclude' | 'practice' | 'correct' | 'next' | 'back' | 'jump' | 'leave';

const ZERO = { listen: 0, check: 0, talk: 0, visit: 0 };

export async function runSession(deps: RunDeps, filters: RunFilters): Promise<void> {
  const { store, prompter, inspection, colour: c } = deps;
  const actionDeps: ActionDeps = { ...deps, inspectionId: inspection.id };
  const refs = allItems(inspectionSnapshots(store.db, inspection.id));
  if (filters.section && !refs.some((r) => r.section.id === filters.section)) {
    const sections = [...new Set(refs.map((r) => r.section.id))];
    throw new InputError(t('run.noSection', { section: filters.section }), { hint: sections.join(' ') });
  }

  const input = () => progressInput(store.db, inspection);
  const state = () => {
    const p = input();
    const list = activeItems(refs, inspection.unitKind, p.conclusions).filter(
      (r) => (!filters.section || r.section.id === filters.section) && (!filters.method || r.item.methods[filters.method] !== undefined),
    );
    const done = (r: ItemRef) => itemStatus(r, p).status === 'done';
    return { p, list: filters.open ? list.filter((r) => !done(r)) : list, done };
  };

  prompter.print(inspectionHeader(inspection, c));
  prompter.print(progressTable(progress(input()), c, false));
  let { list, done } = state();
  if (list.length === 0) {
    prompter.print(t('run.nothing'));
    return;
  }
  let index = startIndex(store, inspection.id, list, done);

  for (;;) {
    const ref = list[index]!;
    setRunCursor(store.db, inspection.id, ref.checklist.id, ref.item.id, store.now().toISOString());
    const snapshot = state();
    const status = itemStatus(ref, snapshot.p);
    const heads = conclusions(store.db, inspection.id).get(ref.key) ?? [];
    const counts = itemStats(store.db, inspection.id).get(ref.key) ?? ZERO;
    const records = recordsForItem(store.db, inspection.id, ref.checklist.id, ref.item.id);
    prompter.print(itemCard({ ref, position: index + 1, total: list.length, counts, records, heads, recheck: status.status === 'recheck' }, c));
    const action = await prompter.select<Action>(
      t('run.ask.action'),
      withCorrect(menu(index, list.length, status.head !== undefined && heads.length === 1, status.head?.goodPractice), records.length + heads.length > 0),
    );
    let advance = false;
    if (action === 'record') await addRecordFlow(actionDeps, ref, counts, filters.method);
    else if (action === 'conclude') advance = await concludeFlow(actionDeps, ref, counts, heads.length === 1 ? heads[0] : undefined);
    else if (action === 'practice' && status.head) toggleGoodPractice(actionDeps, ref, status.head);
    else if (action === 'correct') await correctionFlow(actionDeps, ref, records, heads);
    else if (action === 'leave') break;
    else if (action === 'back') index = Math.max(0, index - 1);
    else if (action === 'next') advance = true;
    else if (action === 'jump') {
      const key = await prompter.select(
        t('run.ask.jump'),
        list.map((r) => ({ value: r.key, name: `${snapshot.done(r) ? '✔' : '·'} ${r.checklist.id}:${r.item.id} ${r.item.title}` })),
        { default: ref.key },
      );
      index = list.findIndex((r) => r.key === key);
    }
    // Conclusions change which conditional items are asked: rebuild the list, keep our place by key.
    ({ list, done } = state());
    if (list.length === 0) break;
    const here = list.findIndex((r) => r.key === ref.key);
    if (action !== 'jump' && action !== 'back') index = here === -1 ? Math.min(index, list.length - 1) : here;
    if (advance) {
      if (index >= list.length - 1) {
        prompter.print(t('run.end'));
        const firstOpen = list.findIndex((r) => !done(r));
        if (firstOpen === -1 || !(await prompter.confirm(t('run.ask.gotoOpen'), { default: true }))) break;
        index = firstOpen;
      } else index++;
    }
  }
  const final = progress(input());
  prompter.print('\n' + progressTable(final, c, false));
  prompter.print(openItemsText(final, c, 10));
  prompter.print(t('run.saved'));
}

/** Where to start: the item the last run stopped at if still open, else the next open one after it. */
function startIndex(store: Store, inspectionId: string, list: ItemRef[], done: (r: ItemRef) => boolean): number {
  const cursor = getRunCursor(store.db, inspectionId);
  const at = cursor ? list.findIndex((r) => r.checklist.id === cursor.checklistId && r.item.id === cursor.itemId) : -1;
  const from = Math.max(0, at);
  for (let k = 0; k < list.length; k++) {
    const i = (from + k) % list.length;
    if (!done(list[i]!)) return i;
  }
  return from;
}

function menu(index: number, total: number, concluded: boolean, practice: boolean | undefined) {
  const items: Array<{ value: Action; name: string; disabled?: boolean }> = [
    { value: 'record', name: t('run.menu.record') },
    { value: 'conclude', name: concluded ? t('run.menu.reconclude') : t('run.menu.conclude') },
  ];
  if (concluded) items.push({ value: 'practice', name: practice ? t('run.menu.practiceOff') : t('run.menu.practiceOn') });
  items.push({ value: 'next', name: index < total - 1 ? t('run.menu.next') : t('run.menu.finish') });
  if (index > 0) items.push({ value: 'back', name: t('run.menu.back') });
  items.push({ value: 'jump', name: t('run.menu.jump') }, { value: 'leave', name: t('run.menu.leave') });
  return items;
}

/** 更正 (amend or withdraw a record, withdraw the conclusion) goes after the item's own actions, when there is something to correct. */
function withCorrect(items: ReturnType<typeof menu>, any: boolean): ReturnType<typeof menu> {
  if (!any) return items;
  const at = items.findIndex((i) => i.value === 'next');
  return [...items.slice(0, at), { value: 'correct', name: t('run.menu.correct') }, ...items.slice(at)];
}
