// A realistic inspection for report tests: two checklists, records by all four methods with interviewee
// names (one also typed into a finding), a good practice, and problems proposed from the conclusions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { createProblems, currentProblems, editProblem, proposals } from '../../src/problems/problems.js';
import type { ReportOptions } from '../../src/report/model.js';
import { newInspection, steppingClock, tempStore } from './store.js';
import { tempDir } from './run.js';

export const NAMES = ['王某某', '赵建国'] as const;

export const REPORT_OPTIONS: ReportOptions = {
  revealIdentities: false,
  office: '市委政法委督查组',
  date: '2026-11-27',
  docNumber: '',
  marking: '内部资料 注意保存',
  planDays: 15,
  rectifyDays: 60,
};

export function realisticInspection(store: Store = tempStore({ clock: steppingClock() })): {
  store: Store;
  inspection: InspectionRow;
} {
  const inspection = newInspection(store, {
    unit: '某县委政法委',
    unitKind: 'plac',
    region: '某省某市某县',
    team: ['张三', '李四', '王五'],
    checklists: ['qingshi-baogao', 'zhengfa-weiyuan'],
    start: '2026-11-20',
  });
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  const item = (id: string) => resolveItem(refs, id);
  const evidence = join(tempDir(), '请示报告登记簿.jpg');
  writeFileSync(evidence, 'jpeg bytes');
  const rec = (
    id: string,
    method: 'listen' | 'check' | 'talk' | 'visit',
    note: string,
    subject?: string,
    interviewee?: string,
    files: string[] = [],
  ) => addRecord(store, '张三', inspection.id, item(id), { method, note, subject, interviewee, evidence: files }, 10);

  rec('QS-01', 'listen', '听取县委政法委关于请示报告工作的专题汇报', '县委政法委常务副书记');
  rec('QS-01', 'check', '2026 年登记请示 12 件、报告 20 件，事项清单已印发', '请示报告登记簿', undefined, [evidence]);
  rec('QS-01', 'talk', '熟悉事项清单内容，能说出主要请示事项', '办公室主任', NAMES[0]);
  conclude(store, '张三', inspection.id, item('QS-01'), {
    result: 'compliant',
    note: '制定请示报告事项清单，明确 24 类事项',
    goodPractice: true,
  });

  rec('QS-02', 'check', '抽查请示 10 件，3 件一文多事', '2026 年请示文件');
  rec('QS-02', 'talk', '时间紧时合并请示', '经办人员', NAMES[1]);
  conclude(store, '李四', inspection.id, item('QS-02'), {
    result: 'noncompliant',
    note: `部分请示一文多事，据${NAMES[1]}反映，时间紧时将多个事项合并请示。`,
  });

  rec('QS-05', 'check', '2026 年 3 月一项重大事项未见事前请示', '党委会议纪要');
  rec('QS-05', 'talk', '承认存在先办后报', '分管副书记');
  conclude(store, '李四', inspection.id, item('QS-05'), {
    result: 'partial',
    note: '个别重大事项未事前请示, 存在"先办后报"',
  });

  rec('WY-01', 'check', '全县 12 个乡镇均已配备政法委员', '政法委员名册');
  rec('WY-01', 'visit', '某镇政法委员由党委副书记兼任，在综治中心办公', '某镇综治中心');
  conclude(store, '王五', inspection.id, item('WY-01'), { result: 'compliant', note: '已配齐' });

  createProblems(
    store,
    '张三',
    inspection.id,
    proposals(store, inspection).map((p) => p.fields),
  );
  const first = currentProblems(store, inspection.id).find((p) => p.items[0]?.itemId === 'QS-02')!;
  editProblem(store, '张三', first, {
    unit: '县委政法委办公室',
    leader: '李某',
    person: '王某',
    deadline: '2027-01-31',
  });
  return { store, inspection };
}
