// Peak memory of `ducha lint` on huge files (`npm run soak` only; lint-work.test.ts counts the same work in
// every `npm test`): the spawned binary's peak RSS, read from /usr/bin/time and polled from /proc, stays under
// a bound, and each run ends within a wall-clock limit — figures that depend on the machine and its load,
// which is why they are a soak. Each case also checks the exact count of problems.
import { rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../helpers/run.js';
import { STACK, measurePeak, requireBuild } from './support.js';
import { badItem, bigChecklist, goodItem } from './inputs.js';

beforeAll(requireBuild);

// Peak RSS of `ducha lint` on huge files, measured on the 2-core / 24 GB development machine (Node 20, the
// build of 2026-11-27 11:30; times taken while another session kept the machine busy, load average ~4.5):
//   10,000 items, one warning (every problem located)             285 MB,   6 s
//   50 MB YAML, one 50 MB scalar                                   170 MB,   3 s
//   58 MB YAML, 150,000 items, one warning                         620 MB,   6-7 s  (3.1 GB / 77 s before c5a3b1a)
//   10,000 items, 70,002 problems                                  364 MB,  13 s
//   50 MB YAML, 173,000 items all with errors                      1.4-1.9 GB, 35-45 s: 1.5 million problems; V8
//     lets the heap grow well past the ~1.1 GB live set (it finishes under --max-old-space-size=1200), so this
//     case has its own bound. Before scan-locate split lines once, it passed 3 GB and never finished.
const BOUND_KB = 1.5 * 1024 * 1024;

describe.concurrent('huge checklists are linted in bounded memory (spawned `ducha lint`, peak RSS < 1.5 GB)', () => {
  const dir = tempDir('ducha-big-');
  afterAll(() => rmSync(dir, { recursive: true, force: true })); // over 100 MB of YAML
  const lint = async (file: string, expectedCode: number, limitMs = 120_000, boundKb = BOUND_KB) => {
    const peak = await measurePeak(['lint', file], cleanEnv(), dir, boundKb, limitMs);
    const mb = Math.round(peak.peakKb / 1024);
    console.info(
      `lint ${relative(dir, file)} (${Math.round(statSync(file).size / 1e6)} MB): peak RSS ${mb} MB, ${Math.round(peak.ms)} ms, exit ${peak.code}`,
    );
    expect(peak.overBound, `peak RSS passed the bound: ${mb} MB`).toBe(false);
    expect(peak.overTime, `still running after ${limitMs} ms (peak so far ${mb} MB)`).toBe(false);
    expect(peak.peakKb, 'no memory figure was measured').toBeGreaterThan(10_000);
    expect(peak.peakKb).toBeLessThan(boundKb);
    expect(peak.stderr, peak.stderr).not.toMatch(STACK);
    expect(peak.code, peak.stderr + peak.stdout.slice(-2000)).toBe(expectedCode);
    return peak;
  };
  const items = (name: string, n: number, item: (i: number) => string) =>
    bigChecklist(join(dir, name), (w) => {
      for (let i = 1; i <= n; i++) w(item(i));
    });

  it('a 10,000-item checklist (a warning, so every problem is located in the whole file)', async () => {
    const r = await lint(items('items-10k.yaml', 10_000, goodItem), 0);
    expect(r.stdout).toContain('✖ 1 个问题（0 个错误，1 个警告），共检查 1 个文件');
  }, 120_000);

  it('a 50 MB YAML file: one huge scalar', async () => {
    const file = bigChecklist(join(dir, 'scalar-50mb.yaml'), (w) => {
      w(goodItem(1).replace(/\n$/, '\n        rectification: '));
      w('整改要求很长。'.repeat(Math.ceil((50 * 1024 * 1024) / 21)) + '\n');
    });
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    await lint(file, 0);
  }, 120_000);

  it('a 50 MB YAML file: 150,000 items and a warning to locate', async () => {
    const file = items('items-50mb.yaml', 150_000, goodItem);
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    const r = await lint(file, 0);
    expect(r.stdout).toContain('✖ 1 个问题（0 个错误，1 个警告），共检查 1 个文件');
  }, 180_000);

  it('a 10,000-item checklist where every item has errors (70,002 problems)', async () => {
    const r = await lint(items('bad-10k.yaml', 10_000, badItem), 1);
    expect(r.stdout).toContain('✖ 70002 个问题（60000 个错误，10002 个警告），共检查 1 个文件');
  }, 180_000);

  // Above 4 MB, Locator scans lines (src/checklist/scan-locate.ts). It once walked the file from the top
  // for every problem, O(problems × file size): an 8 MB file of bad items had not finished after 11 minutes.
  // Lines are now split once per file and each block's entries and dashes found once; this 7 MB case took
  // over 10 minutes before and takes seconds now, so the time limit below catches the regression.
  it('a 7 MB YAML file: 30,000 items all with errors (210,002 problems, located by scanning lines)', async () => {
    const file = items('bad-30k.yaml', 30_000, badItem);
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const r = await lint(file, 1, 150_000);
    expect(r.stdout).toContain('✖ 210002 个问题（180000 个错误，30002 个警告），共检查 1 个文件');
  }, 180_000);

  it('a 50 MB YAML file: every item with errors', async () => {
    let n = 0;
    const file = bigChecklist(join(dir, 'bad-50mb.yaml'), (w) => {
      for (let size = 0; size < 50 * 1024 * 1024;) {
        const item = badItem(++n);
        size += Buffer.byteLength(item);
        w(item);
      }
    });
    const r = await lint(file, 1, 600_000, 2.5 * 1024 * 1024);
    expect(r.stdout).toContain(`✖ ${7 * n + 2} 个问题（${6 * n} 个错误，${n + 2} 个警告），共检查 1 个文件`);
  }, 700_000);
});
