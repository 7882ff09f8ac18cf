// A name replaced by a correction stays a name to keep out of shared outputs: the records table holds only
// the current interviewee, so redaction also reads the names corrections replaced.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n/index.js';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { amendRecord, findRecord, withdrawRecord } from '../../src/inspect/corrections.js';
import { createProblems, proposals } from '../../src/problems/problems.js';
import { buildReportModel } from '../../src/report/model.js';
import { REPORT_OPTIONS } from '../helpers/inspection-fixture.js';
import { newInspection, steppingClock, tempStore } from '../helpers/store.js';

setLang('zh');
const stores: Array<{ file: string; close(): void }> = [];
afterAll(() => stores.forEach((s) => (s.close(), rmSync(dirname(s.file), { recursive: true, force: true }))));

describe('redaction after corrections', () => {
  it('the interviewee an amendment replaced, and that of a withdrawn record, are still masked in documents', () => {
    const store = tempStore({ clock: steppingClock() });
    stores.push(store);
    const inspection = newInspection(store);
    const item = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'WY-01');
    const first = addRecord(
      store,
      '张三',
      inspection.id,
      item,
      { method: 'talk', note: '据钱秘书反映，岗位空缺', subject: '党政办干部', interviewee: '钱秘书', evidence: [] },
      10,
    );
    amendRecord(store, '张三', findRecord(store, first.payload.id), {
      interviewee: '孙科员',
      reason: '记错了谈话对象',
    });
    const second = addRecord(
      store,
      '张三',
      inspection.id,
      item,
      { method: 'talk', note: '周干事说情况属实', subject: '干部', interviewee: '周干事', evidence: [] },
      10,
    );
    withdrawRecord(store, '张三', findRecord(store, second.payload.id), '重复录入');
    conclude(store, '张三', inspection.id, item, {
      result: 'noncompliant',
      note: '岗位空缺，钱秘书和周干事均证实',
      reason: '测试：只谈了话',
    });
    createProblems(
      store,
      '张三',
      inspection.id,
      proposals(store, inspection).map((p) => p.fields),
    );
    const text = JSON.stringify(buildReportModel(store, inspection, REPORT_OPTIONS));
    expect(text).toContain('岗位空缺');
    for (const name of ['钱秘书', '孙科员', '周干事']) expect(text, name).not.toContain(name);
    const revealed = JSON.stringify(buildReportModel(store, inspection, { ...REPORT_OPTIONS, revealIdentities: true }));
    expect(revealed).toContain('钱秘书');
  });
});
