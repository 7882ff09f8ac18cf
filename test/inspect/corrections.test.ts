// Corrections on a real database: a record amended or withdrawn, a conclusion amended or withdrawn — each
// an event with its reason, never a deletion — and everything that counts records or conclusions
// (progress, item_stats, the required-record check, proposals, the report model, the summary) reading the
// current state; ducha verify still replays every projection.
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude, missingEvidence } from '../../src/inspect/recording.js';
import {
  amendConclusion,
  amendRecord,
  findRecord,
  withdrawConclusion,
  withdrawRecord,
} from '../../src/inspect/corrections.js';
import { inspectionProgress } from '../../src/inspect/status.js';
import { conclusions, itemStats, recordsForItem, type InspectionRow } from '../../src/store/queries.js';
import { getRecord } from '../../src/store/record-queries.js';
import { proposals } from '../../src/problems/problems.js';
import { buildReportModel } from '../../src/report/model.js';
import { buildSummary } from '../../src/review/summary.js';
import { compareRounds } from '../../src/review/compare.js';
import { verifyStore } from '../../src/store/verify.js';
import type { Store } from '../../src/store/store.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, steppingClock } from '../helpers/store.js';
import { REPORT_OPTIONS } from '../helpers/inspection-fixture.js';
import { scratch } from '../helpers/scratch.js';

setLang('zh');
const tmp = scratch();

function world(): { store: Store; inspection: InspectionRow; item: (id: string) => ReturnType<typeof resolveItem> } {
  const store = tmp.store({ clock: steppingClock() });
  const inspection = newInspection(store, { unit: '某县委政法委', unitKind: 'plac', checklists: ['qingshi-baogao'] });
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  return { store, inspection, item: (id) => resolveItem(refs, id) };
}

const stats = (store: Store, inspection: InspectionRow, item: string) =>
  itemStats(store.db, inspection.id).get(`qingshi-baogao/${item}`);

describe('record amend and withdraw', () => {
  it('a 谈 mis-keyed as 听 is amended: it counts as 谈 everywhere, and the original stays in the log', () => {
    const { store, inspection, item } = world();
    const talk = addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-02'),
      { method: 'listen', note: '经办人员说时间紧时合并请示', subject: '经办人员' },
      10,
    );
    addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-02'),
      { method: 'check', note: '抽查请示 10 件，3 件一文多事' },
      10,
    );
    expect(missingEvidence(store, inspection.id, item('QS-02'))).toEqual(['talk']);
    const record = findRecord(store, talk.payload.id);
    const { changed } = amendRecord(store, '李四', record, {
      method: 'talk',
      interviewee: '王某某',
      reason: '录入时把谈话误选为听取汇报',
    });
    expect(changed).toEqual(['method', 'interviewee']);
    expect(stats(store, inspection, 'QS-02')).toEqual({ listen: 0, check: 1, talk: 1, visit: 0 });
    expect(missingEvidence(store, inspection.id, item('QS-02'))).toEqual([]);
    expect(
      recordsForItem(store.db, inspection.id, 'qingshi-baogao', 'QS-02').map((r) => [r.method, r.interviewee]),
    ).toEqual([
      ['talk', '王某某'],
      ['check', null],
    ]);
    expect(inspectionProgress(store, inspection).methods).toEqual({ listen: 0, check: 1, talk: 1, visit: 0 });
    // Never a deletion: the record.added event still says 听, the amendment is its own event with the reason.
    const events = store.db
      .prepare("SELECT type, payload FROM events WHERE type LIKE 'record.%' ORDER BY seq_no")
      .all() as Array<{ type: string; payload: string }>;
    expect(events.map((e) => e.type)).toEqual(['record.added', 'record.added', 'record.amended']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ method: 'listen' });
    expect(JSON.parse(events[2]!.payload)).toMatchObject({
      fields: { method: 'talk', interviewee: '王某某' },
      reason: '录入时把谈话误选为听取汇报',
    });
    expect(verifyStore(store).ok).toBe(true);
  });

  it('a withdrawn record no longer counts: stats, progress, required records, report methods and sources, summary', () => {
    const { store, inspection, item } = world();
    const listen = addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-01'),
      { method: 'listen', note: '听取专题汇报', subject: '常务副书记' },
      10,
    );
    addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-01'),
      { method: 'check', note: '登记簿齐全', subject: '请示报告登记簿' },
      10,
    );
    const talk = addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-01'),
      { method: 'talk', note: '熟悉清单', subject: '办公室主任', interviewee: '王某某' },
      10,
    );
    conclude(store, '张三', inspection.id, item('QS-01'), { result: 'compliant' });
    const before = buildReportModel(store, inspection, REPORT_OPTIONS);
    expect(before.methods).toMatchObject({ listen: 1, check: 1, talk: 1 });

    withdrawRecord(store, '李四', findRecord(store, listen.payload.id), '重复录入');
    const result = withdrawRecord(store, '李四', findRecord(store, talk.payload.id), '谈话对象记错了人');
    // QS-01 requires 查 and 谈: the conclusion stands, and the caller is told what is now missing.
    expect(result.missing).toEqual(['talk']);
    expect(stats(store, inspection, 'QS-01')).toEqual({ listen: 0, check: 1, talk: 0, visit: 0 });
    expect(recordsForItem(store.db, inspection.id, 'qingshi-baogao', 'QS-01').map((r) => r.method)).toEqual(['check']);
    expect(getRecord(store.db, talk.payload.id)).toMatchObject({ withdrawn: true, method: 'talk' });
    const after = buildReportModel(store, inspection, REPORT_OPTIONS);
    expect(after.methods).toMatchObject({ listen: 0, check: 1, talk: 0, total: 1 });
    const summary = buildSummary(
      store,
      { ids: [inspection.id] },
      { office: '督查组', date: '2026-11-28', today: '2026-11-28' },
    );
    expect(summary.methods).toMatchObject({ listen: 0, check: 1, talk: 0, visit: 0 });
    expect(() =>
      amendRecord(store, '李四', findRecord(store, talk.payload.id), { note: '再改', reason: '试试' }),
    ).toThrow(/已撤回，不能再更正/);
    expect(() => withdrawRecord(store, '李四', findRecord(store, talk.payload.id), '再撤')).toThrow(/已撤回/);
    expect(verifyStore(store).ok).toBe(true);
  });

  it('an amended interviewee name stays redacted in reports, under its old name too', () => {
    const { store, inspection, item } = world();
    const r = addRecord(
      store,
      '张三',
      inspection.id,
      item('QS-02'),
      { method: 'talk', note: '赵建国说合并请示', subject: '经办人员', interviewee: '赵建国' },
      10,
    );
    addRecord(store, '张三', inspection.id, item('QS-02'), { method: 'check', note: '抽查' }, 10);
    amendRecord(store, '张三', findRecord(store, r.payload.id), { interviewee: '钱某', reason: '记错了谈话对象' });
    conclude(store, '张三', inspection.id, item('QS-02'), {
      result: 'noncompliant',
      note: '据赵建国反映，多个事项合并请示',
    });
    const model = buildReportModel(store, inspection, REPORT_OPTIONS);
    expect(JSON.stringify(model)).not.toContain('赵建国');
    expect(JSON.stringify(model)).not.toContain('钱某');
  });

  it('reasons are required, nothing unchanged is written, bad values are refused with nothing written', () => {
    const { store, inspection, item } = world();
    const r = addRecord(store, '张三', inspection.id, item('QS-01'), { method: 'check', note: '登记簿' }, 10);
    const record = findRecord(store, r.payload.id);
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const n = count();
    expect(() => amendRecord(store, '张三', record, { note: '改', reason: '  ' })).toThrow(/请说明理由/);
    expect(() => withdrawRecord(store, '张三', record, '')).toThrow(/请说明理由/);
    expect(() => amendRecord(store, '张三', record, { note: '登记簿', reason: '无' })).toThrow(/没有需要更正的内容/);
    expect(() => amendRecord(store, '张三', record, { method: 'read', reason: '无' })).toThrow(/未知的方法/);
    expect(() => amendRecord(store, '张三', record, { note: ' ', reason: '无' })).toThrow(/记录内容不能为空/);
    expect(count()).toBe(n);
    // An empty subject clears it.
    amendRecord(store, '张三', record, { subject: '登记簿', reason: '补写' });
    amendRecord(store, '张三', findRecord(store, record.id), { subject: '', reason: '写错地方' });
    expect(getRecord(store.db, record.id)!.subject).toBeNull();
  });
});

describe('record ids: any unique prefix of at least 6 characters', () => {
  it('finds by the full id or a unique prefix; refuses a short, ambiguous or unknown one with a hint', () => {
    let n = 0;
    // Every id shares its first 8 characters, as records made within the same few milliseconds would.
    const store = tmp.store({
      clock: steppingClock(),
      newId: () => `00000000${(n++).toString(32).padStart(2, '0')}zzzzzz`,
    });
    const inspection = newInspection(store, { unit: '某县委政法委', unitKind: 'plac', checklists: ['qingshi-baogao'] });
    const refs = allItems(inspectionSnapshots(store, inspection.id));
    const a = addRecord(store, '张三', inspection.id, resolveItem(refs, 'QS-01'), { method: 'check', note: 'a' }, 10)
      .payload.id;
    const b = addRecord(store, '张三', inspection.id, resolveItem(refs, 'QS-02'), { method: 'check', note: 'b' }, 10)
      .payload.id;
    expect(findRecord(store, a).id).toBe(a);
    expect(findRecord(store, b.slice(0, 10).toUpperCase()).id).toBe(b);
    expect(() => findRecord(store, a.slice(0, 5))).toThrow(/太短：至少写出前 6 位/);
    try {
      findRecord(store, a.slice(0, 8));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('匹配多条记录');
      expect((error as { hint: string }).hint).toContain(`${a}（QS-01）`);
      expect((error as { hint: string }).hint).toContain(`${b}（QS-02）`);
    }
    expect(() => findRecord(store, 'zzzzzzzz')).toThrow(/没有编号为 "zzzzzzzz" 的记录/);
  });
});

describe('conclusion amend and withdraw', () => {
  it('amend keeps what is not changed, records the reason, and drops the good practice on 不符合', () => {
    const { store, inspection, item } = world();
    for (const m of ['check', 'talk'] as const)
      addRecord(store, '张三', inspection.id, item('QS-01'), { method: m, note: m }, 10);
    conclude(store, '张三', inspection.id, item('QS-01'), {
      result: 'compliant',
      note: '建立了清单',
      goodPractice: true,
    });
    const event = amendConclusion(store, '李四', inspection.id, item('QS-01'), {
      result: 'noncompliant',
      note: '清单未印发',
      reason: '复核发现清单仅为草稿',
    });
    expect(event.payload).toMatchObject({
      result: 'noncompliant',
      note: '清单未印发',
      goodPractice: false,
      changeReason: '复核发现清单仅为草稿',
    });
    const heads = conclusions(store.db, inspection.id).get('qingshi-baogao/QS-01')!;
    expect(heads).toHaveLength(1);
    expect(heads[0]).toMatchObject({ result: 'noncompliant', actor: '李四' });
    expect(heads[0]).not.toHaveProperty('changeReason'); // the reason belongs to the event, not the value
    expect(() =>
      amendConclusion(store, '李四', inspection.id, item('QS-01'), { result: 'noncompliant', reason: '同上' }),
    ).toThrow(/没有需要更正的内容/);
    expect(() =>
      amendConclusion(store, '李四', inspection.id, item('QS-02'), { result: 'partial', reason: 'x' }),
    ).toThrow(/还没有结论/);
    expect(() =>
      amendConclusion(store, '李四', inspection.id, item('QS-01'), { result: 'partial', note: '', reason: 'x' }),
    ).toThrow(/须写明问题表现/);
  });

  it('withdraw makes the item open again: progress, proposals, conclusion_heads, summary; a new conclusion is not a conflict', () => {
    const { store, inspection, item } = world();
    for (const m of ['check', 'talk'] as const)
      addRecord(store, '张三', inspection.id, item('QS-02'), { method: m, note: m }, 10);
    conclude(store, '张三', inspection.id, item('QS-02'), { result: 'noncompliant', note: '一文多事' });
    expect(proposals(store, inspection)).toHaveLength(1);
    const event = withdrawConclusion(store, '李四', inspection.id, item('QS-02'), '结论下早了，待补查');
    expect(event.previous).toBe('不符合');
    expect(conclusions(store.db, inspection.id).has('qingshi-baogao/QS-02')).toBe(false);
    expect(inspectionProgress(store, inspection)).toMatchObject({ concluded: 0, conflicts: 0 });
    expect(proposals(store, inspection)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM conclusion_heads').get()).toEqual({ n: 0 });
    expect(
      buildSummary(store, { ids: [inspection.id] }, { office: '督查组', date: '2026-11-28', today: '2026-11-28' })
        .coverage.concluded,
    ).toBe(0);
    expect(() => withdrawConclusion(store, '李四', inspection.id, item('QS-02'), '再撤')).toThrow(/还没有结论/);
    conclude(store, '王五', inspection.id, item('QS-02'), { result: 'partial', note: '补查后认定基本符合' });
    expect(
      conclusions(store.db, inspection.id)
        .get('qingshi-baogao/QS-02')!
        .map((h) => h.result),
    ).toEqual(['partial']);
    expect(inspectionProgress(store, inspection)).toMatchObject({ concluded: 1, conflicts: 0 });
    expect(verifyStore(store).ok).toBe(true);
  });
});

describe('compare uses the current state', () => {
  it('an item whose conclusion was withdrawn in the new round is not re-checked, not unchanged', () => {
    const store = tmp.store({ clock: steppingClock() });
    const rounds = ['2026-05-01', '2026-11-20'].map((start) =>
      newInspection(store, { unit: '某县委政法委', unitKind: 'plac', checklists: ['qingshi-baogao'], start }),
    );
    for (const inspection of rounds) {
      const ref = resolveItem(allItems(inspectionSnapshots(store, inspection.id)), 'QS-02');
      conclude(store, '张三', inspection.id, ref, { result: 'noncompliant', note: '一文多事', reason: '测试' });
    }
    const ref = resolveItem(allItems(inspectionSnapshots(store, rounds[1]!.id)), 'QS-02');
    const options = { office: '督查组', date: '2026-12-01' };
    expect(compareRounds(store, rounds[0]!, rounds[1]!, options).items.unchanged.count).toBe(1);
    withdrawConclusion(store, '张三', rounds[1]!.id, ref, '待复核');
    const model = compareRounds(store, rounds[0]!, rounds[1]!, options);
    expect(model.items.unchanged.count).toBe(0);
    expect(model.items.notRechecked.list.map((i) => i.item)).toEqual(['QS-02']);
  });
});

describe('ducha verify replays corrections', () => {
  it('a changed withdrawn flag, method or feedback date in the tables is found', () => {
    const { store, inspection, item } = world();
    const r = addRecord(store, '张三', inspection.id, item('QS-01'), { method: 'listen', note: '汇报' }, 10);
    withdrawRecord(store, '张三', findRecord(store, r.payload.id), '重复');
    const r2 = addRecord(store, '张三', inspection.id, item('QS-01'), { method: 'listen', note: '汇报二' }, 10);
    amendRecord(store, '张三', findRecord(store, r2.payload.id), { method: 'talk', reason: '误选' });
    expect(verifyStore(store).ok).toBe(true);
    store.db.prepare('UPDATE records SET withdrawn = 0 WHERE id = ?').run(r.payload.id);
    store.db.prepare("UPDATE item_stats SET talk = 0, listen = 2 WHERE item_id = 'QS-01'").run();
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    const messages = report.damage.map((d) => d.message).join('\n');
    expect(messages).toMatch(/records.*withdrawn/);
    expect(messages).toMatch(/item_stats/);
  });
});
