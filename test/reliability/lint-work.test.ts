// Huge checklists are linted with bounded work, counted rather than timed or measured in RSS (that is
// lint-memory.soak.ts, under `npm run soak`): every problem is counted exactly, at most --max-problems are
// kept and placed, a file above SCAN_ABOVE is never parsed again with positions (about 50 bytes of heap per
// byte of YAML), one below it is parsed so once however many problems it has, and placing problems by
// scanning lines reads each line a bounded number of times — not once per problem, which is how a 7 MB
// file once took over ten minutes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lintFiles } from '../../src/checklist/lint.js';
import { SCAN_ABOVE } from '../../src/util/yaml-limits.js';
import { scratch } from '../helpers/scratch.js';
import { badItem, bigChecklist, goodItem } from './inputs.js';

const work = vi.hoisted(() => ({ positionalParses: 0, positionalBytes: 0, scans: 0, lineReads: 0, budget: Infinity }));

// Count the parses with positions (yaml's Composer: the memory-hungry one) and the bytes they were given.
vi.mock('../../src/checklist/yaml-bounded.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/checklist/yaml-bounded.js')>();
  return {
    ...original,
    parseDocumentLimited: (...args: Parameters<typeof original.parseDocumentLimited>) => {
      work.positionalParses++;
      work.positionalBytes += args[0].length;
      return original.parseDocumentLimited(...args);
    },
  };
});

// Count every read of a line while problems are placed by scanning; past the budget, stop at once.
vi.mock('../../src/checklist/scan-locate.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/checklist/scan-locate.js')>();
  return {
    ...original,
    scanLines: (source: string) => {
      work.scans++;
      return new Proxy(original.scanLines(source), {
        get(target, key, receiver) {
          if (typeof key === 'string' && key.charCodeAt(0) <= 57 && ++work.lineReads > work.budget)
            throw new Error(`more than ${work.budget} line reads`);
          return Reflect.get(target, key, receiver);
        },
      });
    },
  };
});

const s = scratch();
const dir = s.dir('ducha-lint-work-');

function checklist(
  name: string,
  n: number,
  item: (i: number) => string,
): { absolute: string; shown: string; lines: number; bytes: number } {
  const absolute = bigChecklist(join(dir, name), (w) => {
    for (let i = 1; i <= n; i++) w(item(i));
  });
  const text = readFileSync(absolute, 'utf8');
  return { absolute, shown: name, lines: text.split('\n').length, bytes: text.length };
}

function reset(budget = Infinity): void {
  Object.assign(work, { positionalParses: 0, positionalBytes: 0, scans: 0, lineReads: 0, budget });
}

/** A bad item has 6 errors and 1 warning; the file adds 2 warnings (its sources are never cited). */
const badCounts = (n: number) => ({ errors: 6 * n, warnings: n + 2 });

describe('huge checklists: the work of lint, counted', () => {
  it('a 7 MB file (above SCAN_ABOVE) of 30,000 bad items: 210,002 problems counted, 1,000 kept and placed, no positional parse, each line read at most 40 times', async () => {
    const file = checklist('bad-30k.yaml', 30_000, badItem);
    expect(file.bytes).toBeGreaterThan(SCAN_ABOVE);
    // Each line is read by the walk of every block that holds it (a handful of levels) and a few times by the
    // problems on it; one problem walking the file from the top would cost 300,000 reads more — and the
    // 1,000 placed ones 300 million, which is how this file once took over ten minutes.
    reset(40 * file.lines);
    const r = await lintFiles([file]);
    expect({ errors: r.errorCount, warnings: r.warningCount }).toEqual(badCounts(30_000));
    expect(r.files).toEqual([
      {
        file: 'bad-30k.yaml',
        checklistId: expect.any(String),
        errorCount: 180_000,
        warningCount: 30_002,
        omitted: 209_002,
      },
    ]);
    expect(r.problems).toHaveLength(1000);
    expect({ parses: work.positionalParses, scans: work.scans }).toEqual({ parses: 0, scans: 1 });
    // The schema's problems come first, four per item: items 1 to 250, each placed on its own lines
    // (item k starts on line 20 + 10 (k - 1): `- id:` there, `chek:` 2 lines down, `smell:` 7).
    const at = (k: number) =>
      r.problems
        .filter((p) => new RegExp(`\\bqs_${k}\\b`).test(p.message))
        .map((p) => `${p.line}:${p.column}`)
        .sort();
    const expected = (k: number, l = 20 + 10 * (k - 1)) => [`${l}:9`, `${l}:13`, `${l + 2}:9`, `${l + 7}:11`].sort();
    for (const k of [1, 137, 250]) expect(at(k), `qs_${k}`).toEqual(expected(k));
    console.info(`lint-work: ${file.lines} lines, ${work.lineReads} line reads to place 1,000 of 210,002 problems`);
  }, 120_000);

  it('a 6 MB file (above SCAN_ABOVE) of 16,000 good items: its one warning placed by scanning, the positional parser given no byte', async () => {
    const file = checklist('good-16k.yaml', 16_000, goodItem);
    expect(file.bytes).toBeGreaterThan(SCAN_ABOVE);
    reset(40 * file.lines);
    const r = await lintFiles([file]);
    expect(r.problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(['13:9 unused-source']);
    expect({ parses: work.positionalParses, bytes: work.positionalBytes, scans: work.scans }).toEqual({
      parses: 0,
      bytes: 0,
      scans: 1,
    });
  });

  it('a file below SCAN_ABOVE with 21,002 problems is parsed with positions once, never scanned', async () => {
    const file = checklist('bad-3k.yaml', 3_000, badItem);
    expect(file.bytes).toBeLessThan(SCAN_ABOVE);
    reset(0);
    const r = await lintFiles([file], { maxProblems: 0 });
    expect({ errors: r.errorCount, warnings: r.warningCount }).toEqual(badCounts(3_000));
    expect(r.problems).toHaveLength(21_002);
    expect({ parses: work.positionalParses, bytes: work.positionalBytes, scans: work.scans }).toEqual({
      parses: 1,
      bytes: file.bytes,
      scans: 0,
    });
  });
});
