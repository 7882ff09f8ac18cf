// The built-in checklists: lint-clean, complete, citing only verified article numbers, judging substance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/checklist/lint.js';
import { walk } from '../../src/checklist/expand.js';
import { loadChecklistFile } from '../../src/checklist/load.js';
import type { Checklist } from '../../src/checklist/schema.js';
import { ROOT } from '../helpers/run.js';

/** DOMAIN.md §2: the only article numbers of the Regulation that may be cited. */
const CITABLE = new Set([1, 2, 3, 4, 11, 12, 14, 15, 16, 17, 32, 33]);
const REGULATION = '中国共产党政法工作条例';
const files = walk(join(ROOT, 'checklists'));
const checklists = files.map((f) => ({ file: f, text: readFileSync(f, 'utf8'), checklist: loadChecklistFile(f, f).checklist as Checklist }));
const items = checklists.flatMap(({ checklist }) => checklist.sections.flatMap((s) => s.items.map((item) => ({ checklist, item }))));

describe('shipped checklists', () => {
  it("lint without errors", async () => {
    const result = await lintFiles(files.map((absolute) => ({ absolute, shown: absolute })));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems.every((p) => p.code === 'paperwork-only')).toBe(true);
  });
  it('are the five focus areas, each with at least 12 items', () => {
    const ids = checklists.map((c) => c.checklist.id).sort();
    expect(ids).toEqual(['juece-bushu', 'qingshi-baogao', 'sange-guiding', 'xieguan-xiecha', 'zhengfa-weiyuan']);
    for (const { checklist } of checklists) expect(checklist.sections.flatMap((s) => s.items).length, checklist.id).toBeGreaterThanOrEqual(12);
  });
  it('cite only the verified article numbers of the Regulation, and declare its 39 articles', () => {
    for (const { checklist, item } of items) {
      const regulation = checklist.sources.find((s) => s.title === REGULATION);
      if (regulation) expect(regulation.articles, checklist.id).toBe(39);
      for (const basis of item.basis) {
        if (basis.source === regulation?.id && basis.article !== undefined) expect(CITABLE.has(basis.article), `${item.id} cites Art. ${basis.article}`).toBe(true);
      }
    }
  });
  it('judge substance: most items need a talk or visit record; paperwork-only at most 10%, each with a comment saying why', () => {
    const substantive = items.filter(({ item }) => item.evidence.required.some((m) => m === 'talk' || m === 'visit'));
    expect(substantive.length / items.length).toBeGreaterThanOrEqual(0.75);
    const paperwork = items.filter(({ item }) => item.evidence.required.every((m) => m === 'check'));
    expect(paperwork.length / items.length).toBeLessThanOrEqual(0.1);
    for (const { checklist, item } of paperwork) {
      const text = checklists.find((c) => c.checklist === checklist)!.text.split('\n');
      const at = text.findIndex((l) => l.trim() === `- id: ${item.id}`);
      expect(text[at - 1]!.trim().startsWith('#'), `${item.id} needs a comment above it`).toBe(true);
    }
  });
  it('every item has guidance, evidence, severity and a rectification requirement', () => {
    for (const { item } of items) {
      expect(item.severity, item.id).toBeDefined();
      expect(item.rectification?.length ?? 0, item.id).toBeGreaterThan(10);
      expect(Object.keys(item.methods).length, item.id).toBeGreaterThanOrEqual(1);
    }
  });
  it('township items do not apply to courts', () => {
    const wy = checklists.find((c) => c.checklist.id === 'zhengfa-weiyuan')!.checklist;
    expect(wy.applies_to).not.toContain('court');
  });
});
