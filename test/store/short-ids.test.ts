// Short ids (inspections, problems) are 6 characters, 30 bits: random ones collide in a large database, so
// each new one is checked against its table. These tests make the generator repeat itself on purpose.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advance, steps } from '../../src/problems/lifecycle.js';
import { createProblems, currentProblems, findProblem } from '../../src/problems/problems.js';
import { freshShortId } from '../../src/store/ids.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { verifyStore } from '../../src/store/verify.js';
import { exportBundle } from '../../src/team/export.js';
import { writeOutputWith } from '../../src/util/output.js';

const toFile = (file: string) => (fill: (fd: number) => void) => writeOutputWith(file, { force: true }, fill);
import { importBundle } from '../../src/team/import.js';
import { setLang } from '../../src/i18n/index.js';
import { newInspection, tempDbFile, tempStore } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

setLang('zh');

/** A generator that returns the given ids in turn, then the last one for ever. */
function scripted(...ids: string[]): () => string {
  let i = 0;
  return () => ids[Math.min(i++, ids.length - 1)]!;
}

const problem = (description: string) => ({
  description,
  items: [{ checklistId: 'zhengfa-weiyuan', itemId: 'WY-01' }],
  methods: [],
  severity: 'medium' as const,
  rectification: '限期整改',
  type: 'deadline' as const,
});

describe('short ids', () => {
  it('a new inspection never takes the id of one already in the database', () => {
    const store = tempStore({ shortId: scripted('aaaaaa', 'aaaaaa', 'aaaaaa', 'bbbbbb') });
    expect(newInspection(store).id).toBe('aaaaaa');
    expect(newInspection(store).id).toBe('bbbbbb');
    expect((store.db.prepare('SELECT count(*) AS n FROM inspections').get() as { n: number }).n).toBe(2);
  });

  it('new problems never take an id in use, in this inspection or another, nor one chosen earlier in the same write', () => {
    const store = tempStore({
      shortId: scripted('insp01', 'insp02', 'prob01', 'prob01', 'prob02', 'prob02', 'prob01', 'prob03'),
    });
    const first = newInspection(store);
    const second = newInspection(store);
    expect(createProblems(store, '张三', first.id, [problem('一')])).toEqual(['prob01']);
    // prob01 is taken (by the other inspection); prob02 then repeats within one write.
    expect(createProblems(store, '张三', second.id, [problem('二'), problem('三')])).toEqual(['prob02', 'prob03']);
    expect(
      currentProblems(store, second.id)
        .map((p) => p.description)
        .sort(),
    ).toEqual(['三', '二']);
  });

  it('a generator that only repeats is an error, not an endless loop', () => {
    expect(() =>
      freshShortId(
        () => 'aaaaaa',
        () => true,
      ),
    ).toThrow(/1000/);
  });
});

describe('problems are keyed by inspection and id (migration 7)', () => {
  it('two laptops that chose the same problem id for different inspections merge: the bundle imports, both problems stay apart', () => {
    let a = 0;
    const laptopA = tempStore({ shortId: () => ['inspaa', 'samepb'][Math.min(a++, 1)]! });
    let b = 0;
    const laptopB = tempStore({ shortId: () => ['inspbb', 'samepb'][Math.min(b++, 1)]! });
    const inA = newInspection(laptopA);
    const inB = newInspection(laptopB);
    createProblems(laptopA, '张三', inA.id, [problem('甲地的问题')]);
    createProblems(laptopB, '李四', inB.id, [problem('乙地的问题')]);
    advance(
      laptopA,
      '张三',
      findProblem(laptopA, inA.id, 'samepb'),
      { kind: 'progress', note: '甲地已整改一半', evidence: [] },
      10,
    );
    advance(
      laptopB,
      '李四',
      findProblem(laptopB, inB.id, 'samepb'),
      { kind: 'progress', note: '乙地已部署', evidence: [] },
      10,
    );
    const bundle = join(tempDir(), 'a.ducha');
    exportBundle(laptopA, '张三', [inA.id], toFile(bundle));
    importBundle(laptopB, '李四', bundle, { trust: true, name: '张三' });
    expect(findProblem(laptopB, inA.id, 'samepb').description).toBe('甲地的问题');
    expect(findProblem(laptopB, inB.id, 'samepb').description).toBe('乙地的问题');
    expect(steps(laptopB, { id: 'samepb', inspectionId: inA.id }).map((s) => s.note)).toEqual(['甲地已整改一半']);
    expect(steps(laptopB, { id: 'samepb', inspectionId: inB.id }).map((s) => s.note)).toEqual(['乙地已部署']);
    // Asked for without its inspection, the id is ambiguous, and says so.
    expect(() => findProblem(laptopB, undefined, 'samepb')).toThrow(/匹配多个问题/);
    try {
      findProblem(laptopB, undefined, 'samepb');
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe('inspaa/samepb  inspbb/samepb');
    }
    expect(findProblem(laptopB, undefined, 'inspbb/samepb').description).toBe('乙地的问题');
    expect(findProblem(laptopB, undefined, 'inspa/samep').description).toBe('甲地的问题');
    expect(verifyStore(laptopB).ok).toBe(true);
  });

  it('the same problem id chosen on two laptops within one inspection: the bundle is refused with a message naming it, nothing written', () => {
    let a = 0;
    const laptopA = tempStore({ shortId: () => ['inspaa', 'samepb'][Math.min(a++, 1)]! });
    const laptopB = tempStore({ shortId: () => 'samepb' });
    const inspection = newInspection(laptopA);
    const start = join(tempDir(), 'start.ducha');
    exportBundle(laptopA, '张三', [inspection.id], toFile(start));
    importBundle(laptopB, '李四', start, { trust: true, name: '张三' });
    createProblems(laptopA, '张三', inspection.id, [problem('甲记的问题')]);
    createProblems(laptopB, '李四', inspection.id, [problem('乙记的问题')]);
    const events = () => (laptopB.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const before = events();
    const bundle = join(tempDir(), 'a.ducha');
    exportBundle(laptopA, '张三', [inspection.id], toFile(bundle));
    expect(() => importBundle(laptopB, '李四', bundle, { trust: true, name: '张三' })).toThrow(
      /在督查 inspaa 新建的问题编号 samepb 与本机已有的问题相同/,
    );
    try {
      importBundle(laptopB, '李四', bundle, { trust: true, name: '张三' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'bundle-id-clash', exitCode: 2 });
      expect((error as { hint: string }).hint).toMatch(/ducha backup/);
    }
    expect(events()).toBe(before);
    expect(currentProblems(laptopB, inspection.id).map((p) => p.description)).toEqual(['乙记的问题']);
    expect(verifyStore(laptopB).ok).toBe(true);
  });

  it('the same inspection id chosen on two laptops: refused the same way', () => {
    const laptopA = tempStore({ shortId: () => 'inspaa' });
    const laptopB = tempStore({ shortId: () => 'inspaa' });
    const mine = newInspection(laptopA);
    newInspection(laptopB, { unit: '另一个乡镇党委' });
    const bundle = join(tempDir(), 'a.ducha');
    exportBundle(laptopA, '张三', [mine.id], toFile(bundle));
    expect(() => importBundle(laptopB, '李四', bundle, { trust: true, name: '张三' })).toThrow(
      /新建的督查编号 inspaa 与本机已有的一次督查相同/,
    );
    expect(verifyStore(laptopB).ok).toBe(true);
  });

  it('upgrading a database of migration 6 keeps every problem, its fields and its steps, and it still verifies', () => {
    const file = tempDbFile();
    const old = openStore(file, { create: true, migrations: MIGRATIONS.slice(0, 6) });
    const inspection = newInspection(old);
    const [first, second] = createProblems(old, '张三', inspection.id, [problem('一'), problem('二')]);
    advance(
      old,
      '王五',
      findProblem(old, inspection.id, first!),
      { kind: 'progress', note: '正在整改', evidence: [] },
      10,
    );
    const before = {
      problems: currentProblems(old, inspection.id),
      steps: steps(old, { id: first!, inspectionId: inspection.id }),
    };
    old.close();
    const store = openStore(file);
    expect((store.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      MIGRATIONS.at(-1)!.version,
    );
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(currentProblems(store, inspection.id)).toEqual(before.problems);
    expect(steps(store, { id: first!, inspectionId: inspection.id })).toEqual(before.steps);
    expect(store.db.prepare('SELECT status FROM problems WHERE id = ?').get(first)).toEqual({ status: 'rectifying' });
    expect(store.db.prepare('SELECT status FROM problems WHERE id = ?').get(second)).toEqual({ status: 'open' });
    expect(verifyStore(store).ok).toBe(true);
  });
});
