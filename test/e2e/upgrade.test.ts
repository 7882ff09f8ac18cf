// `ducha inspection upgrade` from the 1.0.0 built-in checklists (kept in test/fixtures/checklists-1.0) to the
// shipped 1.1.0: on a database whose inspections were created with 1.0, every conclusion of an item whose
// question and basis did not change is kept, every changed item is flagged for re-check, and every retired
// item is reported with its conclusion, records and problems, which stay in the history.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChecklistFile } from '../../src/checklist/load.js';
import type { Checklist, Item } from '../../src/checklist/schema.js';
import { FIXTURES, ROOT, cleanEnv, runBin, runMain, tempDir } from '../helpers/run.js';

const OLD = join(FIXTURES, 'checklists-1.0');
const NEW = join(ROOT, 'checklists');
const load = (dir: string, id: string) => loadChecklistFile(join(dir, `${id}.yaml`), id).checklist as Checklist;
const items = (c: Checklist) => c.sections.flatMap((s) => s.items);
const applies = (c: Checklist, item: Item, kind: string) => (item.applies_to ?? c.applies_to).includes(kind as never);
/** The question and basis, punctuation width and whitespace aside (a quote retyped with full-width brackets is the same). */
const plain = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
const normative = (item: Item) =>
  JSON.stringify({
    check: plain(item.check),
    basis: item.basis.map((b) => ({ ...b, quote: b.quote && plain(b.quote) })),
  });
const RESULTS = ['compliant', 'partial', 'noncompliant', 'not-applicable'] as const;

/** Each checklist with the unit kind that is asked the most of it, what 1.1.0 adds and retires, and items it keeps as they were. */
const CASES = [
  { id: 'juece-bushu', kind: 'county-party-committee', added: ['JC-17'], retired: ['JC-16'], kept: ['JC-02', 'JC-10'] },
  { id: 'qingshi-baogao', kind: 'plac', added: [], retired: [], kept: ['QS-05'] },
  {
    id: 'xieguan-xiecha',
    kind: 'plac',
    added: ['XG-17', 'XG-15', 'XG-16'],
    retired: ['XG-05', 'XG-11', 'XG-13', 'XG-14'],
    kept: ['XG-02'],
  },
  { id: 'zhengfa-weiyuan', kind: 'township', added: ['WY-15'], retired: [], kept: ['WY-01'] },
  { id: 'sange-guiding', kind: 'court', added: ['SG-16'], retired: [], kept: ['SG-05'] },
];

const homes: string[] = [];
afterAll(() => {
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

/** A data directory of its own, and an inspection created from the 1.0.0 files. */
async function inspectionOn10(id: string, kind: string) {
  const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
  const cwd = tempDir();
  homes.push(env.HOME!, cwd);
  const main = (argv: string[]) => runMain(argv, { env, cwd });
  const created = await main([
    'inspection',
    'new',
    '--checklists',
    OLD,
    '--checklist',
    id,
    '--unit',
    '某单位',
    '--unit-kind',
    kind,
  ]);
  expect(created.code, created.stderr).toBe(0);
  return { env, cwd, main, inspection: created.stdout.trim() };
}

/** Conclude every item the unit is asked (a `when` target compliant, the others in turn), with a record on some. */
async function concludeAll(
  main: (argv: string[]) => ReturnType<typeof runMain>,
  inspection: string,
  checklist: Checklist,
  kind: string,
) {
  const targets = new Set(items(checklist).flatMap((i) => (i.when ? [i.when.item] : [])));
  const concluded = new Map<string, (typeof RESULTS)[number]>();
  let n = 0;
  for (const item of items(checklist).filter((i) => applies(checklist, i, kind))) {
    const result = targets.has(item.id) ? 'compliant' : RESULTS[n++ % RESULTS.length]!;
    if (n % 2 === 0)
      expect(
        (
          await main([
            'record',
            inspection,
            item.id,
            '--method',
            item.evidence.required[0]!,
            '--note',
            `${item.id} 的记录`,
          ])
        ).code,
      ).toBe(0);
    const args = ['conclude', inspection, item.id, '--result', result, '--reason', '测试：跳过证据要求'];
    if (result === 'partial' || result === 'noncompliant') args.push('--note', `${item.id} 发现的问题`);
    const r = await main(args);
    expect(r.code, r.stderr).toBe(0);
    concluded.set(item.id, result);
  }
  return concluded;
}

interface Shown {
  items: Array<{ itemId: string; status: string; result?: string }>;
  setAside: Array<{ itemId: string; result?: string }>;
}

describe('inspection upgrade 1.0.0 → 1.1.0 on a database made with the 1.0.0 checklists', () => {
  for (const { id, kind, added, retired, kept: same } of CASES) {
    it(`${id} (${kind}): unchanged items keep their results, changed ones need a re-check, retired ones are reported and kept`, async () => {
      const before = load(OLD, id);
      const after = load(NEW, id);
      expect([before.version, after.version]).toEqual(['1.0.0', '1.1.0']);
      const { env, cwd, main, inspection } = await inspectionOn10(id, kind);
      const concluded = await concludeAll(main, inspection, before, kind);

      const r = await runBin(['inspection', 'upgrade', inspection, '--checklist', join(NEW, `${id}.yaml`), '--json'], {
        env,
        cwd,
      });
      expect(r.code, r.stderr).toBe(0);
      const data = JSON.parse(r.stdout).data;
      const oldById = new Map(items(before).map((i) => [i.id, i]));
      const changed = items(after)
        .filter((i) => oldById.has(i.id) && normative(oldById.get(i.id)!) !== normative(i))
        .map((i) => i.id);
      expect(data).toMatchObject({
        checklistId: id,
        from: '1.0.0',
        to: '1.1.0',
        added,
        removed: retired,
        recheck: changed,
      });
      expect(data.retired.map((i: { itemId: string }) => i.itemId)).toEqual(retired);
      for (const i of data.retired) expect(i.result, i.itemId).toBe(concluded.get(i.itemId));

      const shown = JSON.parse((await main(['inspection', 'show', inspection, '--json'])).stdout).data
        .progress as Shown;
      const state = new Map(shown.items.map((i) => [i.itemId, i]));
      let kept = 0;
      for (const item of items(after)) {
        const was = concluded.get(item.id);
        const now = state.get(item.id);
        if (was === undefined || now === undefined) continue; // new, or not asked of this unit (now or then)
        if (changed.includes(item.id)) expect(now.status, item.id).toBe('recheck');
        else {
          expect(now, item.id).toMatchObject({ status: 'done', result: was });
          kept++;
        }
      }
      expect(kept, 'some conclusions carried over').toBeGreaterThan(0);
      for (const itemId of same)
        expect(state.get(itemId), itemId).toMatchObject({ status: 'done', result: concluded.get(itemId) });
      // Retired or no longer asked of this unit: listed with the conclusion they had, nothing lost.
      const setAside = new Map(shown.setAside.map((i) => [i.itemId, i.result]));
      for (const itemId of retired)
        if (concluded.has(itemId)) expect(setAside.get(itemId), itemId).toBe(concluded.get(itemId));
      for (const item of data.outOfScope)
        expect(setAside.get(item.itemId), item.itemId).toBe(concluded.get(item.itemId));
    });
  }

  it('prints what a retired item held (result, records, problems) and gives it back when the 1.0.0 file is taken again', async () => {
    const { env, cwd, main, inspection } = await inspectionOn10('xieguan-xiecha', 'plac');
    expect(
      (await main(['record', inspection, 'XG-11', '--method', 'check', '--note', '线索移送登记缺两条'])).code,
    ).toBe(0);
    expect(
      (
        await main([
          'conclude',
          inspection,
          'XG-11',
          '--result',
          'noncompliant',
          '--note',
          '两条线索未移送',
          '--reason',
          '测试',
        ])
      ).code,
    ).toBe(0);
    expect((await main(['conclude', inspection, 'XG-01', '--result', 'compliant', '--reason', '测试'])).code).toBe(0);
    expect((await main(['problem', 'propose', inspection])).code).toBe(0);
    const problem = JSON.parse((await main(['problem', 'list', inspection, '--json'])).stdout).data.problems[0]
      .id as string;

    const r = await runBin(['inspection', 'upgrade', inspection, '--checklist', join(NEW, 'xieguan-xiecha.yaml')], {
      env,
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('清单 xieguan-xiecha 已由 1.0.0 升级到 1.1.0');
    expect(r.stdout).toContain('新版本退役的条目');
    expect(r.stdout).toContain(`XG-11 监督中发现线索及时移送：结论为不符合，1 条记录，关联问题 ${problem}`);
    expect(r.stdout).toContain('XG-14 干警对协管协查作用的感受：未下结论，0 条记录');
    expect(r.stdout).toContain('ducha problem edit');
    const show = await main(['inspection', 'show', inspection]);
    expect(show.stdout).toContain('xieguan-xiecha:XG-11');
    // The problem is still there, still naming XG-11.
    expect(JSON.parse((await main(['problem', 'show', problem, '--json'])).stdout).data.items).toEqual([
      { checklistId: 'xieguan-xiecha', itemId: 'XG-11' },
    ]);

    // Taking the 1.0.0 file again (a copy, so that it is a file of its own) shows XG-11's conclusion again.
    const back = join(cwd, 'xieguan-xiecha-1.0.yaml');
    writeFileSync(back, readFileSync(join(OLD, 'xieguan-xiecha.yaml')));
    expect((await runBin(['inspection', 'upgrade', inspection, '--checklist', back], { env, cwd })).code).toBe(0);
    const shown = JSON.parse((await main(['inspection', 'show', inspection, '--json'])).stdout).data.progress as Shown;
    expect(shown.items.find((i) => i.itemId === 'XG-11')).toMatchObject({ status: 'done', result: 'noncompliant' });
    expect(shown.items.find((i) => i.itemId === 'XG-01')).toMatchObject({ status: 'done', result: 'compliant' });
    expect(shown.setAside).toEqual([]);
    const verify = await runBin(['verify'], { env, cwd });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('a unit no longer asked an item keeps its conclusion aside (juece-bushu JC-01 narrowed to Party committees)', async () => {
    const { env, cwd, main, inspection } = await inspectionOn10('juece-bushu', 'court');
    expect(
      (await main(['conclude', inspection, 'JC-01', '--result', 'partial', '--note', '传达不及时', '--reason', '测试']))
        .code,
    ).toBe(0);
    const r = await runBin(
      ['inspection', 'upgrade', inspection, '--checklist', join(NEW, 'juece-bushu.yaml'), '--json'],
      { env, cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).data.outOfScope).toEqual([
      { itemId: 'JC-01', title: '及时传达学习并研究贯彻措施', result: 'partial', records: 0, problems: [] },
    ]);
    const shown = JSON.parse((await main(['inspection', 'show', inspection, '--json'])).stdout).data.progress as Shown;
    expect(shown.items.some((i) => i.itemId === 'JC-01')).toBe(false);
    expect(shown.setAside).toEqual([{ checklistId: 'juece-bushu', itemId: 'JC-01', result: 'partial' }]);
  });
});
