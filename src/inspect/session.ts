// ducha run as a state machine over the Prompter: walks the items that are asked (filtered by section,
// method, or open only), commits each answer as it is given, and remembers where it stopped.
import type { Colour } from '../util/colour.js';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Method } from '../checklist/schema.js';
import {
  conclusions,
  getRunCursor,
  itemStats,
  recordsForItem,
  setRunCursor,
  type InspectionRow,
} from '../store/queries.js';
import type { Store } from '../store/store.js';
import { inspectionHeader, openItemsText, progressLines, progressTable } from './progress-text.js';
import { displayWidth } from '../util/width.js';
import { itemCard } from './card.js';
import { activeItems, allItems, conditionHolds, inspectionSnapshots, type ItemRef } from './items.js';
import { itemStatus, progress, type Progress } from './progress.js';
import { progressInput } from './status.js';
import { addRecordFlow, concludeFlow, toggleGoodPractice, type ActionDeps } from './actions.js';
import { correctionFlow } from './corrections-flow.js';
import { browseRecords, jumpChoices, listChange, menu, type Action } from './run-menu.js';

export interface RunFilters {
  section?: string;
  method?: Method;
  open?: boolean;
}

export interface RunDeps extends Omit<ActionDeps, 'inspectionId'> {
  inspection: InspectionRow;
  colour: Colour;
}

const ZERO = { listen: 0, check: 0, talk: 0, visit: 0 };

export async function runSession(deps: RunDeps, filters: RunFilters): Promise<void> {
  const { store, prompter, inspection, colour: c } = deps;
  const actionDeps: ActionDeps = { ...deps, inspectionId: inspection.id };
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  if (filters.section && !refs.some((r) => r.section.id === filters.section)) {
    const sections = [...new Set(refs.map((r) => r.section.id))];
    throw new InputError(t('run.noSection', { section: filters.section }), { hint: sections.join(' ') });
  }

  const input = () => progressInput(store, inspection);
  const state = () => {
    const p = input();
    const list = activeItems(refs, inspection.unitKind, p.conclusions).filter(
      (r) =>
        (!filters.section || r.section.id === filters.section) &&
        (!filters.method || r.item.methods[filters.method] !== undefined),
    );
    const done = (r: ItemRef) => itemStatus(r, p).status === 'done';
    return { p, list: filters.open ? list.filter((r) => !done(r)) : list, done };
  };

  prompter.print(inspectionHeader(inspection, c));
  prompter.print(progressText(progress(input()), c, prompter.screen()?.columns));
  let { list, done } = state();
  if (list.length === 0) {
    prompter.print(t('run.nothing'));
    return;
  }
  let index = startIndex(store, inspection.id, list, done);

  for (;;) {
    const ref = list[index]!;
    setRunCursor(store, inspection.id, ref.checklist.id, ref.item.id, store.now().toISOString());
    const snapshot = state();
    const status = itemStatus(ref, snapshot.p);
    const heads = conclusions(store, inspection.id).get(ref.key) ?? [];
    const counts = itemStats(store, inspection.id).get(ref.key) ?? ZERO;
    const records = recordsForItem(store, inspection.id, ref.checklist.id, ref.item.id);
    const head = heads.length === 1 ? heads[0] : undefined;
    const menuFor = (hidden: number) =>
      menu({
        index,
        total: list.length,
        head,
        conflict: heads.length > 1,
        hidden,
        records: records.length,
        correctable: records.length + heads.length > 0,
      });
    // The card is fitted to the rows the menu leaves, counting the records entry it may need.
    const screen = prompter.screen();
    const card = itemCard(
      { ref, position: index + 1, total: list.length, counts, records, heads, recheck: status.status === 'recheck' },
      c,
      screen && { screen, below: menuFor(records.length).length + 3 },
    );
    prompter.print(card.text);
    const action = await prompter.select<Action>(t('run.ask.action'), menuFor(card.hidden));
    let advance = false;
    if (action === 'record') await addRecordFlow(actionDeps, ref, counts, filters.method);
    else if (action === 'conclude') advance = await concludeFlow(actionDeps, ref, counts, head);
    else if (action === 'practice' && head) toggleGoodPractice(actionDeps, ref, head);
    else if (action === 'records') await browseRecords(prompter, records);
    else if (action === 'correct') await correctionFlow(actionDeps, ref, records, heads);
    else if (action === 'leave') break;
    else if (action === 'back') index = Math.max(0, index - 1);
    else if (action === 'next') advance = true;
    else if (action === 'jump') {
      const key = await prompter.escapable(() =>
        prompter.select(t('run.ask.jump'), jumpChoices(list, snapshot.p), { default: ref.key }),
      );
      if (key !== undefined) index = list.findIndex((r) => r.key === key);
    }
    // Conclusions change which conditional items are asked: rebuild the list, keep our place by key, and
    // say why the count changed ([1/5] → [2/12]).
    const before = list;
    ({ list, done } = state());
    const change = listChange(before, list, ref, (r) => conditionHolds(r, conclusions(store, inspection.id)));
    if (change) prompter.print(c.cyan(change));
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
  prompter.print('\n' + progressText(final, c, prompter.screen()?.columns));
  prompter.print(openItemsText(final, c, 10));
  prompter.print(t('run.saved'));
}

/** The progress table, or one line per checklist when the terminal is too narrow for it. */
function progressText(p: Progress, c: Colour, columns: number | undefined): string {
  const table = progressTable(p, c, false);
  return columns === undefined || table.split('\n').every((l) => displayWidth(l) < columns)
    ? table
    : progressLines(p, c);
}

/** Where to start: the item the last run stopped at if still open, else the next open one after it. */
function startIndex(store: Store, inspectionId: string, list: ItemRef[], done: (r: ItemRef) => boolean): number {
  const cursor = getRunCursor(store, inspectionId);
  const at = cursor ? list.findIndex((r) => r.checklist.id === cursor.checklistId && r.item.id === cursor.itemId) : -1;
  const from = Math.max(0, at);
  for (let k = 0; k < list.length; k++) {
    const i = (from + k) % list.length;
    if (!done(list[i]!)) return i;
  }
  return from;
}
