// The built-in checklists: lint-clean, complete, citing only verified article numbers, each basis binding the
// unit it is printed to, judging substance, asking rectifications for evidence of effect, never reusing an id,
// and traced item by item in docs/checklists.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/checklist/lint.js';
import { walk } from '../../src/checklist/expand.js';
import { loadChecklistFile } from '../../src/checklist/load.js';
import type { Checklist } from '../../src/checklist/schema.js';
import { EFFECT_EVIDENCE } from '../../src/checklist/rules.js';
import { FIXTURES, ROOT } from '../helpers/run.js';

/** DOMAIN.md §2: the only article numbers of the Regulation that may be cited. */
const CITABLE = new Set([1, 2, 3, 4, 11, 12, 14, 15, 16, 17, 32, 33]);
const REGULATION = '中国共产党政法工作条例';
const files = walk(join(ROOT, 'checklists'));
const checklists = files.map((f) => ({
  file: f,
  text: readFileSync(f, 'utf8'),
  checklist: loadChecklistFile(f, f).checklist as Checklist,
}));
const items = checklists.flatMap(({ checklist }) =>
  checklist.sections.flatMap((s) => s.items.map((item) => ({ checklist, item }))),
);

describe('shipped checklists', () => {
  it('lint without errors', async () => {
    const result = await lintFiles(files.map((absolute) => ({ absolute, shown: absolute })));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems.every((p) => p.code === 'paperwork-only')).toBe(true);
  });
  it('are the five focus areas, each with at least 12 items', () => {
    const ids = checklists.map((c) => c.checklist.id).sort();
    expect(ids).toEqual(['juece-bushu', 'qingshi-baogao', 'sange-guiding', 'xieguan-xiecha', 'zhengfa-weiyuan']);
    for (const { checklist } of checklists)
      expect(checklist.sections.flatMap((s) => s.items).length, checklist.id).toBeGreaterThanOrEqual(12);
  });
  it('cite only the verified article numbers of the Regulation, and declare its 39 articles', () => {
    // Which checklists declare it, so that a renamed source cannot skip the checks below unnoticed.
    const declaring = checklists
      .filter(({ checklist }) => checklist.sources.some((s) => s.title === REGULATION))
      .map(({ checklist }) => checklist.id);
    expect(declaring.sort()).toEqual(['juece-bushu', 'qingshi-baogao', 'xieguan-xiecha', 'zhengfa-weiyuan']);
    for (const { checklist, item } of items) {
      const regulation = checklist.sources.find((s) => s.title === REGULATION);
      if (regulation) expect(regulation.articles, checklist.id).toBe(39);
      for (const basis of item.basis) {
        if (basis.source === regulation?.id && basis.article !== undefined)
          expect(CITABLE.has(basis.article), `${item.id} cites Art. ${basis.article}`).toBe(true);
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
      const comments: string[] = [];
      for (let i = at - 1; i >= 0 && text[i]!.trim().startsWith('#'); i--) comments.unshift(text[i]!.trim());
      expect(
        comments.some((c) => c.startsWith('# 仅凭文件即可结论：')),
        `${item.id} needs a comment above it saying why documents suffice`,
      ).toBe(true);
    }
  });
  it('every item has guidance, evidence, severity and a rectification requirement', () => {
    for (const { item } of items) {
      expect(['high', 'medium', 'low'], item.id).toContain(item.severity);
      expect(item.rectification?.length ?? 0, item.id).toBeGreaterThan(10);
      expect(Object.keys(item.methods).length, item.id).toBeGreaterThanOrEqual(1);
    }
  });
  it('ask one yes-or-no question per item', () => {
    for (const { item } of items) {
      expect(item.check.trim(), item.id).toMatch(/？(（[^）]*(（[^）]*）[^）]*)*）)?$/);
      expect(item.check, item.id).toMatch(/是否|能否/);
    }
  });
  it("cite the Regulation's articles on political-legal units' Party groups only for those units, and never Art. 17 (central bodies)", () => {
    const UNITS = new Set(['court', 'procuratorate', 'public-security', 'state-security', 'justice-bureau']);
    for (const { checklist, item } of items) {
      const regulation = checklist.sources.find((s) => s.title === REGULATION)?.id;
      const articles = item.basis
        .filter((b) => b.source === regulation && b.article !== undefined)
        .map((b) => b.article!);
      expect(articles, item.id).not.toContain(17);
      if (articles.some((a) => a === 14 || a === 15 || a === 16)) {
        for (const kind of item.applies_to ?? checklist.applies_to)
          expect(UNITS.has(kind), `${item.id} cites Art. 14–16 but applies to ${kind}`).toBe(true);
      }
    }
  });
  it("never turn the meeting's instruction to inspectors into a basis, and cite the meeting as its spirit (DOMAIN.md §1)", () => {
    for (const { item } of items) for (const b of item.basis) expect(b.quote ?? '', item.id).not.toContain('留痕多少');
    for (const { checklist } of checklists) {
      for (const source of checklist.sources) {
        expect(source.title, checklist.id).not.toContain('新闻通稿');
        if (source.title.includes('会议')) expect(source.kind, `${checklist.id} ${source.id}`).toBe('meeting');
      }
    }
  });
  it('ask what a province rules as 按照本省（区、市）规定, citing a local source the province names', () => {
    let local = 0;
    for (const { checklist, item } of items) {
      const cited = item.basis.map((b) => checklist.sources.find((s) => s.id === b.source)!);
      if (cited.some((s) => s.kind === 'local')) {
        local++;
        expect(item.check, item.id).toContain('本省（区、市）');
      }
    }
    expect(local).toBeGreaterThanOrEqual(8);
  });
  it('ask each rectification for evidence of effect, without the one closing formula of 1.0', () => {
    const rectifications = items.map(({ item }) => ({ id: item.id, text: item.rectification! }));
    for (const { id, text } of rectifications) {
      expect(
        EFFECT_EVIDENCE.some((w) => text.includes(w)),
        `${id}: ${text}`,
      ).toBe(true);
      expect(text, id).not.toContain('规定时限内');
    }
    const endings = new Map<string, string[]>();
    for (const { id, text } of rectifications)
      endings.set(text.slice(-6), [...(endings.get(text.slice(-6)) ?? []), id]);
    for (const [ending, ids] of endings)
      expect(ids.length, `${ids.join(', ')} all end with ${ending}`).toBeLessThanOrEqual(3);
    expect(rectifications.filter(({ text }) => text.includes('督查组')).length / rectifications.length).toBeLessThan(
      0.4,
    );
  });
  it('never reuse an id: every 1.0.0 item is still there or named in a comment as retired', () => {
    for (const { checklist, text } of checklists) {
      const before = loadChecklistFile(join(FIXTURES, 'checklists-1.0', `${checklist.id}.yaml`), checklist.id)
        .checklist as Checklist;
      const now = new Set(checklist.sections.flatMap((s) => s.items.map((i) => i.id)));
      for (const item of before.sections.flatMap((s) => s.items)) {
        if (now.has(item.id)) continue;
        expect(text, `${item.id} retired without a comment`).toMatch(
          new RegExp(`^\\s*# ${item.id}（[^）]+）已于 \\d+\\.\\d+\\.\\d+ (退役|并入 [A-Z]+-\\d+ 后退役)`, 'm'),
        );
      }
      const retired = [...text.matchAll(/# ([A-Z]+-\d+)（[^）]+）已于/g)].map((m) => m[1]!);
      for (const id of retired) expect(now.has(id), `${id} is retired but used again`).toBe(false);
    }
  });
  it('docs/checklists.md traces every item to its basis as the files say', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'checklists.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| [a-z-]+ \| [A-Z]+-\d+ \|/.test(l));
    const expected = items.map(({ checklist, item }) => {
      const basis = item.basis.map(
        (b) =>
          `\`${b.source}\`${b.article !== undefined ? ` 第${b.article}条` : b.chapter ? ` ${b.chapter}` : ''}${b.quote ? '（引）' : ''}`,
      );
      return `| ${checklist.id} | ${item.id} | ${item.title} | ${basis.join('；')} |`;
    });
    expect(rows.sort()).toEqual(expected.sort());
    for (const { checklist } of checklists) {
      const count = checklist.sections.flatMap((s) => s.items).length;
      expect(doc, checklist.id).toMatch(new RegExp(`\\| \`${checklist.id}\\.yaml\` \\| [^|]+ \\| ${count} \\|`));
    }
    for (const word of EFFECT_EVIDENCE) expect(doc, word).toContain(word);
  });
  it('township items do not apply to courts', () => {
    const wy = checklists.find((c) => c.checklist.id === 'zhengfa-weiyuan')!.checklist;
    expect(wy.applies_to).not.toContain('court');
  });
});
