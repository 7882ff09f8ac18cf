// Names hidden everywhere they can hide, across three inspections of one database: the realistic round at
// 某县委政法委 (interviewees 王某某, 赵建国, plus 李秘密); a second round at the same unit whose notes, problem,
// measures and rectification steps write those names spaced, hyphenated, with full-width spaces and
// percent-encoded; and an inspection of another unit whose interviewee 孙保密 is named only in the second
// round's good practice. 赵建国, interviewed again in the second round, is also its 责任人, and 李秘密 its
// 责任领导 (designated: kept). A one-character interviewee 「的」 of the second round, stored before such names
// were refused, must leave 「目的不明确的」 alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { createProblems, currentProblems, editProblem, proposals } from '../../src/problems/problems.js';
import { advance } from '../../src/problems/lifecycle.js';
import { realisticInspection } from './inspection-fixture.js';
import { newInspection, steppingClock, tempStore } from './store.js';
import { tempDir } from './run.js';

/** Every interviewee of the database; none may appear in a shared output unless revealed. */
export const SECRET_NAMES = ['王某某', '赵建国', '李秘密', '孙保密'] as const;
export const LEADER = '李秘密';
export const PERSON = '赵建国';
/** Text that holds the character 的 of the one-character interviewee and must stay as written. */
export const ORDINARY = '目的不明确的';

export interface ConfidentialWorld {
  store: Store;
  first: InspectionRow;
  second: InspectionRow;
  other: InspectionRow;
}

export function confidentialWorld(): ConfidentialWorld {
  const store = tempStore({ clock: steppingClock() });
  const { inspection: first } = realisticInspection(store);
  const refsOf = (i: InspectionRow) => allItems(inspectionSnapshots(store, i.id));
  addRecord(
    store,
    '张三',
    first.id,
    resolveItem(refsOf(first), 'QS-03'),
    { method: 'talk', subject: '办公室副主任', interviewee: '李秘密', note: '介绍请示报告登记情况' },
    10,
  );

  // Another unit, another inspection: its interviewee is named in the second round's notes only.
  const other = newInspection(store, {
    unit: '某乡镇党委',
    unitKind: 'township',
    checklists: ['zhengfa-weiyuan'],
    start: '2026-12-01',
  });
  const wy01 = resolveItem(refsOf(other), 'WY-01');
  addRecord(
    store,
    '李四',
    other.id,
    wy01,
    { method: 'talk', subject: '乡镇政法委员', interviewee: '孙保密', note: '介绍综治中心运行' },
    10,
  );

  const second = newInspection(store, {
    unit: '某县委政法委',
    unitKind: 'plac',
    region: '某省某市某县',
    team: ['张三', '李四'],
    checklists: ['qingshi-baogao'],
    start: '2027-03-01',
  });
  const item = (id: string) => resolveItem(refsOf(second), id);
  addRecord(
    store,
    '张三',
    second.id,
    item('QS-01'),
    { method: 'check', subject: '请示报告登记簿', note: '登记完整' },
    10,
  );
  addRecord(
    store,
    '张三',
    second.id,
    item('QS-02'),
    { method: 'talk', subject: '经办人员', interviewee: PERSON, note: '仍有合并请示' },
    10,
  );
  // Stored before one-character names were refused (or received in a bundle): bypasses addRecord's check.
  const qs01 = item('QS-01');
  store.write(() =>
    store.append('李四', 'record.added', {
      id: store.newId(),
      inspectionId: second.id,
      checklistId: qs01.checklist.id,
      itemId: qs01.item.id,
      method: 'talk',
      subject: '群众',
      interviewee: '的',
      note: '反映情况',
      evidence: [],
    }),
  );
  conclude(store, '张三', second.id, item('QS-01'), {
    result: 'compliant',
    goodPractice: true,
    note: '经与孙 保 密谈话了解，事项清单执行到位',
    reason: '测试',
  });
  conclude(store, '张三', second.id, item('QS-02'), {
    result: 'noncompliant',
    note: '据赵-建-国反映，仍有一文多事',
    reason: '测试',
  });
  conclude(store, '张三', second.id, item('QS-05'), {
    result: 'partial',
    note: `李秘\u3000密称先办后报，${ORDINARY}请示 2 件`,
    reason: '测试',
  });
  createProblems(
    store,
    '张三',
    second.id,
    proposals(store, second).map((p) => p.fields),
  );
  const problems = currentProblems(store, second.id);
  const qs02 = problems.find((p) => p.items[0]?.itemId === 'QS-02')!;
  editProblem(store, '张三', qs02, {
    leader: LEADER,
    person: PERSON,
    unit: '县委政法委办公室',
    measures: `由${encodeURIComponent('赵建国')}牵头修订请示报告流程`,
  });
  const evidence = join(tempDir(), '整改通知.pdf');
  writeFileSync(evidence, 'pdf');
  advance(store, '张三', qs02, { kind: 'progress', note: '王　某　某已组织学习' }, 10);
  advance(store, '张三', qs02, { kind: 'request', note: '已整改，李秘 密签字确认', evidence: [evidence] }, 10);
  advance(store, '李四', qs02, { kind: 'return', note: '退回：赵建国的说明不充分' }, 10);
  return { store, first, second, other };
}

/** Text as a reader would see it with separators and percent-encoding gone: where a hidden name shows. */
export function squash(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  } catch {
    // Not all of it decodes: keep the text as it is.
  }
  return decoded.replace(/[^\p{L}\p{N}]/gu, '');
}

/** How often each secret name shows in the text once squashed. */
export function nameCounts(text: string): Record<string, number> {
  const flat = squash(text);
  return Object.fromEntries(SECRET_NAMES.map((n) => [n, flat.split(n).length - 1]));
}
