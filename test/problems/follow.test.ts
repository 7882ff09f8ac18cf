// Problems follow their item's resolved conclusion: a problem made from a value that was not chosen is
// flagged (by the conclusion its proposal recorded, or — for problems made before that — by the laptop
// that concluded the rejected value), never rewritten; rewriting it, merging it or keeping it clears the
// flag. Domain level, real databases, bundles between them.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { confirmProblem, followConclusion, staleProblems, canFollow } from '../../src/problems/follow.js';
import {
  createProblems,
  currentProblems,
  editProblem,
  checkFields,
  mergeProblems,
  proposals,
} from '../../src/problems/problems.js';
import { duplicateGroups } from '../../src/problems/duplicates.js';
import { exportBundle } from '../../src/team/export.js';
import { importBundle } from '../../src/team/import.js';
import { conflictsOf, matchTake, resolveWith } from '../../src/team/conflicts.js';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { writeOutputWith } from '../../src/util/output.js';
import { newInspection, steppingClock, tempStore } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

setLang('zh');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const store = (start: string) => {
  const s = tempStore({ clock: steppingClock(start) });
  made.push(dirname(s.file));
  return s;
};

function carry(from: Store, to: Store, inspectionId: string): void {
  const dir = tempDir();
  made.push(dir);
  const file = join(dir, 'b.ducha');
  exportBundle(from, 'x', [inspectionId], (fill) => writeOutputWith(file, { force: true }, fill));
  importBundle(to, 'x', file, { trust: true });
}

const ref = (s: Store, id: string, item: string) => resolveItem(allItems(inspectionSnapshots(s, id)), item);
const propose = (s: Store, actor: string, inspection: InspectionRow, withBasis = true) => {
  const p = proposals(s, inspection);
  return createProblems(
    s,
    actor,
    inspection.id,
    p.map((x) => x.fields),
    withBasis ? p.map((x) => x.basedOn) : [],
  );
};

/** Lead and two members; both members conclude WY-01 differently and propose; the lead imports both. */
function scene(options: { withBasis?: boolean; resultB?: string } = {}) {
  const lead = store('2026-11-20T08:00:00Z');
  const a = store('2026-11-20T09:00:00Z');
  const b = store('2026-11-20T09:30:00Z');
  const inspection = newInspection(lead);
  carry(lead, a, inspection.id);
  carry(lead, b, inspection.id);
  addRecord(a, '张三', inspection.id, ref(a, inspection.id, 'WY-01'), { method: 'listen', note: '汇报' }, 10);
  addRecord(a, '张三', inspection.id, ref(a, inspection.id, 'WY-01'), { method: 'check', note: '名册' }, 10);
  conclude(a, '张三', inspection.id, ref(a, inspection.id, 'WY-01'), {
    result: 'noncompliant',
    note: '政法委员空缺',
    reason: 'x',
  });
  addRecord(b, '李四', inspection.id, ref(b, inspection.id, 'WY-01'), { method: 'visit', note: '走访' }, 10);
  conclude(b, '李四', inspection.id, ref(b, inspection.id, 'WY-01'), {
    result: options.resultB ?? 'partial',
    note: '政法委员兼职过多',
    reason: 'x',
  });
  const [pa] = propose(a, '张三', inspection);
  const [pb] = propose(b, '李四', inspection, options.withBasis ?? true);
  // The lead works later in the day than the members.
  const later = store('2026-11-20T12:00:00Z');
  carry(lead, later, inspection.id);
  carry(a, later, inspection.id);
  carry(b, later, inspection.id);
  const [conflict] = conflictsOf(later, inspection.id);
  return { lead: later, inspection, conflict: conflict!, pa: pa!, pb: pb! };
}

describe('problems that follow a resolved conclusion', () => {
  it('a problem made from the value not chosen is flagged, with what it was made from and what was chosen', () => {
    const { lead, inspection, conflict, pa, pb } = scene();
    expect(staleProblems(lead, inspection.id)).toEqual([]); // nothing flagged while the conflict is open
    resolveWith(lead, '组长', conflict, matchTake(conflict, '不符合'));
    const stale = staleProblems(lead, inspection.id);
    expect(stale.map((x) => x.problem.id)).toEqual([pb]);
    expect(stale[0]).toMatchObject({
      item: { itemId: 'WY-01' },
      madeFrom: { actor: '李四', value: { result: 'partial' } },
      resolution: { actor: '组长', value: { result: 'noncompliant', note: '政法委员空缺' } },
    });
    expect(currentProblems(lead, inspection.id).find((p) => p.id === pb)!.description).toBe('政法委员兼职过多'); // never rewritten by itself
    // Rewriting it from the chosen conclusion: its note, and the methods that have records on the item.
    const fields = followConclusion(lead, '组长', stale[0]!, '');
    expect(fields).toEqual({ description: '政法委员空缺', methods: ['listen', 'check', 'visit'] });
    expect(staleProblems(lead, inspection.id)).toEqual([]);
    // Now word for word the same as 张三's: a duplicate, to merge.
    const [group] = duplicateGroups(currentProblems(lead, inspection.id));
    expect(group).toMatchObject({ exact: true, item: { itemId: 'WY-01' } });
    expect(group!.problems.map((p) => p.id).sort()).toEqual([pa, pb].sort());
  });

  it('problems made before proposals recorded their conclusion: found by the laptop that concluded the rejected value', () => {
    const { lead, inspection, conflict, pb } = scene({ withBasis: false });
    resolveWith(lead, '组长', conflict, matchTake(conflict, '1'));
    expect(staleProblems(lead, inspection.id).map((x) => x.problem.id)).toEqual([pb]);
  });

  it('choosing the other value flags the other problem; merging it into the kept one clears it', () => {
    const { lead, inspection, conflict, pa, pb } = scene();
    resolveWith(lead, '组长', conflict, matchTake(conflict, '基本符合'));
    expect(staleProblems(lead, inspection.id).map((x) => x.problem.id)).toEqual([pa]);
    const problems = currentProblems(lead, inspection.id);
    mergeProblems(lead, '组长', [problems.find((p) => p.id === pb)!, problems.find((p) => p.id === pa)!]);
    expect(staleProblems(lead, inspection.id)).toEqual([]);
  });

  it('an edit of its deadline does not clear the flag; keeping it as written does', () => {
    const { lead, inspection, conflict, pb } = scene();
    resolveWith(lead, '组长', conflict, matchTake(conflict, '不符合'));
    const problem = () => currentProblems(lead, inspection.id).find((p) => p.id === pb)!;
    editProblem(lead, '组长', problem(), checkFields({ deadline: '2027-01-31' }, [], resolveItem));
    expect(staleProblems(lead, inspection.id).map((x) => x.problem.id)).toEqual([pb]);
    confirmProblem(lead, '组长', problem());
    expect(staleProblems(lead, inspection.id)).toEqual([]);
    expect(problem().description).toBe('政法委员兼职过多');
  });

  it('a chosen 符合 cannot rewrite a problem: it is flagged and only kept or merged', () => {
    const { lead, inspection, conflict, pa } = scene({ resultB: 'compliant' });
    resolveWith(lead, '组长', conflict, matchTake(conflict, '符合'));
    const [stale] = staleProblems(lead, inspection.id);
    expect(stale!.problem.id).toBe(pa);
    expect(canFollow(stale!)).toBe(false);
    expect(() => followConclusion(lead, '组长', stale!, '')).toThrow(/不能据此改写问题/);
  });
});
